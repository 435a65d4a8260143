// Every Codewright setting once: key, JSON type, default, and who may set it. package.json's
// contributes.configuration declares the same (a unit test keeps the two equal), src/vscode/settings.ts
// reads through it, and the webview takes its defaults from it.

import { IMAGE_DETAILS } from '../images/imageInput';
import { REASONING_EFFORTS, VERBOSITIES } from '../protocol';

export const SETTINGS_SECTION = 'codewright';

/**
 * Where a value may come from:
 * - `any`: user, workspace or folder settings (the most specific wins), like most VS Code settings;
 * - `user`: user settings only — a repository must not redirect the key, hide costs or change privacy;
 * - `user-or-off`: user settings, but a workspace may turn it off (never on);
 * - `user-and-workspace-additions`: a list; user entries plus entries a workspace adds (it cannot
 *   take user entries away).
 * In Restricted Mode every workspace value is ignored, whatever the rule.
 */
export type WorkspaceRule = 'any' | 'user' | 'user-or-off' | 'user-and-workspace-additions';

export type JsonType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array' | 'null';

export interface SettingSpec {
  readonly type: JsonType | readonly JsonType[];
  readonly default: unknown;
  readonly enum?: readonly string[];
  readonly workspace: WorkspaceRule;
}

/** The model used when settings name none. */
export const DEFAULT_MODEL = 'gpt-5';
// Literals rather than reads from the table: the webview shows these before the extension sends
// the settings, and then its bundle does not carry the whole table.
export const DEFAULT_REASONING_EFFORT = 'medium';
export const DEFAULT_VERBOSITY = 'medium';

export const SETTINGS_TABLE = {
  model: { type: 'string', default: DEFAULT_MODEL, workspace: 'any' },
  reasoningEffort: { type: 'string', default: DEFAULT_REASONING_EFFORT, enum: REASONING_EFFORTS, workspace: 'any' },
  reasoningSummary: { type: 'string', default: 'auto', enum: ['auto', 'concise', 'detailed', 'off'], workspace: 'any' },
  verbosity: { type: 'string', default: DEFAULT_VERBOSITY, enum: VERBOSITIES, workspace: 'any' },
  maxOutputTokens: { type: ['integer', 'null'], default: null, workspace: 'any' },
  baseURL: { type: 'string', default: '', workspace: 'user' },
  store: { type: 'boolean', default: true, workspace: 'user-or-off' },
  idleTimeoutSeconds: { type: 'integer', default: 90, workspace: 'any' },
  modelPrices: { type: 'object', default: {}, workspace: 'user' },
  sensitivePaths: { type: 'array', default: [], workspace: 'user-and-workspace-additions' },
  secretFiles: { type: 'array', default: [], workspace: 'user-and-workspace-additions' },
  codeLens: { type: 'boolean', default: true, workspace: 'any' },
  backgroundResponses: { type: 'boolean', default: false, workspace: 'any' },
  maxCostPerTurn: { type: ['number', 'null'], default: null, workspace: 'user' },
  promptCacheRetention: { type: 'string', default: 'default', enum: ['default', 'in_memory', '24h'], workspace: 'user' },
  maxToolRounds: { type: 'integer', default: 12, workspace: 'any' },
  'actions.explain.reasoningEffort': { type: 'string', default: 'low', enum: REASONING_EFFORTS, workspace: 'any' },
  'actions.explain.verbosity': { type: 'string', default: 'medium', enum: VERBOSITIES, workspace: 'any' },
  'actions.fix.reasoningEffort': { type: 'string', default: 'medium', enum: REASONING_EFFORTS, workspace: 'any' },
  'actions.fix.verbosity': { type: 'string', default: 'low', enum: VERBOSITIES, workspace: 'any' },
  imageDetail: { type: 'string', default: 'auto', enum: IMAGE_DETAILS, workspace: 'any' },
  editTool: { type: 'string', default: 'auto', enum: ['auto', 'custom', 'builtin'], workspace: 'any' },
  // Instruction files are text from the repository sent to the model: a workspace may turn them off, never on.
  'instructions.agentsMd': { type: 'boolean', default: true, workspace: 'user-or-off' },
  'instructions.copilotInstructions': { type: 'boolean', default: true, workspace: 'user-or-off' },
  'instructions.instructionFiles': { type: 'boolean', default: true, workspace: 'user-or-off' },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS_TABLE;

export const SETTING_KEYS = /* @__PURE__ */ Object.keys(SETTINGS_TABLE) as SettingKey[];

export function settingId(key: SettingKey): string {
  return `${SETTINGS_SECTION}.${key}`;
}
