// Runs inside the page that hosts the real webview bundle (see renderStreamBench.ts): plays the
// host's side of one streamed answer with the messages the extension really posts — `turnStarted`,
// `turnDelta` batches coalesced by the product's own DeltaBatcher (at most one per 16 ms), then
// `turnEnded` with the full turn — paced at a fixed number of deltas per second, and times the
// panel: when the last delta went out, and when the frame that shows the final answer was painted.

import { DeltaBatcher } from '../../src/common/chat/deltaBatcher';
import type { ChatSnapshot, ExtensionMessage, TurnView } from '../../src/common/protocol';

export interface StreamOptions {
  turnId: string;
  deltas: string[];
  deltasPerSecond: number;
  /** Quiet time (no DOM change in the answer) after which the answer counts as settled. */
  settleMs: number;
  /** Give up waiting for the final paint this long after the last delta was due. */
  capMs: number;
}

export interface StreamTiming {
  /** performance.now() when the first delta was handed to the batcher. */
  startedAt: number;
  /** When the last delta was due: a host in its own process posts it then, however busy the panel is. */
  lastDeltaDueAt: number;
  /** When this driver, which shares the panel's main thread, got to hand it over (and post turnEnded). */
  lastDeltaAt: number;
  /** The end of the first frame painted after the answer's last DOM change (-1: capped). */
  finalPaintAt: number;
  /** Time spent in this driver (pacing, batching, posting), to take out of the panel's busy time. */
  driverMs: number;
  batches: number;
  /** Long animation frames (> 50 ms) Chromium reported between start and final paint. */
  longFrames: number[];
  /** The longest gap between painted frames after the last delta until the final paint. */
  maxGapAfterLastDelta: number;
}

declare global {
  interface Window {
    __renderStream: {
      run(options: StreamOptions): Promise<StreamTiming>;
      /** Shows a finished answer the one-shot way (a snapshot, as when a chat is reopened); resolves with its HTML once settled. */
      oneShot(turnId: string, answer: string, settleMs: number): Promise<string>;
      answerHtml(turnId: string): string;
    };
  }
}

function post(message: ExtensionMessage): void {
  window.postMessage(message, '*');
}

function streamingTurn(turnId: string): TurnView {
  return { id: turnId, prompt: 'Explain the renderer in depth', contextLabels: [], answer: '', reasoning: '', refusal: '', status: 'streaming' };
}

function endedTurn(turnId: string, answer: string): TurnView {
  return {
    ...streamingTurn(turnId),
    answer,
    status: 'completed',
    footer: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', usage: { inputTokens: 1200, cachedInputTokens: 0, outputTokens: 50_000, reasoningTokens: 0 }, elapsedMs: 20_000 },
  };
}

function snapshot(turns: TurnView[]): ChatSnapshot {
  return {
    conversationId: 'render-bench',
    turns,
    chips: [],
    controls: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5'], efforts: ['minimal', 'low', 'medium', 'high'], verbosities: ['low', 'medium', 'high'] },
    history: [],
    generating: turns.some((turn) => turn.status === 'streaming'),
    demo: false,
    hasApiKey: true,
  };
}

function answerElement(turnId: string): HTMLElement | null {
  return document.querySelector(`article.turn[data-turn-id="${turnId}"] .answer`);
}

/** Resolves after the next frame has been rendered: a task queued from rAF runs after paint. */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await afterNextPaint();
}

/** Hands the deltas to the batcher on their schedule; resolves when the last one is out. */
function playDeltas(options: StreamOptions, batcher: DeltaBatcher, timing: StreamTiming): Promise<void> {
  const interval = 1000 / options.deltasPerSecond;
  let next = 0;
  return new Promise((resolve) => {
    const tick = (): void => {
      const tickStart = performance.now();
      const due = Math.min(options.deltas.length, Math.floor((tickStart - timing.startedAt) / interval) + 1);
      for (; next < due; next += 1) batcher.add(options.turnId, 'answer', options.deltas[next]!);
      if (next < options.deltas.length) {
        setTimeout(tick, Math.max(0, timing.startedAt + next * interval - performance.now()));
        timing.driverMs += performance.now() - tickStart;
        return;
      }
      // As TurnStream does at the end of a response: flush what is pending, then end the turn.
      timing.lastDeltaAt = performance.now();
      batcher.flush();
      post({ type: 'turnEnded', turn: endedTurn(options.turnId, options.deltas.join('')) });
      timing.driverMs += performance.now() - tickStart;
      resolve();
    };
    tick();
  });
}

