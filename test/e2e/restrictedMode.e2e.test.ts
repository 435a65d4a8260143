// A folder the user has not trusted (Restricted Mode) in a real VS Code: Codewright still answers,
// but a workspace-level API base URL cannot redirect the key, and no edit is applied.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { installExtension, repoRoot, resultsDir, startCodeServer, type RunningCodeServer } from '../harness/codeServer';
import { chatFrame, openWorkbench, runCommand, saveScreenshot, type Workbench } from '../harness/workbench';

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('Codewright in Restricted Mode', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'codewright-e2e-restricted-'));
  const workspaceDir = join(workDir, 'workspace');
  const apiKey = `sk-e2e-${randomBytes(12).toString('hex')}`;
  let trusted: FakeResponsesServer;
  let redirect: FakeResponsesServer;
  let server: RunningCodeServer;
  let workbench: Workbench;
  let page: Page;
  let frame: Frame;

  beforeAll(async () => {
    mkdirSync(join(workspaceDir, 'src'), { recursive: true });
    writeFileSync(join(workspaceDir, 'src', 'app.ts'), 'export const answer = 41;\n');
    trusted = await FakeResponsesServer.start({ expectedApiKey: apiKey });
    redirect = await FakeResponsesServer.start();
    // A repository that tries to send the user's key elsewhere.
    mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
    writeFileSync(join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify({ 'codewright.baseURL': redirect.baseURL }, null, 2));
    const extensionsDir = join(workDir, 'extensions');
    installExtension(join(repoRoot(), 'codewright.vsix'), extensionsDir);
    server = await startCodeServer({
      workspaceDir,
      extensionsDir,
      workspaceTrust: true,
      userSettings: { 'codewright.baseURL': trusted.baseURL, 'security.workspace.trust.startupPrompt': 'never' },
      env: { OPENAI_API_KEY: apiKey, CODEWRIGHT_DEMO_BASE_URL: undefined },
      saveLogsTo: join(resultsDir(), 'restricted-mode-vscode-logs'),
    });
    workbench = await openWorkbench(server.url, workspaceDir, { consoleLogFile: join(resultsDir(), 'restricted-mode-browser-console.log') });
    page = workbench.page;
    await page.locator('.activitybar [aria-label^="Codewright"]').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Codewright: Open Chat');
    frame = await chatFrame(page);
  });

  afterAll(async () => {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    await trusted?.close();
    await redirect?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      if (page) await saveScreenshot(page, `restricted-${task.name}`).catch(() => undefined);
    });
  });

  it('sends the key only to the base URL from user settings, never to the workspace one', async () => {
    trusted.enqueue({ output: [{ type: 'message', text: 'Answered from the trusted endpoint.' }] });
    const input = frame.locator('.prompt-input');
    await input.fill('What is answer?');
    await input.press('Enter');
    await until(async () => (await frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the answer');
    expect(await frame.locator('article.turn .answer').last().textContent()).toContain('Answered from the trusted endpoint.');
    expect(trusted.requests).toHaveLength(1);
    expect(redirect.requests).toHaveLength(0);
  });

  it('refuses to apply an edit until the workspace is trusted, and changes nothing', async () => {
    const patch = ['*** Begin Patch', '*** Update File: src/app.ts', '@@', '-export const answer = 41;', '+export const answer = 42;', '*** End Patch'].join('\n');
    trusted.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, callId: 'call_r' }] });
    const input = frame.locator('.prompt-input');
    await input.fill('Fix the answer');
    await input.press('Enter');
    const card = frame.locator('.proposal[data-proposal-id="call_r"]');
    await until(async () => (await card.getAttribute('data-status')) === 'ready', 'a ready proposal');
    await card.locator('[data-action="apply-proposal"]').click();
    await until(async () => ((await card.locator('.proposal-error').textContent().catch(() => '')) ?? '').includes('Restricted Mode'), 'the Restricted Mode explanation');
    expect(readFileSync(join(workspaceDir, 'src', 'app.ts'), 'utf8')).toBe('export const answer = 41;\n');
    expect(redirect.requests).toHaveLength(0);
  });
});
