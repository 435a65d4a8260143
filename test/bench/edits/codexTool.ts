// OpenAI Codex CLI, the reference apply_patch implementation, installed on demand into the tools
// cache ($CODEWRIGHT_TOOLS, default ~/.cache/codewright-tools) like code-server: it is a large
// native binary, never a project dependency. A marker file is written only after a good install.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as nodePath from 'node:path';

export const CODEX_VERSION = '0.171.0';

const TARGET_TRIPLES: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
};

export type CodexTool = { readonly ok: true; readonly binary: string; readonly version: string } | { readonly ok: false; readonly reason: string };

export function toolsCache(): string {
  return process.env.CODEWRIGHT_TOOLS ?? nodePath.join(homedir(), '.cache', 'codewright-tools');
}

/** npm run from an npm script inherits the outer npm's settings (prefix, user agent); keep only how to reach the registry. */
function installEnvironment(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl|userconfig|globalconfig|cache)$/;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if ((name.startsWith('npm_') && !keep.test(name)) || name === 'NODE' || name === 'INIT_CWD') continue;
    env[name] = value;
  }
  return env;
}

function nativeBinary(directory: string): string | undefined {
  const platform = `${process.platform}-${process.arch}`;
  const triple = TARGET_TRIPLES[platform];
  if (!triple) return undefined;
  const binary = nodePath.join(directory, 'node_modules', '@openai', `codex-${platform}`, 'vendor', triple, 'bin', 'codex');
  return existsSync(binary) ? binary : undefined;
}

/** The Codex binary, installing it first when the cache has none; never throws. */
export function ensureCodex(log: (line: string) => void): CodexTool {
  const directory = nodePath.join(toolsCache(), 'codex');
  const marker = nodePath.join(directory, `.installed-codex-${CODEX_VERSION}`);
  if (!existsSync(marker)) {
    log(`installing @openai/codex@${CODEX_VERSION} into ${directory} (once; about 400 MB)`);
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    writeFileSync(nodePath.join(directory, 'package.json'), '{"name":"codewright-tools-codex","private":true}\n');
    const install = spawnSync(
      'npm',
      ['install', '--prefix', directory, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `@openai/codex@${CODEX_VERSION}`],
      { cwd: directory, env: installEnvironment(), encoding: 'utf8', timeout: 15 * 60_000 },
    );
    if (install.status !== 0) {
      const output = `${install.stdout ?? ''}${install.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
      return { ok: false, reason: `npm install @openai/codex@${CODEX_VERSION} failed: ${install.error?.message ?? output}` };
    }
  }
  const binary = nativeBinary(directory);
  if (!binary) return { ok: false, reason: `no Codex native binary for ${process.platform}-${process.arch} in ${directory}` };
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) return { ok: false, reason: `${binary} --version failed: ${probe.error?.message ?? probe.stderr}` };
  if (!existsSync(marker)) writeFileSync(marker, `${new Date().toISOString()}\n`);
  return { ok: true, binary, version: probe.stdout.trim() };
}
