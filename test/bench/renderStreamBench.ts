// Streaming paint of the shipped chat panel (issue 12's render targets): the production webview
// bundle (dist/webview.js from `npm run build`) in headless Chromium under the real CSP, fed the
// host's real messages (turnStarted, DeltaBatcher-coalesced turnDelta batches, turnEnded) at 250
// deltas per second. Per answer: last delta → the frame that shows the final answer, the longest
// animation frame, and the main thread's busy time (Chromium trace, CPU time) ÷ stream time.
// The streamed DOM is compared with a one-shot render of the same markdown (a reopened chat).
//
// While working on the panel (these only narrow what runs; the keys mean the same):
//   RENDER_STREAM_QUICK=1        one run of the 200 KB answer only (no 50 KB, hostile or DOM checks)
//   RENDER_STREAM_QUICK=50k      the same with the 50 KB answer only
//   RENDER_STREAM_TRACE_DIR=dir  also writes each run's Chromium trace there (open it in DevTools)
//   RENDER_STREAM_TRACE_CATEGORIES=a,b  more trace categories (e.g. disabled-by-default-devtools.timeline)

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { bundleForBrowser } from '../browser/browserHarness';
import { launchChromium, startWebviewPageServer, type WebviewPageServer } from '../harness/webviewPage';
import { longTableAnswer, mixedAnswer, nestedListAnswer, singleLineAnswer, splitIntoDeltas, codeShare } from './renderAnswers';
import type { StreamOptions, StreamTiming } from './renderStreamPage';
import { mainThreadBusy, readPageTrace, TRACE_CATEGORIES, type MainThreadBusy } from './renderStreamTrace';
import { repoRoot } from './results';

const SEED = 20261127;
const DELTAS_PER_SECOND = 250;
/** A quick look while iterating (see the note at the top); never what results.json is made of. */
const QUICK = process.env.RENDER_STREAM_QUICK === '1' || process.env.RENDER_STREAM_QUICK === '50k';
const QUICK_SMALL = process.env.RENDER_STREAM_QUICK === '50k';
const TRACE_DIR = process.env.RENDER_STREAM_TRACE_DIR;
const EXTRA_CATEGORIES = (process.env.RENDER_STREAM_TRACE_CATEGORIES ?? '').split(',').filter(Boolean);
/** Runs per main answer: the keys are medians (p95 for the final paint) over these. */
const RUNS = QUICK ? 1 : 3;
/** The answer counts as painted once its DOM has not changed for this long. */
const SETTLE_MS = 500;
/** A hostile answer still painting this long after its last delta is recorded as "> cap". */
const HOSTILE_CAP_MS = 60_000;
/** Hostile answers stream for 10 s each (the shape, not the length of the stream, is what is hostile), 3 runs. */
const HOSTILE_DELTAS = 2_500;
const HOSTILE_RUNS = 3;
const MAIN_CAP_MS = 30_000;
/** The one-shot render only serves the DOM comparison: a hostile one still running after this is not compared. */
const ONE_SHOT_CAP_MS = 30_000;

interface AnswerCase {
  name: string;
  text: string;
  deltas: number;
}

interface StreamRun {
  chars: number;
  deltas: number;
  batches: number;
  /** First delta → when the last one was due. */
  streamMs: number;
  /** How late the in-page driver handed the last delta over (the panel kept the thread busy). */
  lastDeltaLateMs: number | null;
  /** Last delta due → final paint; null: still not painted when capped. */
  finalPaintMs: number | null;
  /** The main thread's CPU time from the last delta to that paint (what a machine with a free core would wait). */
  finalPaintCpuMs: number | null;
  /** That CPU time by phase (style+layout, paint, GC; script and the rest is what remains). */
  finalPaintBreakdown: MainThreadBusy['breakdownCpuMs'] | null;
  busy: MainThreadBusy | null;
  /** When the frame with the most CPU time came and what it spent it on (see mainThreadBusy). */
  longestFrameNote: string | null;
  driverMs: number;
  /** Busy CPU time of the panel (the driver's own time taken out). */
  panelBusyMs: number | null;
  html: string | null;
}

