// `npm run bench [-- <area>...]`: measures the product's speed and edit accuracy, prints every
// number with PASS/FAIL beside its target, and writes bench/results.json (areas not run keep their
// last results). Areas: render, pipeline, patch, context, activation, edits, tools (default: all).
// `render:stream` measures only the render area's streaming-paint keys (about half of its time)
// and keeps its other keys from the last run. Benchmarks measure; they never fail `npm test`.

import { loadavg } from 'node:os';
import { runActivationBench } from './activationBench';
import { runChatPanelBench } from './chatPanelBench';
import { runContextBench } from './contextBench';
import { CODEX_VERSION } from './edits/codexTool';
import { runEditBench } from './edits/editBench';
import { runMarkdownBench } from './markdownBench';
import { runRawHtmlBench } from './rawHtmlBench';
import { runPatchBench } from './patchBench';
import { runPipelineBench } from './pipelineBench';
import { runRenderStreamBench } from './renderStreamBench';
import { runToolsBench } from './toolsBench';
import type { Area, AreaResult } from './results';
import { AREAS, describeMachine, readResults, RESULTS_PATH, unmeasured, writeResults } from './results';
import { evaluateTargets, printTargets } from './targets';

const ALIASES: Record<string, Area> = { markdown: 'render', panel: 'render', 'render:stream': 'render' };
const STREAM_ONLY = process.argv.slice(2).includes('render:stream') && !process.argv.slice(2).includes('render');

const STREAM_KEYS = ['final_paint_ms_p95', 'longest_frame_ms', 'busy_share_250dps', 'busy_ratio_200k_50k', 'dom_matches_one_shot', 'hostile_final_paint_ms_max'] as const;

/** The render area's keys that the streaming-paint benchmark does not write, from the last run. */
function otherRenderKeys(): AreaResult {
  const previous = { ...readResults()?.render };
  const why = { ...previous.why_null };
  for (const key of STREAM_KEYS) delete why[key];
  delete previous.stream;
  delete previous.why_null;
  return Object.keys(why).length > 0 ? { ...previous, why_null: why } : previous;
}

async function renderArea(): Promise<AreaResult> {
  console.log('### Streaming paint of the shipped panel: 200 KB and 50 KB answers, hostile answers (headless Chromium)\n');
  const result: AreaResult = STREAM_ONLY ? otherRenderKeys() : {};
  try {
    Object.assign(result, await runRenderStreamBench());
  } catch (error) {
    // The other render measurements still run; the stream keys say why they are missing.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    for (const key of STREAM_KEYS) unmeasured(result, key, `the streaming-paint benchmark failed: ${reason}`);
  }
  for (const key of STREAM_KEYS) {
    if (result[key] === null && !result.why_null?.[key]) unmeasured(result, key, 'a run did not finish (see the stream runs above)');
  }
  if (STREAM_ONLY) return result;
  console.log('\n### Incremental markdown vs re-render-everything (headless Chromium)\n');
  const markdown = await runMarkdownBench();
  console.log('\n### Chat panel with a long conversation (headless Chromium)\n');
  const panel = await runChatPanelBench();
  console.log('');
  const rawHtml = runRawHtmlBench();
  Object.assign(result, markdown, rawHtml, { panel });
  if (markdown.naive_busy_ratio === null) unmeasured(result, 'naive_busy_ratio', 'the re-render-everything baseline finished no size');
  return result;
}

async function patchArea(): Promise<AreaResult> {
  // patchBench reports its keys when it returns them; until then its table is printed only.
  const value: unknown = await runPatchBench();
  if (value && typeof value === 'object') return value as AreaResult;
  const result: AreaResult = {};
  for (const key of ['ms_50k_lines_1000_chunks', 'ms_10k_lines_100_chunks', 'ms_1mb_file', 'scaling_ratio_50k_10k']) {
    unmeasured(result, key, 'test/bench/patchBench.ts prints its table but does not return its numbers yet');
  }
  return result;
}

const RUNNERS: Record<Area, { title: string; run: () => Promise<AreaResult> }> = {
  render: { title: 'Rendering', run: renderArea },
  pipeline: { title: 'Pipeline: fake server → SDK → reducer → batched posts', run: runPipelineBench },
  patch: { title: 'apply_patch engine (parse + plan)', run: patchArea },
  context: { title: 'Context: one request with 50 open files', run: runContextBench },
  activation: { title: 'Activation: shipped bundle sizes', run: runActivationBench },
  edits: { title: "Edits: Codewright's apply_patch against Codex's, on the same seeded corpus", run: async () => ({ ...(await runEditBench()) }) },
  tools: { title: 'Read tools: search_text and find_files on a generated 10,000-file workspace', run: runToolsBench },
};

function requestedAreas(argv: readonly string[]): Area[] {
  if (argv.length === 0) return [...AREAS];
  return argv.map((name) => {
    const area = ALIASES[name] ?? (AREAS as readonly string[]).find((candidate) => candidate === name);
    if (!area) throw new Error(`Unknown benchmark area '${name}'. Areas: ${AREAS.join(', ')}.`);
    return area as Area;
  });
}

async function main(): Promise<void> {
  const areas = [...new Set(requestedAreas(process.argv.slice(2)))];
  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(`Codewright benchmarks — Node ${process.version}, ${new Date().toISOString()}, load average ${load}\n`);
  const measured: Partial<Record<Area, AreaResult>> = {};
  const machine = { ...describeMachine(areas.includes('edits') ? { '@openai/codex': CODEX_VERSION } : {}), load_average_at_run: load };
  for (const area of areas) {
    console.log(`## ${RUNNERS[area].title}\n`);
    try {
      measured[area] = await RUNNERS[area].run();
    } catch (error) {
      // One area failing (no Chromium, no network for Codex) leaves the others' numbers standing.
      const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
      console.log(`  ${area} failed: ${reason}`);
      measured[area] = { error: reason };
    }
    // Written after every area, so a long run that is stopped keeps what it measured.
    writeResults({ [area]: measured[area] }, machine);
    console.log('');
  }
  const results = writeResults(measured, machine);
  printTargets(evaluateTargets(results, areas));
  console.log(`\nWrote ${RESULTS_PATH}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
