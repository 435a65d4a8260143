import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MultiRootWorkspace } from '../../../src/common/patch/multiRootWorkspace';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';
import { isPatchError, planPatch, type PatchPlan } from '../../../src/common/patch';

const wrap = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

let base: string;

beforeEach(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'multi-root-'));
  for (const [file, text] of Object.entries({
    'web/src/app.ts': 'export const port = 3000;\n',
    'api/src/app.ts': 'export const port = 8080;\n',
    'api/.vscode/settings.json': '{}\n',
  })) {
    await fs.mkdir(path.dirname(path.join(base, file)), { recursive: true });
    await fs.writeFile(path.join(base, file), text);
  }
});

afterEach(async () => {
  await fs.rm(base, { recursive: true, force: true });
});

async function workspace(names: [string, string][] = [['web', 'web'], ['api', 'api']]): Promise<MultiRootWorkspace<NodeWorkspace>> {
  return new MultiRootWorkspace(await Promise.all(names.map(async ([name, dir]) => ({ name, workspace: await NodeWorkspace.open(path.join(base, dir)) }))));
}

async function plan(patch: string, ws?: MultiRootWorkspace<NodeWorkspace>): Promise<PatchPlan> {
  const result = await planPatch(patch, ws ?? (await workspace()));
  if (isPatchError(result)) throw new Error(`expected a plan, got: ${result.message}`);
  return result;
}

async function refusal(patch: string, ws?: MultiRootWorkspace<NodeWorkspace>): Promise<string> {
  const result = await planPatch(patch, ws ?? (await workspace()));
  if (!isPatchError(result)) throw new Error('expected the patch to be refused');
  return result.message;
}

describe('patches in a multi-root workspace', () => {
  it('edits files of two folders in one plan, each path starting with its folder name', async () => {
    const result = await plan(
      wrap('*** Update File: web/src/app.ts', '@@', '-export const port = 3000;', '+export const port = 3001;', '*** Update File: api/src/app.ts', '@@', '-export const port = 8080;', '+export const port = 8081;'),
    );
    expect(result.changes.map((change) => [change.path, change.newText])).toEqual([
      ['web/src/app.ts', 'export const port = 3001;\n'],
      ['api/src/app.ts', 'export const port = 8081;\n'],
    ]);
    const real = await fs.realpath(base);
    expect(result.changes.map((change) => change.realPath)).toEqual([path.join(real, 'web/src/app.ts'), path.join(real, 'api/src/app.ts')]);
  });

  it('refuses a path that does not start with a folder name, naming the folders', async () => {
    const message = await refusal(wrap('*** Update File: src/app.ts', '@@', '-export const port = 3000;', '+export const port = 1;'));
    expect(message).toContain('"src/app.ts" is not allowed');
    expect(message).toContain('several folders (web, api)');
  });

  it('refuses the whole patch when one of its files names no folder, so nothing is planned', async () => {
    const message = await refusal(wrap('*** Update File: web/src/app.ts', '@@', '-export const port = 3000;', '+export const port = 1;', '*** Add File: docs/readme.md', '+hello'));
    expect(message).toContain('"docs/readme.md" is not allowed');
  });

  it('refuses a path that names only a folder', async () => {
    expect(await refusal(wrap('*** Delete File: api'))).toContain('names the workspace folder "api", not a file in it');
  });

  it('never reaches another folder through a symbolic link', async () => {
    await fs.symlink(path.join(base, 'api', 'src'), path.join(base, 'web', 'linked'));
    const message = await refusal(wrap('*** Update File: web/linked/app.ts', '@@', '-export const port = 8080;', '+export const port = 1;'));
    expect(message).toContain('outside the workspace folder');
  });

  it("classifies a folder's own .vscode settings as sensitive", async () => {
    const result = await plan(wrap('*** Update File: api/.vscode/settings.json', '@@', '-{}', '+{ "editor.tabSize": 2 }'));
    expect(result.sensitive.map((change) => change.path)).toEqual(['api/.vscode/settings.json']);
  });

  it('refuses to guess between two folders with the same name', async () => {
    const message = await refusal(wrap('*** Add File: app/new.ts', '+x'), await workspace([['app', 'web'], ['app', 'api']]));
    expect(message).toContain('more than one workspace folder is named "app"');
  });

  it('moves a file from one folder to another', async () => {
    const result = await plan(wrap('*** Update File: web/src/app.ts', '*** Move to: api/src/web-app.ts', '@@', '-export const port = 3000;', '+export const port = 3002;'));
    expect(result.changes.map((change) => [change.path, change.kind])).toEqual([
      ['web/src/app.ts', 'delete'],
      ['api/src/web-app.ts', 'add'],
    ]);
  });
});