export interface RenderStreamResult {
  final_paint_ms_p95: number | null;
  longest_frame_ms: number | null;
  busy_share_250dps: number | null;
  busy_ratio_200k_50k: number | null;
  dom_matches_one_shot: boolean | null;
  hostile_final_paint_ms_max: number | string | null;
  /** The same two numbers in main-thread CPU time: what they would be with a core free (the machines are shared). */
  final_paint_cpu_ms_p95: number | null;
  longest_frame_cpu_ms: number | null;
  stream: Record<string, unknown>;
}

/** The shipped bundles, exactly as `npm run build` makes them (minified dist/webview.js). */
export function buildShippedBundle(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'pipe', timeout: 300_000 });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

/** Races a page call against a deadline; a page whose main thread never comes back is closed. */
async function withDeadline<T>(page: Page, work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const result = await Promise.race([work, deadline]);
  clearTimeout(timer);
  if (result === undefined) {
    work.catch(() => undefined);
    await page.close({ runBeforeUnload: false }).catch(() => undefined);
  }
  return result;
}

async function openPanel(browser: Browser, server: WebviewPageServer, driver: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  await page.goto(server.pageUrl());
  await page.waitForSelector('#codewright-app .transcript');
  await page.evaluate(driver);
  return page;
}

/** One Chromium for the runs, replaced after a run that hit its cap: its renderer or its trace
 *  may still be stuck, and must not slow the next run. */
class BrowserSlot {
  private browser: Browser | undefined;

