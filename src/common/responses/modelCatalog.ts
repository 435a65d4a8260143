// The models an endpoint serves (`GET /models`), narrowed to those that answer on the Responses
// API, with Codewright's table models first. Cached per endpoint, because the list changes rarely
// and the picker must open at once.

import { KNOWN_MODELS } from './modelCapabilities';

/** Families that answer on the Responses API; everything else a key lists (embeddings, audio,
 *  images, moderation) is left out of the picker. */
const RESPONSES_FAMILIES = /^(gpt-5|gpt-4\.1|gpt-4o|o1|o3|o4|codex)/i;
const NOT_FOR_TEXT = /(embedding|tts|whisper|transcribe|audio|realtime|image|dall-e|moderation|search|computer-use|instruct)/i;

export function responsesModels(served: readonly string[]): string[] {
  const usable = [...new Set(served)].filter((id) => RESPONSES_FAMILIES.test(id) && !NOT_FOR_TEXT.test(id));
  const known = KNOWN_MODELS.filter((id) => usable.includes(id));
  const others = usable.filter((id) => !KNOWN_MODELS.includes(id)).sort((a, b) => a.localeCompare(b));
  return [...known, ...others];
}

export type ListModels = () => Promise<string[]>;

interface CacheEntry {
  at: number;
  models: Promise<string[]>;
}

/** Remembers each endpoint's list for `ttlMs`; a failed fetch is not remembered. */
export class ModelCatalog {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The endpoint's Responses models, or the table's when the endpoint has no model list. */
  async models(endpoint: string, list: ListModels): Promise<{ models: string[]; fromEndpoint: boolean }> {
    const cached = this.entries.get(endpoint);
    const entry = cached && this.now() - cached.at < this.ttlMs ? cached : { at: this.now(), models: list().then(responsesModels) };
    this.entries.set(endpoint, entry);
    try {
      const models = await entry.models;
      if (models.length > 0) return { models, fromEndpoint: true };
    } catch {
      if (this.entries.get(endpoint) === entry) this.entries.delete(endpoint);
    }
    return { models: [...KNOWN_MODELS], fromEndpoint: false };
  }
}
