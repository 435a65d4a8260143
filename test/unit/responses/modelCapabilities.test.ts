import { describe, expect, it } from 'vitest';
import { capabilitiesFor, KNOWN_MODELS, mapEffort, mapVerbosity } from '../../../src/common/responses/modelCapabilities';

describe('model capability table', () => {
  it('knows the GPT-5 family takes minimal effort and any verbosity, but not none or xhigh', () => {
    for (const model of ['gpt-5', 'gpt-5-mini', 'gpt-5-nano']) {
      const caps = capabilitiesFor(model);
      expect(caps.known).toBe(true);
      expect(caps.efforts).toEqual(['minimal', 'low', 'medium', 'high']);
      expect(caps.verbosities).toEqual(['low', 'medium', 'high']);
      expect(caps.builtinApplyPatch).toBe(false);
    }
  });

  it('knows gpt-5.1 takes none but not minimal, and has the built-in apply_patch tool', () => {
    const caps = capabilitiesFor('gpt-5.1');
    expect(caps.efforts).toEqual(['none', 'low', 'medium', 'high']);
    expect(caps.defaultEffort).toBe('none');
    expect(caps.builtinApplyPatch).toBe(true);
  });

  it('gives xhigh only to gpt-5.1-codex-max and the models after it', () => {
    expect(capabilitiesFor('gpt-5.1-codex').efforts).not.toContain('xhigh');
    expect(capabilitiesFor('gpt-5.1-codex-max').efforts).toContain('xhigh');
    expect(capabilitiesFor('gpt-5.2').efforts).toContain('xhigh');
    expect(capabilitiesFor('gpt-5.2-codex').efforts).toContain('xhigh');
    expect(capabilitiesFor('gpt-5').efforts).not.toContain('xhigh');
  });

  it('matches the longest model name, dated snapshots and provider prefixes', () => {
    expect(capabilitiesFor('gpt-5.1-codex-mini').family).toBe('gpt-5.1-codex-mini');
    expect(capabilitiesFor('gpt-5-mini-2025-08-07').family).toBe('gpt-5-mini');
    expect(capabilitiesFor('openai/GPT-5.1').family).toBe('gpt-5.1');
    expect(capabilitiesFor('gpt-5.1-codex-mini').price?.input).toBe(0.25);
  });

  it('treats a model it does not know conservatively: low to high effort, no built-in tool, a small window', () => {
    const caps = capabilitiesFor('my-proxy-model');
    expect(caps.known).toBe(false);
    expect(caps.efforts).toEqual(['low', 'medium', 'high']);
    expect(caps.builtinApplyPatch).toBe(false);
    expect(caps.price).toBeUndefined();
    expect(capabilitiesFor('gpt-5.9-turbo').known).toBe(false);
  });

  it('lists every table model once for the pickers, gpt-5 first', () => {
    expect(KNOWN_MODELS[0]).toBe('gpt-5');
    expect(new Set(KNOWN_MODELS).size).toBe(KNOWN_MODELS.length);
  });
});

describe('mapping a setting to what the model accepts', () => {
  it('sends an accepted effort unchanged and says nothing', () => {
    expect(mapEffort('gpt-5', 'minimal')).toEqual({ value: 'minimal' });
  });

  it('maps minimal to the nearest accepted effort on gpt-5.1 and says so', () => {
    const mapped = mapEffort('gpt-5.1', 'minimal');
    expect(mapped.value).toBe('none');
    expect(mapped.note).toContain("'minimal'");
  });

  it('maps xhigh down to high on gpt-5 and none up to minimal', () => {
    expect(mapEffort('gpt-5', 'xhigh').value).toBe('high');
    expect(mapEffort('gpt-5', 'none').value).toBe('minimal');
    expect(mapEffort('gpt-5-pro', 'low').value).toBe('high');
  });

  it('leaves verbosity out for codex models, noting it only when a non-default value was asked', () => {
    expect(mapVerbosity('gpt-5-codex', 'medium')).toEqual({ value: undefined });
    const low = mapVerbosity('gpt-5.1-codex-max', 'low');
    expect(low.value).toBeUndefined();
    expect(low.note).toContain('fixed verbosity');
    expect(mapVerbosity('gpt-5.2', 'low')).toEqual({ value: 'low' });
  });
});