  async use<T>(work: (browser: Browser) => Promise<T>, healthy: (value: T) => boolean): Promise<T> {
    this.browser ??= await launchChromium();
    try {
      const value = await work(this.browser);
      if (!healthy(value)) await this.reset();
      return value;
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  async reset(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    await browser?.close();
  }
}

const browsers = new BrowserSlot();

function streamOnce(server: WebviewPageServer, driver: string, answer: AnswerCase, capMs: number): Promise<StreamRun> {
  return browsers.use(
    (browser) => streamInBrowser(browser, server, driver, answer, capMs),
    (run) => run.finalPaintMs !== null && run.busy !== null,
  );
}

async function streamInBrowser(browser: Browser, server: WebviewPageServer, driver: string, answer: AnswerCase, capMs: number): Promise<StreamRun> {
  const page = await openPanel(browser, server, driver);
  const deltas = splitIntoDeltas(answer.text, answer.deltas, SEED + answer.deltas);
  // A short answer first, as in a chat in progress: the first render of the session (JIT,
  // highlight.js grammars) is not what a long answer's stream costs.
  const warmup: StreamOptions = { turnId: 'warmup', deltas: splitIntoDeltas(mixedAnswer(SEED + 1, 8_000), 200, SEED), deltasPerSecond: 2_000, settleMs: 100, capMs: 30_000 };
  await page.evaluate(`window.__renderStream.run(${JSON.stringify(warmup)})`);
  const options: StreamOptions = { turnId: 'measured', deltas, deltasPerSecond: DELTAS_PER_SECOND, settleMs: SETTLE_MS, capMs };
  await browser.startTracing(page, { categories: [...TRACE_CATEGORIES, ...EXTRA_CATEGORIES] });
  const streamMs = (deltas.length / DELTAS_PER_SECOND) * 1000;
  // The page can only give up between tasks; a task that runs for minutes is cut off from here.
  const timing = await withDeadline(page, page.evaluate(`window.__renderStream.run(${JSON.stringify(options)})`) as Promise<StreamTiming>, streamMs + capMs + 15_000);
  const trace = await withDeadline(page, browser.stopTracing(), 120_000).catch(() => undefined);
  if (trace && TRACE_DIR) {
    mkdirSync(TRACE_DIR, { recursive: true });
    writeFileSync(join(TRACE_DIR, `${answer.name.replace(/[^\w]+/g, '_')}-${Date.now()}.json`), trace);
  }
  const base = { chars: answer.text.length, deltas: deltas.length, streamMs, lastDeltaLateMs: timing ? timing.lastDeltaAt - timing.lastDeltaDueAt : null, batches: timing?.batches ?? 0, driverMs: timing?.driverMs ?? 0 };
  if (!timing || timing.finalPaintAt < 0) {
    if (!page.isClosed()) await page.close({ runBeforeUnload: false });
    return { ...base, finalPaintMs: null, finalPaintCpuMs: null, finalPaintBreakdown: null, busy: null, longestFrameNote: null, panelBusyMs: null, html: null };
  }
  const pageTrace = trace ? readPageTrace(trace) : undefined;
  const busy = pageTrace ? mainThreadBusy(pageTrace, { from: timing.startedAt, to: timing.finalPaintAt }) : null;
  const tail = pageTrace ? mainThreadBusy(pageTrace, { from: timing.lastDeltaDueAt, to: timing.finalPaintAt }) : null;
  const html = (await page.evaluate(`window.__renderStream.answerHtml('measured')`)) as string;
  await page.close();
  return {
    ...base,
    streamMs: timing.lastDeltaDueAt - timing.startedAt,
    lastDeltaLateMs: timing.lastDeltaAt - timing.lastDeltaDueAt,
    finalPaintMs: timing.finalPaintAt - timing.lastDeltaDueAt,
    finalPaintCpuMs: tail ? tail.busyCpuMs : null,
    finalPaintBreakdown: tail ? tail.breakdownCpuMs : null,
    busy,
    longestFrameNote: busy?.longestFrame ? describeLongestFrame(busy.longestFrame, timing) : null,
    // The driver's own tasks (its pacing and the batcher's timers, the host's side) are taken out whole.
    panelBusyMs: busy ? Math.max(0, busy.busyCpuMs - busy.driverCpuMs) : null,
    html,
  };
}

function describeLongestFrame(frame: NonNullable<MainThreadBusy['longestFrame']>, timing: StreamTiming): string {
  const at = (frame.at - timing.startedAt) / 1000;
  const lastDelta = (timing.lastDeltaDueAt - timing.startedAt) / 1000;
  const spent = frame.selfCpuMs.slice(0, 8).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
  return `at ${at.toFixed(2)} s of ${lastDelta.toFixed(2)} s (the last delta), CPU ms by trace event: ${spent}`;
}

/** The answer rendered in one go (a snapshot with the finished turn, as when a chat is reopened). */
function oneShotHtml(server: WebviewPageServer, driver: string, text: string, capMs: number): Promise<string | null> {
  return browsers.use(
    async (browser) => {
      const page = await openPanel(browser, server, driver);
      const html = await withDeadline(page, page.evaluate(`window.__renderStream.oneShot('measured', ${JSON.stringify(text)}, ${SETTLE_MS})`) as Promise<string>, capMs);
      if (!page.isClosed()) await page.close();
      return html ?? null;
    },
    (html) => html !== null,
  );
}

function firstDifference(a: string, b: string): string {
  let index = 0;
  while (index < a.length && a[index] === b[index]) index += 1;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, index - 60), index + 60));
  return `at character ${index}: streamed ${around(a)} vs one-shot ${around(b)}`;
}

