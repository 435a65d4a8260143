// `npm start`: builds and packages Codewright, installs it into a real VS Code (code-server, installed
// once into a cache by setup.sh), opens a sample workspace and prints the URL to open.
//   With OPENAI_API_KEY set, the extension talks to OpenAI with that key.
//   Without it, demo mode: a local scripted Responses server (out/fake-server.js) answers, and the
//   panel says "Demo mode".
// Environment: PORT (default 8080), CODEWRIGHT_TOOLS (tool cache, default ~/.cache/codewright-tools).
// Ctrl+C stops code-server and the demo server (their whole process groups).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { installExtension, repoRoot, startCodeServer, stopProcessGroup, toolPaths, trackProcessGroup, type RunningCodeServer } from './codeServer';

const HOST = '127.0.0.1';

function step(message: string): void {
  console.log(`\n▶ ${message}`);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot(), stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); see its output above.`);
  }
}

function parsePort(value: string | undefined): number {
  const port = Number(value ?? '8080');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a number from 1 to 65535, got '${value}'`);
  return port;
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`Port ${port} on ${HOST} is in use. Stop what uses it, or run: PORT=<another port> npm start`)));
    probe.listen(port, HOST, () => probe.close(() => resolvePort()));
  });
}

/** A small project to try Codewright on; rewritten on every start, other files are left alone. */
const SAMPLE_FILES: Record<string, string> = {
  'README.md': `# Codewright sample workspace

Try it:
1. Open \`src/inventory.ts\`, select the \`restock\` method, run **Codewright: Explain Selection**
   (Command Palette: F1).
2. Open the Codewright panel from the activity bar and ask a follow-up question.
`,
  'src/inventory.ts': `export interface Item {
  sku: string;
  name: string;
  quantity: number;
  reorderLevel: number;
}

export class Inventory {
  private readonly items = new Map<string, Item>();

  add(item: Item): void {
    if (this.items.has(item.sku)) throw new Error(\`duplicate SKU \${item.sku}\`);
    this.items.set(item.sku, { ...item });
  }

  remove(sku: string, quantity: number): number {
    const item = this.items.get(sku);
    if (!item) throw new Error(\`unknown SKU \${sku}\`);
    const taken = Math.min(quantity, item.quantity);
    item.quantity -= taken;
    return taken;
  }

  /** Items at or below their reorder level, fullest shortfall first. */
  restock(): Item[] {
    return [...this.items.values()]
      .filter((item) => item.quantity <= item.reorderLevel)
      .sort((a, b) => (a.quantity - a.reorderLevel) - (b.quantity - b.reorderLevel));
  }
}
`,
  'src/pricing.ts': `export type Cents = number;

export function applyDiscount(price: Cents, percent: number): Cents {
  if (percent < 0 || percent > 100) throw new RangeError('percent must be within 0..100');
  return Math.round(price * (1 - percent / 100));
}

export function total(lines: { price: Cents; quantity: number }[]): Cents {
  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
}
`,
  'scripts/report.py': `"""Prints a stock report from a CSV file with columns sku,name,quantity,reorder_level."""
import csv
import sys
from dataclasses import dataclass


@dataclass
class Row:
    sku: str
    name: str
    quantity: int
    reorder_level: int

    @property
    def needs_restock(self) -> bool:
        return self.quantity <= self.reorder_level


def read_rows(path: str) -> list[Row]:
    with open(path, newline="") as handle:
        return [Row(r["sku"], r["name"], int(r["quantity"]), int(r["reorder_level"])) for r in csv.DictReader(handle)]


def main() -> None:
    for row in read_rows(sys.argv[1]):
        flag = "RESTOCK" if row.needs_restock else "ok"
        print(f"{row.sku:<10} {row.name:<24} {row.quantity:>5}  {flag}")


if __name__ == "__main__":
    main()
`,
};

function writeSampleWorkspace(dir: string): void {
  for (const [relPath, text] of Object.entries(SAMPLE_FILES)) {
    mkdirSync(dirname(join(dir, relPath)), { recursive: true });
    writeFileSync(join(dir, relPath), text);
  }
}

/** Starts out/fake-server.js (demo responder) in its own process group; resolves with its base URL. */
async function startDemoServer(): Promise<{ baseURL: string; pid: number }> {
  const child = spawn(process.execPath, [join(repoRoot(), 'out', 'fake-server.js'), '--port', '0'], {
    cwd: repoRoot(),
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  trackProcessGroup(child);
  const lines = createInterface({ input: child.stdout! });
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
  return { baseURL, pid: child.pid ?? -1 };
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const apiKey = process.env.OPENAI_API_KEY?.trim() ?? '';
  const cacheDir = toolPaths().cacheDir;

  step('Installing the tools (first run only: Node 24 and code-server into the cache)');
  run('bash', [join(repoRoot(), 'test', 'harness', 'setup.sh')]);
  step('Building and packaging the extension (npm run package)');
  run('npm', ['run', 'package']);
  if (!apiKey) {
    step('Building the demo server (node esbuild.mjs --tests)');
    run(process.execPath, ['esbuild.mjs', '--tests']);
  }
  await assertPortFree(port);

  step('Installing codewright.vsix into code-server');
  const extensionsDir = join(cacheDir, 'start-extensions');
  installExtension(join(repoRoot(), 'codewright.vsix'), extensionsDir);
  const workspaceDir = join(cacheDir, 'sample-workspace');
  writeSampleWorkspace(workspaceDir);

  let demo: { baseURL: string; pid: number } | undefined;
  if (!apiKey) {
    step('No OPENAI_API_KEY: starting demo mode (local scripted Responses server)');
    demo = await startDemoServer();
  }
  let server: RunningCodeServer | undefined;
  const stopAll = async (): Promise<void> => {
    await server?.stop();
    if (demo && demo.pid > 0) await stopProcessGroup(demo.pid);
  };
  process.once('SIGINT', () => {
    console.log('\nStopping code-server and the demo server…');
    void stopAll().then(() => process.exit(0));
  });

  step(`Starting code-server on ${HOST}:${port}`);
  try {
    server = await startCodeServer({
      workspaceDir,
      extensionsDir,
      host: HOST,
      port,
      userDataDir: join(cacheDir, 'start-user-data'),
      outputFile: join(cacheDir, 'start-code-server.log'),
      env: demo ? { CODEWRIGHT_DEMO_BASE_URL: demo.baseURL, OPENAI_API_KEY: undefined } : { CODEWRIGHT_DEMO_BASE_URL: undefined },
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  const address = new URL(server.url);
  address.searchParams.set('folder', workspaceDir);
  console.log(`
Codewright is running in VS Code (code-server) — ${demo ? 'DEMO MODE: answers come from a local scripted server, not OpenAI' : 'using OPENAI_API_KEY to talk to OpenAI'}.

  Open:  ${address.toString()}

  Then select code in src/inventory.ts and run "Codewright: Explain Selection" (F1).
  code-server log: ${server.outputFile}
  Stop:  Ctrl+C (stops code-server${demo ? ' and the demo server' : ''}).
`);
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      try {
        process.kill(-server!.pid, 0);
      } catch {
        clearInterval(timer);
        console.error(`code-server stopped on its own; see ${server!.outputFile}`);
        done();
      }
    }, 2_000);
  });
  await stopAll();
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
