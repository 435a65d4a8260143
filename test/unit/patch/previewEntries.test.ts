// The diff preview shows each file once, labelled by its own path; a move goes from its old path to its new one.
import { describe, expect, it } from 'vitest';
import { planPatch, type PatchPlan } from '../../../src/common/patch/patchPlanner';
import { previewEntries } from '../../../src/common/patch/previewEntries';
import { memoryWorkspace } from './memoryWorkspace';

async function plan(files: Record<string, string>, ...lines: string[]): Promise<PatchPlan> {
  const result = await planPatch(['*** Begin Patch', ...lines, '*** End Patch'].join('\n'), memoryWorkspace({ files }));
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('preview entries', () => {
  it('gives a plain edit the same path on both sides', async () => {
    expect(previewEntries(await plan({ 'src/a.ts': 'a\n' }, '*** Update File: src/a.ts', '-a', '+b'))).toEqual([
      { path: 'src/a.ts', beforePath: 'src/a.ts', beforeText: 'a\n', afterText: 'b\n' },
    ]);
  });

  it('shows a move once, from the old path to the new one', async () => {
    expect(previewEntries(await plan({ 'a.ts': 'a\n' }, '*** Update File: a.ts', '*** Move to: b.ts', '-a', '+b'))).toEqual([
      { path: 'b.ts', beforePath: 'a.ts', beforeText: 'a\n', afterText: 'b\n' },
    ]);
  });

  it('shows an added file against nothing and a deleted file against nothing', async () => {
    expect(previewEntries(await plan({ 'old.ts': 'x\n' }, '*** Add File: new.ts', '+n', '*** Delete File: old.ts'))).toEqual([
      { path: 'new.ts', beforePath: 'new.ts', beforeText: '', afterText: 'n\n' },
      { path: 'old.ts', beforePath: 'old.ts', beforeText: 'x\n', afterText: '' },
    ]);
  });
});
