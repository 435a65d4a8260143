// `npm start` without OPENAI_API_KEY: demo mode, set up the way start.ts does it (the standalone demo
// server out/fake-server.js, CODEWRIGHT_DEMO_BASE_URL in code-server's environment, the sample workspace).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installExtension, makeTempDir, removeTempDir, repoRoot, resultsDir, startCodeServer, type RunningCodeServer } from '../harness/codeServer';
import { startDemoServer, type RunningDemoServer } from '../harness/demoServer';
import { SAMPLE_FILES, writeSampleWorkspace } from '../harness/sampleWorkspace';
import { chatFrame, notifications, openFile, openWorkbench, runCommand, saveScreenshot, selectLines, type Workbench } from '../harness/workbench';

const FILE = 'src/inventory.ts';
const FILE_LINES = SAMPLE_FILES[FILE].split('\n');
// The `restock` method with its doc comment: from the comment to the method's closing brace.
const FROM = FILE_LINES.findIndex((line) => line.includes('/** Items at or below')) + 1;
const TO = FILE_LINES.findIndex((line, index) => index >= FROM && line === '  }') + 1;

describe('Demo mode of npm start (no OPENAI_API_KEY)', () => {
  const workDir = makeTempDir('codewright-e2e-demo-');
  const workspaceDir = join(workDir, 'workspace');
  let demo: RunningDemoServer;
  let server: RunningCodeServer;
  let workbench: Workbench;
  let page: Page;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: repoRoot(), encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node esbuild.mjs --tests failed:\n${build.stdout}${build.stderr}`);
    writeSampleWorkspace(workspaceDir);
    const extensionsDir = join(workDir, 'extensions');
    installExtension(join(repoRoot(), 'codewright.vsix'), extensionsDir);
    demo = await startDemoServer();
    server = await startCodeServer({
      workspaceDir,
      extensionsDir,
      env: { CODEWRIGHT_DEMO_BASE_URL: demo.baseURL, OPENAI_API_KEY: undefined },
      saveLogsTo: join(resultsDir(), 'demo-mode-vscode-logs'),
    });
    workbench = await openWorkbench(server.url, workspaceDir, { consoleLogFile: join(resultsDir(), 'demo-mode-browser-console.log') });
    page = workbench.page;
  });

  afterAll(async () => {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    await demo?.stop();
    removeTempDir(workDir);
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      if (page) await saveScreenshot(page, `demo-${task.name}`).catch(() => undefined);
    });
  });

  it('explains a selection without any API key, and the panel says plainly that it is a demo', async () => {
    expect(FROM).toBeGreaterThan(0);
    expect(TO).toBeGreaterThan(FROM);
    await runCommand(page, 'Codewright: Open Chat');
    const frame = await chatFrame(page);
    await openFile(page, workspaceDir, FILE);
    await selectLines(page, FROM, TO);
    await runCommand(page, 'Codewright: Explain Selection');

    const badge = frame.locator('.demo-badge');
    await badge.waitFor({ state: 'visible' });
    expect(await badge.textContent()).toMatch(/demo/i);

    const turn = frame.locator('article.turn').last();
    await turn.locator('.answer').filter({ hasText: FILE }).waitFor({ state: 'visible', timeout: 30_000 });
    await turn.locator('.status-generating').waitFor({ state: 'detached', timeout: 30_000 });
    // The demo answers from what the extension really sent: the file and the selected line range.
    const answer = ((await turn.locator('.answer').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(answer).toMatch(/demo/i);
    expect(answer).toContain(FILE);
    expect(answer).toMatch(new RegExp(`lines ${FROM}\\D${TO}`));
    expect((await notifications(page)).filter((toast) => /API key/.test(toast.message))).toEqual([]);
    await saveScreenshot(page, 'demo-mode-answer');
  });
});