function describeRun(label: string, run: StreamRun): void {
  const split = run.finalPaintBreakdown;
  const tailSplit = split && run.finalPaintCpuMs !== null ? `: ${split.styleLayout.toFixed(0)} style+layout, ${split.paint.toFixed(0)} paint, ${split.gc.toFixed(0)} GC, ${Math.max(0, run.finalPaintCpuMs - split.styleLayout - split.paint - split.gc).toFixed(0)} script+other` : '';
  const paint = run.finalPaintMs === null ? 'not painted before the cap' : `${run.finalPaintMs.toFixed(0)} ms (${run.finalPaintCpuMs?.toFixed(0) ?? '?'} ms CPU${tailSplit})`;
  const busy = run.busy
    ? `busy ${run.panelBusyMs!.toFixed(0)} ms CPU (${run.busy.busyWallMs.toFixed(0)} ms wall) in ${(run.streamMs / 1000).toFixed(1)} s = ${((run.panelBusyMs! / run.streamMs) * 100).toFixed(1)} %; longest frame ${run.busy.longestFrameMs.toFixed(0)} ms (${run.busy.longestFrameCpuMs.toFixed(0)} ms CPU), longest task ${run.busy.longestTaskMs.toFixed(0)} ms (${run.busy.longestTaskCpuMs.toFixed(0)} ms CPU); CPU in style+layout ${run.busy.breakdownCpuMs.styleLayout.toFixed(0)} ms, paint ${run.busy.breakdownCpuMs.paint.toFixed(0)} ms, GC ${run.busy.breakdownCpuMs.gc.toFixed(0)} ms`
    : 'no trace';
  console.log(`  ${label.padEnd(22)} ${String(run.chars).padStart(8)} chars, ${run.deltas} deltas in ${run.batches} batches; final paint ${paint}; ${busy}; driver ${run.driverMs.toFixed(0)} ms in its script, ${run.busy?.driverCpuMs.toFixed(0) ?? '?'} ms CPU in its own tasks (not counted as busy), its last delta ${run.lastDeltaLateMs?.toFixed(0) ?? '?'} ms late`);
  if (run.longestFrameNote) console.log(`  ${''.padEnd(22)} frame with the most CPU ${run.longestFrameNote}`);
}

type DomChecks = Record<string, boolean | string>;

async function compareWithOneShot(server: WebviewPageServer, driver: string, answer: AnswerCase, runs: StreamRun[], capMs: number): Promise<boolean | string> {
  const streamed = runs.find((run) => run.html !== null)?.html;
  if (!streamed) return 'not compared: no streamed run finished';
  const oneShot = await oneShotHtml(server, driver, answer.text, capMs);
  if (oneShot === null) return 'not compared: the one-shot render did not finish within the cap';
  return streamed === oneShot || firstDifference(streamed, oneShot);
}

/** The 200 KB and 50 KB answers, alternating, RUNS times each. */
async function measureMain(server: WebviewPageServer, driver: string, answers: AnswerCase[], domChecks: DomChecks): Promise<StreamRun[][]> {
  const runs: StreamRun[][] = answers.map(() => []);
  for (let index = 0; index < RUNS; index += 1) {
    for (const [which, answer] of answers.entries()) {
      const run = await streamOnce(server, driver, answer, MAIN_CAP_MS);
      runs[which]!.push(run);
      describeRun(`${answer.name} run ${index + 1}`, run);
    }
  }
  if (QUICK) return runs;
  for (const [which, answer] of answers.entries()) domChecks[answer.name] = await compareWithOneShot(server, driver, answer, runs[which]!, MAIN_CAP_MS);
  return runs;
}

