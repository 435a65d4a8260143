// Undo and Redo of an applied patch in a real VS Code (code-server): every file the patch updated,
// added, deleted or moved gets its exact previous bytes back on Undo (line endings and BOM included),
// whether it was open in an editor or not, and Redo writes the patched bytes again. A script moved
// with an edit stays executable through Apply, Undo and Redo.
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';
import { openFile } from '../harness/workbench';

const BOM = '\ufeff';
const crlf = (...lines: string[]) => lines.map((line) => `${line}\r\n`).join('');

/** Files created executable; a move (with or without an edit) keeps the mode at either path. */
const EXECUTABLE = new Set(['closed/move.ts', 'closed/moved.ts', 'open/movedOpen.ts', 'open/relocatedOpen.ts']);

/** Each scenario's files: the bytes before the patch and after it (undefined: no file there). */
type Expectation = Record<string, { before: string | undefined; after: string | undefined }>;

const CLOSED: Expectation = {
  'closed/update.ts': { before: BOM + crlf('const a = 1;', 'const b = 2;'), after: BOM + crlf('const a = 1;', 'const b = 3;') },
  'closed/added.ts': { before: undefined, after: 'export {};\n' },
  'closed/delete.ts': { before: crlf('gone soon'), after: undefined },
  'closed/move.ts': { before: BOM + crlf('moved', 'text'), after: undefined },
  'closed/moved.ts': { before: undefined, after: BOM + crlf('moved', 'text!') },
  'closed/rename.ts': { before: 'keep\n', after: undefined },
  'closed/renamed.ts': { before: undefined, after: 'keep\n' },
  // The file the user opens to press Undo (the patch updates it too).
  'closed/entry.ts': { before: 'entry 1\n', after: 'entry 2\n' },
};

const CLOSED_PATCH = [
  '*** Begin Patch',
  '*** Update File: closed/update.ts',
  '@@',
  ' const a = 1;',
  '-const b = 2;',
  '+const b = 3;',
  '*** Add File: closed/added.ts',
  '+export {};',
  '*** Delete File: closed/delete.ts',
  '*** Update File: closed/move.ts',
  '*** Move to: closed/moved.ts',
  '@@',
  ' moved',
  '-text',
  '+text!',
  '*** Update File: closed/rename.ts',
  '*** Move to: closed/renamed.ts',
  '@@',
  '-keep',
  '+keep',
  '*** Update File: closed/entry.ts',
  '@@',
  '-entry 1',
  '+entry 2',
  '*** End Patch',
].join('\n');

const OPEN: Expectation = {
  'open/editedOpen.ts': { before: crlf('let x = 1;', 'let y = 2;'), after: crlf('let x = 1;', 'let y = 20;') },
  'open/deletedOpen.ts': { before: BOM + 'delete me\n', after: undefined },
  'open/movedOpen.ts': { before: crlf('move me'), after: undefined },
  'open/relocatedOpen.ts': { before: undefined, after: crlf('moved me') },
  'open/replacedOpen.ts': { before: 'old content\n', after: 'new content\n' },
};

const OPEN_PATCH = [
  '*** Begin Patch',
  '*** Update File: open/editedOpen.ts',
  '@@',
  ' let x = 1;',
  '-let y = 2;',
  '+let y = 20;',
  '*** Delete File: open/deletedOpen.ts',
  '*** Update File: open/movedOpen.ts',
  '*** Move to: open/relocatedOpen.ts',
  '@@',
  '-move me',
  '+moved me',
  '*** Add File: open/replacedOpen.ts',
  '+new content',
  '*** End Patch',
].join('\n');

function initialFiles(expectation: Expectation): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, { before }] of Object.entries(expectation)) if (before !== undefined) files[path] = before;
  return files;
}

