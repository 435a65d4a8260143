// The fake Responses server for the pipeline benchmark, in its own process so its CPU time is not
// counted against the client. Every request gets one answer streamed in DELTAS text deltas.
// Prints {"baseURL": "..."} when listening.

import { FakeResponsesServer } from '../fake-server/fakeResponsesServer';

const deltas = Number(process.argv[2] ?? '20000');
const words = ['stream', 'render', 'token', 'patch', 'delta', 'model', 'panel', 'reply'];
const text = Array.from({ length: deltas }, (_, index) => `${words[index % words.length] ?? 'x'}${index % 10 === 9 ? '\n' : ' '}`).join('');
const chunks = Array.from({ length: deltas }, (_, index) => `${words[index % words.length] ?? 'x'}${index % 10 === 9 ? '\n' : ' '}`);

async function main(): Promise<void> {
  const server = await FakeResponsesServer.start({ defaultResponder: () => ({ output: [{ type: 'message', text, chunks }] }) });
  process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