async function measureHostile(server: WebviewPageServer, driver: string, domChecks: DomChecks): Promise<Record<string, StreamRun[]>> {
  console.log(`\nHostile answers, each streamed in ${HOSTILE_DELTAS} deltas at ${DELTAS_PER_SECOND} deltas/s, ${HOSTILE_RUNS} runs (one if it hits the ${HOSTILE_CAP_MS / 1000} s cap):`);
  const hostile: AnswerCase[] = [
    { name: '1 MB single line', text: singleLineAnswer(SEED, 1_000_000), deltas: HOSTILE_DELTAS },
    { name: '5,000-row table', text: longTableAnswer(SEED, 5_000), deltas: HOSTILE_DELTAS },
    { name: '1,000-level list', text: nestedListAnswer(SEED, 1_000), deltas: HOSTILE_DELTAS },
  ];
  const hostileRuns: Record<string, StreamRun[]> = {};
  for (const answer of hostile) {
    const list: StreamRun[] = [];
    for (let index = 0; index < HOSTILE_RUNS; index += 1) {
      const run = await streamOnce(server, driver, answer, HOSTILE_CAP_MS);
      list.push(run);
      describeRun(`${answer.name} run ${index + 1}`, run);
      // A capped run already decides the key ("> cap"); more would only add minutes.
      if (run.finalPaintMs === null) break;
    }
    hostileRuns[answer.name] = list;
    domChecks[answer.name] = await compareWithOneShot(server, driver, answer, list, ONE_SHOT_CAP_MS);
  }
  return hostileRuns;
}

/** The median of the runs' values; null when a run has none (it was capped). */
function medianOf(list: StreamRun[], pick: (run: StreamRun) => number | null): number | null {
  const values = list.map(pick);
  return values.length === 0 || values.some((value) => value === null) ? null : median(values as number[]);
}

function summarizeRun(run: StreamRun): Record<string, number | null> {
  const busy = run.busy;
  const rounded = (value: number | null | undefined) => (value === null || value === undefined ? null : round(value));
  return {
    final_paint_ms: rounded(run.finalPaintMs),
    final_paint_cpu_ms: rounded(run.finalPaintCpuMs),
    busy_cpu_ms: rounded(run.panelBusyMs),
    busy_wall_ms: rounded(busy?.busyWallMs),
    stream_ms: round(run.streamMs),
    longest_frame_ms: rounded(busy?.longestFrameMs),
    longest_frame_cpu_ms: rounded(busy?.longestFrameCpuMs),
    cpu_style_layout_ms: rounded(busy?.breakdownCpuMs.styleLayout),
    cpu_paint_ms: rounded(busy?.breakdownCpuMs.paint),
    cpu_gc_ms: rounded(busy?.breakdownCpuMs.gc),
    longest_task_ms: rounded(busy?.longestTaskMs),
    batches: run.batches,
    driver_late_ms: rounded(run.lastDeltaLateMs),
  };
}

/** The issue-12 keys from the runs: medians of runs, p95 of the final paints, max over hostile answers. */
function streamKeys(large: StreamRun[], small: StreamRun[], hostileRuns: Record<string, StreamRun[]>, domChecks: DomChecks): Omit<RenderStreamResult, 'stream'> {
  const all = [...large, ...small];
  const traced = (list: StreamRun[]) => list.filter((run) => run.busy !== null && run.panelBusyMs !== null);
  const p95 = (values: (number | null)[]) => (values.length === 0 || values.some((value) => value === null) ? null : round(percentile(values as number[], 95)));
  const medianOrNull = (values: number[], digits = 1) => (values.length > 0 ? round(median(values), digits) : null);
  const largeBusy = medianOf(traced(large), (run) => run.panelBusyMs);
  const smallBusy = medianOf(traced(small), (run) => run.panelBusyMs);
  const hostilePaints = Object.values(hostileRuns).map((list) => medianOf(list, (run) => run.finalPaintMs));
  const compared = Object.values(domChecks).filter((check) => typeof check === 'boolean' || !check.startsWith('not compared'));
  return {
    final_paint_ms_p95: p95(all.map((run) => run.finalPaintMs)),
    longest_frame_ms: medianOrNull(traced(all).map((run) => run.busy!.longestFrameMs)),
    busy_share_250dps: medianOrNull(traced(large).map((run) => run.panelBusyMs! / run.streamMs), 4),
    busy_ratio_200k_50k: largeBusy !== null && smallBusy !== null && smallBusy > 0 ? round(largeBusy / smallBusy, 2) : null,
    dom_matches_one_shot: compared.length > 0 ? compared.every((check) => check === true) : null,
    hostile_final_paint_ms_max: hostilePaints.length === 0 ? null : hostilePaints.some((value) => value === null) ? `> ${HOSTILE_CAP_MS}` : round(Math.max(...(hostilePaints as number[]))),
    final_paint_cpu_ms_p95: p95(all.map((run) => run.finalPaintCpuMs)),
    longest_frame_cpu_ms: medianOrNull(traced(all).map((run) => run.busy!.longestFrameCpuMs)),
  };
}