describe('undo and redo of an applied patch, in a real VS Code', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let page: Page;
  let frame: Frame;

  /** Every file's bytes on disk as a map (undefined: missing), to compare with an expectation at once. */
  function disk(expectation: Expectation): Record<string, string | undefined> {
    const state: Record<string, string | undefined> = {};
    for (const path of Object.keys(expectation)) {
      const absolute = join(env.workspaceDir, path);
      const mode = EXECUTABLE.has(path) && existsSync(absolute) ? ` (mode ${(statSync(absolute).mode & 0o777).toString(8)})` : '';
      state[path] = existsSync(absolute) ? readFileSync(absolute).toString('latin1') + mode : undefined;
    }
    return state;
  }

  function wanted(expectation: Expectation, side: 'before' | 'after'): Record<string, string | undefined> {
    const state: Record<string, string | undefined> = {};
    for (const [path, sides] of Object.entries(expectation)) {
      const text = sides[side];
      const mode = EXECUTABLE.has(path) ? ' (mode 755)' : '';
      state[path] = text === undefined ? undefined : Buffer.from(text, 'utf8').toString('latin1') + mode;
    }
    return state;
  }

  /** Waits until the disk holds `side` of every file; on timeout the assertion shows the difference. */
  async function expectDisk(expectation: Expectation, side: 'before' | 'after', what: string): Promise<void> {
    const target = JSON.stringify(wanted(expectation, side));
    try {
      await until(async () => {
        // Undo across several files asks first; confirm it for all files.
        const confirm = page.locator('.monaco-dialog-box .dialog-buttons .monaco-button').first();
        if (await confirm.isVisible().catch(() => false)) await confirm.click().catch(() => undefined);
        return JSON.stringify(disk(expectation)) === target;
      }, what, 60_000);
    } finally {
      expect(disk(expectation)).toEqual(wanted(expectation, side));
    }
  }

  function proposal() {
    return frame.locator('article.turn').last().locator('.proposal').last();
  }

  async function applyFromPanel(patch: string, callId: string): Promise<void> {
    fake.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, callId }] }, { output: [{ type: 'message', text: 'Done.' }] });
    const before = fake.requests.length;
    await sendFromPanel(frame, `Apply ${callId}`);
    // The new turn's card may take a while to appear on a busy machine: count before reading it.
    await until(async () => (await proposal().count()) > 0 && (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal', 60_000);
    await proposal().locator('[data-action="apply-proposal"]').click();
    await until(async () => (await proposal().getAttribute('data-status')) === 'applied', 'the applied state', 60_000);
    // The result goes to the model once the language servers have looked at the edit.
    await until(async () => fake.requests.length >= before + 2, 'the apply_patch result sent to the model', 60_000);
  }

  /** Focuses the editor of `path` and presses `keys` there, as a user undoing in that file would. */
  async function pressInEditor(path: string, keys: string): Promise<void> {
    const name = path.split('/').pop() ?? path;
    const tab = page.locator(`.tabs-container .tab[aria-label*="${name}"]`);
    if ((await tab.count()) > 0) {
      await tab.first().click();
      await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible' });
    } else {
      await openFile(page, env.workspaceDir, path);
    }
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press(keys);
  }

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'apply-undo',
      files: { ...initialFiles(CLOSED), ...initialFiles(OPEN), 'preview/shown.ts': 'export const shown = 1;\n' },
      // Saving is the extension's job here: nothing may reach the disk through auto-save.
      userSettings: { 'files.autoSave': 'off' },
    });
    ({ fake, page, frame } = env);
    for (const path of EXECUTABLE) if (existsSync(join(env.workspaceDir, path))) chmodSync(join(env.workspaceDir, path), 0o755);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('restores the exact bytes of closed files it updated, added, deleted and moved, and redoes them', async () => {
    await applyFromPanel(CLOSED_PATCH, 'call_closed');
    await expectDisk(CLOSED, 'after', 'the patched files on disk');
    await pressInEditor('closed/entry.ts', 'Control+Z');
    await expectDisk(CLOSED, 'before', 'every file restored by Undo');
    await pressInEditor('closed/entry.ts', 'Control+Shift+Z');
    await expectDisk(CLOSED, 'after', 'every file patched again by Redo');
  });

  it('restores the exact bytes of open files it updated, replaced, deleted and moved, and redoes them', async () => {
    for (const path of ['open/editedOpen.ts', 'open/deletedOpen.ts', 'open/movedOpen.ts', 'open/replacedOpen.ts']) await openFile(page, env.workspaceDir, path);
    await applyFromPanel(OPEN_PATCH, 'call_open');
    await expectDisk(OPEN, 'after', 'the patched files on disk');
    await pressInEditor('open/editedOpen.ts', 'Control+Z');
    await expectDisk(OPEN, 'before', 'every file restored by Undo');
    await pressInEditor('open/editedOpen.ts', 'Control+Shift+Z');
    await expectDisk(OPEN, 'after', 'every file patched again by Redo');
  });

  it('previews an edit labelled like the file, without a rename, and closes the preview once it is applied', async () => {
    const patch = ['*** Begin Patch', '*** Update File: preview/shown.ts', '@@', '-export const shown = 1;', '+export const shown = 2;', '*** End Patch'].join('\n');
    fake.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, callId: 'call_preview' }] }, { output: [{ type: 'message', text: 'Done.' }] });
    await sendFromPanel(frame, 'Preview call_preview');
    await until(async () => (await proposal().count()) > 0 && (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal', 60_000);
    await proposal().locator('[data-action="preview-proposal"]').click();
    const previewTab = page.locator('.tabs-container .tab[aria-label*="proposed edit"]');
    await previewTab.first().waitFor({ state: 'visible', timeout: 60_000 });
    const entry = page.locator('.multiDiffEntry').first();
    await entry.waitFor({ state: 'visible', timeout: 60_000 });
    const header = (await entry.locator('.header').first().textContent()) ?? '';
    expect(header).toContain('shown.ts');
    expect(header).not.toMatch(/call_preview|\/before\/|\/after\//);
    expect(header).not.toContain('→');
    await proposal().locator('[data-action="apply-proposal"]').click();
    await until(async () => (await proposal().getAttribute('data-status')) === 'applied', 'the applied state', 60_000);
    await until(async () => (await previewTab.count()) === 0, 'the preview to close after Apply', 60_000);
  });
});
