import { describe, expect, it } from 'vitest';
import { isPatchError, planPatch, staleReason, type PatchPlan, type PatchWorkspace } from '../../../src/common/patch';
import { memoryWorkspace, type MemoryWorkspaceSetup } from './memoryWorkspace';

const wrap = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
const UPDATE = wrap('*** Update File: src/a.ts', '@@', '-const a = 1;', '+const a = 2;');
const ADD = wrap('*** Add File: src/new.ts', '+export {};');

async function plan(patch: string, setup: MemoryWorkspaceSetup): Promise<PatchPlan> {
  const result = await planPatch(patch, memoryWorkspace(setup));
  if (isPatchError(result)) throw new Error(result.message);
  return result;
}

async function reasons(planned: PatchPlan, now: PatchWorkspace): Promise<(string | undefined)[]> {
  return Promise.all(planned.changes.map((change) => staleReason(now, change)));
}

describe('checking a planned edit again just before writing it', () => {
  it('finds nothing when the workspace is as it was', async () => {
    const setup = { files: { 'src/a.ts': 'const a = 1;\n' } };
    expect(await reasons(await plan(UPDATE, setup), memoryWorkspace(setup))).toEqual([undefined]);
  });

  it('stops when the file on disk or in the editor changed meanwhile', async () => {
    const planned = await plan(UPDATE, { files: { 'src/a.ts': 'const a = 1;\n' } });
    expect(await reasons(planned, memoryWorkspace({ files: { 'src/a.ts': 'const a = 1;\n// saved by a formatter\n' } }))).toEqual([
      'src/a.ts changed after the patch was checked.',
    ]);
    expect(await reasons(planned, memoryWorkspace({ files: { 'src/a.ts': 'const a = 1;\n' }, editorText: { 'src/a.ts': 'const a = 1; // typing\n' } }))).toEqual([
      'src/a.ts changed after the patch was checked.',
    ]);
    expect(await reasons(planned, memoryWorkspace({}))).toEqual(['src/a.ts changed after the patch was checked.']);
  });

  it('stops when a file appeared where the patch adds one, unless it meant to replace it', async () => {
    const planned = await plan(ADD, {});
    expect(await reasons(planned, memoryWorkspace({ files: { 'src/new.ts': 'mine\n' } }))).toEqual(['src/new.ts changed after the patch was checked.']);
    const replacing = await plan(ADD, { files: { 'src/new.ts': 'old\n' } });
    expect(await reasons(replacing, memoryWorkspace({ files: { 'src/new.ts': 'old\n' } }))).toEqual([undefined]);
  });

  it('stops when a folder on the path became a symbolic link to somewhere else, even with the same content', async () => {
    const planned = await plan(UPDATE, { files: { 'src/a.ts': 'const a = 1;\n' } });
    const swapped = memoryWorkspace({ files: { 'src/a.ts': 'const a = 1;\n' }, links: { src: '/home/user/.ssh' } });
    expect(await reasons(planned, swapped)).toEqual(['src/a.ts now resolves to a different location than when the patch was checked.']);
    const dangling = memoryWorkspace({ files: { 'src/a.ts': 'const a = 1;\n' }, dangling: ['src'] });
    expect(await reasons(planned, dangling)).toEqual(['src/a.ts now resolves to a different location than when the patch was checked.']);
  });
});
