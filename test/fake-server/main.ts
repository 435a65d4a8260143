// Standalone fake Responses API for demo mode: `node out/fake-server.js --port 0`.
// Prints one JSON line {"baseURL": "..."} when listening; accepts any bearer key.
import { demoResponder } from './demoResponder';
import { FakeResponsesServer } from './fakeResponsesServer';

function parsePort(argv: string[]): number {
  const flag = argv.indexOf('--port');
  const value = flag >= 0 ? argv[flag + 1] : '0';
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535 (0 picks a free port), got '${String(value)}'`);
  }
  return port;
}

async function main(): Promise<void> {
  const server = await FakeResponsesServer.start({ port: parsePort(process.argv.slice(2)), defaultResponder: demoResponder });
  process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
