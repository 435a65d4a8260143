// Every Codewright setting is declared in package.json and read here, typed, in one place.

import * as vscode from 'vscode';
import type { ReasoningEffort, ReasoningSummarySetting, Verbosity } from '../common/protocol';
import { REASONING_EFFORTS, VERBOSITIES } from '../common/protocol';
import type { ModelPrice } from '../common/responses/pricing';

export const SECTION = 'codewright';

export interface CodewrightSettings {
  model: string;
  reasoningEffort: ReasoningEffort;
  reasoningSummary: ReasoningSummarySetting;
  verbosity: Verbosity;
  maxOutputTokens: number | null;
  /** Only the user (global) value counts: a workspace must not redirect the API key. */
  baseURL: string;
  store: boolean;
  idleTimeoutSeconds: number;
  /** Per-model price overrides (USD per 1M tokens) for the cost estimate. */
  prices: Record<string, ModelPrice>;
  /** Extra globs of files that edits change only after confirmation. */
  sensitivePaths: string[];
  /** "Explain" and "Fix" CodeLenses above functions and classes. */
  codeLens: boolean;
}

const SUMMARIES: readonly ReasoningSummarySetting[] = ['auto', 'concise', 'detailed', 'off'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Reads a setting's value from user scope only (ignores workspace and folder values). */
function userValue<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

export function readSettings(): CodewrightSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const model = config.get<string>('model', 'gpt-5').trim();
  const maxOutputTokens = config.get<number | null>('maxOutputTokens', null);
  const idle = config.get<number>('idleTimeoutSeconds', 90);
  const baseURL = userValue<string>(config, 'baseURL');
  return {
    model: model === '' ? 'gpt-5' : model,
    reasoningEffort: oneOf(config.get('reasoningEffort'), REASONING_EFFORTS, 'medium'),
    reasoningSummary: oneOf(config.get('reasoningSummary'), SUMMARIES, 'auto'),
    verbosity: oneOf(config.get('verbosity'), VERBOSITIES, 'medium'),
    maxOutputTokens:
      typeof maxOutputTokens === 'number' && Number.isInteger(maxOutputTokens) && maxOutputTokens >= 16
        ? maxOutputTokens
        : null,
    baseURL: typeof baseURL === 'string' ? baseURL.trim() : '',
    store: config.get<boolean>('store', true) !== false,
    idleTimeoutSeconds: Number.isFinite(idle) && idle >= 5 ? Math.min(idle, 3600) : 90,
    prices: readPrices(config.get<unknown>('modelPrices')),
    codeLens: config.get<boolean>('codeLens', true) !== false,
    sensitivePaths: (config.get<unknown[]>('sensitivePaths') ?? []).filter(
      (pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== '',
    ),
  };
}

/** Keeps only well-formed entries: `{ "model": { "input": n, "cachedInput": n, "output": n } }`. */
export function readPrices(value: unknown): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  if (typeof value !== 'object' || value === null) return prices;
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { input, cachedInput, output } = entry as Record<string, unknown>;
    const ok = [input, output].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
    if (!ok) continue;
    const cached = typeof cachedInput === 'number' && Number.isFinite(cachedInput) && cachedInput >= 0 ? cachedInput : (input as number);
    prices[model] = { input: input as number, cachedInput: cached, output: output as number };
  }
  return prices;
}

export type PersistedControl = 'model' | 'reasoningEffort' | 'verbosity';

/** Model controls changed in the panel persist to user settings. */
export async function updateControl(control: PersistedControl, value: string): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(control, value, vscode.ConfigurationTarget.Global);
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener();
  });
}
