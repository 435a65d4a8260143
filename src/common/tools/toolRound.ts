// One tool round: every function call of a response runs at once; each answer is bounded by
// what is left of the turn's output budget, and Stop cancels the calls still running.
import { TurnOutputBudget } from './outputBudget';
import type { ReadToolHost } from './toolHost';
import { CANCELLED_OUTPUT, runToolCall, type ToolCallResult } from './toolRunner';

export interface ToolRoundCall {
  callId: string;
  name: string;
  /** The JSON arguments string as the model sent it. */
  arguments: string;
}

export interface ToolRoundDeps {
  host: ReadToolHost;
  budget: TurnOutputBudget;
  signal: AbortSignal;
  askConsent(callId: string, path: string, reason: string): Promise<boolean>;
  /** A call finished (in whatever order they finish). */
  onResult(callId: string, result: ToolCallResult): void;
}

/** Runs the calls concurrently; resolves with each call's result, in the calls' order. */
export async function runToolRound(calls: readonly ToolRoundCall[], deps: ToolRoundDeps): Promise<ToolCallResult[]> {
  return Promise.all(
    calls.map(async (call) => {
      if (deps.signal.aborted) {
        const result: ToolCallResult = { output: CANCELLED_OUTPUT, status: 'cancelled', label: 'Stopped' };
        deps.onResult(call.callId, result);
        return result;
      }
      const reserved = deps.budget.reserve();
      const result = await runToolCall(call.name, call.arguments, {
        host: deps.host,
        budget: reserved,
        signal: deps.signal,
        askConsent: (path, reason) => deps.askConsent(call.callId, path, reason),
      });
      deps.budget.settle(reserved, result.output);
      deps.onResult(call.callId, result);
      return result;
    }),
  );
}
