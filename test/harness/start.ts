// `npm start`: builds and packages Codewright, installs it into a real VS Code (code-server, installed
// once into a cache by setup.sh), opens a sample workspace and prints the URL to open.
//   With OPENAI_API_KEY set, the extension talks to OpenAI with that key.
//   Without it, demo mode: a local scripted Responses server (out/fake-server.js) answers, and the
//   panel says "Demo mode".
// Environment: PORT (default 8080), CODEWRIGHT_TOOLS (tool cache, default ~/.cache/codewright-tools).
// Ctrl+C stops code-server and the demo server (their whole process groups).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { installExtension, repoRoot, startCodeServer, toolPaths, type RunningCodeServer } from './codeServer';
import { startDemoServer, type RunningDemoServer } from './demoServer';
import { writeSampleWorkspace } from './sampleWorkspace';

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

  let demo: RunningDemoServer | undefined;
  if (!apiKey) {
    step('No OPENAI_API_KEY: starting demo mode (local scripted Responses server)');
    demo = await startDemoServer();
  }
  let server: RunningCodeServer | undefined;
  const stopAll = async (): Promise<void> => {
    await server?.stop();
    await demo?.stop();
  };
  process.once('SIGINT', () => {
    console.log(`\nStopping code-server${demo ? ' and the demo server' : ''}…`);
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
