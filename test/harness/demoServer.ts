// The standalone demo Responses server (out/fake-server.js, built by `node esbuild.mjs --tests`) as
// `npm start` runs it without OPENAI_API_KEY: its own process group, base URL read from its first line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, stopProcessGroup, trackProcessGroup } from './codeServer';

export interface RunningDemoServer {
  /** e.g. http://127.0.0.1:40123/v1, for CODEWRIGHT_DEMO_BASE_URL */
  baseURL: string;
  pid: number;
  stop(): Promise<void>;
}

export function demoServerBundle(): string {
  return join(repoRoot(), 'out', 'fake-server.js');
}

export async function startDemoServer(): Promise<RunningDemoServer> {
  const bundle = demoServerBundle();
  if (!existsSync(bundle)) throw new Error(`No demo server bundle at ${bundle}. Run: node esbuild.mjs --tests`);
  const child = spawn(process.execPath, [bundle, '--port', '0'], {
    cwd: repoRoot(),
    detached: true, // own process group, stopped as a whole
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  trackProcessGroup(child);
  const pid = child.pid ?? -1;
  const stop = async (): Promise<void> => {
    if (pid > 0) await stopProcessGroup(pid);
  };
  const lines = createInterface({ input: child.stdout! });
  try {
    const baseURL = await new Promise<string>((resolveURL, reject) => {
      const timer = setTimeout(() => reject(new Error('The demo server printed no {"baseURL": ...} line within 15 s')), 15_000);
      child.once('exit', (code, signal) => reject(new Error(`The demo server exited (${code ?? signal}) before it listened`)));
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          const parsed = JSON.parse(line) as { baseURL?: unknown };
          if (typeof parsed.baseURL === 'string') resolveURL(parsed.baseURL);
          else reject(new Error(`The demo server printed no baseURL: ${line}`));
        } catch {
          reject(new Error(`The demo server printed something other than JSON: ${line}`));
        }
      });
    });
    return { baseURL, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
