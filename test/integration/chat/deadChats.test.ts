// Chats whose server-side state is gone: the server restarted or expired the stored responses,
// the endpoint changed, the organization keeps no data, or responses were not stored.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatSession } from '../../../src/common/chat/chatSession';
import { demoResponder } from '../../fake-server/demoResponder';
import { FakeResponsesServer } from '../../fake-server/fakeResponsesServer';
import { API_KEY, createHarness, MemoryStore, type HarnessOptions } from './chatHarness';

const servers: FakeResponsesServer[] = [];
const sessions: ChatSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  for (const server of servers.splice(0)) await server.close();
});

async function startServer(port?: number, zeroDataRetention = false): Promise<FakeResponsesServer> {
  const server = await FakeResponsesServer.start({ expectedApiKey: API_KEY, zeroDataRetention, ...(port !== undefined ? { port } : {}) });
  servers.push(server);
  return server;
}

interface SentBody {
  previous_response_id?: string;
  store?: boolean;
  include?: string[];
  input: { role?: string; type?: string; content?: unknown }[];
}

function bodyOf(server: FakeResponsesServer, index: number): SentBody {
  return server.requests[index].body as SentBody;
}

function textsOf(body: SentBody): string[] {
  return body.input.map((item) => JSON.stringify(item.content ?? item.type));
}

function harnessOn(server: FakeResponsesServer, options: HarnessOptions = {}) {
  return createHarness(server, sessions, { connection: { apiKey: API_KEY, baseURL: server.baseURL, demo: false }, ...options });
}

