// Property tests: random files (LF, CRLF or mixed endings, with or without BOM and final newline)
// and random line edits; a patch generated from the edits must reproduce the target exactly.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_BLOCKS } from '../../../src/common/patch/lineIndex';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import { splitLines } from '../../../src/common/patch/textModel';
import { memoryWorkspace } from './memoryWorkspace';

type LineOp = { readonly kind: 'keep' } | { readonly kind: 'delete' } | { readonly kind: 'replace'; readonly text: string };

interface Case {
  readonly lines: readonly string[];
  readonly endingMode: 'lf' | 'crlf' | 'mixed';
  readonly mixedEndings: readonly ('\n' | '\r\n')[];
  readonly finalNewline: boolean;
  readonly bom: boolean;
  readonly ops: readonly LineOp[];
  /** inserts[i]: new lines before original line i; inserts[n]: at the end. */
  readonly inserts: readonly (readonly string[])[];
  readonly context: number;
  readonly fuzzContext: boolean;
  readonly markEndOfFile: boolean;
}

const newText = fc.string({ maxLength: 16, unit: fc.constantFrom('x', 'y', ' ', '\t', '-', '+', '@', '*', 'é', '€', '🙂') });

const anyCase: fc.Arbitrary<Case> = fc.integer({ min: 0, max: 30 }).chain((count) =>
  fc.record({
    lines: fc.array(fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'b', ' ', '(', ')', ';', 'ü') }), { minLength: count, maxLength: count }).map((tails) =>
      tails.map((tail, index) => `L${index}${tail}`),
    ),
    endingMode: fc.constantFrom('lf' as const, 'crlf' as const, 'mixed' as const),
    mixedEndings: fc.array(fc.constantFrom('\n' as const, '\r\n' as const), { minLength: count, maxLength: count }),
    finalNewline: fc.boolean(),
    bom: fc.boolean(),
    ops: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<LineOp>({ kind: 'keep' }) },
        { weight: 1, arbitrary: fc.constant<LineOp>({ kind: 'delete' }) },
        { weight: 2, arbitrary: newText.map((text): LineOp => ({ kind: 'replace', text })) },
      ),
      { minLength: count, maxLength: count },
    ),
    inserts: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(newText, { minLength: 1, maxLength: 3 }) }), {
      minLength: count + 1,
      maxLength: count + 1,
    }),
    context: fc.integer({ min: 1, max: 3 }),
    fuzzContext: fc.boolean(),
    markEndOfFile: fc.boolean(),
  }),
);

const caseArbitrary = anyCase.filter((c) => c.inserts.some((_, index) => changed(c, index)));

function originalEndings(c: Case): string[] {
  return c.lines.map((_, index) => {
    const ending = c.endingMode === 'lf' ? '\n' : c.endingMode === 'crlf' ? '\r\n' : (c.mixedEndings[index] ?? '\n');
    return index === c.lines.length - 1 && !c.finalNewline ? '' : ending;
  });
}

function originalText(c: Case): string {
  const endings = originalEndings(c);
  return c.lines.map((line, index) => line + endings[index]).join('');
}

function targetLines(c: Case): string[] {
  const out: string[] = [];
  c.lines.forEach((line, index) => {
    out.push(...(c.inserts[index] ?? []));
    const op = c.ops[index];
    if (op?.kind === 'keep') out.push(line);
    else if (op?.kind === 'replace') out.push(op.text);
  });
  out.push(...(c.inserts[c.lines.length] ?? []));
  return out;
}

function changed(c: Case, index: number): boolean {
  return (c.inserts[index] ?? []).length > 0 || (index < c.lines.length && c.ops[index]?.kind !== 'keep');
}

/** A patch made from the edits: changes closer than 2×context lines share a chunk. */
function makePatch(c: Case): string {
  const n = c.lines.length;
  const positions: number[] = [];
  for (let index = 0; index <= n; index++) if (changed(c, index)) positions.push(index);
  const regions: [number, number][] = [];
  for (const position of positions) {
    const last = regions[regions.length - 1];
    if (last && position - last[1] <= 2 * c.context) last[1] = position;
    else regions.push([position, position]);
  }
  const context = (index: number): string => ` ${c.lines[index] ?? ''}${c.fuzzContext ? '  ' : ''}`;
  const out = ['*** Begin Patch', '*** Update File: file.txt'];
  for (const [start, end] of regions) {
    out.push('@@');
    for (let index = Math.max(0, start - c.context); index < start; index++) out.push(context(index));
    for (let index = start; index <= end; index++) {
      for (const inserted of c.inserts[index] ?? []) out.push(`+${inserted}`);
      if (index >= n) continue;
      const op = c.ops[index];
      if (op?.kind === 'keep') out.push(context(index));
      else if (op?.kind === 'delete') out.push(`-${c.lines[index] ?? ''}`);
      else if (op?.kind === 'replace') out.push(`-${c.lines[index] ?? ''}`, `+${op.text}`);
    }
    const afterEnd = Math.min(n - 1, end + c.context);
    for (let index = end + 1; index <= afterEnd; index++) out.push(context(index));
    const reachesEnd = end >= n - 1 && (end >= n || afterEnd === n - 1);
    if (c.markEndOfFile && reachesEnd && n > 0 && out[out.length - 1] !== '@@') out.push('*** End of File');
  }
  out.push('*** End Patch');
  return out.join('\n');
}

