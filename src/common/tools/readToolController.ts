// The read tools inside a chat turn: a row per call that appears while the call streams, the
// calls of a response run together once it is complete, consent for secret-looking files asked
// in the panel, the turn's output budget and the cap on tool rounds. The session decides when a
// round's outputs go back (with apply_patch results, if any, in one request).
import type { ExtensionMessage, ToolCallView } from '../protocol';
import type { ResponseOutcome, ResponseStreamEvent } from '../responses';
import type { StoredToolCall, StoredTurn } from '../chat/conversationStore';
import { TurnOutputBudget } from './outputBudget';
import type { ReadToolHost } from './toolHost';
import { callLabel } from './toolLabels';
import { runToolRound } from './toolRound';

export interface ReadToolControllerDeps {
  host: ReadToolHost;
  post(message: ExtensionMessage): void;
  maxToolRounds(): number;
}

/** What settling a response's function calls did. */
export type ToolRoundOutcome =
  /** No function calls. */
  | 'none'
  /** Every call ran and has its output. */
  | 'ran'
  /** The turn already took its maximum of tool rounds: nothing ran. */
  | 'capped'
  /** Stop was pressed while the calls ran. */
  | 'stopped';

const STREAM_UPDATE_MS = 50;

export function toolRoundsNote(max: number): string {
  return `Stopped after ${max} rounds of tool calls (codewright.maxToolRounds). Send a message to let the model go on.`;
}

/** Rows of a chat saved while calls ran or waited for consent (the window closed): nothing runs
 *  them any more, so they say so instead of offering buttons that do nothing. */
export function endInterruptedToolCalls(turns: readonly StoredTurn[]): void {
  for (const turn of turns) {
    for (const [index, call] of (turn.view.toolCalls ?? []).entries()) {
      if (call.status !== 'streaming' && call.status !== 'running' && call.status !== 'awaiting-consent') continue;
      const { consent: _consent, ...rest } = call;
      (turn.view.toolCalls as ToolCallView[])[index] = { ...rest, status: 'cancelled', label: `${call.label} — interrupted` };
    }
  }
}

