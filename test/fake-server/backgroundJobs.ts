// Background responses (`background: true`), as the real API keeps them: the response goes on
// being generated when the client's connection drops, its events can be streamed again from a
// sequence number (`GET /v1/responses/{id}?stream=true&starting_after=N`), and it can be
// cancelled (`POST /v1/responses/{id}/cancel`).
import type { JsonRecord } from './json';

interface BackgroundJob {
  /** Framed SSE blocks; block i carries sequence_number i. */
  blocks: string[];
  final: JsonRecord | undefined;
  cancelled: boolean;
}

export class BackgroundJobs {
  private readonly jobs = new Map<string, BackgroundJob>();

  add(id: string, blocks: string[], final: JsonRecord | undefined): void {
    this.jobs.set(id, { blocks, final, cancelled: false });
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /** The blocks after `startingAfter` (all of them when undefined); undefined for an unknown id. */
  blocksAfter(id: string, startingAfter: number | undefined): string[] | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    return job.blocks.slice(startingAfter === undefined ? 0 : Math.max(0, startingAfter + 1));
  }

  /** Marks the job cancelled; returns the response as the API answers a cancel, or undefined. */
  cancel(id: string): JsonRecord | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    job.cancelled = true;
    return { ...(job.final ?? { id, object: 'response' }), status: 'cancelled', background: true };
  }

  isCancelled(id: string): boolean {
    return this.jobs.get(id)?.cancelled ?? false;
  }

  final(id: string): JsonRecord | undefined {
    return this.jobs.get(id)?.final;
  }
}

/** `/v1/responses/{id}` or `/v1/responses/{id}/cancel`, with the query parsed. */
export function backgroundRoute(method: string, url: string): { id: string; cancel: boolean; stream: boolean; startingAfter?: number } | undefined {
  const parsed = new URL(url, 'http://fake.invalid');
  const match = /^\/v1\/responses\/([^/]+)(\/cancel)?\/?$/.exec(parsed.pathname);
  if (!match) return undefined;
  const cancel = match[2] !== undefined;
  if ((cancel && method !== 'POST') || (!cancel && method !== 'GET')) return undefined;
  const after = parsed.searchParams.get('starting_after');
  return {
    id: decodeURIComponent(match[1]),
    cancel,
    stream: parsed.searchParams.get('stream') === 'true',
    ...(after !== null && /^\d+$/.test(after) ? { startingAfter: Number(after) } : {}),
  };
}
