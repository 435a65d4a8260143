// What each GPT-5 model accepts, so requests never fail with "Unsupported value" and the pickers
// offer only what the chosen model takes. Facts from OpenAI's API reference (reasoning.effort:
// "gpt-5.1 … supports none, low, medium, high"; "models before gpt-5.1 … do not support none";
// "gpt-5-pro … only supports high"; "xhigh is supported for all models after gpt-5.1-codex-max"),
// the apply_patch tool guide (built in from GPT-5.1 on), the models' pages (400k context, 128k
// output), and the API's own errors (codex models: "Supported values are: 'medium'" for
// text.verbosity). Models not in the table get conservative parameters; see `capabilitiesFor`.

import type { ModelPrice } from './pricing';

export type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export type VerbosityLevel = 'low' | 'medium' | 'high';

/** Every effort any model accepts, from least to most reasoning. */
export const ALL_EFFORTS: readonly Effort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
export const ALL_VERBOSITIES: readonly VerbosityLevel[] = ['low', 'medium', 'high'];

export interface ModelCapabilities {
  /** The table entry that matched (`gpt-5.1-codex`), or `unknown`. */
  readonly family: string;
  readonly known: boolean;
  /** Accepted `reasoning.effort` values, least to most. */
  readonly efforts: readonly Effort[];
  /** What the API uses when no effort is sent. */
  readonly defaultEffort: Effort;
  /** Accepted `text.verbosity` values; empty when the parameter must not be sent. */
  readonly verbosities: readonly VerbosityLevel[];
  /** The Responses API's built-in `{type: "apply_patch"}` tool. */
  readonly builtinApplyPatch: boolean;
  /** `prompt_cache_retention` may be chosen (`in_memory` or `24h`). */
  readonly extendedCacheRetention: boolean;
  /** Input + output tokens one request may hold. */
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  /** USD per 1M tokens; undefined when unknown. */
  readonly price?: ModelPrice;
}

type Entry = Omit<ModelCapabilities, 'family' | 'known'>;

const GPT5_EFFORTS: readonly Effort[] = ['minimal', 'low', 'medium', 'high'];
const CODEX_EFFORTS: readonly Effort[] = ['low', 'medium', 'high'];
const CODEX_MAX_EFFORTS: readonly Effort[] = ['low', 'medium', 'high', 'xhigh'];
const FIXED_MEDIUM: readonly VerbosityLevel[] = [];
const WINDOW = { contextWindow: 400_000, maxOutputTokens: 128_000 } as const;

const gpt5 = (price: ModelPrice): Entry => ({ efforts: GPT5_EFFORTS, defaultEffort: 'medium', verbosities: ALL_VERBOSITIES, builtinApplyPatch: false, extendedCacheRetention: price === FULL, ...WINDOW, price });
const codex = (efforts: readonly Effort[], builtinApplyPatch: boolean, price: ModelPrice): Entry => ({ efforts, defaultEffort: 'medium', verbosities: FIXED_MEDIUM, builtinApplyPatch, extendedCacheRetention: price !== MINI || builtinApplyPatch, ...WINDOW, price });

const FULL = { input: 1.25, cachedInput: 0.125, output: 10 };
const MINI = { input: 0.25, cachedInput: 0.025, output: 2 };
const NANO = { input: 0.05, cachedInput: 0.005, output: 0.4 };
const V52 = { input: 1.75, cachedInput: 0.175, output: 14 };

/** Longest name first wins, so `gpt-5.1-codex-mini` is not read as `gpt-5.1-codex` or `gpt-5.1`. */
const TABLE: Readonly<Record<string, Entry>> = {
  'gpt-5': gpt5(FULL),
  'gpt-5-mini': gpt5(MINI),
  'gpt-5-nano': gpt5(NANO),
  'gpt-5-codex': codex(CODEX_EFFORTS, false, FULL),
  'gpt-5-pro': { efforts: ['high'], defaultEffort: 'high', verbosities: ALL_VERBOSITIES, builtinApplyPatch: false, extendedCacheRetention: false, contextWindow: 400_000, maxOutputTokens: 272_000, price: { input: 15, cachedInput: 15, output: 120 } },
  'gpt-5.1': { efforts: ['none', 'low', 'medium', 'high'], defaultEffort: 'none', verbosities: ALL_VERBOSITIES, builtinApplyPatch: true, extendedCacheRetention: true, ...WINDOW, price: FULL },
  'gpt-5.1-codex': codex(CODEX_EFFORTS, true, FULL),
  'gpt-5.1-codex-mini': codex(CODEX_EFFORTS, true, MINI),
  'gpt-5.1-codex-max': codex(CODEX_MAX_EFFORTS, true, FULL),
  'gpt-5.2': { efforts: ['none', 'low', 'medium', 'high', 'xhigh'], defaultEffort: 'none', verbosities: ALL_VERBOSITIES, builtinApplyPatch: true, extendedCacheRetention: true, ...WINDOW, price: V52 },
  'gpt-5.2-codex': codex(CODEX_MAX_EFFORTS, true, V52),
  'gpt-5.2-pro': { efforts: ['medium', 'high', 'xhigh'], defaultEffort: 'medium', verbosities: ALL_VERBOSITIES, builtinApplyPatch: true, extendedCacheRetention: false, ...WINDOW, price: { input: 21, cachedInput: 21, output: 168 } },
};

