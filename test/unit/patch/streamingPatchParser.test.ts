import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePatch } from '../../../src/common/patch/patchParser';
import { StreamingPatchParser } from '../../../src/common/patch/streamingPatchParser';
import { loadScenarios } from './scenarioCorpus';

const SAMPLE = [
  '*** Begin Patch',
  '*** Add File: docs/notes.md',
  '+# Notes',
  '+',
  '+- first',
  '*** Update File: src/app.ts',
  '@@ function main() {',
  '   const a = 1;',
  '-  const b = 2;',
  '+  const b = 3;',
  '+  const c = 4;',
  '@@',
  '-  return a;',
  '+  return a + b;',
  '*** Delete File: old.ts',
  '*** Update File: lib/x.ts',
  '*** Move to: lib/y.ts',
  ' keep',
  '*** End Patch',
].join('\n');

function feed(deltas: readonly string[], snapshotEachDelta = false): StreamingPatchParser {
  const parser = new StreamingPatchParser();
  for (const delta of deltas) {
    parser.push(delta);
    if (snapshotEachDelta) parser.snapshot();
  }
  return parser;
}

describe('StreamingPatchParser', () => {
  it('reports files and chunks as they arrive, before *** End Patch', () => {
    const parser = new StreamingPatchParser();
    parser.push('*** Begin Patch\n*** Add File: docs/notes.md\n+# No');
    expect(parser.snapshot()).toEqual({
      files: [{ path: 'docs/notes.md', operation: 'add', movePath: undefined, added: 0, removed: 0, chunks: [] }],
      complete: false,
      error: undefined,
      pendingLine: '+# No',
    });
    parser.push('tes\n+\n*** Update File: src/app.ts\n@@ function main() {\n   const a = 1;\n-  const b = 2;\n+  const b = 3;\n');
    const files = parser.snapshot().files;
    expect(files[0]).toMatchObject({ path: 'docs/notes.md', added: 2, chunks: [{ text: '+# Notes\n+', added: 2, removed: 0 }] });
    expect(files[1]).toEqual({
      path: 'src/app.ts',
      operation: 'update',
      movePath: undefined,
      added: 1,
      removed: 1,
      chunks: [{ headers: ['function main() {'], text: '@@ function main() {\n   const a = 1;\n-  const b = 2;\n+  const b = 3;', added: 1, removed: 1 }],
    });
  });

  it('reports moves, deletes and completion', () => {
    const snapshot = feed([SAMPLE]).snapshot();
    expect(snapshot.complete).toBe(true);
    expect(snapshot.files.map((file) => [file.operation, file.path, file.movePath, file.added, file.removed])).toEqual([
      ['add', 'docs/notes.md', undefined, 3, 0],
      ['update', 'src/app.ts', undefined, 3, 2],
      ['delete', 'old.ts', undefined, 0, 0],
      ['move', 'lib/x.ts', 'lib/y.ts', 0, 0],
    ]);
  });

  it('never loses a file it has reported while the patch streams in character by character', () => {
    const parser = new StreamingPatchParser();
    let previous = 0;
    const counts = new Set<number>();
    for (const char of SAMPLE) {
      parser.push(char);
      const count = parser.snapshot().files.length;
      expect(count).toBeGreaterThanOrEqual(previous);
      previous = count;
      counts.add(count);
    }
    expect([...counts]).toEqual([0, 1, 2, 3, 4]);
    expect(parser.finish()).toEqual(parsePatch(SAMPLE));
  });

  it('gives the one-shot result for every corpus patch fed one character at a time', () => {
    for (const scenario of loadScenarios()) {
      const parser = new StreamingPatchParser();
      for (const char of scenario.patch) {
        parser.push(char);
        parser.snapshot();
      }
      expect(parser.finish(), scenario.name).toEqual(parsePatch(scenario.patch));
    }
  });

  it('reports the first error in the snapshot', () => {
    const parser = feed(['*** Begin Patch\n*** Frob: x\n']);
    expect(parser.snapshot().error).toContain("invalid hunk at line 2: '*** Frob: x' is not a valid hunk header");
  });

  const line = fc.oneof(
    fc.constantFrom('', ' ', '@@', '@@ class A', '*** End of File', '*** End Patch', '  *** End Patch ', '*** Move to: m.ts', 'EOF', '<<EOF', '\r'),
    fc.tuple(fc.constantFrom(' ', '+', '-', ''), fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', ' ', '\t', '*', '@', '\u00e9', '\r', '\u2014') })).map(
      ([prefix, text]) => prefix + text,
    ),
    fc.tuple(fc.constantFrom('*** Add File: ', '*** Delete File: ', '*** Update File: ', '  *** Update File:  '), fc.constantFrom('a.ts', 'dir/b.ts', '')).map(
      ([header, path]) => header + path,
    ),
  );
  const noisyPatch = fc
    .tuple(fc.constantFrom('', '<<EOF\n', '  \n'), fc.array(line, { maxLength: 25 }), fc.boolean(), fc.constantFrom('', '\n', '\nEOF\n', '\n  '))
    .map(([prefix, body, withEnd, suffix]) => `${prefix}*** Begin Patch\n${body.join('\n')}${withEnd ? '\n*** End Patch' : ''}${suffix}`);
  const text = fc.string({ maxLength: 10, unit: fc.constantFrom('a', 'b', ' ', '*', '@', '+', '-', '\u00e9') });
  const path = fc.constantFrom('a.ts', 'src/b.ts', 'c d.txt');
  const chunkBody = fc.array(fc.tuple(fc.constantFrom(' ', '+', '-'), text).map(([prefix, rest]) => prefix + rest), { minLength: 1, maxLength: 6 });
  const chunk = fc.tuple(fc.constantFrom('@@', '@@ ', '@@ fn main()'), chunkBody, fc.boolean()).map(([header, body, eof]) =>
    [header, ...body, ...(eof ? ['*** End of File'] : [])].join('\n'),
  );
  const hunk = fc.oneof(
    fc.tuple(path, fc.array(text, { maxLength: 5 })).map(([file, lines]) => [`*** Add File: ${file}`, ...lines.map((l) => `+${l}`)].join('\n')),
    path.map((file) => `*** Delete File: ${file}`),
    fc.tuple(path, fc.option(path), fc.array(chunk, { minLength: 1, maxLength: 3 })).map(([file, move, chunks]) =>
      [`*** Update File: ${file}`, ...(move ? [`*** Move to: ${move}`] : []), ...chunks].join('\n'),
    ),
  );
  const validPatch = fc
    .tuple(fc.array(hunk, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '\n'))
    .map(([hunks, suffix]) => `*** Begin Patch\n${hunks.join('\n')}\n*** End Patch${suffix}`);
  const patchText = fc.oneof(validPatch, noisyPatch);
  const withCuts = patchText.chain((text) =>
    fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }).map((cuts) => {
      const sorted = [...new Set(cuts)].sort((left, right) => left - right);
      const deltas: string[] = [];
      let start = 0;
      for (const cut of sorted) {
        deltas.push(text.slice(start, cut));
        start = cut;
      }
      deltas.push(text.slice(start));
      return { text, deltas };
    }),
  );

  it('gives the one-shot result for any split of the input into deltas', () => {
    fc.assert(
      fc.property(withCuts, ({ text, deltas }) => {
        const whole = feed([text]);
        const split = feed(deltas, true);
        expect(split.snapshot()).toEqual(whole.snapshot());
        expect(split.finish()).toEqual(parsePatch(text));
      }),
      { numRuns: 400 },
    );
  });

  it('finds real patches among the generated inputs (the property is not only about errors)', () => {
    const results = fc.sample(patchText, { numRuns: 400, seed: 7 }).map((text) => parsePatch(text).ok);
    expect(results.filter(Boolean).length).toBeGreaterThan(100);
  });
});
