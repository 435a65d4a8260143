import { describe, expect, it } from 'vitest';
import { effectiveValue, ignoredWorkspaceValues, resolveSettings, type InspectedSetting } from '../../../src/common/settings/resolveSettings';
import { SETTINGS_TABLE, type SettingKey } from '../../../src/common/settings/settingsTable';

type Layers = Partial<Record<SettingKey, Omit<InspectedSetting, 'defaultValue'>>>;

/** What configuration.inspect() would report, with the table's defaults. */
function inspectFrom(layers: Layers) {
  return (key: SettingKey): InspectedSetting => ({ defaultValue: SETTINGS_TABLE[key].default, ...layers[key] });
}

describe('settings a workspace may change', () => {
  it('applies workspace and folder values of ordinary settings in a trusted workspace, the folder winning', () => {
    const settings = resolveSettings(
      inspectFrom({
        model: { globalValue: 'gpt-5-mini', workspaceValue: 'gpt-5-nano' },
        verbosity: { workspaceValue: 'low', workspaceFolderValue: 'high' },
      }),
      true,
    );
    expect(settings.model).toBe('gpt-5-nano');
    expect(settings.verbosity).toBe('high');
  });

  it('keeps store on when a workspace tries to turn it on against the user, and lets a workspace turn it off', () => {
    expect(resolveSettings(inspectFrom({ store: { globalValue: false, workspaceValue: true } }), true).store).toBe(false);
    expect(resolveSettings(inspectFrom({ store: { globalValue: false, workspaceFolderValue: true } }), true).store).toBe(false);
    expect(resolveSettings(inspectFrom({ store: { workspaceValue: false } }), true).store).toBe(false);
    expect(resolveSettings(inspectFrom({ store: { globalValue: true, workspaceFolderValue: false } }), true).store).toBe(false);
    expect(resolveSettings(inspectFrom({}), true).store).toBe(true);
  });

  it('lets a workspace turn an instruction-file source off but not back on against the user, and reads none of it in Restricted Mode', () => {
    const on = { agentsMd: true, copilotInstructions: true, instructionFiles: true };
    expect(resolveSettings(inspectFrom({}), true).instructions).toEqual(on);
    expect(resolveSettings(inspectFrom({ 'instructions.agentsMd': { workspaceValue: false } }), true).instructions).toEqual({ ...on, agentsMd: false });
    expect(resolveSettings(inspectFrom({ 'instructions.instructionFiles': { globalValue: false, workspaceFolderValue: true } }), true).instructions).toEqual({ ...on, instructionFiles: false });
    expect(resolveSettings(inspectFrom({ 'instructions.copilotInstructions': { workspaceValue: false } }), false).instructions).toEqual(on);
  });

  it('takes model prices from user settings only, so a workspace cannot make costs read $0', () => {
    const user = { 'gpt-5': { input: 2, cachedInput: 1, output: 20 } };
    const zero = { 'gpt-5': { input: 0, cachedInput: 0, output: 0 } };
    expect(resolveSettings(inspectFrom({ modelPrices: { globalValue: user, workspaceValue: zero } }), true).prices).toEqual(user);
    expect(resolveSettings(inspectFrom({ modelPrices: { workspaceValue: zero } }), true).prices).toEqual({});
  });

  it('takes the base URL from user settings only', () => {
    const settings = resolveSettings(inspectFrom({ baseURL: { globalValue: ' https://proxy.example/v1 ', workspaceValue: 'http://evil.invalid' } }), true);
    expect(settings.baseURL).toBe('https://proxy.example/v1');
  });

  it('lets a workspace add sensitive paths and secret files, but not remove or exempt the user’s', () => {
    const settings = resolveSettings(
      inspectFrom({
        sensitivePaths: { globalValue: ['deploy/**'], workspaceValue: [] },
        secretFiles: { globalValue: ['*.secret', '!.env.example'], workspaceValue: ['config/local.json', '!.env', '!**'] },
      }),
      true,
    );
    expect(settings.sensitivePaths).toEqual(['deploy/**']);
    expect(settings.secretFiles).toEqual({ extraPatterns: ['*.secret', 'config/local.json'], exemptPatterns: ['.env.example'] });
  });

  it('ignores every workspace value in Restricted Mode', () => {
    const hostile: Layers = {
      model: { workspaceValue: 'o1-pro' },
      reasoningEffort: { workspaceValue: 'high' },
      verbosity: { globalValue: 'low', workspaceFolderValue: 'high' },
      idleTimeoutSeconds: { workspaceValue: 3600 },
      store: { globalValue: true, workspaceValue: false },
      maxOutputTokens: { workspaceValue: 100_000 },
      codeLens: { workspaceValue: false },
      sensitivePaths: { workspaceValue: ['x/**'] },
      secretFiles: { workspaceValue: ['y/**'] },
    };
    const settings = resolveSettings(inspectFrom(hostile), false);
    expect(settings).toEqual(resolveSettings(inspectFrom({ verbosity: { globalValue: 'low' } }), true));
    expect(settings.model).toBe('gpt-5');
    expect(settings.verbosity).toBe('low');
    expect(settings.idleTimeoutSeconds).toBe(90);
    expect(settings.store).toBe(true);
  });

  it('applies the same workspace values once the workspace is trusted', () => {
    const settings = resolveSettings(inspectFrom({ model: { workspaceValue: 'gpt-5-mini' }, idleTimeoutSeconds: { workspaceValue: 30 } }), true);
    expect(settings.model).toBe('gpt-5-mini');
    expect(settings.idleTimeoutSeconds).toBe(30);
  });

  it('says which workspace values it did not apply, and why', () => {
    const inspect = inspectFrom({ store: { workspaceValue: true }, modelPrices: { workspaceValue: {} }, model: { workspaceValue: 'x' } });
    expect(ignoredWorkspaceValues(inspect, true)).toEqual(['codewright.store: a workspace may only turn it off', 'codewright.modelPrices: only user settings count']);
    expect(ignoredWorkspaceValues(inspect, false)).toHaveLength(3);
    expect(ignoredWorkspaceValues(inspectFrom({ store: { workspaceValue: false } }), true)).toEqual([]);
  });
});

