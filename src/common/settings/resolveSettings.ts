// Turns what VS Code reports for each setting (default, user, workspace and folder values) into the
// settings Codewright runs with. Pure, so the rules that keep a hostile workspace from changing
// privacy or cost are unit-tested; src/vscode/settings.ts only feeds it configuration.inspect().

import type { ActionModelSettings } from '../tools/actionProfiles';
import type { InstructionSettings } from '../instructions/instructionSources';
import { IMAGE_DETAILS, type ImageDetail } from '../images/imageInput';
import type { EditToolSetting, PromptCacheRetention } from '../responses/requestTypes';
import type { ReasoningEffort, ReasoningSummarySetting, Verbosity } from '../protocol';
import { REASONING_EFFORTS, VERBOSITIES } from '../protocol';
import type { ModelPrice } from '../responses/pricing';
import { parseSecretFilesSetting, type SecretFileOptions } from '../security/secretFiles';
import { DEFAULT_MODEL, SETTINGS_TABLE, settingId, SETTING_KEYS, type SettingKey } from './settingsTable';

/** The part of vscode.WorkspaceConfiguration.inspect()'s answer that counts. */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type InspectSetting = (key: SettingKey) => InspectedSetting | undefined;

export interface CodewrightSettings {
  model: string;
  reasoningEffort: ReasoningEffort;
  reasoningSummary: ReasoningSummarySetting;
  verbosity: Verbosity;
  maxOutputTokens: number | null;
  /** User settings only: a workspace must not redirect the API key. */
  baseURL: string;
  /** User settings; a workspace may turn it off, never on. */
  store: boolean;
  idleTimeoutSeconds: number;
  /** Per-model price overrides (USD per 1M tokens), user settings only. */
  prices: Record<string, ModelPrice>;
  /** Extra globs of files that edits change only after confirmation. */
  sensitivePaths: string[];
  /** Extra secret-file globs, and (from user settings only) exemptions from the built-in list. */
  secretFiles: SecretFileOptions;
  /** "Explain" and "Fix" CodeLenses above functions and classes. */
  codeLens: boolean;
  /** `prompt_cache_retention` for models that offer a choice; user settings only (it is about data kept). */
  promptCacheRetention: PromptCacheRetention;
  /** USD cap on one turn's tool rounds; user settings only (a repository must not lift it). */
  maxCostPerTurn: number | null;
  /** Requests go out with `background: true` (store on only), so dropped streams resume. */
  background: boolean;
  /** Tool rounds (the model reading, searching…) one turn may take before it stops and says so. */
  maxToolRounds: number;
  /** Effort and verbosity of the Explain and Fix actions (the panel's pickers set chat's). */
  actions: { explain: ActionModelSettings; fix: ActionModelSettings };
  /** `detail` of the images sent with a prompt. */
  imageDetail: ImageDetail;
  /** Which apply_patch tool the model gets: the custom grammar tool, the API's built-in one, or 'auto' (built-in where the model has it). */
  editTool: EditToolSetting;
  /** codewright.instructions.*: which of the project's instruction files go with requests. */
  instructions: InstructionSettings;
}

