// Streaming paint of the shipped chat panel (issue 12's render targets): the production webview
// bundle (dist/webview.js from `npm run build`) in headless Chromium under the real CSP, fed the
// host's real messages (turnStarted, DeltaBatcher-coalesced turnDelta batches, turnEnded) at 250
// deltas per second. Per answer: last delta → the frame that shows the final answer, the longest
// animation frame, and the main thread's busy time (Chromium trace, CPU time) ÷ stream time.
// The streamed DOM is compared with a one-shot render of the same markdown (a reopened chat).

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
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
/** Runs per main answer: the keys are medians (p95 for the final paint) over these. */
const RUNS = 3;
/** The answer counts as painted once its DOM has not changed for this long. */
const SETTLE_MS = 500;
/** A hostile answer still painting this long after its last delta is recorded as "> cap". */
const HOSTILE_CAP_MS = 60_000;
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
  busy: MainThreadBusy | null;
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

/** Each run gets its own Chromium: a renderer stuck in a capped run cannot slow the next one. */
async function inFreshBrowser<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

function streamOnce(server: WebviewPageServer, driver: string, answer: AnswerCase, capMs: number): Promise<StreamRun> {
  return inFreshBrowser((browser) => streamInBrowser(browser, server, driver, answer, capMs));
}

async function streamInBrowser(browser: Browser, server: WebviewPageServer, driver: string, answer: AnswerCase, capMs: number): Promise<StreamRun> {
  const page = await openPanel(browser, server, driver);
  const deltas = splitIntoDeltas(answer.text, answer.deltas, SEED + answer.deltas);
  // A short answer first, as in a chat in progress: the first render of the session (JIT,
  // highlight.js grammars) is not what a long answer's stream costs.
  const warmup: StreamOptions = { turnId: 'warmup', deltas: splitIntoDeltas(mixedAnswer(SEED + 1, 8_000), 200, SEED), deltasPerSecond: 2_000, settleMs: 100, capMs: 30_000 };
  await page.evaluate(`window.__renderStream.run(${JSON.stringify(warmup)})`);
  const options: StreamOptions = { turnId: 'measured', deltas, deltasPerSecond: DELTAS_PER_SECOND, settleMs: SETTLE_MS, capMs };
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const streamMs = (deltas.length / DELTAS_PER_SECOND) * 1000;
  // The page can only give up between tasks; a task that runs for minutes is cut off from here.
  const timing = await withDeadline(page, page.evaluate(`window.__renderStream.run(${JSON.stringify(options)})`) as Promise<StreamTiming>, streamMs + capMs + 15_000);
  const trace = await withDeadline(page, browser.stopTracing(), 120_000).catch(() => undefined);
  const base = { chars: answer.text.length, deltas: deltas.length, streamMs, lastDeltaLateMs: timing ? timing.lastDeltaAt - timing.lastDeltaDueAt : null, batches: timing?.batches ?? 0, driverMs: timing?.driverMs ?? 0 };
  if (!timing || timing.finalPaintAt < 0) {
    if (!page.isClosed()) await page.close({ runBeforeUnload: false });
    return { ...base, finalPaintMs: null, finalPaintCpuMs: null, busy: null, panelBusyMs: null, html: null };
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
    busy,
    panelBusyMs: busy ? Math.max(0, busy.busyCpuMs - timing.driverMs) : null,
    html,
  };
}

/** The answer rendered in one go (a snapshot with the finished turn, as when a chat is reopened). */
function oneShotHtml(server: WebviewPageServer, driver: string, text: string, capMs: number): Promise<string | null> {
  return inFreshBrowser(async (browser) => {
    const page = await openPanel(browser, server, driver);
    const html = await withDeadline(page, page.evaluate(`window.__renderStream.oneShot('measured', ${JSON.stringify(text)}, ${SETTLE_MS})`) as Promise<string>, capMs);
    return html ?? null;
  });
}

function firstDifference(a: string, b: string): string {
  let index = 0;
  while (index < a.length && a[index] === b[index]) index += 1;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, index - 60), index + 60));
  return `at character ${index}: streamed ${around(a)} vs one-shot ${around(b)}`;
}

