// A multi-root workspace in a real VS Code (code-server): the model sees every file under its
// folder's name, one patch edits files in two folders in one undoable step, and a path that names
// no folder goes back to the model as an error that changes nothing. The tests share one workbench;
// none relies on what another changed, so each passes alone and in any order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';

const LISTEN = 'export const listenPort = 1;\n';
const FILES = {
  'web/src/config.ts': 'export const port = 3000;\n',
  'api/src/config.ts': 'export const port = 8080;\n',
  // Each folder hides a different sub-folder from search: web through search.exclude, api through files.exclude.
  'web/.vscode/settings.json': `${JSON.stringify({ 'search.exclude': { '**/fixtures': true } })}\n`,
  'api/.vscode/settings.json': `${JSON.stringify({ 'files.exclude': { '**/generated': true } })}\n`,
  'web/fixtures/ports.ts': LISTEN,
  'web/generated/ports.ts': LISTEN,
  'api/fixtures/ports.ts': LISTEN,
  'api/generated/ports.ts': LISTEN,
};

const BOTH_FOLDERS = [
  '*** Begin Patch',
  '*** Update File: web/src/config.ts',
  '@@',
  '-export const port = 3000;',
  '+export const port = 3001;',
  '*** Update File: api/src/config.ts',
  '@@',
  '-export const port = 8080;',
  '+export const port = 8081;',
  '*** End Patch',
].join('\n');

const NO_FOLDER = ['*** Begin Patch', '*** Update File: src/config.ts', '@@', '-export const port = 3001;', '+export const port = 1;', '*** End Patch'].join('\n');

type Body = { instructions?: string; input?: { type?: string; call_id?: string; content?: { type: string; text?: string; filename?: string }[]; output?: string }[] };

describe('a multi-root workspace', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let frame: Frame;

  const onDisk = (path: string) => readFileSync(join(env.workspaceDir, path), 'utf8');

  beforeAll(async () => {
    env = await openChatWorkbench({ name: 'multi-root', files: FILES, multiRootFolders: ['web', 'api'], openFile: 'api/src/config.ts' });
    ({ fake, frame } = env);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('applies one patch to files in two folders, and the model sees paths under folder names', async () => {
    await until(async () => (await frame.locator('.chip-file .chip-label').allTextContents()).includes('api/src/config.ts'), 'the open file as api/src/config.ts');
    const before = fake.requests.length;
    fake.enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: BOTH_FOLDERS, chunks: 6, callId: 'call_ports' }] },
      { output: [{ type: 'message', text: 'Both ports moved up by one.' }] },
    );
    await sendFromPanel(frame, 'Bump both ports');
    const card = frame.locator('article.turn').last().locator('.proposal').last();
    await until(async () => (await card.getAttribute('data-status')) === 'ready', 'the checked proposal');
    expect(await card.locator('.proposal-path').allTextContents()).toEqual(['web/src/config.ts', 'api/src/config.ts']);

    const first = fake.requests[before].body as Body;
    expect(first.instructions).toContain('This workspace has several folders (web, api)');
    const files = (first.input ?? []).flatMap((item) => item.content ?? []).filter((part) => part.type === 'input_file');
    expect(files.map((part) => part.filename)).toEqual(['api/src/config.ts']);

    await card.locator('[data-action="apply-proposal"]').click();
    await until(async () => (await card.getAttribute('data-status')) === 'applied', 'the applied proposal');
    await until(async () => onDisk('web/src/config.ts') === 'export const port = 3001;\n' && onDisk('api/src/config.ts') === 'export const port = 8081;\n', 'both files changed on disk');
    await until(async () => fake.requests.length === before + 2, 'the result sent back to the model');
    const result = (fake.requests[before + 1].body as Body).input?.find((item) => item.type === 'custom_tool_call_output');
    // When the TypeScript server checked the edit in time, the output says it found nothing new.
    expect(result?.output?.replace(/\n\nNo new errors reported in the edited files\.$/, '')).toBe('Success. Updated the following files:\nM web/src/config.ts\nM api/src/config.ts');
  });

  it('sends a path that names no folder back to the model as an error, changing nothing', async () => {
    // The other test may have bumped the ports already: compare with what is on disk now.
    const webConfig = onDisk('web/src/config.ts');
    const apiConfig = onDisk('api/src/config.ts');
    const before = fake.requests.length;
    fake.enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: NO_FOLDER, callId: 'call_bad' }] },
      { output: [{ type: 'message', text: 'I will name the folder next time.' }] },
    );
    await sendFromPanel(frame, 'Set the port to 1');
    await until(async () => fake.requests.length === before + 2, 'the error sent back to the model');
    const result = (fake.requests[before + 1].body as Body).input?.find((item) => item.type === 'custom_tool_call_output');
    expect(result?.output).toContain('"src/config.ts" is not allowed: this workspace has several folders (web, api)');
    expect(result?.output).toContain('No files were changed');
    expect(onDisk('web/src/config.ts')).toBe(webConfig);
    expect(onDisk('api/src/config.ts')).toBe(apiConfig);
  });

  it('searches each folder with its own files.exclude and search.exclude', async () => {
    const before = fake.requests.length;
    fake.enqueue(
      { output: [{ type: 'function_call', name: 'search_text', arguments: JSON.stringify({ query: 'listenPort', is_regex: false, include: null, max_results: null }), callId: 'call_listen' }] },
      { output: [{ type: 'message', text: 'It is set in two places.' }] },
    );
    await sendFromPanel(frame, 'Where is the listen port set?');
    await until(async () => fake.requests.length === before + 2, 'the search result sent back to the model');
    const result = (fake.requests[before + 1].body as Body).input?.find((item) => item.type === 'function_call_output');
    expect(result?.call_id).toBe('call_listen');
    expect(result?.output).toBe(['2 matching lines for "listenPort":', 'api/fixtures/ports.ts:1: export const listenPort = 1;', '--', 'web/generated/ports.ts:1: export const listenPort = 1;'].join('\n'));
  });
});
