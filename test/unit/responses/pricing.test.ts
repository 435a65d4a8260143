import { describe, expect, it } from 'vitest';
import { estimateCostUsd, priceFor, type TokenUsage } from '../../../src/common/responses';

const usage = (inputTokens: number, cachedInputTokens: number, outputTokens: number, reasoningTokens = 0): TokenUsage => ({
  inputTokens,
  cachedInputTokens,
  outputTokens,
  reasoningTokens,
  totalTokens: inputTokens + outputTokens,
});

describe('estimateCostUsd', () => {
  it('prices gpt-5 input, cached input and output per million tokens', () => {
    // 900k uncached × $1.25 + 100k cached × $0.125 + 1M output × $10
    expect(estimateCostUsd('gpt-5', usage(1_000_000, 100_000, 1_000_000))).toBeCloseTo(1.125 + 0.0125 + 10, 10);
  });

  it('bills reasoning tokens once, as part of the output tokens', () => {
    expect(estimateCostUsd('gpt-5-nano', usage(0, 0, 1_000_000, 800_000))).toBeCloseTo(0.4, 10);
  });

  it('matches dated snapshot names to their base model', () => {
    expect(priceFor('gpt-5-mini-2025-08-07')).toEqual({ input: 0.25, cachedInput: 0.025, output: 2 });
    expect(priceFor('gpt-5-2025-08-07')).toEqual(priceFor('gpt-5'));
    expect(priceFor('gpt-5-codex')).toEqual({ input: 1.25, cachedInput: 0.125, output: 10 });
  });

  it('does not guess a price for a different model that shares a prefix, or an unknown one', () => {
    expect(priceFor('gpt-5-pro')).toBeUndefined();
    expect(estimateCostUsd('my-local-model', usage(10, 0, 10))).toBeUndefined();
  });

  it('uses price overrides over the defaults', () => {
    const overrides = { 'gpt-5': { input: 2, cachedInput: 1, output: 20 }, 'my-model': { input: 1, cachedInput: 1, output: 1 } };
    expect(estimateCostUsd('gpt-5', usage(1_000_000, 0, 0), overrides)).toBeCloseTo(2, 10);
    expect(estimateCostUsd('my-model', usage(500_000, 0, 500_000), overrides)).toBeCloseTo(1, 10);
  });
});
