import { describe, expect, it } from 'vitest';
import { sensitiveChangesOf, sensitiveConfirmation } from '../../../src/common/chat/proposalHost';
import { planPatch, type PatchPlan } from '../../../src/common/patch';
import { memoryWorkspace } from '../patch/memoryWorkspace';

async function planOf(...lines: string[]): Promise<PatchPlan> {
  const workspace = memoryWorkspace({ files: { 'package.json': '{"scripts":{"test":"vitest"}}\n', 'src/a.ts': 'a\n' } });
  const plan = await planPatch(['*** Begin Patch', ...lines, '*** End Patch'].join('\n'), workspace);
  if (!plan.ok) throw new Error(plan.message);
  return plan;
}

describe('the sensitive-file confirmation', () => {
  it('names each sensitive file with what it runs or configures, and leaves ordinary files out', async () => {
    const plan = await planOf(
      '*** Add File: .husky/pre-commit',
      '+npm test',
      '*** Add File: .npmrc',
      '+script-shell=/bin/sh',
      '*** Update File: package.json',
      '-{"scripts":{"test":"vitest"}}',
      '+{"scripts":{"test":"vitest","postinstall":"node x.js"}}',
      '*** Update File: src/a.ts',
      '-a',
      '+b',
    );
    const { message, detail } = sensitiveConfirmation(sensitiveChangesOf(plan));
    expect(message).toContain('3 files');
    expect(detail.split('\n')).toEqual([
      '.husky/pre-commit — runs on git commit, push and checkout (.husky)',
      '.npmrc — configures npm: script shell, registries and tokens (.npmrc)',
      'package.json — runs on `npm install`: lifecycle scripts run without being asked for by name (package.json "scripts")',
    ]);
  });

  it('gives a file that matched only a sensitive-path setting that setting as its reason', async () => {
    const workspace = memoryWorkspace({ files: {} });
    const plan = await planPatch('*** Begin Patch\n*** Add File: deploy/prod.yaml\n+x\n*** End Patch', workspace, { sensitivePatterns: ['deploy/**'] });
    if (!plan.ok) throw new Error(plan.message);
    const { message, detail } = sensitiveConfirmation(sensitiveChangesOf(plan));
    expect(message).toContain('a file that');
    expect(detail).toBe('deploy/prod.yaml — listed in your codewright.sensitivePaths setting');
  });
});
