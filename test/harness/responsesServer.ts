// What a test file of the Responses wire shares: a fresh fake server per test, holding one key,
// and a way to run a turn through the real SDK and the product's runner against it. Call at the
// top level of the file.
import { afterEach, beforeEach } from 'vitest';
import { buildResponseRequest, createResponsesClient, runResponse, type ResponseOutcome, type ResponseStreamEvent, type TurnRequest } from '../../src/common/responses';
import { FakeResponsesServer, type FakeServerOptions } from '../fake-server/fakeResponsesServer';

export const WIRE_TEST_API_KEY = 'sk-test-KEYf00dfeed1234567890abcdef';

export interface ResponsesServerUse {
  server(): FakeResponsesServer;
  /** Streams `request` with no SDK retries; returns the outcome and the product events seen. */
  run(request: TurnRequest): Promise<{ outcome: ResponseOutcome; events: ResponseStreamEvent[] }>;
}

export function useResponsesServer(options: FakeServerOptions = {}): ResponsesServerUse {
  let server: FakeResponsesServer | undefined;
  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: WIRE_TEST_API_KEY, ...options });
  });
  afterEach(async () => {
    await server?.close();
  });
  const current = (): FakeResponsesServer => {
    if (!server) throw new Error('useResponsesServer: the server starts in beforeEach; use it inside a test');
    return server;
  };
  return {
    server: current,
    run: async (request) => {
      const client = createResponsesClient({ apiKey: WIRE_TEST_API_KEY, baseURL: current().baseURL, maxRetries: 0 });
      const events: ResponseStreamEvent[] = [];
      const outcome = await runResponse(client, buildResponseRequest(request), { idleTimeoutMs: 5_000, onEvent: (event) => events.push(event) });
      return { outcome, events };
    },
  };
}