async function run(options: StreamOptions): Promise<StreamTiming> {
  await waitFor(() => document.querySelector('#codewright-app .transcript') !== null);
  post({ type: 'snapshot', snapshot: snapshot([]) });
  post({ type: 'turnStarted', turn: streamingTurn(options.turnId) });
  await waitFor(() => answerElement(options.turnId) !== null);
  await afterNextPaint();

  const longFrames: number[] = [];
  const frameObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longFrames.push(entry.duration);
  });
  try {
    frameObserver.observe({ type: 'long-animation-frame' });
  } catch {
    // A Chromium without Long Animation Frames: the trace still gives the frames.
  }

  const timing: StreamTiming = { startedAt: 0, lastDeltaDueAt: 0, lastDeltaAt: 0, finalPaintAt: -1, driverMs: 0, batches: 0, longFrames, maxGapAfterLastDelta: 0 };
  const batcher = new DeltaBatcher((batch) => {
    timing.batches += 1;
    post({ type: 'turnDelta', ...batch });
  }, 16);

  const answer = answerElement(options.turnId)!;
  let lastMutationAt = 0;
  const mutations = new MutationObserver(() => {
    lastMutationAt = performance.now();
  });

  performance.mark('codewright-stream-start');
  timing.startedAt = performance.now();
  timing.lastDeltaDueAt = timing.startedAt + ((options.deltas.length - 1) * 1000) / options.deltasPerSecond;
  const played = playDeltas(options, batcher, timing);
  await played;
  // Watching starts with the final messages: changes after them are the panel catching up.
  mutations.observe(answer.closest('article.turn')!, { subtree: true, childList: true, characterData: true, attributes: true });
  lastMutationAt = timing.lastDeltaAt;

  let previousPaint = timing.lastDeltaAt;
  const paints: number[] = [];
  for (;;) {
    const paintedAt = await afterNextPaint();
    timing.maxGapAfterLastDelta = Math.max(timing.maxGapAfterLastDelta, paintedAt - previousPaint);
    previousPaint = paintedAt;
    paints.push(paintedAt);
    const ended = answer.closest('article.turn')?.getAttribute('data-status') === 'completed';
    if (ended && paintedAt - lastMutationAt >= options.settleMs) break;
    if (paintedAt - timing.lastDeltaDueAt > options.capMs) break;
  }
  mutations.disconnect();
  const ended = answer.closest('article.turn')?.getAttribute('data-status') === 'completed';
  if (ended && previousPaint - lastMutationAt >= options.settleMs) timing.finalPaintAt = paints.find((paint) => paint > lastMutationAt) ?? previousPaint;
  frameObserver.disconnect();
  return timing;
}

async function oneShot(turnId: string, answer: string, settleMs: number): Promise<string> {
  await waitFor(() => document.querySelector('#codewright-app .transcript') !== null);
  post({ type: 'snapshot', snapshot: snapshot([endedTurn(turnId, answer)]) });
  await waitFor(() => (answerElement(turnId)?.childElementCount ?? 0) > 0);
  let lastMutationAt = performance.now();
  const mutations = new MutationObserver(() => {
    lastMutationAt = performance.now();
  });
  mutations.observe(answerElement(turnId)!, { subtree: true, childList: true, characterData: true, attributes: true });
  while ((await afterNextPaint()) - lastMutationAt < settleMs) {
    // Waits until the answer has not changed for settleMs.
  }
  mutations.disconnect();
  return answerElement(turnId)!.innerHTML;
}

window.__renderStream = {
  run,
  oneShot,
  answerHtml: (turnId) => answerElement(turnId)?.innerHTML ?? '',
};
