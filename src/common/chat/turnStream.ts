// Streams one response into a turn: text deltas go to the webview in batches (not per token),
// the text so far is kept for a snapshot taken mid-answer, and everything else (tool calls)
// goes to whoever handles it.

import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import type { ExtensionMessage, TurnView } from '../protocol';
import { runResponse, type ResponseOutcome, type ResponseStreamEvent, type ResponsesClient } from '../responses';
import { DeltaBatcher } from './deltaBatcher';
import type { TextBefore } from './turnOutcome';

type TextField = 'answer' | 'reasoning' | 'refusal';

export interface TurnStreamOptions {
  signal: AbortSignal;
  idleTimeoutMs: number;
  /** Events that are not text (tool calls starting and growing). */
  onOtherEvent(event: ResponseStreamEvent): void;
}

export class TurnStream {
  private readonly batcher: DeltaBatcher;
  /** Text of the streaming turn so far, joined only when a snapshot is needed. */
  private live: { turnId: string; answer: string[]; reasoning: string[]; refusal: string[] } | undefined;

  constructor(post: (message: ExtensionMessage) => void, batchIntervalMs: number) {
    this.batcher = new DeltaBatcher((batch) => post({ type: 'turnDelta', ...batch }), batchIntervalMs);
  }

  /** The turn as a snapshot shows it: with the text streamed so far when it is the live one.
   *  Deltas still waiting for the next batch are part of it; posting them later would duplicate them. */
  snapshotView(view: TurnView): TurnView {
    this.batcher.discard();
    const live = this.live;
    return live && view.id === live.turnId
      ? { ...view, answer: live.answer.join(''), reasoning: live.reasoning.join(''), refusal: live.refusal.join('') }
      : { ...view };
  }

  /** Text that goes to the webview before the response's own (a paragraph break after a tool round). */
  add(turnId: string, field: TextField, text: string): void {
    this.batcher.add(turnId, field, text);
  }

  async stream(turnId: string, before: TextBefore, client: ResponsesClient, params: ResponseCreateParamsStreaming, options: TurnStreamOptions): Promise<ResponseOutcome> {
    const live = {
      turnId,
      answer: before.answer ? [before.answer] : [],
      reasoning: before.reasoning ? [before.reasoning, '\n\n'] : [],
      refusal: before.refusal ? [before.refusal] : [],
    };
    this.live = live;
    const outcome = await runResponse(client, params, {
      signal: options.signal,
      idleTimeoutMs: options.idleTimeoutMs,
      onEvent: (event: ResponseStreamEvent) => {
        if (event.type === 'text-delta' || event.type === 'reasoning-summary-delta' || event.type === 'refusal-delta') {
          const field = event.type === 'text-delta' ? 'answer' : event.type === 'refusal-delta' ? 'refusal' : 'reasoning';
          live[field].push(event.delta);
          this.batcher.add(turnId, field, event.delta);
        } else {
          options.onOtherEvent(event);
        }
      },
    });
    this.batcher.flush();
    this.live = undefined;
    return outcome;
  }

  dispose(): void {
    this.batcher.dispose();
  }
}
