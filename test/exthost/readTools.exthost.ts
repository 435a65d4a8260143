// Runs inside VS Code's extension host: the read tools the model calls, answered by the real
// editor — unsaved buffers, files.exclude / search.exclude / .gitignore, VS Code's ripgrep, and
// the built-in TypeScript language server for symbols, definitions, references and problems.
// Every call goes through runToolCall, so the path gate and the consent rule are the product's.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CALL_OUTPUT_BYTES } from '../../src/common/tools/outputBudget';
import { runToolCall, type ToolCallResult } from '../../src/common/tools/toolRunner';
import { VsCodePatchHost } from '../../src/vscode/patchHost';
import { VsCodeReadToolHost } from '../../src/vscode/tools/vscodeReadToolHost';
import { SHOP_FILES, READ_TOOLS_FILES_EXCLUDE, READ_TOOLS_SEARCH_EXCLUDE } from './workspaceFixture';

/** A file only this suite creates: inside a `.git` folder, so reading it needs consent. */
const GIT_CONFIG = 'shop/.git/config';
const GIT_SECRET = 'url = https://token-in-git-config@example.invalid/repo.git';
/** Lines of shop/src/cart.ts on disk. */
const CART_LINES = SHOP_FILES['shop/src/cart.ts'].split('\n').length - 1;

function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test workspace has no folder');
  return folder;
}

function fileUri(path: string): vscode.Uri {
  return vscode.Uri.joinPath(folderUri(), ...path.split('/'));
}

