// After Apply, the new errors the language servers report for the edited files go back to the model in
// the apply_patch output — custom_tool_call_output and the built-in tool's apply_patch_call_output alike.
import { describe, expect, it } from 'vitest';
import type { PatchPlan } from '../../../src/common/patch';
import { describeNewProblems } from '../../../src/common/problems/problemFeedback';
import { GOOD_PATCH, ORIGINAL, RecordingPatchHost, useChatServer } from './chatHarness';

const chat = useChatServer();

const REPORT = describeNewProblems(
  [{ path: 'src/math.ts', before: [], after: [{ path: 'src/math.ts', line: 2, column: 10, code: 'TS2345', source: 'ts', message: "Argument of type 'string' is not assignable to parameter of type 'number'." }] }],
  true,
);

/** A host whose language servers find a new error after every edit. */
class ProblemReportingHost extends RecordingPatchHost {
  override async apply(plan: PatchPlan) {
    await super.apply(plan);
    return { ok: true as const, problems: REPORT };
  }
}

interface WireItem {
  type?: string;
  call_id?: string;
  output?: string;
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
    const h = chat.harness({ patches: new ProblemReportingHost({ 'src/math.ts': ORIGINAL }) });
    await h.session.send('Fix add');
    const turn = await h.ended();
    expect(await h.session.applyProposal('call_fix')).toMatchObject({ ok: true });
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
    const h = chat.harness({ patches: new ProblemReportingHost({ 'src/math.ts': ORIGINAL }), settings: { model: 'gpt-5.1' } });
    await h.session.send('Fix add');
    const turn = await h.ended();
    expect(await h.session.applyProposal('call_math')).toMatchObject({ ok: true });
    await h.ended(turn.id);
    const [output] = outputsOf('apply_patch_call_output');
    expect(output?.call_id).toBe('call_math');
    expect(output?.output).toContain('src/math.ts:2:10 TS2345');
  });
});