function describeRun(label: string, run: StreamRun): void {
  const paint = run.finalPaintMs === null ? 'not painted before the cap' : `${run.finalPaintMs.toFixed(0)} ms (${run.finalPaintCpuMs?.toFixed(0) ?? '?'} ms CPU)`;
  const busy = run.busy
    ? `busy ${run.panelBusyMs!.toFixed(0)} ms CPU (${run.busy.busyWallMs.toFixed(0)} ms wall) in ${(run.streamMs / 1000).toFixed(1)} s = ${((run.panelBusyMs! / run.streamMs) * 100).toFixed(1)} %; longest frame ${run.busy.longestFrameMs.toFixed(0)} ms (${run.busy.longestFrameCpuMs.toFixed(0)} ms CPU), longest task ${run.busy.longestTaskMs.toFixed(0)} ms (${run.busy.longestTaskCpuMs.toFixed(0)} ms CPU); CPU in style+layout ${run.busy.breakdownCpuMs.styleLayout.toFixed(0)} ms, paint ${run.busy.breakdownCpuMs.paint.toFixed(0)} ms, GC ${run.busy.breakdownCpuMs.gc.toFixed(0)} ms`
    : 'no trace';
  console.log(`  ${label.padEnd(22)} ${String(run.chars).padStart(8)} chars, ${run.deltas} deltas in ${run.batches} batches; final paint ${paint}; ${busy}; driver ${run.driverMs.toFixed(0)} ms, its last delta ${run.lastDeltaLateMs?.toFixed(0) ?? '?'} ms late`);
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
    console.log(`Answers (seed ${SEED}): 200 KB = ${large.text.length} chars, ${(codeShare(large.text) * 100).toFixed(0)} % code, one 20 KB fence; 50 KB = ${small.text.length} chars, ${(codeShare(small.text) * 100).toFixed(0)} % code. Load average ${loadBefore}.\n`);
    const runs: Record<string, StreamRun[]> = { [large.name]: [], [small.name]: [] };
    for (let round_ = 0; round_ < RUNS; round_ += 1) {
      for (const answer of [large, small]) {
        const run = await streamOnce(server, driver, answer, MAIN_CAP_MS);
        runs[answer.name]!.push(run);
        describeRun(`${answer.name} run ${round_ + 1}`, run);
      }
    }

    const domChecks: Record<string, boolean | string> = {};
    for (const answer of [large, small]) {
      const streamed = runs[answer.name]!.find((run) => run.html !== null)?.html;
      const oneShot = await oneShotHtml(server, driver, answer.text, MAIN_CAP_MS);
      domChecks[answer.name] = streamed && oneShot !== null ? streamed === oneShot || firstDifference(streamed, oneShot) : 'not compared: no finished render';
    }

    console.log('\nHostile answers, each streamed in 5,000 deltas at 250 deltas/s:');
    const hostile: AnswerCase[] = [
      { name: '1 MB single line', text: singleLineAnswer(SEED, 1_000_000), deltas: 5_000 },
      { name: '5,000-row table', text: longTableAnswer(SEED, 5_000), deltas: 5_000 },
      { name: '1,000-level list', text: nestedListAnswer(SEED, 1_000), deltas: 5_000 },
    ];
    const hostileRuns: Record<string, StreamRun> = {};
    for (const answer of hostile) {
      const run = await streamOnce(server, driver, answer, HOSTILE_CAP_MS);
      hostileRuns[answer.name] = run;
      describeRun(answer.name, run);
      if (run.html !== null) {
        const oneShot = await oneShotHtml(server, driver, answer.text, ONE_SHOT_CAP_MS);
        domChecks[answer.name] = oneShot !== null ? run.html === oneShot || firstDifference(run.html, oneShot) : 'not compared: the one-shot render did not finish within the cap';
      }
    }
    for (const [name, check] of Object.entries(domChecks)) console.log(`  DOM after streaming = one-shot render, ${name}: ${check === true ? 'yes' : check === false ? 'no' : check}`);

    const all = [...runs[large.name]!, ...runs[small.name]!];
    const painted = all.map((run) => run.finalPaintMs);
    const traced = (list: StreamRun[]) => list.filter((run) => run.busy !== null && run.panelBusyMs !== null);
    const largeBusy = traced(runs[large.name]!).map((run) => run.panelBusyMs!);
    const smallBusy = traced(runs[small.name]!).map((run) => run.panelBusyMs!);
    const shares = traced(runs[large.name]!).map((run) => run.panelBusyMs! / run.streamMs);
    const frames = traced(all).map((run) => run.busy!.longestFrameMs);
    const framesCpu = traced(all).map((run) => run.busy!.longestFrameCpuMs);
    const paintedCpu = all.map((run) => run.finalPaintCpuMs);
    const hostilePaints = Object.values(hostileRuns).map((run) => run.finalPaintMs);
    const compared = Object.values(domChecks).filter((check) => typeof check === 'boolean' || !check.startsWith('not compared'));
    const loadAfter = loadavg().map((value) => value.toFixed(1)).join(' ');
    const summary = (list: StreamRun[]) =>
      list.map((run) => ({
        final_paint_ms: run.finalPaintMs === null ? null : round(run.finalPaintMs),
        final_paint_cpu_ms: run.finalPaintCpuMs === null ? null : round(run.finalPaintCpuMs),
        busy_cpu_ms: run.panelBusyMs === null ? null : round(run.panelBusyMs),
        busy_wall_ms: run.busy ? round(run.busy.busyWallMs) : null,
        stream_ms: round(run.streamMs),
        longest_frame_ms: run.busy ? round(run.busy.longestFrameMs) : null,
        longest_frame_cpu_ms: run.busy ? round(run.busy.longestFrameCpuMs) : null,
        cpu_style_layout_ms: run.busy ? round(run.busy.breakdownCpuMs.styleLayout) : null,
        cpu_paint_ms: run.busy ? round(run.busy.breakdownCpuMs.paint) : null,
        cpu_gc_ms: run.busy ? round(run.busy.breakdownCpuMs.gc) : null,
        longest_task_ms: run.busy ? round(run.busy.longestTaskMs) : null,
        batches: run.batches,
        driver_late_ms: run.lastDeltaLateMs === null ? null : round(run.lastDeltaLateMs),
      }));
    return {
      final_paint_ms_p95: painted.some((value) => value === null) ? null : round(percentile(painted as number[], 95)),
      longest_frame_ms: frames.length > 0 ? round(median(frames)) : null,
      busy_share_250dps: shares.length > 0 ? round(median(shares), 4) : null,
      busy_ratio_200k_50k: largeBusy.length > 0 && smallBusy.length > 0 ? round(median(largeBusy) / median(smallBusy), 2) : null,
      dom_matches_one_shot: compared.length > 0 ? compared.every((check) => check === true) : null,
      hostile_final_paint_ms_max: hostilePaints.some((value) => value === null) ? `> ${HOSTILE_CAP_MS}` : round(Math.max(...(hostilePaints as number[]))),
      final_paint_cpu_ms_p95: paintedCpu.some((value) => value === null) ? null : round(percentile(paintedCpu as number[], 95)),
      longest_frame_cpu_ms: framesCpu.length > 0 ? round(median(framesCpu)) : null,
      stream: {
        seed: SEED,
        deltas_per_second: DELTAS_PER_SECOND,
        runs: RUNS,
        load_average: `${loadBefore} → ${loadAfter}`,
        answer_200k: { chars: large.text.length, deltas: large.deltas, code_share: round(codeShare(large.text), 3), runs: summary(runs[large.name]!) },
        answer_50k: { chars: small.text.length, deltas: small.deltas, code_share: round(codeShare(small.text), 3), runs: summary(runs[small.name]!) },
        hostile: Object.fromEntries(Object.entries(hostileRuns).map(([name, run]) => [name, { chars: run.chars, ...summary([run])[0] }])),
        dom_checks: domChecks,
      },
    };
  } finally {
    await server.close();
  }
}
