// The editor setup a contributor gets from .vscode/: F5 builds with the watch task and starts the
// extension, and the watch task's problem matcher understands what esbuild.mjs prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Reads a .vscode JSON file: JSON with whole-line // comments. */
function readJsonc<T>(file: string): T {
  const text = readFileSync(join(root, file), 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return JSON.parse(text) as T;
}

interface LaunchConfig {
  name: string;
  type: string;
  args: string[];
  debugWebviews?: boolean;
  preLaunchTask?: string;
}
interface Task {
  label: string;
  script: string;
  isBackground?: boolean;
  problemMatcher: string | { pattern: { regexp: string }[]; background: { beginsPattern: string; endsPattern: string } };
}

const launch = readJsonc<{ configurations: LaunchConfig[] }>('.vscode/launch.json').configurations;
const tasks = readJsonc<{ tasks: Task[] }>('.vscode/tasks.json').tasks;
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the contributor kit in .vscode/', () => {
  it('starts the extension from this folder with F5, debugging the webview, after the watch build', () => {
    const run = launch.find((config) => config.name === 'Run Extension');
    expect(run).toMatchObject({ type: 'extensionHost', debugWebviews: true, preLaunchTask: 'npm: watch' });
    expect(run?.args).toContain('--extensionDevelopmentPath=${workspaceFolder}');
  });

  it('runs the extension-host suites from the shared bundle in "Extension Tests"', () => {
    const tests = launch.find((config) => config.name === 'Extension Tests');
    expect(tests?.args).toContain('--extensionTestsPath=${workspaceFolder}/out/exthost/suite.js');
    expect(tasks.map((task) => task.label)).toContain(tests?.preLaunchTask);
  });

  it('names only tasks that exist, for npm scripts that exist', () => {
    for (const config of launch) if (config.preLaunchTask) expect(tasks.map((task) => task.label)).toContain(config.preLaunchTask);
    for (const task of tasks) expect(Object.keys(scripts)).toContain(task.script);
  });

  it("reads esbuild's watch output: the rebuild markers and each error with its file, line and column", async () => {
    const watch = tasks.find((task) => task.label === 'npm: watch');
    expect(watch?.isBackground).toBe(true);
    const matcher = watch?.problemMatcher;
    if (!matcher || typeof matcher === 'string') throw new Error('npm: watch needs its own problem matcher');
    // What the reporter in esbuild.mjs prints for a failed rebuild, produced by the real script.
    const output = await watchOutputForBrokenEntry();
    const lines = output.split('\n');
    expect(lines.some((line) => new RegExp(matcher.background.beginsPattern).test(line))).toBe(true);
    expect(lines.some((line) => new RegExp(matcher.background.endsPattern).test(line))).toBe(true);
    const [messagePattern, locationPattern] = matcher.pattern.map((pattern) => new RegExp(pattern.regexp));
    const at = lines.findIndex((line) => messagePattern.test(line));
    expect(at, output).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(locationPattern);
    expect(lines[at + 1].match(locationPattern)?.slice(1, 4)).toEqual(['broken.ts', '1', '15']);
  });
});

/** Builds a file with a syntax error through esbuild.mjs's own watch reporter; returns what it printed. */
async function watchOutputForBrokenEntry(): Promise<string> {
  const buildScript = pathToFileURL(join(root, 'esbuild.mjs')).href;
  const { watchReporter } = (await import(buildScript)) as { watchReporter: () => esbuild.Plugin };
  const printed: string[] = [];
  const capture = (...parts: unknown[]) => void printed.push(parts.join(' '));
  const log = vi.spyOn(console, 'log').mockImplementation(capture);
  const error = vi.spyOn(console, 'error').mockImplementation(capture);
  try {
    await esbuild
      .build({ stdin: { contents: 'const broken: = 1;', sourcefile: 'broken.ts', loader: 'ts' }, write: false, logLevel: 'silent', plugins: [watchReporter()] })
      .catch(() => undefined);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return printed.join('\n');
}
