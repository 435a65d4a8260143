// What the patch engine answers for the input shapes that used to cost quadratic time (see
// test/bench/patchBench.ts for their speed): the answers must stay the ones a valid patch always got.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyUpdateChunks } from '../../../src/common/patch/chunkApplier';
import { findSequence, findSequencePrefix, LineIndex, MAX_REPORTED_MATCHES } from '../../../src/common/patch/chunkLocator';
import { LINE_BLOCKS } from '../../../src/common/patch/lineIndex';
import { parsePatch } from '../../../src/common/patch/patchParser';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import type { UpdateChunk } from '../../../src/common/patch/patchTypes';
import { isPatchError, MAX_PATCH_INPUT_CHARS } from '../../../src/common/patch/patchTypes';
import { StreamingPatchParser } from '../../../src/common/patch/streamingPatchParser';
import { memoryWorkspace } from './memoryWorkspace';

const DEFAULT_BLOCK_LINES = LINE_BLOCKS.lines;

function chunksOf(...lines: string[]): readonly UpdateChunk[] {
  const result = parsePatch(['*** Begin Patch', '*** Update File: f', ...lines, '*** End Patch'].join('\n'));
  if (!result.ok) throw new Error(result.message);
  const hunk = result.patch.hunks[0];
  if (hunk?.type !== 'update') throw new Error('expected an update hunk');
  return hunk.chunks;
}

const apply = (original: string, ...lines: string[]): string | undefined => {
  const result = applyUpdateChunks(original, chunksOf(...lines), 'f');
  return typeof result === 'string' ? result : result.message;
};

describe('the retry without trailing empty lines', () => {
  it('still finds a one-line chunk followed by thousands of empty lines', () => {
    expect(apply('q\n', '@@', '-q', ...new Array<string>(5_000).fill(''))).toBe('');
  });

  it('keeps a blank context line that precedes added lines as an added empty line', () => {
    expect(apply('a\nb\n', ' a', '', '+x')).toBe('a\n\nx\nb\n');
    expect(apply('a\nb\n', ' a', '', '', '+x')).toBe('a\n\n\nx\nb\n');
  });

  it('drops a removed empty line, and a blank context line with nothing added after it', () => {
    expect(apply('a\nb\n', '-a', '-', '+z')).toBe('z\nb\n');
    expect(apply('a\nb\n', '-a', '+z', ' ')).toBe('z\nb\n');
  });

  it('tries the longer chunk in every pass before dropping an empty line', () => {
    const file = new LineIndex(['q  ', '', 'q']);
    expect(findSequencePrefix(file, ['q', '', ''], 0, false, 1)).toEqual({ match: { kind: 'found', start: 0, pass: 1 }, length: 2 });
  });

  it('is still ambiguous when the shorter chunk matches twice', () => {
    const result = applyUpdateChunks('q\nx\nq\nx\n', chunksOf('@@', '-q', '', ''), 'f');
    expect(isPatchError(result) && result.code).toBe('ambiguous');
  });
});

describe('ambiguity in a file of identical lines', () => {
  it('stops at the place after the ones it lists', () => {
    const file = new LineIndex(new Array<string>(1_000).fill('x'));
    expect(findSequence(file, ['x', 'x', 'x'], 0, false)).toEqual({
      kind: 'ambiguous',
      starts: [0, 1, 2, 3, 4],
      count: MAX_REPORTED_MATCHES + 1,
      pass: 0,
    });
  });

  it('says "more than 5 places" when it stopped counting', () => {
    const result = applyUpdateChunks('x\n'.repeat(50), chunksOf('@@', ' x', '-x', '+y'), 'f');
    expect(isPatchError(result) && result.message).toContain('matches more than 5 places in f (starting at lines 1, 2, 3, 4, 5, …)');
  });

  it('still counts exactly up to five places', () => {
    const result = applyUpdateChunks('x\ny\n'.repeat(4), chunksOf('@@', ' x', '-y'), 'f');
    expect(isPatchError(result) && result.message).toContain('matches 4 places in f (starting at lines 1, 3, 5, 7)');
  });
});

