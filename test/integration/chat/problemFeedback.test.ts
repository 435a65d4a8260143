// After Apply, the new errors the language servers report for the edited files go back to the model in
// the apply_patch output — custom_tool_call_output and the built-in tool's apply_patch_call_output alike.
import { describe, expect, it } from 'vitest';
import type { PatchPlan } from '../../../src/common/patch';
import { describeNewProblems } from '../../../src/common/problems/problemFeedback';
import type { ExtensionMessage } from '../../../src/common/protocol';
import { GOOD_PATCH, ORIGINAL, RecordingPatchHost, useChatServer, waitFor } from './chatHarness';

const chat = useChatServer();

const REPORT = describeNewProblems(
  [{ path: 'src/math.ts', before: [], after: [{ path: 'src/math.ts', line: 2, column: 10, code: 'TS2345', source: 'ts', message: "Argument of type 'string' is not assignable to parameter of type 'number'." }] }],
  true,
);

/** A host whose language servers find a new error after every edit. */
class ProblemReportingHost extends RecordingPatchHost {
  /** Resolves the language servers' verdict when the test says so. */
  release: () => void = () => {};
  override async apply(plan: PatchPlan) {
    await super.apply(plan);
    return { ok: true as const, problems: new Promise<string | undefined>((resolve) => (this.release = () => resolve(REPORT))) };
  }
}

interface WireItem {
  type?: string;
  call_id?: string;
  output?: string;
}

function lastProposal(posted: ExtensionMessage[]) {
  return posted.filter((m): m is Extract<ExtensionMessage, { type: 'proposal' }> => m.type === 'proposal').pop()?.proposal;
}

function outputsOf(type: string): WireItem[] {
  const requests = chat.server().requests;
  const body = requests[requests.length - 1]?.body as { input?: WireItem[] };
  return (body.input ?? []).filter((item) => item.type === type);
}

describe('problems fed back after an edit', () => {
  it('appends the new errors to the custom apply_patch tool output', async () => {
    chat.server().enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, chunks: 3, callId: 'call_fix' }] },
      { output: [{ type: 'message', text: 'I will repair the type error.' }] },
    );
    const host = new ProblemReportingHost({ 'src/math.ts': ORIGINAL });
    const h = chat.harness({ patches: host });
    await h.session.send('Fix add');
    const turn = await h.ended();
    const requestsBefore = chat.server().requests.length;
    expect(await h.session.applyProposal('call_fix')).toMatchObject({ ok: true });
    // Applied at once on the card; the output waits for the language servers.
    expect(lastProposal(h.posted)?.status).toBe('applied');
    expect(await h.session.applyProposal('call_fix')).toMatchObject({ ok: false, error: 'This edit was already applied or rejected.' });
    expect(chat.server().requests.length).toBe(requestsBefore);
    host.release();
    await waitFor(() => chat.server().requests.length > requestsBefore);
    await h.ended(turn.id);
    expect(outputsOf('custom_tool_call_output')).toEqual([
      {
        type: 'custom_tool_call_output',
        call_id: 'call_fix',
        output: `Success. Updated the following files:\nM src/math.ts\n\nNew problems (errors the language servers report after this edit): 1\nsrc/math.ts:2:10 TS2345 Argument of type 'string' is not assignable to parameter of type 'number'.`,
      },
    ]);
  });

  it('appends them to the built-in apply_patch_call_output too', async () => {
    chat.server().enqueue(
      { output: [{ type: 'apply_patch_call', callId: 'call_math', operation: { type: 'update_file', path: 'src/math.ts', diff: '@@\n export function add(a, b) {\n-  return a + b;\n+  return Number(a) + Number(b);\n }\n' } }] },
      { output: [{ type: 'message', text: 'Repairing.' }] },
    );
    const host = new ProblemReportingHost({ 'src/math.ts': ORIGINAL });
    const h = chat.harness({ patches: host, settings: { model: 'gpt-5.1' } });
    await h.session.send('Fix add');
    const turn = await h.ended();
    const requestsBefore = chat.server().requests.length;
    expect(await h.session.applyProposal('call_math')).toMatchObject({ ok: true });
    host.release();
    await waitFor(() => chat.server().requests.length > requestsBefore);
    await h.ended(turn.id);
    const [output] = outputsOf('apply_patch_call_output');
    expect(output?.call_id).toBe('call_math');
    expect(output?.output).toContain('src/math.ts:2:10 TS2345');
  });

  it('tells the model the edit was applied when a new message comes while the language servers are still busy', async () => {
    chat.server().enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, chunks: 3, callId: 'call_fix' }] },
      { output: [{ type: 'message', text: 'Noted.' }] },
    );
    const host = new ProblemReportingHost({ 'src/math.ts': ORIGINAL });
    const h = chat.harness({ patches: host });
    const requestsBefore = chat.server().requests.length;
    await h.session.send('Fix add');
    await h.ended();
    expect(await h.session.applyProposal('call_fix')).toMatchObject({ ok: true });
    const next = await h.session.send('Also explain it');
    await h.ended(next.ok ? next.turnId : undefined);
    expect(outputsOf('custom_tool_call_output')).toEqual([{ type: 'custom_tool_call_output', call_id: 'call_fix', output: 'Success. Updated the following files:\nM src/math.ts' }]);
    host.release();
    await h.session.idle();
    // The late report changes nothing: the card stays applied and no further request goes out.
    expect(lastProposal(h.posted)?.status).toBe('applied');
    expect(chat.server().requests).toHaveLength(requestsBefore + 2);
  });
});
