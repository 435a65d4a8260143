// The chat panel with a long conversation, in headless Chromium: how long a 100-turn chat takes
// to open (snapshot → painted), and frame times while scrolling through it. Uses the shipped
// webview bundle (dist/webview.js of a production build) under the real CSP, with a stand-in for VS Code's webview API.

import type { ChatSnapshot, TurnView } from '../../src/common/protocol';
import { panelSnapshot } from '../browser/panelFixtures';
import { launchChromium, startWebviewPageServer } from '../harness/webviewPage';
import { buildShippedBundle } from './renderStreamBench';

function answerFor(index: number): string {
  return [
    `### Turn ${index}: what \`process${index}()\` does`,
    '',
    `It reads the input, validates it and returns a **summary**. See [the docs](https://example.com/${index}).`,
    '',
    '```ts',
    ...Array.from({ length: 12 }, (_, line) => `const value${line} = compute(${index}, ${line}); // step ${line}`),
    '```',
    '',
    '| step | cost |',
    '|---|---|',
    ...Array.from({ length: 4 }, (_, row) => `| ${row} | ${row * index} |`),
    '',
    ...Array.from({ length: 6 }, (_, item) => `- point ${item}: keep the ${item}th invariant`),
  ].join('\n');
}

function conversation(turns: number): ChatSnapshot {
  const views: TurnView[] = Array.from({ length: turns }, (_, i) => ({
    id: `turn-${i}`,
    prompt: `Question ${i}: explain process${i}`,
    contextLabels: ['src/app.ts (lines 1–40)'],
    answer: answerFor(i),
    reasoning: `Looked at process${i} and its callers.`,
    refusal: '',
    status: 'completed',
    footer: {
      model: 'gpt-5',
      reasoningEffort: 'medium',
      verbosity: 'medium',
      usage: { inputTokens: 1200, cachedInputTokens: 0, outputTokens: 400, reasoningTokens: 100 },
      costUsd: 0.0055,
      elapsedMs: 4200,
    },
  }));
  return panelSnapshot({ conversationId: 'bench', turns: views });
}

/** Scroll frames sampled per chat at least (a short chat is scrolled through more than once). */
const MIN_SCROLL_FRAMES = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Per conversation length: time to open it and scroll frame times (ms). */
export type ChatPanelBenchResult = Record<string, { open_ms: number; scroll_p95_ms: number; scroll_max_ms: number }>;

export async function runChatPanelBench(): Promise<ChatPanelBenchResult> {
  const result: ChatPanelBenchResult = {};
  buildShippedBundle();
  const server = await startWebviewPageServer();
  const browser = await launchChromium();
  try {
    const rows: string[][] = [];
    for (const turns of [10, 100, 300]) {
      const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
      await page.goto(server.pageUrl());
      await page.waitForSelector('#codewright-app .transcript');
      const snapshot = conversation(turns);
      // Page code goes in as source text: tsx's name-keeping helpers do not exist in the page.
      const openMs = (await page.evaluate(`(async (snap) => {
        const start = performance.now();
        window.postMessage({ type: 'snapshot', snapshot: snap }, '*');
        await new Promise((resolve) => {
          // Opened = every turn is in the transcript and the visible (last) answer is rendered.
          const ready = () => {
            const turns = document.querySelectorAll('article.turn');
            return turns.length === snap.turns.length && turns[turns.length - 1].querySelector('.answer').childElementCount > 0;
          };
          const check = () => (ready() ? resolve() : setTimeout(check, 0));
          check();
        });
        // Two frames: the one that lays out and paints, and the one after it.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - start;
      })(${JSON.stringify(snapshot)})`)) as number;
      const frames = (await page.evaluate(`(async () => {
        const transcript = document.querySelector('.transcript');
        transcript.scrollTop = transcript.scrollHeight;
        const intervals = [];
        let last = performance.now();
        // Bottom to top; a short chat is then scrolled down and up again until there are
        // ${MIN_SCROLL_FRAMES} frames: a p95 of its ~20 frames would be its single slowest one.
        let direction = -1;
        await new Promise((resolve) => {
          const step = () => {
            const now = performance.now();
            intervals.push(now - last);
            last = now;
            const atEnd = direction < 0 ? transcript.scrollTop <= 0 : transcript.scrollTop + transcript.clientHeight >= transcript.scrollHeight - 1;
            if (atEnd) {
              if (intervals.length > ${MIN_SCROLL_FRAMES}) return resolve();
              direction = -direction;
            }
            transcript.scrollTop += 400 * direction;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        });
        return intervals.slice(1);
      })()`)) as number[];
      result[`turns_${turns}`] = { open_ms: Number(openMs.toFixed(0)), scroll_p95_ms: Number(percentile(frames, 95).toFixed(1)), scroll_max_ms: Number(Math.max(...frames).toFixed(1)) };
      rows.push([
        String(turns),
        openMs.toFixed(0),
        String(frames.length),
        percentile(frames, 50).toFixed(1),
        percentile(frames, 95).toFixed(1),
        Math.max(...frames).toFixed(1),
      ]);
      await page.close();
    }
    const header = ['turns', 'open ms', 'scroll frames', 'p50 frame ms', 'p95 frame ms', 'max frame ms'];
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(`\n(headless Chromium, 420×900 viewport, scrolling 400 px per frame from bottom to top, and down and up again until ${MIN_SCROLL_FRAMES} frames; 16.7 ms = 60 fps)`);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}
