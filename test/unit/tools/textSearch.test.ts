// search_text over several workspace folders: each folder is searched with its own excludes
// (files.exclude and search.exclude are resource settings, so each folder may set its own).
import { getEventListeners } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchText, type SearchRoot } from '../../../src/node/tools/textSearch';
import { installedRipgrep } from '../../harness/nodeReadToolHost';
import { readToolWorkerScript } from '../../harness/readToolWorkerScript';

let parent: string;

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(parent, relative)), { recursive: true });
  writeFileSync(path.join(parent, relative), text);
}

beforeEach(() => {
  parent = mkdtempSync(path.join(tmpdir(), 'cw-multi-search-'));
  for (const folder of ['web', 'api']) {
    for (const sub of ['fixtures', 'generated', 'src']) write(`${folder}/${sub}/port.ts`, 'export const listenPort = 1;\n');
  }
});

afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
});

describe('search_text in a multi-root workspace', () => {
  it.each([['the Node search', undefined], ['ripgrep', installedRipgrep()]])('(%s) leaves out in each folder what that folder excludes, and only that', async (name, ripgrep) => {
    if (name === 'ripgrep' && !ripgrep) return;
    const roots: SearchRoot[] = [
      { prefix: 'web', fsPath: path.join(parent, 'web'), excludes: ['**/fixtures'] },
      { prefix: 'api', fsPath: path.join(parent, 'api'), excludes: ['**/generated'] },
    ];
    const found = await searchText(roots, { query: 'listenPort', isRegex: false, maxResults: 50 }, { excludes: ['**/never-used'] }, { ripgrep, worker: readToolWorkerScript() });
    expect(found.matches.map((match) => match.path)).toEqual(['api/fixtures/port.ts', 'api/src/port.ts', 'web/generated/port.ts', 'web/src/port.ts']);
  });

  it.skipIf(!installedRipgrep())('passes on what ripgrep says is wrong with a pattern, not just its first line', async () => {
    // Valid in JavaScript, not in ripgrep's (Rust) syntax; ripgrep names the reason on a later line.
    const search = searchText([{ prefix: '', fsPath: path.join(parent, 'web') }], { query: '\\cA', isRegex: true, maxResults: 50 }, {}, { ripgrep: installedRipgrep(), worker: readToolWorkerScript() });
    await expect(search).rejects.toThrow(/^ripgrep failed: .*regex parse error: .*unrecognized escape sequence/);
  });

  it('uses the search-wide excludes for a root without its own', async () => {
    const roots: SearchRoot[] = [{ prefix: '', fsPath: path.join(parent, 'web') }];
    const found = await searchText(roots, { query: 'listenPort', isRegex: false, maxResults: 50 }, { excludes: ['**/generated', '**/fixtures'] }, { ripgrep: installedRipgrep(), worker: readToolWorkerScript() });
    expect(found.matches.map((match) => match.path)).toEqual(['src/port.ts']);
  });

  it('lets go of the turn\'s Stop signal when ripgrep cannot start', async () => {
    const stop = new AbortController();
    const search = searchText([{ prefix: '', fsPath: path.join(parent, 'web') }], { query: 'listenPort', isRegex: false, maxResults: 50 }, { signal: stop.signal }, { ripgrep: path.join(parent, 'no-such-rg'), worker: readToolWorkerScript() });
    await expect(search).rejects.toThrow(/ENOENT/);
    expect(getEventListeners(stop.signal, 'abort')).toEqual([]);
  });
});
