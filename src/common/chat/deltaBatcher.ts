// Coalesces streamed text so the webview receives at most one message per turn and interval
// (~one frame), never the whole transcript per token.

export type DeltaField = 'answer' | 'reasoning' | 'refusal';

export interface TurnDeltaBatch {
  turnId: string;
  answer?: string;
  reasoning?: string;
  refusal?: string;
}

export interface BatchScheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a monotonic-enough clock; without it batches go out only when the timer fires. */
  now?(): number;
}

const realScheduler: BatchScheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class DeltaBatcher {
  private readonly pending = new Map<string, Record<DeltaField, string[]>>();
  private timer: unknown;
  /** When the pending timer was set. */
  private timerSince = 0;

  constructor(
    private readonly post: (batch: TurnDeltaBatch) => void,
    private readonly intervalMs = 16,
    private readonly scheduler: BatchScheduler = realScheduler,
  ) {}

  add(turnId: string, field: DeltaField, text: string): void {
    if (text === '') return;
    let parts = this.pending.get(turnId);
    if (!parts) {
      parts = { answer: [], reasoning: [], refusal: [] };
      this.pending.set(turnId, parts);
    }
    parts[field].push(text);
    const now = this.scheduler.now?.();
    if (this.timer === undefined) {
      this.timerSince = now ?? 0;
      this.timer = this.scheduler.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.intervalMs);
    } else if (now !== undefined && now - this.timerSince >= this.intervalMs) {
      // A burst of buffered deltas keeps the event loop busy and the timer waiting: post on time anyway.
      this.flush();
    }
  }

  /** Posts everything pending now (before a turn ends, so the end never overtakes its text). */
  flush(): void {
    if (this.timer !== undefined) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batches = [...this.pending];
    this.pending.clear();
    for (const [turnId, parts] of batches) {
      const batch: TurnDeltaBatch = { turnId };
      for (const field of ['answer', 'reasoning', 'refusal'] as const) {
        if (parts[field].length > 0) batch[field] = parts[field].join('');
      }
      this.post(batch);
    }
  }

  /** Drops pending text (the caller is about to send it as part of a full snapshot). */
  discard(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  dispose(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
