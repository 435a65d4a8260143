// Runs inside VS Code's extension host: search_text's Node search (used where VS Code has no
// ripgrep) from the search worker the extension ships in dist/. A pattern that backtracks for ever
// costs that worker, never the extension host's own thread, which keeps running its timers.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { searchText, type SearchRoot } from '../../src/node/tools/textSearch';

function shippedWorker(): string {
  const extension = vscode.extensions.getExtension('codewright.codewright');
  assert.ok(extension, 'codewright.codewright is not installed in this VS Code');
  return vscode.Uri.joinPath(extension.extensionUri, 'dist', 'readToolWorker.js').fsPath;
}

describe('search_text without ripgrep, in the extension host', () => {
  let folder: string;
  let roots: SearchRoot[];

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'codewright-search-worker-'));
    writeFileSync(join(folder, 'a.ts'), 'export const total = applyDiscount(sum);\n');
    writeFileSync(join(folder, 'b.txt'), `${'a'.repeat(40)}!\n`);
    roots = [{ prefix: '', fsPath: folder }];
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds text with the search worker the extension ships', async () => {
    const found = await searchText(roots, { query: 'applyDiscount', isRegex: false, maxResults: 50 }, {}, { worker: shippedWorker() });
    assert.deepEqual(found, { matches: [{ path: 'a.ts', line: 1, text: 'export const total = applyDiscount(sum);', before: [], after: [] }], total: 1, capped: false });
  });

  it('stops a pattern that backtracks for ever while the extension host keeps running', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    try {
      const found = await searchText(roots, { query: '^(a+)+$', isRegex: true, maxResults: 50 }, {}, { worker: shippedWorker(), limits: { patternMs: 1_000, totalMs: 10 * 60_000 } });
      assert.equal(found.stopped?.reason, 'slow-pattern');
      assert.deepEqual(found.matches, []);
    } finally {
      clearInterval(ticker);
    }
    // The host's own timers ran while the worker was stuck in the pattern.
    assert.ok(ticks > 0, 'the extension host did not run a timer during the search');
  });
});
