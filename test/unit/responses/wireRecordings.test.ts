// The wire recordings carry their provenance: every file is described in the folder's README,
// and every derived file still holds exactly the payloads of the capture it was made from.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRecordingFiles, recordedResponses, recordingsDir } from './recordingFixtures';

const readme = readFileSync(path.join(recordingsDir, 'README.md'), 'utf8');

/** Rows of the README's "made from" table: derived file → its source and whether only the first response was taken. */
function derivations(): { derived: string; source: string; firstResponseOnly: boolean }[] {
  const rows = readme.split('\n').filter((line) => line.startsWith('| `DERIVED__'));
  return rows.map((row) => {
    const names = [...row.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    return { derived: names[0] ?? '', source: names[1] ?? '', firstResponseOnly: /first response/.test(row) };
  });
}

function sseBlocks(file: string): { event: string; data: string }[] {
  const text = readFileSync(path.join(recordingsDir, file), 'utf8');
  return text
    .split('\n\n')
    .filter((block) => block.length > 0)
    .map((block) => {
      const [eventLine = '', dataLine = '', ...rest] = block.split('\n');
      expect(rest, `${file}: a block has more than an event: and a data: line`).toEqual([]);
      return { event: eventLine.replace(/^event: /, ''), data: dataLine.replace(/^data: /, '') };
    });
}

describe('wire recordings', () => {
  it('are all described in the README of their folder', () => {
    for (const file of allRecordingFiles()) {
      const described = readme.includes(`\`${file}\``) || (file.startsWith('prism-php__') && readme.includes('`prism-php__'));
      expect(described, `${file} is not described in ${path.join('test/fixtures/wire-recordings', 'README.md')}`).toBe(true);
    }
  });

  it('name a source for every derived file', () => {
    const derivedFiles = allRecordingFiles().filter((file) => file.startsWith('DERIVED__'));
    expect(derivations().map((row) => row.derived).sort()).toEqual(derivedFiles);
    for (const { source } of derivations()) expect(allRecordingFiles()).toContain(source);
  });

  it.each(derivations())('$derived re-frames the payloads of $source without changing one', ({ derived, source, firstResponseOnly }) => {
    const blocks = sseBlocks(derived);
    for (const block of blocks) expect(block.event).toBe((JSON.parse(block.data) as { type: string }).type);
    const sourceResponses = recordedResponses(source);
    const expected = firstResponseOnly ? sourceResponses.slice(0, 1) : sourceResponses;
    const sourceLines = readFileSync(path.join(recordingsDir, source), 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .slice(0, expected.flat().length);
    expect(blocks.map((block) => block.data)).toEqual(sourceLines);
  });
});
