import { describe, expect, it } from 'vitest';
import { watchDiagnostics, type SettleClock } from '../../../src/common/problems/diagnosticsSettle';

/** A clock the test moves by hand; timers run in order when their time comes. */
class ManualClock implements SettleClock {
  private time = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 0;
  now(): number {
    return this.time;
  }
  schedule(ms: number, run: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  }
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.run();
    }
    this.time = until;
  }
  get pending(): number {
    return this.timers.length;
  }
}

function source() {
  const listeners = new Set<() => void>();
  return {
    changes: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fire: () => listeners.forEach((listener) => listener()),
    get listening() {
      return listeners.size;
    },
  };
}

const limits = { firstChangeMs: 3000, quietMs: 1000, maxMs: 8000 };

async function outcomeAfter(promise: Promise<string>): Promise<string | undefined> {
  let result: string | undefined;
  void promise.then((value) => (result = value));
  await Promise.resolve();
  await Promise.resolve();
  return result;
}

describe('waiting for the language servers after an edit', () => {
  it('is done a quiet spell after the last diagnostics change', async () => {
    const clock = new ManualClock();
    const diagnostics = source();
    const watch = watchDiagnostics(diagnostics.changes, clock);
    const settled = watch.settled(limits);
    clock.advance(200);
    diagnostics.fire();
    clock.advance(900);
    diagnostics.fire();
    clock.advance(999);
    expect(await outcomeAfter(settled)).toBeUndefined();
    clock.advance(1);
    expect(await outcomeAfter(settled)).toBe('settled');
    expect(diagnostics.listening).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('counts a change that came before the wait began (between the edit and the call)', async () => {
    const clock = new ManualClock();
    const diagnostics = source();
    const watch = watchDiagnostics(diagnostics.changes, clock);
    clock.advance(500);
    diagnostics.fire();
    clock.advance(600);
    const settled = watch.settled(limits);
    clock.advance(399);
    expect(await outcomeAfter(settled)).toBeUndefined();
    clock.advance(1);
    expect(await outcomeAfter(settled)).toBe('settled');
  });

  it('stops waiting when nothing changes at all', async () => {
    const clock = new ManualClock();
    const watch = watchDiagnostics(source().changes, clock);
    const settled = watch.settled(limits);
    clock.advance(2999);
    expect(await outcomeAfter(settled)).toBeUndefined();
    clock.advance(1);
    expect(await outcomeAfter(settled)).toBe('unchanged');
  });

  it('stops at the cap while diagnostics keep changing', async () => {
    const clock = new ManualClock();
    const diagnostics = source();
    const watch = watchDiagnostics(diagnostics.changes, clock);
    const settled = watch.settled(limits);
    for (let elapsed = 0; elapsed < 8000; elapsed += 500) {
      diagnostics.fire();
      clock.advance(500);
    }
    expect(await outcomeAfter(settled)).toBe('capped');
    expect(diagnostics.listening).toBe(0);
  });

  it('stops listening when disposed without waiting (the edit failed)', () => {
    const diagnostics = source();
    watchDiagnostics(diagnostics.changes, new ManualClock()).dispose();
    expect(diagnostics.listening).toBe(0);
  });
});