describe('an index edited in place', () => {
  afterEach(() => {
    LINE_BLOCKS.lines = DEFAULT_BLOCK_LINES;
  });

  it('finds what a fresh index of the edited lines finds, across block boundaries', () => {
    const line = fc.constantFrom('a', 'b', ' a', 'a ', '\u2014', '-', '');
    const edit = fc.tuple(fc.nat(), fc.nat(), fc.array(line, { maxLength: 5 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.array(line, { minLength: 1, maxLength: 3 }),
        (blockLines, lines, edits, pattern) => {
          LINE_BLOCKS.lines = blockLines;
          const edited = new LineIndex(lines);
          for (const pass of [0, 1, 2, 3] as const) edited.pass(pass);
          let next = [...lines];
          for (const [at, removed, inserted] of edits) {
            const start = at % (next.length + 1);
            const end = Math.min(next.length, start + (removed % 4));
            next = [...next.slice(0, start), ...inserted, ...next.slice(end)];
            edited.replace(start, end - start, inserted, inserted.map(() => '\n'));
          }
          const fresh = new LineIndex(next);
          expect(edited.length).toBe(next.length);
          expect(edited.text()).toBe(fresh.text());
          for (let from = 0; from <= next.length; from++) {
            expect(findSequence(edited, pattern, from, false)).toEqual(findSequence(fresh, pattern, from, false));
            expect(findSequence(edited, pattern, from, true)).toEqual(findSequence(fresh, pattern, from, true));
            if (from < next.length) expect(edited.nextSibling(from, from)).toBe(fresh.nextSibling(from, from));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe.each([DEFAULT_BLOCK_LINES, 1, 3])('many Update File sections on one file (index blocks of %i lines)', (blockLines) => {
  beforeAll(() => {
    LINE_BLOCKS.lines = blockLines;
  });
  afterAll(() => {
    LINE_BLOCKS.lines = DEFAULT_BLOCK_LINES;
  });

  const ending = fc.constantFrom('\n', '\r\n');
  const text = fc.constantFrom('a', 'b', 'c', '', 'a\r', ' a');
  const file = fc
    .tuple(fc.array(fc.tuple(text, ending), { minLength: 1, maxLength: 8 }), fc.boolean())
    .map(([lines, finalNewline]) => lines.map(([line, end], index) => line + (index === lines.length - 1 && !finalNewline ? '' : end)).join(''));
  const chunkLine = fc.tuple(fc.constantFrom(' ', '-', '+', '+'), fc.constantFrom('a', 'b', '', 'c ')).map(([prefix, body]) => prefix + body);
  const section = fc.array(chunkLine, { minLength: 1, maxLength: 3 }).map((lines) => ['*** Update File: f.txt', '@@', ...lines]);

  it('give the bytes that applying each section to the previous text gives', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(file, fc.array(section, { minLength: 2, maxLength: 5 }), async (original, sections) => {
        let expected: string | undefined = original;
        for (const lines of sections) {
          const parsed = parsePatch(['*** Begin Patch', ...lines, '*** End Patch'].join('\n'));
          const hunk = parsed.ok ? parsed.patch.hunks[0] : undefined;
          const next: ReturnType<typeof applyUpdateChunks> | undefined =
            expected !== undefined && hunk?.type === 'update' ? applyUpdateChunks(expected, hunk.chunks, 'f.txt') : undefined;
          expected = typeof next === 'string' ? next : undefined;
        }
        const plan = await planPatch(['*** Begin Patch', ...sections.flat(), '*** End Patch'].join('\n'), memoryWorkspace({ files: { 'f.txt': original } }));
        if (expected === undefined) {
          expect(plan.ok).toBe(false);
        } else {
          expect(plan.ok).toBe(true);
          applied++;
          const change = plan.ok ? plan.changes.find((c) => c.path === 'f.txt') : undefined;
          expect(change?.newText ?? original).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
    // The property is about edits that apply, not only about errors.
    expect(applied).toBeGreaterThan(30);
  });
});

describe('the tool-input size cap', () => {
  const oversized = `*** Begin Patch\n*** Add File: big.txt\n${'+x\n'.repeat(MAX_PATCH_INPUT_CHARS / 3 + 1)}*** End Patch`;

  it('refuses a patch longer than the cap with a message that says how to split it', async () => {
    const result = await planPatch(oversized, memoryWorkspace({}));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('too-large');
    expect(!result.ok && result.message).toMatch(/longer than 2,097,152 characters.*Split the change into several apply_patch calls/);
  });

  it('accepts a patch just under the cap', async () => {
    const body = '+x\n'.repeat(Math.floor((MAX_PATCH_INPUT_CHARS - 100) / 3));
    const result = await planPatch(`*** Begin Patch\n*** Add File: big.txt\n${body}*** End Patch`, memoryWorkspace({}));
    expect(result.ok).toBe(true);
  });

  it('stops parsing a stream that goes over the cap and reports it while streaming and at the end', () => {
    const parser = new StreamingPatchParser();
    for (let at = 0; at < oversized.length; at += 65_536) parser.push(oversized.slice(at, at + 65_536));
    const snapshot = parser.snapshot();
    expect(snapshot.error).toMatch(/longer than 2,097,152 characters/);
    expect(snapshot.complete).toBe(false);
    expect(parser.finish()).toEqual(parsePatch(oversized));
  });
});

describe('streaming snapshots', () => {
  it('stay as they were when more input arrives', () => {
    const parser = new StreamingPatchParser();
    parser.push('*** Begin Patch\n*** Update File: a.ts\n@@ class A\n@@ f()\n -x\n+y\n');
    const first = parser.snapshot();
    const copy = structuredClone(first);
    parser.push('+z\n@@\n-w\n*** Add File: b.ts\n+1\n');
    parser.snapshot();
    parser.push('+2\n');
    expect(first).toEqual(copy);
    expect(parser.snapshot().files.map((file) => file.chunks.map((chunk) => chunk.text))).toEqual([
      ['@@ class A\n@@ f()\n -x\n+y\n+z', '@@\n-w'],
      ['+1\n+2'],
    ]);
  });
});
