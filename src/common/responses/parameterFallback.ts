// A model the capability table does not know (a proxy's, a newer release) may still refuse a
// parameter. When the API says exactly which one (a 400 `unsupported_parameter` or
// `unsupported_value` naming it), the request is sent once more without it — or with a value the
// error lists as supported — and that is remembered for the model until VS Code restarts.

import { ALL_EFFORTS, type Effort } from './modelCapabilities';
import type { CodewrightError } from './errors';

/** Parameters that only tune an answer, so a request still means the same without them. */
const ADJUSTABLE = new Set([
  'reasoning',
  'reasoning.effort',
  'reasoning.summary',
  'text',
  'text.verbosity',
  'prompt_cache_key',
  'prompt_cache_retention',
  // Server-side compaction: without it a long tool loop may overflow, but each request means the same.
  'context_management',
]);

export interface ParameterAdjustment {
  /** Dotted path of the parameter, as the API names it (`text.verbosity`). */
  readonly param: string;
  /** A value the API said it supports; undefined drops the parameter. */
  readonly replacement?: string;
}

function supportedValues(message: string): string[] {
  const match = /Supported values are:?\s*(.*)$/i.exec(message);
  return match ? [...match[1].matchAll(/'([^']+)'/g)].map((quoted) => quoted[1]) : [];
}

function nearestEffort(refused: string, supported: readonly string[]): string {
  const rank = (value: string) => ALL_EFFORTS.indexOf(value as Effort);
  const efforts = supported.filter((value) => rank(value) >= 0);
  if (efforts.length === 0) return supported[0];
  return efforts.reduce((best, value) => (Math.abs(rank(value) - rank(refused)) < Math.abs(rank(best) - rank(refused)) ? value : best));
}

/** What to change so the API takes the request, or undefined when the error is about something else. */
export function parameterAdjustment(error: CodewrightError | undefined): ParameterAdjustment | undefined {
  if (!error || error.status !== 400 || !error.param || !ADJUSTABLE.has(error.param)) return undefined;
  // An endpoint that predates a parameter calls it unknown (`unknown_parameter`, "Unknown parameter: '…'.").
  const unsupported =
    error.code === 'unsupported_parameter' || error.code === 'unsupported_value' || error.code === 'unknown_parameter' || /(unsupported|unknown) (parameter|value)/i.test(error.message);
  if (!unsupported) return undefined;
  const supported = error.code === 'unsupported_parameter' ? [] : supportedValues(error.message);
  if (supported.length === 0) return { param: error.param };
  const refused = /Unsupported value: '([^']*)'/i.exec(error.message)?.[1] ?? '';
  const replacement = error.param === 'reasoning.effort' ? nearestEffort(refused, supported) : supported.includes('medium') ? 'medium' : supported[0];
  return { param: error.param, replacement };
}

/** The sentence the turn shows. */
export function adjustmentNote(model: string, adjustment: ParameterAdjustment): string {
  return adjustment.replacement === undefined
    ? `${model} does not take ${adjustment.param}; it was left out (remembered until VS Code restarts).`
    : `${model} does not take that ${adjustment.param}; '${adjustment.replacement}' was sent instead (remembered until VS Code restarts).`;
}

type Params = Record<string, unknown>;

function setPath(params: Params, path: string, replacement: string | undefined): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let parent: Params | undefined = params;
  for (const key of keys) {
    const next: unknown = parent[key];
    if (typeof next !== 'object' || next === null) return;
    parent = next as Params;
  }
  if (replacement === undefined) {
    delete parent[last];
    // `reasoning: {}` or `text: {}` would be sent as an empty object; leave it out instead.
    if (keys.length > 0 && Object.keys(parent).length === 0) delete params[keys[0]];
  } else if (last in parent) {
    parent[last] = replacement;
  }
}

/** What each model refused this session, applied to every later request for it. */
export class ModelParameterMemory {
  private readonly byModel = new Map<string, Map<string, string | undefined>>();

  remember(model: string, adjustment: ParameterAdjustment): void {
    const entries = this.byModel.get(model) ?? new Map<string, string | undefined>();
    entries.set(adjustment.param, adjustment.replacement);
    this.byModel.set(model, entries);
  }

  knows(model: string, param: string): boolean {
    return this.byModel.get(model)?.has(param) ?? false;
  }

  /** Changes `params` (a `responses.create` body) as remembered for its model. */
  apply<T extends { model?: unknown }>(params: T): T {
    const entries = this.byModel.get(String(params.model));
    if (entries) for (const [param, replacement] of entries) setPath(params as Params, param, replacement);
    return params;
  }
}