async function apply(c: Case): Promise<{ text: string; bytes: Uint8Array } | undefined> {
  const body = new TextEncoder().encode(originalText(c));
  const bytes = c.bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
  const plan = await planPatch(makePatch(c), memoryWorkspace({ files: { 'file.txt': bytes } }));
  if (!plan.ok) throw new Error(`${plan.message}\n--- patch ---\n${makePatch(c)}`);
  const change = plan.changes[0];
  if (!change) return undefined;
  return { text: change.newText ?? '', bytes: change.newBytes ?? new Uint8Array() };
}

const DEFAULT_BLOCK_LINES = LINE_BLOCKS.lines;

// Also with tiny index blocks, so edits cross block boundaries in these small files.
describe.each([DEFAULT_BLOCK_LINES, 2])('generated patches (index blocks of %i lines)', (blockLines) => {
  beforeAll(() => {
    LINE_BLOCKS.lines = blockLines;
  });
  afterAll(() => {
    LINE_BLOCKS.lines = DEFAULT_BLOCK_LINES;
  });

  it('reproduce the target exactly for LF and CRLF files, with or without BOM and final newline', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary.filter((c) => c.endingMode !== 'mixed'), async (c) => {
        const target = targetLines(c);
        // A file without any line ending (empty, or one line without newline) gives new lines '\n'.
        const ending = originalEndings(c).includes('\r\n') ? '\r\n' : '\n';
        const keepsFinalNewline = c.lines.length === 0 || c.finalNewline;
        const expected = target.length === 0 ? '' : target.join(ending) + (keepsFinalNewline ? ending : '');
        const result = await apply(c);
        const text = result?.text ?? originalText(c);
        expect(text).toBe(expected);
        if (result) {
          const expectedBytes = new TextEncoder().encode(expected);
          expect(Array.from(result.bytes)).toEqual(c.bom ? [0xef, 0xbb, 0xbf, ...expectedBytes] : Array.from(expectedBytes));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keep every untouched line ending and the final-newline state in mixed-ending files', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary.filter((c) => c.endingMode === 'mixed'), async (c) => {
        const target = targetLines(c);
        const keepsFinalNewline = c.lines.length === 0 || c.finalNewline;
        // An empty last line without a final newline has no bytes: the text cannot show it as a line.
        fc.pre(keepsFinalNewline || target[target.length - 1] !== '');
        const result = await apply(c);
        const text = result?.text ?? originalText(c);
        const { texts, endings } = splitLines(text);
        expect(texts).toEqual(target);
        // Final newline kept (an originally empty file gets one).
        if (target.length > 0) expect(endings[endings.length - 1] !== '').toBe(keepsFinalNewline);
        // Every other line has a real ending.
        expect(endings.slice(0, -1).every((ending) => ending === '\n' || ending === '\r\n')).toBe(true);
        // Kept lines keep their own ending (unless the final-newline rule applies to them).
        const original = originalEndings(c);
        let outputIndex = 0;
        c.lines.forEach((_, index) => {
          outputIndex += (c.inserts[index] ?? []).length;
          const op = c.ops[index];
          if (op?.kind === 'keep') {
            const isLastOut = outputIndex === target.length - 1;
            const own = original[index] ?? '';
            if (!isLastOut && own !== '') expect(endings[outputIndex]).toBe(own);
            outputIndex++;
          } else if (op?.kind === 'replace') {
            // A replacing line takes the replaced line's ending when it is the first change of its run.
            const startsRun = (index === 0 || c.ops[index - 1]?.kind === 'keep') && (c.inserts[index] ?? []).length === 0;
            const own = original[index] ?? '';
            if (startsRun && outputIndex !== target.length - 1 && own !== '') expect(endings[outputIndex]).toBe(own);
            outputIndex++;
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