export class ReadToolController {
  /** Arguments of the calls streaming in the running request, by call id. */
  private readonly streaming = new Map<string, { name: string; args: string }>();
  private readonly consents = new Map<string, (allow: boolean) => void>();
  private readonly budgets = new Map<string, TurnOutputBudget>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: ReadToolControllerDeps) {}

  /** A new prompt (or Retry) starts a turn's budget and rounds afresh. */
  beginTurn(turn: StoredTurn): void {
    this.budgets.set(turn.view.id, new TurnOutputBudget());
    turn.toolRounds = 0;
  }

  /** Rows appear as soon as a function call starts streaming, and name their target as it arrives. */
  streamEvent(turn: StoredTurn, event: ResponseStreamEvent): void {
    if (event.type === 'tool-call-started' && event.kind === 'function') {
      this.streaming.set(event.callId, { name: event.name, args: '' });
      this.upsert(turn, { id: event.callId, name: event.name, label: callLabel(event.name, ''), status: 'streaming' }, true);
    } else if (event.type === 'tool-input-delta') {
      const call = this.streaming.get(event.callId);
      if (!call) return;
      call.args += event.delta;
      this.upsert(turn, { id: event.callId, name: call.name, label: callLabel(call.name, call.args), status: 'streaming' }, false);
    } else if (event.type === 'tool-call-done' && event.kind === 'function') {
      this.streaming.delete(event.callId);
      this.upsert(turn, { id: event.callId, name: event.name, label: callLabel(event.name, event.input), status: 'running' }, true);
    }
  }

  /** The user answered a consent card. False when no call waits for that answer. */
  answerConsent(callId: string, allow: boolean): boolean {
    const resolve = this.consents.get(callId);
    if (!resolve) return false;
    this.consents.delete(callId);
    resolve(allow);
    return true;
  }

  /** Runs the function calls of a finished response, or says why they did not run. */
  async settle(turn: StoredTurn, outcome: ResponseOutcome, answered: boolean, signal: AbortSignal): Promise<ToolRoundOutcome> {
    const unfinished = [...this.streaming.keys()];
    this.streaming.clear();
    for (const callId of unfinished) this.update(turn, callId, { status: 'cancelled', label: `${this.view(turn, callId)?.label ?? 'Tool call'} — the answer ended first` });
    if (!answered) return 'none';
    const calls = outcome.toolCalls.filter((call) => call.done && call.kind === 'function');
    if (calls.length === 0) return 'none';
    const stored: StoredToolCall[] = calls.map((call) => ({ callId: call.callId, name: call.name, kind: 'function', input: call.input }));
    (turn.toolCalls ??= []).push(...stored);
    const max = this.deps.maxToolRounds();
    if ((turn.toolRounds ?? 0) >= max) {
      // Their outputs are written when the user's next message carries them (declined as not run).
      for (const call of calls) this.update(turn, call.callId, { status: 'cancelled', label: `${callLabel(call.name, call.input)} — not run (tool-round limit)` });
      return 'capped';
    }
    turn.toolRounds = (turn.toolRounds ?? 0) + 1;
    const budget = this.budgets.get(turn.view.id) ?? new TurnOutputBudget();
    this.budgets.set(turn.view.id, budget);
    const results = await runToolRound(
      calls.map((call) => ({ callId: call.callId, name: call.name, arguments: call.input })),
      {
        host: this.deps.host,
        budget,
        signal,
        askConsent: (callId, path, reason) => this.askConsent(turn, callId, path, reason, signal),
        onResult: (callId, result) => this.update(turn, callId, { status: result.status, label: result.label, output: result.output, consent: undefined }),
      },
    );
    if (signal.aborted) {
      // A stopped turn is not part of the conversation the next request continues, so its calls
      // need no answers there.
      turn.toolCalls = (turn.toolCalls ?? []).filter((call) => !stored.includes(call));
      return 'stopped';
    }
    results.forEach((result, index) => {
      stored[index].output = result.output;
    });
    return 'ran';
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const resolve of this.consents.values()) resolve(false);
    this.consents.clear();
  }

  // ---- internals ----

  private askConsent(turn: StoredTurn, callId: string, path: string, reason: string, signal: AbortSignal): Promise<boolean> {
    this.update(turn, callId, { status: 'awaiting-consent', consent: { path, reason } });
    return new Promise<boolean>((resolve) => {
      const onAbort = () => this.answerConsent(callId, false);
      signal.addEventListener('abort', onAbort, { once: true });
      this.consents.set(callId, (allow) => {
        signal.removeEventListener('abort', onAbort);
        this.update(turn, callId, { status: 'running', consent: undefined });
        resolve(allow);
      });
    });
  }

  private view(turn: StoredTurn, callId: string): ToolCallView | undefined {
    return turn.view.toolCalls?.find((call) => call.id === callId);
  }

  private update(turn: StoredTurn, callId: string, change: Partial<ToolCallView>): void {
    const current = this.view(turn, callId);
    if (!current) return;
    const next: ToolCallView = { ...current, ...change };
    if (next.consent === undefined) delete next.consent;
    this.upsert(turn, next, true);
  }

  /** Adds or replaces a row and tells the webview (throttled while arguments stream). */
  private upsert(turn: StoredTurn, call: ToolCallView, immediately: boolean): void {
    const calls = (turn.view.toolCalls ??= []);
    const index = calls.findIndex((c) => c.id === call.id);
    if (index >= 0) calls[index] = call;
    else calls.push(call);
    const post = () => {
      this.timers.delete(call.id);
      const current = this.view(turn, call.id);
      if (current) this.deps.post({ type: 'toolCall', turnId: turn.view.id, call: { ...current } });
    };
    const pending = this.timers.get(call.id);
    if (immediately) {
      if (pending) clearTimeout(pending);
      post();
    } else if (!pending) {
      this.timers.set(call.id, setTimeout(post, STREAM_UPDATE_MS));
    }
  }
}
