import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, SETTINGS_TABLE, settingId, SETTING_KEYS } from '../../../src/common/settings/settingsTable';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const declared: Record<string, { type: unknown; default: unknown; enum?: unknown; scope?: string }> = manifest.contributes.configuration.properties;

describe('the settings table', () => {
  it('declares exactly the settings package.json contributes', () => {
    expect(SETTING_KEYS.map(settingId).sort()).toEqual(Object.keys(declared).sort());
  });

  it.each(SETTING_KEYS)('gives codewright.%s the type, default and choices package.json declares', (key) => {
    const spec = SETTINGS_TABLE[key];
    const property = declared[settingId(key)];
    expect(property, settingId(key)).toBeDefined();
    expect(property?.type).toEqual(spec.type);
    expect(property?.default).toEqual(spec.default);
    expect(property?.enum).toEqual('enum' in spec ? spec.enum : undefined);
  });

  it('declares user-only settings application-scoped, so VS Code never applies a workspace value either', () => {
    for (const key of SETTING_KEYS) {
      const scope = declared[settingId(key)]?.scope;
      if (SETTINGS_TABLE[key].workspace === 'user') expect(scope, settingId(key)).toBe('application');
      else expect(scope, settingId(key)).toBeUndefined();
    }
  });

  it('lists every setting as restricted, so Restricted Mode ignores all workspace values', () => {
    expect([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort()).toEqual(SETTING_KEYS.map(settingId).sort());
  });

  it('names one default model, the one package.json declares', () => {
    expect(DEFAULT_MODEL).toBe(declared['codewright.model']?.default);
  });
});
