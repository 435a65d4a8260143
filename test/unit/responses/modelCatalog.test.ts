import { describe, expect, it } from 'vitest';
import { KNOWN_MODELS, ModelCatalog, responsesModels } from '../../../src/common/responses';

describe('the models an endpoint serves', () => {
  it('keeps Responses models, table models first, and drops embeddings, audio and images', () => {
    const served = ['text-embedding-3-small', 'gpt-5-mini', 'whisper-1', 'o3', 'gpt-5', 'gpt-image-1', 'gpt-4o-mini-tts', 'gpt-5-mini', 'gpt-4.1'];
    expect(responsesModels(served)).toEqual(['gpt-5', 'gpt-5-mini', 'gpt-4.1', 'o3']);
  });
});

describe('the model catalog', () => {
  it('asks the endpoint once per hour and answers from the cache meanwhile', async () => {
    let time = 0;
    let calls = 0;
    const catalog = new ModelCatalog(3_600_000, () => time);
    const list = async () => {
      calls += 1;
      return ['gpt-5', 'gpt-5.1'];
    };
    expect(await catalog.models('https://api.openai.com/v1', list)).toEqual({ models: ['gpt-5', 'gpt-5.1'], fromEndpoint: true });
    time = 3_599_000;
    await catalog.models('https://api.openai.com/v1', list);
    expect(calls).toBe(1);
    time = 3_600_001;
    await catalog.models('https://api.openai.com/v1', list);
    expect(calls).toBe(2);
  });

  it('falls back to the table when the endpoint has no model list, and asks again next time', async () => {
    const catalog = new ModelCatalog();
    let calls = 0;
    const failing = async (): Promise<string[]> => {
      calls += 1;
      throw new Error('404 Not Found');
    };
    expect(await catalog.models('http://proxy', failing)).toEqual({ models: [...KNOWN_MODELS], fromEndpoint: false });
    await catalog.models('http://proxy', failing);
    expect(calls).toBe(2);
  });
});
