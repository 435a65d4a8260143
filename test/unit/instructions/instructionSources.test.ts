import { describe, expect, it } from 'vitest';
import { ALL_INSTRUCTIONS_ON, appliesTo, InstructionFinder } from '../../../src/common/instructions/instructionSources';
import { MemoryInstructionFs } from './memoryInstructionFs';

const PROJECT = {
  'AGENTS.md': 'Root rules.',
  'packages/web/AGENTS.md': 'Web rules.',
  'packages/AGENTS.md': 'Packages rules.',
  'packages/api/src/server.ts': 'code',
  '.github/copilot-instructions.md': 'Copilot rules.',
  '.github/instructions/ts.instructions.md': "---\napplyTo: '**/*.ts'\n---\nTS rules.",
  '.github/instructions/py.instructions.md': "---\napplyTo: '**/*.py'\n---\nPython rules.",
  '.github/instructions/all.instructions.md': '---\napplyTo: "**"\n---\nEverywhere.',
  '.github/instructions/manual.instructions.md': 'No applyTo: only attached by hand.',
  '.github/instructions/notes.md': 'Not an instruction file.',
};

function paths(found: { files: { path: string }[] }): string[] {
  return found.files.map((file) => file.path);
}

describe('finding the instruction files a request gets', () => {
  it('takes the root AGENTS.md, the nearest one above each file in play, copilot-instructions.md and the scoped files whose applyTo matches', async () => {
    const finder = new InstructionFinder(new MemoryInstructionFs(PROJECT));
    const found = await finder.find([''], ['packages/web/src/app.ts', 'packages/api/src/server.ts'], ALL_INSTRUCTIONS_ON);
    expect(paths(found)).toEqual([
      '.github/copilot-instructions.md',
      'AGENTS.md',
      'packages/AGENTS.md',
      'packages/web/AGENTS.md',
      '.github/instructions/all.instructions.md',
      '.github/instructions/ts.instructions.md',
    ]);
    expect(found.files.find((file) => file.kind === 'scoped' && file.path.endsWith('ts.instructions.md'))).toMatchObject({ text: 'TS rules.', applyTo: ['**/*.ts'] });
  });

  it('orders the files the same whatever order the files in play come in', async () => {
    const finder = new InstructionFinder(new MemoryInstructionFs(PROJECT));
    const one = await finder.find([''], ['packages/web/a.ts', 'packages/api/b.ts', 'tools/c.py'], ALL_INSTRUCTIONS_ON);
    const other = await finder.find([''], ['tools/c.py', 'packages/api/b.ts', 'packages/web/a.ts'], ALL_INSTRUCTIONS_ON);
    expect(other).toEqual(one);
  });

  it('with no file in play sends the root files and only the scoped files that apply everywhere', async () => {
    const found = await new InstructionFinder(new MemoryInstructionFs(PROJECT)).find([''], [], ALL_INSTRUCTIONS_ON);
    expect(paths(found)).toEqual(['.github/copilot-instructions.md', 'AGENTS.md', '.github/instructions/all.instructions.md']);
  });

  it('leaves out each source whose setting is off', async () => {
    const finder = new InstructionFinder(new MemoryInstructionFs(PROJECT));
    const files = ['packages/web/a.ts'];
    expect(paths(await finder.find([''], files, { ...ALL_INSTRUCTIONS_ON, agentsMd: false }))).not.toContain('AGENTS.md');
    expect(paths(await finder.find([''], files, { ...ALL_INSTRUCTIONS_ON, copilotInstructions: false }))).not.toContain('.github/copilot-instructions.md');
    expect(paths(await finder.find([''], files, { ...ALL_INSTRUCTIONS_ON, instructionFiles: false })).some((path) => path.includes('.instructions.md'))).toBe(false);
  });

  it('reads a file again only when it changed, and picks up the change', async () => {
    const fs = new MemoryInstructionFs(PROJECT);
    const finder = new InstructionFinder(fs);
    await finder.find([''], ['a.ts'], ALL_INSTRUCTIONS_ON);
    const firstReads = fs.reads.length;
    await finder.find([''], ['a.ts'], ALL_INSTRUCTIONS_ON);
    expect(fs.reads.length).toBe(firstReads);
    fs.write('AGENTS.md', 'New root rules.');
    const found = await finder.find([''], ['a.ts'], ALL_INSTRUCTIONS_ON);
    expect(fs.reads.length).toBe(firstReads + 1);
    expect(found.files.find((file) => file.path === 'AGENTS.md')?.text).toBe('New root rules.');
    fs.remove('AGENTS.md');
    expect(paths(await finder.find([''], ['a.ts'], ALL_INSTRUCTIONS_ON))).not.toContain('AGENTS.md');
  });

  it('does not read a file the path rules refuse, and says which and why', async () => {
    const fs = new MemoryInstructionFs(PROJECT);
    fs.refuse('AGENTS.md', 'it leads outside the workspace folder (through a symbolic link)');
    const found = await new InstructionFinder(fs).find([''], [], ALL_INSTRUCTIONS_ON);
    expect(paths(found)).not.toContain('AGENTS.md');
    expect(fs.reads).not.toContain('AGENTS.md');
    expect(found.refused).toEqual([{ path: 'AGENTS.md', reason: 'it leads outside the workspace folder (through a symbolic link)' }]);
  });

  it('treats a file outside the workspace (an absolute label) or a path with .. as no file in play', async () => {
    const fs = new MemoryInstructionFs({ '.github/instructions/notes.instructions.md': "---\napplyTo: '**/notes.ts'\n---\nNotes rules." });
    const finder = new InstructionFinder(fs);
    expect(paths(await finder.find([''], ['/home/me/notes.ts', 'C:/Users/me/notes.ts', 'src/../../notes.ts'], ALL_INSTRUCTIONS_ON))).toEqual([]);
    expect(paths(await finder.find([''], ['src/notes.ts'], ALL_INSTRUCTIONS_ON))).toEqual(['.github/instructions/notes.instructions.md']);
  });

  it('skips files that are empty after their front matter', async () => {
    const fs = new MemoryInstructionFs({ 'AGENTS.md': '  \n', '.github/instructions/e.instructions.md': '---\napplyTo: **\n---\n' });
    expect(paths(await new InstructionFinder(fs).find([''], ['a.ts'], ALL_INSTRUCTIONS_ON))).toEqual([]);
  });

  it('in a multi-root workspace reads the folders the files in play belong to, with applyTo relative to each folder', async () => {
    const fs = new MemoryInstructionFs({
      'app/AGENTS.md': 'App rules.',
      'app/.github/instructions/src.instructions.md': '---\napplyTo: src/**\n---\nApp src rules.',
      'lib/AGENTS.md': 'Lib rules.',
    });
    const finder = new InstructionFinder(fs);
    expect(paths(await finder.find(['app', 'lib'], ['app/src/main.ts'], ALL_INSTRUCTIONS_ON))).toEqual(['app/AGENTS.md', 'app/.github/instructions/src.instructions.md']);
    expect(paths(await finder.find(['app', 'lib'], [], ALL_INSTRUCTIONS_ON))).toEqual(['app/AGENTS.md', 'lib/AGENTS.md']);
  });
});

describe('applyTo globs', () => {
  it('match files in play relative to the folder, a bare name at any depth', () => {
    expect(appliesTo(['src/**/*.ts'], ['src/a/b.ts'])).toBe(true);
    expect(appliesTo(['src/**/*.ts'], ['test/b.ts'])).toBe(false);
    expect(appliesTo(['*.md'], ['docs/guide/intro.md'])).toBe(true);
  });

  it('apply to no file in play only when they match everything', () => {
    expect(appliesTo(['**'], [])).toBe(true);
    expect(appliesTo(['**/*'], [])).toBe(true);
    expect(appliesTo(['**/*.ts'], [])).toBe(false);
    expect(appliesTo([], ['a.ts'])).toBe(false);
  });
});
