// Cost estimate of one response from its token usage.
import type { TokenUsage } from './streamReducer';

/** US dollars per one million tokens. */
export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
}

/**
 * Defaults from OpenAI's published prices for the GPT-5 family (October 2025, per million tokens,
 * input / cached input / output):
 * GPT-5 $1.25 / $0.125 / $10.00, GPT-5 Mini $0.25 / $0.025 / $2.00,
 * GPT-5 Nano $0.05 / $0.005 / $0.40, GPT-5 Codex $1.25 / $0.125 / $10.00.
 * Prices change; users can override them.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-5-codex': { input: 1.25, cachedInput: 0.125, output: 10 },
};

/** Dated snapshots (`gpt-5-mini-2025-08-07`) cost what their base model costs. */
const DATED_SUFFIX = /^-\d{4}-\d{2}-\d{2}$/;

/** The price of `model`: an exact entry, or the entry its dated snapshot name starts with.
 *  A different model that merely shares a prefix (`gpt-5-pro`) is unknown, not `gpt-5`. */
export function priceFor(model: string, overrides?: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  const table = overrides ? { ...DEFAULT_MODEL_PRICES, ...overrides } : DEFAULT_MODEL_PRICES;
  const exact = table[model];
  if (exact) return exact;
  for (const [name, price] of Object.entries(table)) {
    if (model.startsWith(name) && DATED_SUFFIX.test(model.slice(name.length))) return price;
  }
  return undefined;
}

/** Estimated cost in USD, or undefined for a model without a known price.
 *  Reasoning tokens are already part of `outputTokens` and are billed once, as output;
 *  cached input tokens are part of `inputTokens` and billed at the cached rate. */
export function estimateCostUsd(
  model: string,
  usage: TokenUsage,
  overrides?: Readonly<Record<string, ModelPrice>>,
): number | undefined {
  const price = priceFor(model, overrides);
  if (!price) return undefined;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  return (uncached * price.input + cached * price.cachedInput + usage.outputTokens * price.output) / 1_000_000;
}

/** What the cached input tokens saved against paying the full input price (USD), or undefined. */
export function cacheSavingsUsd(model: string, usage: TokenUsage, overrides?: Readonly<Record<string, ModelPrice>>): number | undefined {
  const price = priceFor(model, overrides);
  if (!price) return undefined;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  return (cached * Math.max(0, price.input - price.cachedInput)) / 1_000_000;
}
