// A model that refuses the Responses API's built-in apply_patch tool — a proxy's model, or one the
// capability table is wrong about — answers 400 "Tool 'apply_patch' is not supported with …"
// (param `tools`). Through the real SDK against the fake server (which refuses it per model, as
// the real API does): the turn is sent once more with Codewright's custom apply_patch tool, says
// so, and the model keeps getting the custom tool for the rest of the session.
import { describe, expect, it } from 'vitest';
import { API_KEY, ORIGINAL, RecordingPatchHost, useChatServer } from './chatHarness';

const chat = useChatServer({ modelRules: { 'acme-coder-1': { builtinApplyPatch: false } } });

const toolTypes = (index: number): string[] =>
  (((chat.server().requests[index]?.body ?? {}) as { tools?: { type: string; name?: string }[] }).tools ?? []).map((tool) => (tool.type === 'custom' ? `custom:${tool.name}` : tool.type));

describe('a model without the built-in apply_patch tool', () => {
  it('is retried once with the custom apply_patch tool, the turn says so, and later turns send the custom tool at once', async () => {
    const server = chat.server();
    server.enqueue({ output: [{ type: 'message', text: 'Ready to edit.' }] }, { output: [{ type: 'message', text: 'Still here.' }] });
    const start = server.requests.length;
    const h = chat.harness({ settings: { model: 'acme-coder-1', editTool: 'builtin' }, patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }) });
    await h.session.send('Refactor add');
    const first = await h.ended();
    expect(server.requests.length - start).toBe(2);
    expect(toolTypes(start)).toContain('apply_patch');
    expect(toolTypes(start + 1)).toContain('custom:apply_patch');
    expect(toolTypes(start + 1)).not.toContain('apply_patch');
    expect(first.status).toBe('completed');
    expect(first.answer).toBe('Ready to edit.');
    expect(first.notes?.join(' ')).toContain("acme-coder-1 does not offer the built-in apply_patch tool; edits go through Codewright's custom apply_patch tool instead");

    await h.session.send('Go on');
    const second = await h.ended();
    expect(server.requests.length - start).toBe(3);
    expect(toolTypes(start + 2)).toContain('custom:apply_patch');
    expect(second.notes ?? []).toEqual([]);
  });

  it('is answered by the fake server with the API\'s 400 when sent the built-in tool', async () => {
    const response = await fetch(`${chat.server().baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5-2025-08-07', input: 'hi', stream: true, tools: [{ type: 'apply_patch' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: "Tool 'apply_patch' is not supported with gpt-5-2025-08-07.", type: 'invalid_request_error', param: 'tools', code: null } });
  });
});
