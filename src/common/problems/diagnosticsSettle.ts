// When the language servers are done with an edit: they report diagnostics for an edited file in
// bursts (TypeScript: syntax, then semantics, then suggestions), so "done" is a quiet spell after the
// last change. Bounded three ways, so Apply never hangs on a slow or silent server:
// - no change at all within `firstChangeMs` (no server for the file, or nothing to report): done;
// - `quietMs` without a further change after the last one: done;
// - `maxMs` after the start, whatever is still arriving: done.
// The clock and the change source are injected, so the tests drive time and need no sleeps.

export interface SettleClock {
  now(): number;
  /** Calls `run` after `ms`; the returned function cancels it. */
  schedule(ms: number, run: () => void): () => void;
}

export interface SettleLimits {
  firstChangeMs: number;
  quietMs: number;
  maxMs: number;
}

export const DEFAULT_SETTLE_LIMITS: SettleLimits = { firstChangeMs: 3000, quietMs: 1500, maxMs: 8000 };

/** How waiting ended: the diagnostics went quiet, never changed, or were still changing at the cap. */
export type SettleOutcome = 'settled' | 'unchanged' | 'capped';

/** A source of "the diagnostics of a watched file changed" events; returns the unsubscribe. */
export type DiagnosticsChanges = (listener: () => void) => () => void;

export const realClock: SettleClock = {
  now: () => Date.now(),
  schedule: (ms, run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * Resolves once the diagnostics have settled (see the file comment). Subscribe `changes` BEFORE the
 * edit is made and pass the result of `watchDiagnostics` along, so no early report is missed.
 */
export function watchDiagnostics(changes: DiagnosticsChanges, clock: SettleClock = realClock) {
  const started = clock.now();
  let lastChange: number | undefined;
  let notify: (() => void) | undefined;
  let listening = true;
  const stopListening = changes(() => {
    lastChange = clock.now();
    notify?.();
  });
  const unsubscribe = () => {
    if (listening) stopListening();
    listening = false;
  };
  /** Waits (from the moment of the edit) until the diagnostics settled; stops listening when done. */
  const settled = (limits: SettleLimits = DEFAULT_SETTLE_LIMITS): Promise<SettleOutcome> =>
    new Promise<SettleOutcome>((resolve) => {
      let cancelTimer = () => {};
      const finish = (outcome: SettleOutcome) => {
        notify = undefined;
        cancelTimer();
        cancelCap();
        unsubscribe();
        resolve(outcome);
      };
      const cancelCap = clock.schedule(Math.max(0, started + limits.maxMs - clock.now()), () => finish('capped'));
      const arm = () => {
        cancelTimer();
        const now = clock.now();
        if (lastChange === undefined) {
          const left = started + limits.firstChangeMs - now;
          cancelTimer = clock.schedule(Math.max(0, left), () => finish('unchanged'));
        } else {
          const left = lastChange + limits.quietMs - now;
          cancelTimer = clock.schedule(Math.max(0, left), () => finish('settled'));
        }
      };
      notify = arm;
      arm();
    });
  return { settled, dispose: unsubscribe };
}