describe('malformed settings', () => {
  it('fall back to the defaults instead of failing', () => {
    const settings = resolveSettings(
      inspectFrom({
        model: { globalValue: '   ' },
        reasoningEffort: { globalValue: 'extreme' },
        reasoningSummary: { globalValue: 3 },
        maxOutputTokens: { globalValue: 2.5 },
        idleTimeoutSeconds: { globalValue: 1 },
        modelPrices: { globalValue: ['gpt-5'] },
        sensitivePaths: { globalValue: 'not a list' },
        secretFiles: { globalValue: [1, '', '*.secret'] },
      }),
      true,
    );
    expect(settings).toMatchObject({ model: 'gpt-5', reasoningEffort: 'medium', reasoningSummary: 'auto', maxOutputTokens: null, idleTimeoutSeconds: 90, prices: {}, sensitivePaths: [] });
    expect(settings.secretFiles.extraPatterns).toEqual(['*.secret']);
  });

  it('cap the idle timeout at an hour and keep well-formed prices only', () => {
    const settings = resolveSettings(
      inspectFrom({
        idleTimeoutSeconds: { globalValue: 10_000 },
        modelPrices: { globalValue: { good: { input: 1, output: 2 }, bad: { input: -1, output: 2 }, nan: { input: Number.NaN, output: 1 }, str: 'x' } },
      }),
      true,
    );
    expect(settings.idleTimeoutSeconds).toBe(3600);
    expect(settings.prices).toEqual({ good: { input: 1, cachedInput: 1, output: 2 } });
  });

  it('treat a missing inspection (unknown key) as the declared default', () => {
    expect(effectiveValue('store', undefined, true)).toBe(true);
    expect(effectiveValue('sensitivePaths', undefined, false)).toEqual([]);
  });
});
