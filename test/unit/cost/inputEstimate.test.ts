import { describe, expect, it } from 'vitest';
import { estimateInput, formatInputEstimate, imageTokens, textTokens } from '../../../src/common/cost/inputEstimate';
import { fixedInputTokens, modelControlsFor } from '../../../src/common/chat/modelChoices';
import { CODEWRIGHT_INSTRUCTIONS } from '../../../src/common/chat/instructions';
import { APPLY_PATCH_TOOL } from '../../../src/common/patch';
import { READ_TOOLS } from '../../../src/common/tools/toolDefinitions';

describe('the input estimate shown before sending', () => {
  it('counts text as about four bytes per token', () => {
    expect(textTokens(0)).toBe(0);
    expect(textTokens(4)).toBe(1);
    expect(textTokens(4001)).toBe(1001);
  });

  it('counts a low-detail image on gpt-5 as its 70 base tokens', () => {
    expect(imageTokens('gpt-5', 'low', { width: 4000, height: 3000 })).toBe(70);
  });

  it('counts a high-detail image on gpt-5 by its 512-pixel tiles after scaling', () => {
    // 1024×1024 → short side 768 → 2×2 tiles.
    expect(imageTokens('gpt-5', 'high', { width: 1024, height: 1024 })).toBe(70 + 4 * 140);
    // 4096×2048 → 2048×1024 → 1536×768 → 3×2 tiles.
    expect(imageTokens('gpt-5', 'high', { width: 4096, height: 2048 })).toBe(70 + 6 * 140);
    // auto is estimated as high, the upper bound.
    expect(imageTokens('gpt-5', 'auto', { width: 1024, height: 1024 })).toBe(630);
  });

  it('counts images on the mini and nano models by 32-pixel patches, capped at 1536', () => {
    expect(imageTokens('gpt-5-mini', 'high', { width: 320, height: 320 })).toBe(Math.ceil(100 * 1.62));
    expect(imageTokens('gpt-5-nano', 'high', { width: 4000, height: 4000 })).toBe(Math.ceil(1536 * 2.46));
  });

  it('adds text, images and the conversation so far, and prices them at the input rate', () => {
    const estimate = estimateInput({
      model: 'gpt-5',
      textBytes: 40_000,
      images: [{ width: 1024, height: 1024 }],
      imageDetail: 'high',
      historyTokens: 2_000,
      inputPricePerMillion: 1.25,
    });
    expect(estimate.tokens).toBe(10_000 + 630 + 2_000);
    expect(estimate.costUsd).toBeCloseTo((12_630 * 1.25) / 1_000_000, 10);
    expect(formatInputEstimate(estimate)).toBe('≈ 12.6k tokens · $0.016 input');
  });

  it('shows tokens only when the model has no known price', () => {
    const estimate = estimateInput({ model: 'proxy-model', textBytes: 400, images: [], imageDetail: 'auto' });
    expect(estimate.costUsd).toBeUndefined();
    expect(formatInputEstimate(estimate)).toBe('≈ 100 input tokens');
  });

  it('takes the input price from the model table or the user override', () => {
    expect(modelControlsFor({ model: 'gpt-5-mini', reasoningEffort: 'low', verbosity: 'low' }).inputPricePerMillion).toBe(0.25);
    const overridden = modelControlsFor({ model: 'gpt-5', reasoningEffort: 'low', verbosity: 'low', prices: { 'gpt-5': { input: 2, cachedInput: 0.2, output: 12 } } });
    expect(overridden.inputPricePerMillion).toBe(2);
    expect(modelControlsFor({ model: 'proxy-model', reasoningEffort: 'low', verbosity: 'low' }).inputPricePerMillion).toBeUndefined();
  });

  it('starts a new chat from the instructions and the tools the chat offers for the model', () => {
    const custom = JSON.stringify([APPLY_PATCH_TOOL, ...READ_TOOLS]);
    expect(fixedInputTokens({ model: 'gpt-5', editTool: 'auto' })).toBe(Math.ceil(Buffer.byteLength(CODEWRIGHT_INSTRUCTIONS + custom) / 4));
    // The built-in apply_patch tool has no grammar to send.
    expect(fixedInputTokens({ model: 'gpt-5.1', editTool: 'auto' })).toBeLessThan(fixedInputTokens({ model: 'gpt-5.1', editTool: 'custom' }));
    expect(modelControlsFor({ model: 'gpt-5', reasoningEffort: 'low', verbosity: 'low' }).fixedInputTokens).toBe(fixedInputTokens({ model: 'gpt-5' }));
  });
});