function userValue(key: SettingKey, inspected: InspectedSetting | undefined): unknown {
  return inspected?.globalValue ?? inspected?.defaultValue ?? SETTINGS_TABLE[key].default;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The value of one setting under its workspace rule (settingsTable.ts). `trusted` is
 * vscode.workspace.isTrusted: in Restricted Mode only user settings count.
 */
export function effectiveValue(key: SettingKey, inspected: InspectedSetting | undefined, trusted: boolean): unknown {
  const user = userValue(key, inspected);
  if (!trusted) return user;
  const workspaceValues = [inspected?.workspaceValue, inspected?.workspaceFolderValue];
  switch (SETTINGS_TABLE[key].workspace) {
    case 'any':
      return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? user;
    case 'user':
      return user;
    case 'user-or-off':
      return workspaceValues.includes(false) ? false : user;
    case 'user-and-workspace-additions':
      return [...asList(user), ...workspaceValues.flatMap(asList)];
  }
}

/** Settings whose workspace value is present but not applied, with why (for the log). */
export function ignoredWorkspaceValues(inspect: InspectSetting, trusted: boolean): string[] {
  const ignored: string[] = [];
  for (const key of SETTING_KEYS) {
    const inspected = inspect(key);
    const values = [inspected?.workspaceValue, inspected?.workspaceFolderValue].filter((value) => value !== undefined);
    if (values.length === 0) continue;
    const rule = SETTINGS_TABLE[key].workspace;
    if (!trusted) ignored.push(`${settingId(key)}: workspace values are ignored in Restricted Mode`);
    else if (rule === 'user') ignored.push(`${settingId(key)}: only user settings count`);
    else if (rule === 'user-or-off' && values.some((value) => value !== false)) ignored.push(`${settingId(key)}: a workspace may only turn it off`);
  }
  return ignored;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function secretFilesFrom(inspected: InspectedSetting | undefined, trusted: boolean): SecretFileOptions {
  const fromUser = parseSecretFilesSetting(asList(userValue('secretFiles', inspected)));
  if (!trusted) return fromUser;
  // A workspace may add secret files, never exempt any: its "!" entries are dropped.
  const fromWorkspace = parseSecretFilesSetting([inspected?.workspaceValue, inspected?.workspaceFolderValue].flatMap(asList));
  return { extraPatterns: [...(fromUser.extraPatterns ?? []), ...(fromWorkspace.extraPatterns ?? [])], exemptPatterns: fromUser.exemptPatterns ?? [] };
}

/** All settings, validated: a malformed value falls back to the default instead of failing. */
export function resolveSettings(inspect: InspectSetting, trusted: boolean): CodewrightSettings {
  const value = (key: SettingKey) => effectiveValue(key, inspect(key), trusted);
  const model = typeof value('model') === 'string' ? (value('model') as string).trim() : '';
  const maxOutputTokens = value('maxOutputTokens');
  const idle = value('idleTimeoutSeconds');
  const baseURL = value('baseURL');
  return {
    model: model === '' ? DEFAULT_MODEL : model,
    reasoningEffort: oneOf(value('reasoningEffort'), REASONING_EFFORTS, SETTINGS_TABLE.reasoningEffort.default),
    reasoningSummary: oneOf(value('reasoningSummary'), SETTINGS_TABLE.reasoningSummary.enum, SETTINGS_TABLE.reasoningSummary.default),
    verbosity: oneOf(value('verbosity'), VERBOSITIES, SETTINGS_TABLE.verbosity.default),
    maxOutputTokens: typeof maxOutputTokens === 'number' && Number.isInteger(maxOutputTokens) && maxOutputTokens >= 16 ? maxOutputTokens : null,
    baseURL: typeof baseURL === 'string' ? baseURL.trim() : '',
    store: value('store') !== false,
    idleTimeoutSeconds: typeof idle === 'number' && Number.isFinite(idle) && idle >= 5 ? Math.min(idle, 3600) : SETTINGS_TABLE.idleTimeoutSeconds.default,
    prices: readPrices(value('modelPrices')),
    sensitivePaths: asList(value('sensitivePaths')).filter((pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== ''),
    secretFiles: secretFilesFrom(inspect('secretFiles'), trusted),
    codeLens: value('codeLens') !== false,
    background: value('backgroundResponses') === true,
    maxCostPerTurn: positiveNumberOrNull(value('maxCostPerTurn')),
    promptCacheRetention: oneOf(value('promptCacheRetention'), SETTINGS_TABLE.promptCacheRetention.enum, SETTINGS_TABLE.promptCacheRetention.default),
    maxToolRounds: toolRounds(value('maxToolRounds')),
    actions: {
      explain: {
        reasoningEffort: oneOf(value('actions.explain.reasoningEffort'), REASONING_EFFORTS, SETTINGS_TABLE['actions.explain.reasoningEffort'].default),
        verbosity: oneOf(value('actions.explain.verbosity'), VERBOSITIES, SETTINGS_TABLE['actions.explain.verbosity'].default),
      },
      fix: {
        reasoningEffort: oneOf(value('actions.fix.reasoningEffort'), REASONING_EFFORTS, SETTINGS_TABLE['actions.fix.reasoningEffort'].default),
        verbosity: oneOf(value('actions.fix.verbosity'), VERBOSITIES, SETTINGS_TABLE['actions.fix.verbosity'].default),
      },
    },
    imageDetail: oneOf(value('imageDetail'), IMAGE_DETAILS, SETTINGS_TABLE.imageDetail.default),
    editTool: oneOf(value('editTool'), SETTINGS_TABLE.editTool.enum, SETTINGS_TABLE.editTool.default),
    instructions: {
      agentsMd: value('instructions.agentsMd') !== false,
      copilotInstructions: value('instructions.copilotInstructions') !== false,
      instructionFiles: value('instructions.instructionFiles') !== false,
    },
  };
}

/** A whole number from 1 to 50; anything else is the default. */
function toolRounds(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, 50) : SETTINGS_TABLE.maxToolRounds.default;
}

/** Keeps only well-formed entries: `{ "model": { "input": n, "cachedInput": n, "output": n } }`. */
export function readPrices(value: unknown): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return prices;
  const isPrice = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { input, cachedInput, output } = entry as Record<string, unknown>;
    if (!isPrice(input) || !isPrice(output)) continue;
    prices[model] = { input, cachedInput: isPrice(cachedInput) ? cachedInput : input, output };
  }
  return prices;
}

function positiveNumberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
