// Every wire recording, served byte for byte by the fake server and read through the real
// SDK, reduces to the same product events as reducing the recorded events directly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createResponsesClient,
  ResponseStreamReducer,
  runResponse,
  type ResponseStreamEvent,
} from '../../../src/common/responses';
import { FakeResponsesServer } from '../../fake-server/fakeResponsesServer';
import { allRecordingFiles, recordedResponses, recordingsDir, streamRecordingFiles } from '../../unit/responses/recordingFixtures';

const API_KEY = 'sk-test-recordings-000000000000';
let server: FakeResponsesServer;

beforeAll(async () => {
  server = await FakeResponsesServer.start();
});

afterAll(async () => {
  await server.close();
});

const params = { model: 'gpt-5', input: 'replay', stream: true as const };

/** The SDK throws at a mid-stream `error` event, so nothing after it reaches the runner. */
function upToFirstError(events: ResponseStreamEvent[]): ResponseStreamEvent[] {
  const index = events.findIndex((event) => event.type === 'error');
  return index === -1 ? events : events.slice(0, index + 1);
}

function directEvents(events: unknown[]): ResponseStreamEvent[] {
  const emitted: ResponseStreamEvent[] = [];
  const reducer = new ResponseStreamReducer((event) => emitted.push(event));
  for (const event of events) reducer.push(event);
  return emitted;
}

async function postRaw(body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.baseURL}/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const cases = streamRecordingFiles().flatMap((file) => recordedResponses(file).map((events, part, all) => ({ file, part: all.length > 1 ? part : undefined, events })));

describe('wire recordings served by the fake server', () => {
  it('serves each file byte for byte (chunks.txt files framed with event:/data: lines)', async () => {
    for (const file of allRecordingFiles()) {
      server.enqueue({ kind: 'recording', file });
      const { status, text } = await postRaw(params);
      const original = readFileSync(path.join(recordingsDir, file), 'utf8');
      if (file.endsWith('.chunks.txt')) {
        const framed = original
          .split('\n')
          .filter((line) => line.trim().length > 0)
          .map((line) => `event: ${String((JSON.parse(line) as { type: string }).type)}\ndata: ${line}\n\n`)
          .join('');
        expect(text, file).toBe(framed);
      } else {
        expect(text, file).toBe(original);
      }
      expect(status, file).toBe(/^(event|data):/m.test(original) || file.endsWith('.chunks.txt') ? 200 : 400);
    }
  });

  it.each(cases)('$file (response $part) reduces through the SDK exactly as the recorded events do', async ({ file, part, events }) => {
    server.enqueue({ kind: 'recording', file, ...(part !== undefined ? { part } : {}) });
    const client = createResponsesClient({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 0 });
    const viaSdk: ResponseStreamEvent[] = [];
    const outcome = await runResponse(client, params, { idleTimeoutMs: 5_000, onEvent: (event) => viaSdk.push(event) });
    const expected = upToFirstError(directEvents(events));
    expect(viaSdk).toEqual(expected);
    if (expected.some((event) => event.type === 'error')) {
      expect(outcome.error?.kind).toBe('stream-error');
    } else if (expected.some((event) => event.type === 'failed')) {
      expect(outcome.status).toBe('failed');
      expect(outcome.error?.kind).toBe('response-failed');
    } else {
      expect(outcome.status).toBe('completed');
    }
  });

  it('turns the recorded temperature rejection into a bad-request error with the API message', async () => {
    server.enqueue({ kind: 'recording', file: 'vercel-ai__reasoning-model-temperature-error.json' });
    const client = createResponsesClient({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 0 });
    const outcome = await runResponse(client, params, { idleTimeoutMs: 5_000 });
    expect(outcome.error).toMatchObject({ kind: 'bad-request', status: 400, param: 'temperature' });
    expect(outcome.error?.message).toContain("Unsupported parameter: 'temperature' is not supported with this model.");
  });
});
