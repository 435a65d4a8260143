import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the extension manifest', () => {
  it('names the extension codewright by publisher codewright, for VS Code 1.100 and newer', () => {
    expect(manifest.name).toBe('codewright');
    expect(manifest.displayName).toBe('Codewright');
    expect(manifest.publisher).toBe('codewright');
    expect(manifest.engines.vscode).toBe('^1.100.0');
    expect(manifest.main).toBe('./dist/extension.js');
  });

  it('activates lazily: on its commands and view, or when a code file opens (for CodeLens), never at startup', () => {
    const events: string[] = manifest.activationEvents ?? [];
    expect(events).not.toContain('*');
    expect(events).not.toContain('onStartupFinished');
    for (const event of events) expect(event).toMatch(/^onLanguage:[a-z]+$/);
  });

  it('puts every command in the Codewright category', () => {
    const commands: { command: string; category?: string }[] = manifest.contributes.commands;
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command.category, command.command).toBe('Codewright');
  });

  it('declares the settings with their documented defaults, and the base URL for user settings only', () => {
    const props = manifest.contributes.configuration.properties;
    expect(props['codewright.model'].default).toBe('gpt-5');
    expect(props['codewright.reasoningEffort']).toMatchObject({ enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'], default: 'medium' });
    expect(props['codewright.reasoningSummary'].enum).toEqual(['auto', 'concise', 'detailed', 'off']);
    expect(props['codewright.verbosity'].enum).toEqual(['low', 'medium', 'high']);
    expect(props['codewright.maxOutputTokens'].default).toBeNull();
    expect(props['codewright.baseURL']).toMatchObject({ default: '', scope: 'application' });
    expect(props['codewright.store'].default).toBe(true);
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toContain('codewright.baseURL');
  });

  it('contributes the chat as a webview view in its own activity-bar container', () => {
    expect(manifest.contributes.viewsContainers.activitybar).toEqual([expect.objectContaining({ id: 'codewright', title: 'Codewright' })]);
    expect(manifest.contributes.views.codewright).toEqual([expect.objectContaining({ type: 'webview', id: 'codewright.chatView' })]);
  });

  it('uses openai 6.x, which runs on Node 20', () => {
    expect(manifest.dependencies.openai).toMatch(/^\^6\./);
  });
});

describe('the packaged extension', () => {
  it('ships only the bundles, media, manifest, README and LICENSE', () => {
    const listed = execFileSync(join(root, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^media\/[^/]+\.(css|svg)$/, /^dist\/(extension|webview|apply-patch|readToolWorker)\.js$/, /^dist\/codicons\/codicon\.(css|ttf)$/];
    for (const file of listed) expect(allowed.some((pattern) => pattern.test(file)), `unexpected file in the package: ${file}`).toBe(true);
    // The production build writes source maps beside the bundles; they stay out of the package.
    expect(listed.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'media/codewright.svg', 'media/chat.css', 'media/markdown.css']) {
      expect(listed).toContain(required);
    }
    if (existsSync(join(root, 'dist', 'extension.js'))) {
      expect(listed).toEqual(expect.arrayContaining(['dist/extension.js', 'dist/webview.js', 'dist/apply-patch.js', 'dist/readToolWorker.js']));
    }
    // vsce lists the package by running npm; on a loaded machine that alone takes tens of seconds.
  }, 180_000);
});
