import { describe, expect, it } from 'vitest';
import { effortChoices, modelChoices, statusText, verbosityChoices } from '../../../src/common/chat/modelChoices';

describe('model pickers', () => {
  it('offers the table models and keeps a custom model pickable, marking the current one', () => {
    const choices = modelChoices('my-proxy-model');
    expect(choices.map((choice) => choice.value)).toContain('gpt-5.1');
    const custom = choices.find((choice) => choice.value === 'my-proxy-model');
    expect(custom?.picked).toBe(true);
    expect(custom?.description).toContain('conservative');
    expect(choices.filter((choice) => choice.picked)).toHaveLength(1);
  });

  it('offers minimal effort for gpt-5 but not for gpt-5.1', () => {
    expect(effortChoices('gpt-5', 'medium').map((choice) => choice.value)).toEqual(['minimal', 'low', 'medium', 'high']);
    expect(effortChoices('gpt-5.1', 'medium').map((choice) => choice.value)).not.toContain('minimal');
    expect(effortChoices('gpt-5', 'high').find((choice) => choice.picked)?.value).toBe('high');
  });

  it('offers no verbosity for codex models, which fix their own', () => {
    expect(verbosityChoices('gpt-5-codex', 'medium')).toEqual([]);
    expect(verbosityChoices('gpt-5-mini', 'low').map((choice) => choice.value)).toEqual(['low', 'medium', 'high']);
  });
});

describe('status bar text', () => {
  it('shows model and effort, and spins while generating', () => {
    expect(statusText('gpt-5', 'low', false).text).toBe('$(sparkle) gpt-5 · low');
    expect(statusText('gpt-5', 'low', true).text).toBe('$(loading~spin) gpt-5 · low');
    expect(statusText('gpt-5', 'low', true).tooltip).toContain('Generating');
  });
});