/** Polls `probe` until it answers something other than undefined; fails naming `what`. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('The read tools in VS Code', () => {
  let patches: VsCodePatchHost;
  let host: VsCodeReadToolHost;
  let outsideDir: string;
  const consentAsked: { path: string; reason: string }[] = [];
  let consentAnswer = false;

  function call(name: string, args: object): Promise<ToolCallResult> {
    return runToolCall(name, JSON.stringify(args), {
      host,
      budget: CALL_OUTPUT_BYTES,
      signal: new AbortController().signal,
      askConsent: async (path, reason) => {
        consentAsked.push({ path, reason });
        return consentAnswer;
      },
    });
  }

  before(async () => {
    patches = new VsCodePatchHost();
    host = new VsCodeReadToolHost(() => patches.workspace(), extensionUri());
    outsideDir = mkdtempSync(join(tmpdir(), 'codewright-read-outside-'));
    writeFileSync(join(outsideDir, 'passwords.txt'), 'hunter2-outside\n');
    const gitConfig = fileUri(GIT_CONFIG).fsPath;
    mkdirSync(dirname(gitConfig), { recursive: true });
    writeFileSync(gitConfig, `[remote "origin"]\n\t${GIT_SECRET}\n`);
    symlinkSync(join(outsideDir, 'passwords.txt'), fileUri('shop/notes-link.txt').fsPath);
  });

  after(async () => {
    patches.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(outsideDir, { recursive: true, force: true });
    rmSync(fileUri('shop/.git').fsPath, { recursive: true, force: true });
    rmSync(fileUri('shop/notes-link.txt').fsPath, { force: true });
  });

  it('reads an open file from its editor buffer, unsaved changes included', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('shop/src/cart.ts'));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// unsaved note from the user\n'));
      assert.equal(document.isDirty, true);
      const result = await call('read_file', { path: 'shop/src/cart.ts', start_line: 1, end_line: 2 });
      assert.equal(result.status, 'done', result.output);
      assert.equal(result.output, `shop/src/cart.ts lines 1-2 of ${CART_LINES + 1}:\n1: // unsaved note from the user\n2: export class Cart {`);
    } finally {
      // Close without saving, so the file on disk stays the fixture.
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    const closed = await call('read_file', { path: 'shop/src/cart.ts', start_line: 1, end_line: 1 });
    assert.equal(closed.output, `shop/src/cart.ts lines 1-1 of ${CART_LINES}:\n1: export class Cart {`);
  });

  it('lists a folder without what files.exclude and .gitignore leave out, and says how many were left out', async () => {
    const result = await call('list_dir', { path: 'shop', depth: 2 });
    assert.equal(result.status, 'done', result.output);
    assert.match(result.output, /^src\/ {2}folder$/m);
    assert.match(result.output, /^src\/discount\.ts {2}file \d+ bytes$/m);
    assert.ok(!result.output.includes('build-output'), `files.exclude (${READ_TOOLS_FILES_EXCLUDE}) ignored:\n${result.output}`);
    assert.ok(!result.output.includes('dist'), `.gitignore ignored:\n${result.output}`);
    assert.ok(!result.output.includes('.git/'), `.git listed:\n${result.output}`);
    assert.match(result.output, /\(\d+ excluded or git-ignored entries not shown\.\)/);
  });

  it('finds files through VS Code, leaving out what files.exclude and search.exclude exclude', async () => {
    const result = await call('find_files', { glob: 'shop/**/*.ts', max_results: null });
    assert.equal(result.status, 'done', result.output);
    const paths = result.output.split('\n').sort();
    assert.deepEqual(paths, ['shop/src/broken.ts', 'shop/src/cart.ts', 'shop/src/discount.ts', 'shop/src/order.ts']);
    // Without the excludes these would match the glob.
    for (const hidden of [`shop/${READ_TOOLS_FILES_EXCLUDE}/cart.js.ts`, `shop/${READ_TOOLS_SEARCH_EXCLUDE}/lib.ts`]) assert.ok(existsSync(fileUri(hidden).fsPath), hidden);
  });

  it('answers find_files with a clear note when its time limit stops VS Code\'s file search', async () => {
    // The limit runs out while VS Code's search is in flight (it answers over IPC, after this microtask).
    const limited = new VsCodeReadToolHost(() => patches.workspace(), extensionUri(), (expire) => {
      queueMicrotask(expire);
      return () => undefined;
    });
    const result = await runToolCall('find_files', JSON.stringify({ glob: 'shop/**/*.ts', max_results: null }), {
      host: limited,
      budget: CALL_OUTPUT_BYTES,
      signal: new AbortController().signal,
      askConsent: async () => false,
    });
    assert.equal(result.status, 'done', result.output);
    assert.match(result.output, /the search for files was stopped after 30 s \(a large workspace or a slow disk\); use a narrower glob/);
  });

  it('searches text with VS Code\'s ripgrep, outside excluded and ignored folders, and withholds secret files', async () => {
    const result = await call('search_text', { query: 'applyDiscount', is_regex: null, include: null, max_results: null });
    assert.equal(result.status, 'done', result.output);
    const lines = result.output.split('\n');
    assert.match(lines[0], /^\d+ matching lines? for "applyDiscount":$/);
    const discount = lines.indexOf('shop/src/discount.ts:2: export function applyDiscount(price: number, rate: number): number {');
    assert.ok(discount > 0, result.output);
    // Each match comes with a line of context on each side.
    assert.deepEqual(lines.slice(discount - 1, discount + 2), ['shop/src/discount.ts-1- // A discount rate is between 0 and 1.', lines[discount], 'shop/src/discount.ts-3-   return price * rate;'], result.output);
    assert.ok(lines.some((line) => line.startsWith('shop/src/order.ts:')), result.output);
    for (const hidden of ['build-output', READ_TOOLS_SEARCH_EXCLUDE, 'dist/']) assert.ok(!result.output.includes(hidden), `${hidden} searched:\n${result.output}`);
    const regex = await call('search_text', { query: 'token-in-git-config|hunter2', is_regex: true, include: null, max_results: null });
    // .git is never searched, and a link out of the workspace is not followed.
    assert.equal(regex.output, 'No matches for "token-in-git-config|hunter2".');
  });

  describe('with the TypeScript language server', () => {
    before(async () => {
      // The server loads the project once a file of it is open in an editor.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri('shop/src/order.ts')), { preview: false });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri('shop/src/broken.ts')), { preview: false });
      // Ready when workspace symbols come from it (the first answers may be empty while it starts).
      await eventually(async () => {
        const result = await call('find_symbol', { query: 'applyDiscount' });
        return result.output.includes('shop/src/discount.ts:2') ? result : undefined;
      }, 'the TypeScript server to answer workspace symbols');
    });

    it('finds a symbol in a file that is not open', async () => {
      const result = await call('find_symbol', { query: 'Cart' });
      assert.equal(result.status, 'done', result.output);
      assert.match(result.output, /^Class (\S+\.)?Cart — shop\/src\/cart\.ts:1$/m);
    });

    it('goes to the definition of a call in another file and shows its line', async () => {
      // order.ts line 4: `  return applyDiscount(cart.total(), rate);` — column 10 is on the name.
      const result = await call('go_to_definition', { path: 'shop/src/order.ts', line: 4, column: 10 });
      assert.equal(result.status, 'done', result.output);
      assert.equal(result.output, 'shop/src/discount.ts:2:17: export function applyDiscount(price: number, rate: number): number {');
      assert.equal(result.label, 'Definition at `shop/src/order.ts:4` → `shop/src/discount.ts:2`');
    });

    it('finds the references of a function across files', async () => {
      const result = await call('find_references', { path: 'shop/src/discount.ts', line: 2, column: 17 });
      assert.equal(result.status, 'done', result.output);
      const lines = result.output.split('\n');
      assert.ok(lines.includes('shop/src/discount.ts:2:17: export function applyDiscount(price: number, rate: number): number {'), result.output);
      assert.ok(lines.some((line) => line.startsWith('shop/src/order.ts:1:')), result.output);
      assert.ok(lines.some((line) => line.startsWith('shop/src/order.ts:4:')), result.output);
    });

    it('reports the problems of a file from its diagnostics', async () => {
      const result = await eventually(async () => {
        const answer = await call('get_problems', { path: 'shop/src/broken.ts' });
        return /ts2322/i.test(answer.output) ? answer : undefined;
      }, 'the TypeScript diagnostics of broken.ts');
      assert.match(result.output, /^shop\/src\/broken\.ts:1:14 error ts2322: Type 'string' is not assignable to type 'number'\.$/im);
      assert.match(result.label, /— 1 errors, 0 other$/);
    });
  });

  it('refuses paths outside the workspace folder, through .. or a symbolic link', async () => {
    for (const path of ['../outside.txt', join(outsideDir, 'passwords.txt'), 'shop/notes-link.txt']) {
      const result = await call('read_file', { path, start_line: null, end_line: null });
      assert.equal(result.status, 'error', `${path}: ${result.output}`);
      assert.ok(!result.output.includes('hunter2'), result.output);
    }
    const listed = await call('list_dir', { path: '..', depth: null });
    assert.equal(listed.status, 'error', listed.output);
    assert.equal(consentAsked.length, 0);
  });

  it('reads inside .git only with consent: Deny answers the model without the bytes, Allow once reads', async () => {
    consentAnswer = false;
    const denied = await call('read_file', { path: GIT_CONFIG, start_line: null, end_line: null });
    assert.equal(denied.status, 'denied');
    assert.deepEqual(consentAsked.map((asked) => asked.path), [GIT_CONFIG]);
    assert.match(consentAsked[0].reason, /inside \.git/);
    assert.ok(!denied.output.includes(GIT_SECRET), denied.output);
    assert.match(denied.output, /^The user denied reading shop\/\.git\/config\./);

    consentAnswer = true;
    const allowed = await call('read_file', { path: GIT_CONFIG, start_line: null, end_line: null });
    assert.equal(allowed.status, 'done', allowed.output);
    assert.ok(allowed.output.includes(GIT_SECRET), allowed.output);
    assert.equal(consentAsked.length, 2);
  });
});

/** The extension under test (its dist/ holds the read tools' worker). */
function extensionUri(): vscode.Uri {
  const extension = vscode.extensions.getExtension('codewright.codewright');
  assert.ok(extension, 'codewright.codewright is not installed in this VS Code');
  return extension.extensionUri;
}
