import { describe, expect, it } from 'vitest';
import { codeShare, longTableAnswer, mixedAnswer, nestedListAnswer, singleLineAnswer, splitIntoDeltas } from '../../bench/renderAnswers';
import { mainThreadBusy, readPageTrace } from '../../bench/renderStreamTrace';
import { evaluateTargets } from '../../bench/targets';

describe('render benchmark answers', () => {
  it('generates the same 200 KB answer from the same seed, with about 40 % code, tables, lists and one 20 KB fence', () => {
    const answer = mixedAnswer(7, 200_000, 20_000);
    expect(mixedAnswer(7, 200_000, 20_000)).toBe(answer);
    expect(mixedAnswer(8, 200_000, 20_000)).not.toBe(answer);
    expect(answer.length).toBeGreaterThanOrEqual(200_000);
    expect(answer.length).toBeLessThan(205_000);
    expect(codeShare(answer)).toBeGreaterThan(0.35);
    expect(codeShare(answer)).toBeLessThan(0.45);
    const fences = [...answer.matchAll(/^```[^\n]*\n[\s\S]*?^```$/gm)].map((match) => match[0].length);
    expect(fences.filter((length) => length >= 20_000)).toHaveLength(1);
    expect(answer).toMatch(/^\| .* \|\n\| (?:---:?|:?---) \|/m);
    expect(answer).toMatch(/^- /m);
    expect(answer).toMatch(/^1\. /m);
  });

  it('splits an answer into exactly the asked number of non-empty deltas that add up to it', () => {
    const answer = mixedAnswer(3, 50_000);
    const deltas = splitIntoDeltas(answer, 1_250, 11);
    expect(deltas).toHaveLength(1_250);
    expect(deltas.join('')).toBe(answer);
    expect(deltas.every((delta) => delta.length > 0)).toBe(true);
    expect(new Set(deltas.map((delta) => delta.length)).size).toBeGreaterThan(20);
    expect(splitIntoDeltas(answer, 1_250, 11)).toEqual(deltas);
  });

  it('builds the hostile shapes: a 1 MB single line, a 5,000-row table and a 1,000-level list', () => {
    const line = singleLineAnswer(1, 1_000_000);
    expect(line.indexOf('\n')).toBe(1_000_000);
    const table = longTableAnswer(1, 5_000);
    expect(table.trimEnd().split('\n')).toHaveLength(5_002);
    const list = nestedListAnswer(1, 1_000).trimEnd().split('\n');
    expect(list).toHaveLength(1_000);
    expect(list[999]).toMatch(/^ {1998}- level 999 /);
  });
});

function traceOf(events: object[]): Buffer {
  const thread = { pid: 1, tid: 1 };
  // Page time 100 ms = trace 1,000,000 µs.
  const mark = { ...thread, name: 'codewright-stream-start', cat: 'blink.user_timing', ph: 'I', ts: 1_000_000, args: { data: { startTime: 100 } } };
  return Buffer.from(JSON.stringify({ traceEvents: [mark, ...events.map((event) => ({ ...thread, cat: 'toplevel', ...event }))] }));
}

describe('render benchmark trace reader', () => {
  it('sums the main thread tasks inside the window in wall and CPU time, counting nested tasks once and clipping at the edges', () => {
    const task = (ts: number, dur: number, tdur: number) => ({ name: 'ThreadControllerImpl::RunTask', ph: 'X', ts, dur, tdur });
    const trace = readPageTrace(
      traceOf([
        task(990_000, 20_000, 10_000), // straddles the start: half of it counts
        task(1_010_000, 5_000, 4_000),
        task(1_011_000, 1_000, 1_000), // nested in the one before
        task(1_050_000, 30_000, 15_000),
        { name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 1_020_000, dur: 9_000, tdur: 9_000, pid: 2 }, // another process
        task(1_300_000, 10_000, 10_000), // after the window
      ]),
    );
    const busy = mainThreadBusy(trace, { from: 100, to: 200 });
    expect(busy.busyWallMs).toBeCloseTo(10 + 5 + 30);
    expect(busy.busyCpuMs).toBeCloseTo(5 + 4 + 15);
    expect(busy.longestTaskMs).toBeCloseTo(30);
    expect(busy.tasks).toBe(3);
  });

  it('reports the longest animation frame that began inside the window', () => {
    const frame = (begin: number, end: number, id: string) => [
      { name: 'AnimationFrame', cat: 'devtools.timeline', ph: 'b', ts: begin, id2: { local: id } },
      { name: 'AnimationFrame', cat: 'devtools.timeline', ph: 'e', ts: end, id2: { local: id } },
    ];
    const trace = readPageTrace(traceOf([...frame(900_000, 1_000_000, '0x1'), ...frame(1_010_000, 1_022_000, '0x1'), ...frame(1_030_000, 1_070_000, '0x2')]));
    const busy = mainThreadBusy(trace, { from: 100, to: 200 });
    expect(busy.frames).toBe(2);
    expect(busy.longestFrameMs).toBeCloseTo(40);
  });
});

describe('benchmark targets', () => {
  it('counts a run stopped at its cap ("> 60000") as a miss of a 1,000 ms target', () => {
    const [row] = evaluateTargets({ render: { hostile_final_paint_ms_max: '> 60000' } }, ['render']).filter((r) => r.name === 'render.hostile_final_paint_ms_max');
    expect(row?.status).toBe('FAIL');
    expect(row?.value).toBe('> 60000 ms');
  });
});