export async function runRenderStreamBench(): Promise<RenderStreamResult> {
  const loadBefore = loadavg().map((value) => value.toFixed(1)).join(' ');
  buildShippedBundle();
  const driver = await bundleForBrowser(fileURLToPath(new URL('./renderStreamPage.ts', import.meta.url)));
  const server = await startWebviewPageServer();
  try {
    const large: AnswerCase = { name: '200 KB', text: mixedAnswer(SEED, 200_000, 20_000), deltas: 5_000 };
    const small: AnswerCase = { name: '50 KB', text: mixedAnswer(SEED + 2, 50_000), deltas: 1_250 };
    console.log(`The shipped dist/webview.js in headless Chromium (420×900), ${DELTAS_PER_SECOND} deltas/s, batched by DeltaBatcher (16 ms) as the host posts them.`);
    console.log(`Answers (seed ${SEED}): 200 KB = ${large.text.length} chars, ${(codeShare(large.text) * 100).toFixed(0)} % code, one 20 KB fence; 50 KB = ${small.text.length} chars, ${(codeShare(small.text) * 100).toFixed(0)} % code. Load average ${loadBefore}.`);
    console.log(`final_paint_ms_p95 is the p95 (nearest rank) of all ${RUNS * 2} runs; the other keys are medians.\n`);
    const domChecks: DomChecks = {};
    const measured = QUICK ? [QUICK_SMALL ? small : large] : [large, small];
    const runsByAnswer = await measureMain(server, driver, measured, domChecks);
    const largeRuns = measured.includes(large) ? runsByAnswer[measured.indexOf(large)]! : [];
    const smallRuns = measured.includes(small) ? runsByAnswer[measured.indexOf(small)]! : [];
    const hostileRuns = QUICK ? {} : await measureHostile(server, driver, domChecks);
    for (const [name, check] of Object.entries(domChecks)) console.log(`  DOM after streaming = one-shot render, ${name}: ${check === true ? 'yes' : check === false ? 'no' : check}`);
    const loadAfter = loadavg().map((value) => value.toFixed(1)).join(' ');
    const hostileSummary = Object.entries(hostileRuns).map(([name, list]) => {
      const paint = medianOf(list, (run) => run.finalPaintMs);
      const paintCpu = medianOf(list, (run) => run.finalPaintCpuMs);
      return [name, { chars: list[0]!.chars, final_paint_ms: paint === null ? null : round(paint), final_paint_cpu_ms: paintCpu === null ? null : round(paintCpu), runs: list.map(summarizeRun) }];
    });
    return {
      ...streamKeys(largeRuns, smallRuns, hostileRuns, domChecks),
      stream: {
        seed: SEED,
        deltas_per_second: DELTAS_PER_SECOND,
        runs: RUNS,
        load_average: `${loadBefore} → ${loadAfter}`,
        answer_200k: { chars: large.text.length, deltas: large.deltas, code_share: round(codeShare(large.text), 3), runs: largeRuns.map(summarizeRun) },
        answer_50k: { chars: small.text.length, deltas: small.deltas, code_share: round(codeShare(small.text), 3), runs: smallRuns.map(summarizeRun) },
        hostile_deltas: HOSTILE_DELTAS,
        hostile: Object.fromEntries(hostileSummary),
        dom_checks: domChecks,
      },
    };
  } finally {
    await browsers.reset();
    await server.close();
  }
}
