// Raw-HTML neutralizing on hostile single lines (a model can write a megabyte of `<!--` or `<`):
// the time must grow linearly with the line, so the scaling ratio 1 MB ÷ 100 KB stays near 10.

import { neutralizeRawHtml } from '../../src/webview/markdown/rawHtmlPolicy';

const SHAPES: Record<string, (chars: number) => string> = {
  'unclosed <!--': (chars) => '<!--'.repeat(Math.ceil(chars / 4)).slice(0, chars),
  'bare <': (chars) => '<'.repeat(chars),
  '<a title="x': (chars) => '<a title="x '.repeat(Math.ceil(chars / 12)).slice(0, chars),
  '<b><i>': (chars) => '<b><i>'.repeat(Math.ceil(chars / 6)).slice(0, chars),
};

const SIZES = [100_000, 1_000_000];
const RUNS = 3;

function medianMs(line: string): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // CPU time, not wall time: the machine is shared and its load would swamp a wall clock.
    const started = process.cpuUsage();
    neutralizeRawHtml(line);
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

export interface RawHtmlBenchResult {
  /** The slowest shape at 1 MB, in ms. */
  raw_html_1mb_ms_max: number;
  /** The worst 1 MB ÷ 100 KB time ratio over the shapes (10 = linear). */
  raw_html_scaling_ratio_max: number;
}

export function runRawHtmlBench(): RawHtmlBenchResult {
  console.log('Raw HTML neutralizing, one hostile line (CPU ms, median of 3):');
  console.log('  shape               100 KB ms    1 MB ms   ratio (10 = linear)');
  let worstMs = 0;
  let worstRatio = 0;
  for (const [name, make] of Object.entries(SHAPES)) {
    const [small, large] = SIZES.map((chars) => medianMs(make(chars)));
    const ratio = large / Math.max(small, 0.01);
    worstMs = Math.max(worstMs, large);
    worstRatio = Math.max(worstRatio, ratio);
    console.log(`  ${name.padEnd(18)} ${small.toFixed(1).padStart(10)} ${large.toFixed(1).padStart(10)} ${ratio.toFixed(1).padStart(8)}`);
  }
  return { raw_html_1mb_ms_max: Number(worstMs.toFixed(1)), raw_html_scaling_ratio_max: Number(worstRatio.toFixed(1)) };
}