/** The table's models, for pickers: the families users pick most, in the order they came out. */
export const KNOWN_MODELS: readonly string[] = Object.keys(TABLE);

/**
 * Parameters every GPT-5-era reasoning model accepts. A model the table does not know (a proxy's
 * name, a release after this table) gets these; if the API still rejects one, the request is
 * retried without it (see the caller's fallback).
 */
const UNKNOWN: ModelCapabilities = {
  family: 'unknown',
  known: false,
  efforts: ['low', 'medium', 'high'],
  defaultEffort: 'medium',
  verbosities: ALL_VERBOSITIES,
  builtinApplyPatch: false,
  extendedCacheRetention: false,
  contextWindow: 128_000,
  maxOutputTokens: 16_000,
};

/** Dated snapshots (`gpt-5-mini-2025-08-07`) and provider prefixes (`openai/gpt-5`) are their base model. */
const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

function baseName(model: string): string {
  const lower = model.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  return (slash >= 0 ? lower.slice(slash + 1) : lower).replace(DATED_SUFFIX, '');
}

export function capabilitiesFor(model: string): ModelCapabilities {
  const name = baseName(model);
  const entry = TABLE[name];
  return entry ? { family: name, known: true, ...entry } : UNKNOWN;
}

export interface Mapped<T> {
  /** What to send; undefined when the parameter must be left out. */
  readonly value: T | undefined;
  /** Set when `value` differs from what was asked, e.g. "gpt-5.1 has no 'minimal' effort; used 'low'". */
  readonly note?: string;
}

/** The accepted effort nearest to `requested` (ties go to the lower, cheaper one). */
export function mapEffort(model: string, requested: Effort): Mapped<Effort> {
  const caps = capabilitiesFor(model);
  if (caps.efforts.length === 0) return { value: undefined, note: `${model} takes no reasoning effort; none was sent.` };
  if (caps.efforts.includes(requested)) return { value: requested };
  const rank = (effort: Effort) => ALL_EFFORTS.indexOf(effort);
  let best = caps.efforts[0];
  for (const effort of caps.efforts) {
    if (Math.abs(rank(effort) - rank(requested)) < Math.abs(rank(best) - rank(requested))) best = effort;
  }
  return { value: best, note: `${model} does not accept reasoning effort '${requested}'; used '${best}'.` };
}

/** Verbosity to send: the requested one where accepted; left out where the model fixes it. */
export function mapVerbosity(model: string, requested: VerbosityLevel): Mapped<VerbosityLevel> {
  const caps = capabilitiesFor(model);
  if (caps.verbosities.includes(requested)) return { value: requested };
  if (caps.verbosities.length === 0) {
    return requested === 'medium' ? { value: undefined } : { value: undefined, note: `${model} answers at its own fixed verbosity; '${requested}' was not sent.` };
  }
  const fallback = caps.verbosities.includes('medium') ? 'medium' : caps.verbosities[0];
  return { value: fallback, note: `${model} does not accept verbosity '${requested}'; used '${fallback}'.` };
}

/** The apply_patch tool a request offers: the setting, with 'auto' meaning the Responses API's
 *  built-in tool for models that have it and the custom grammar tool for every other. */
export function chooseEditTool(model: string, setting: 'auto' | 'custom' | 'builtin' | undefined): 'custom' | 'builtin' {
  const caps = capabilitiesFor(model);
  if (setting === 'custom') return 'custom';
  // A model the table knows to lack the tool gets the custom one (see editToolNote); a model it
  // does not know (a proxy's, a new release) gets what the user asked for.
  if (setting === 'builtin') return caps.known && !caps.builtinApplyPatch ? 'custom' : 'builtin';
  return caps.builtinApplyPatch ? 'builtin' : 'custom';
}

/** Set when codewright.editTool asked for the built-in tool and the model has none. */
export function editToolNote(model: string, setting: 'auto' | 'custom' | 'builtin' | undefined): string | undefined {
  if (setting !== 'builtin' || chooseEditTool(model, setting) === 'builtin') return undefined;
  return `${model} has no built-in apply_patch tool; edits go through Codewright's custom apply_patch tool (codewright.editTool).`;
}