describe('a chat whose server-side state is gone', () => {
  it('continues a restored chat after the server restarted by resending the conversation once, and says so in the turn', async () => {
    const first = await startServer();
    const store = new MemoryStore();
    first.enqueue({ output: [{ type: 'message', text: 'Inventory counts items.' }] });
    const before = harnessOn(first, { store });
    await before.session.send('What does inventory do?');
    expect((await before.ended()).status).toBe('completed');
    before.session.dispose();
    const port = first.port;
    await first.close();

    // Same address, fresh process: it never saw the earlier response.
    const restarted = await startServer(port);
    restarted.enqueue({ output: [{ type: 'message', text: 'It also sorts them.' }] }, { output: [{ type: 'message', text: 'Third answer.' }] });
    const after = harnessOn(restarted, { store });
    expect(after.session.turns()).toHaveLength(1);
    await after.session.send('And what else?');
    const turn = await after.ended();
    expect(turn.status).toBe('completed');
    expect(turn.answer).toBe('It also sorts them.');
    expect(turn.notes?.join(' ')).toMatch(/no longer had this conversation.*sent again/);
    // One refused request naming the lost response, then the same question with the conversation in it.
    expect(restarted.requests).toHaveLength(2);
    expect(bodyOf(restarted, 0).previous_response_id).toMatch(/^resp_/);
    const resent = bodyOf(restarted, 1);
    expect(resent.previous_response_id).toBeUndefined();
    expect(resent.store).toBe(true);
    const texts = textsOf(resent).join('\n');
    expect(texts).toContain('What does inventory do?');
    expect(texts).toContain('Inventory counts items.');
    expect(texts).toContain('And what else?');

    // From there the chat chains again to what this server stored.
    await after.session.send('Anything more?');
    expect((await after.ended()).notes).toBeUndefined();
    expect(restarted.requests).toHaveLength(3);
    expect(bodyOf(restarted, 2).previous_response_id).toBe(after.session.turns()[1].responseId);
  });

  it('resends the conversation to a new endpoint instead of naming a response stored elsewhere', async () => {
    const oldServer = await startServer();
    const newServer = await startServer();
    oldServer.enqueue({ output: [{ type: 'message', text: 'First answer.' }] });
    newServer.enqueue({ output: [{ type: 'message', text: 'Second answer.' }] });
    const connection = { apiKey: API_KEY, baseURL: oldServer.baseURL, demo: false };
    const h = harnessOn(oldServer, { connection });
    await h.session.send('First question');
    await h.ended();
    connection.baseURL = newServer.baseURL;
    await h.session.send('Second question');
    const turn = await h.ended();
    expect(turn.status).toBe('completed');
    expect(turn.notes?.join(' ')).toMatch(/codewright\.baseURL\) changed/);
    expect(newServer.requests).toHaveLength(1);
    const body = bodyOf(newServer, 0);
    expect(body.previous_response_id).toBeUndefined();
    expect(textsOf(body).join('\n')).toContain('First answer.');
  });

  it('resends the history on the first stored turn after store was turned on, instead of naming an unstored response', async () => {
    const server = await startServer();
    server.enqueue(
      { output: [{ type: 'reasoning', summary: ['Looking.'], encryptedContent: 'enc-1' }, { type: 'message', text: 'Unstored answer.' }] },
      { output: [{ type: 'message', text: 'Stored answer.' }] },
      { output: [{ type: 'message', text: 'Chained answer.' }] },
    );
    const h = harnessOn(server, { settings: { store: false } });
    await h.session.send('First question');
    await h.ended();
    h.settings.store = true;
    await h.session.send('Second question');
    const second = await h.ended();
    expect(second.status).toBe('completed');
    expect(second.notes).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    const body = bodyOf(server, 1);
    expect(body.previous_response_id).toBeUndefined();
    expect(body.store).toBe(true);
    expect(textsOf(body).join('\n')).toContain('Unstored answer.');
    await h.session.send('Third question');
    await h.ended();
    expect(bodyOf(server, 2).previous_response_id).toBe(h.session.turns()[1].responseId);
  });

  it('does not resend a second time when the resent request fails too', async () => {
    const first = await startServer();
    const store = new MemoryStore();
    first.enqueue({ output: [{ type: 'message', text: 'First answer.' }] });
    const before = harnessOn(first, { store });
    await before.session.send('First question');
    await before.ended();
    const port = first.port;
    await first.close();
    const restarted = await startServer(port);
    restarted.enqueue({ kind: 'http-error', status: 500, error: { type: 'server_error', code: null, message: 'Overloaded.' }, headers: { 'x-should-retry': 'false' } });
    const after = harnessOn(restarted, { store });
    await after.session.send('Second question');
    const turn = await after.ended();
    expect(turn.status).toBe('failed');
    expect(turn.error?.message).toMatch(/Overloaded/);
    expect(restarted.requests).toHaveLength(2);
  });

  it('switches a chat to stateless mode for an organization with Zero Data Retention, and keeps it so after a restart', async () => {
    const server = await startServer(undefined, true);
    const store = new MemoryStore();
    server.enqueue(
      { output: [{ type: 'reasoning', summary: ['Reading.'] }, { type: 'message', text: 'First answer.' }] },
      { output: [{ type: 'reasoning', summary: ['Again.'], encryptedContent: 'enc-2' }, { type: 'message', text: 'Second answer.' }] },
      { output: [{ type: 'message', text: 'Third answer.' }] },
      { output: [{ type: 'message', text: 'Fourth answer.' }] },
    );
    const h = harnessOn(server, { store });
    await h.session.send('First question');
    expect((await h.ended()).status).toBe('completed');
    await h.session.send('Second question');
    const second = await h.ended();
    expect(second.status).toBe('completed');
    expect(second.answer).toBe('Second answer.');
    expect(second.notes?.join(' ')).toMatch(/Zero Data Retention/);
    expect(server.requests).toHaveLength(3);
    expect(bodyOf(server, 1).previous_response_id).toBe(h.session.turns()[0].responseId);
    const resent = bodyOf(server, 2);
    expect(resent.previous_response_id).toBeUndefined();
    expect(resent.store).toBe(false);
    expect(resent.include).toEqual(['reasoning.encrypted_content']);
    // A reasoning item without its encrypted form cannot travel without server-side state.
    expect(resent.input.some((item) => item.type === 'reasoning')).toBe(false);
    expect(textsOf(resent).join('\n')).toContain('First answer.');

    // Every later request of this chat is stateless at once, also after a restart.
    await h.session.send('Third question');
    expect((await h.ended()).notes).toBeUndefined();
    expect(server.requests).toHaveLength(4);
    expect(bodyOf(server, 3)).toMatchObject({ store: false });
    expect(bodyOf(server, 3).previous_response_id).toBeUndefined();
    h.session.dispose();
    const restored = harnessOn(server, { store });
    await restored.session.send('Fourth question');
    await restored.ended();
    expect(server.requests).toHaveLength(5);
    const last = bodyOf(server, 4);
    expect(last.store).toBe(false);
    expect(last.input.some((item) => item.type === 'reasoning' && (item as { encrypted_content?: string }).encrypted_content === 'enc-2')).toBe(true);
  });

  it('continues a demo-mode chat after npm start runs again (a fresh demo server on another port)', async () => {
    const store = new MemoryStore();
    const firstRun = await FakeResponsesServer.start({ defaultResponder: demoResponder });
    servers.push(firstRun);
    const connection = { apiKey: 'demo', baseURL: firstRun.baseURL, demo: true };
    const before = harnessOn(firstRun, { store, connection });
    await before.session.send('What does add do?');
    expect((await before.ended()).status).toBe('completed');
    before.session.dispose();
    await firstRun.close();

    const secondRun = await FakeResponsesServer.start({ defaultResponder: demoResponder });
    servers.push(secondRun);
    const after = harnessOn(secondRun, { store, connection: { ...connection, baseURL: secondRun.baseURL } });
    await after.session.send('And what does it return?');
    const turn = await after.ended();
    expect(turn.status).toBe('completed');
    expect(turn.answer.length).toBeGreaterThan(0);
    expect(secondRun.requests).toHaveLength(1);
    expect(bodyOf(secondRun, 0).previous_response_id).toBeUndefined();
  });
});
