// Requests that fit the model, through the real SDK against a fake server that refuses what the
// real API refuses: known models get only accepted values; a model the table does not know is
// retried once without what the API names, and that is remembered for the model.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatSession } from '../../../src/common/chat/chatSession';
import { FakeResponsesServer, type FakeServerOptions } from '../../fake-server/fakeResponsesServer';
import { API_KEY, createHarness, type HarnessOptions } from './chatHarness';

const servers: FakeResponsesServer[] = [];
const sessions: ChatSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  for (const server of servers.splice(0)) await server.close();
});

async function startServer(options: FakeServerOptions = {}): Promise<FakeResponsesServer> {
  const server = await FakeResponsesServer.start({ expectedApiKey: API_KEY, ...options });
  servers.push(server);
  return server;
}

function harnessOn(server: FakeResponsesServer, options: HarnessOptions = {}) {
  return createHarness(server, sessions, { connection: { apiKey: API_KEY, baseURL: server.baseURL, demo: false }, ...options });
}

interface SentBody {
  model: string;
  reasoning?: { effort?: string; summary?: string };
  text?: { verbosity?: string };
  prompt_cache_key?: string;
}

const body = (server: FakeResponsesServer, index: number) => server.requests[index].body as SentBody;

describe('requests that fit the model', () => {
  it('sends gpt-5.1 none instead of minimal, in one request, and notes it on the turn', async () => {
    const server = await startServer();
    server.enqueue({ output: [{ type: 'message', text: 'Done.' }] });
    const chat = harnessOn(server, { settings: { model: 'gpt-5.1', reasoningEffort: 'minimal' } });
    await chat.session.send('Hi');
    const turn = await chat.ended();
    expect(turn.status).toBe('completed');
    expect(server.requests).toHaveLength(1);
    expect(body(server, 0).reasoning?.effort).toBe('none');
    expect(turn.notes?.join(' ')).toContain("does not accept reasoning effort 'minimal'");
  });

  it('the fake server refuses what the real API refuses, so a wrong table entry would fail', async () => {
    const server = await startServer();
    const response = await fetch(`${server.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.1-codex-max', input: 'hi', stream: true, text: { verbosity: 'low' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "Unsupported value: 'low' is not supported with the 'gpt-5.1-codex-max' model. Supported values are: 'medium'.",
        type: 'invalid_request_error',
        param: 'text.verbosity',
        code: 'unsupported_value',
      },
    });
  });

  it('keeps one prompt_cache_key for every request of a conversation', async () => {
    const server = await startServer();
    server.enqueue({ output: [{ type: 'message', text: 'One.' }] }, { output: [{ type: 'message', text: 'Two.' }] });
    const chat = harnessOn(server);
    await chat.session.send('First');
    await chat.ended();
    await chat.session.send('Second');
    await chat.ended();
    const keys = [body(server, 0).prompt_cache_key, body(server, 1).prompt_cache_key];
    expect(keys[0]).toBe(chat.session.conversationId);
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('a model the table does not know', () => {
  it('retries once without a parameter the API says the model does not take, and remembers it for the next turn', async () => {
    const server = await startServer({ modelRules: { 'acme-coder': { unsupported: ['reasoning.summary'] } } });
    server.enqueue({ output: [{ type: 'message', text: 'Hello.' }] }, { output: [{ type: 'message', text: 'Again.' }] });
    const chat = harnessOn(server, { settings: { model: 'acme-coder' } });
    await chat.session.send('Hi');
    const turn = await chat.ended();
    expect(turn.status).toBe('completed');
    expect(turn.answer).toBe('Hello.');
    expect(server.requests).toHaveLength(2);
    expect(body(server, 0).reasoning?.summary).toBe('auto');
    expect(body(server, 1).reasoning).toEqual({ effort: 'low' });
    expect(turn.notes?.join(' ')).toContain('acme-coder does not take reasoning.summary');

    await chat.session.send('Once more');
    expect((await chat.ended()).answer).toBe('Again.');
    expect(server.requests).toHaveLength(3);
    expect(body(server, 2).reasoning).toEqual({ effort: 'low' });
  });

  it('uses a value the error lists as supported instead of dropping the parameter', async () => {
    const server = await startServer({ modelRules: { 'acme-coder': { verbosities: ['medium'] } } });
    server.enqueue({ output: [{ type: 'message', text: 'Fine.' }] });
    const chat = harnessOn(server, { settings: { model: 'acme-coder', verbosity: 'high' } });
    await chat.session.send('Hi');
    expect((await chat.ended()).status).toBe('completed');
    expect(body(server, 1).text).toEqual({ verbosity: 'medium' });
  });

  it('does not retry an error that is not about an optional parameter', async () => {
    const server = await startServer({ modelRules: { 'acme-coder': { unsupported: ['input'] } } });
    const chat = harnessOn(server, { settings: { model: 'acme-coder' } });
    await chat.session.send('Hi');
    const turn = await chat.ended();
    expect(turn.status).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(turn.error?.message).toContain("'input' is not supported");
  });
});
