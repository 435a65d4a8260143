// Builds the command-line applier bundle (as esbuild.mjs builds dist/apply-patch.js) into a
// temporary folder and runs it.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../../src/cli/applyPatch.ts', import.meta.url));

export async function buildCli(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'apply-patch.js');
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  return outfile;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(cli: string, args: readonly string[], stdin: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], (error, stdout, stderr) => {
      resolve({ code: error && typeof error.code === 'number' ? error.code : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}
