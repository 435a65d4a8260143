// How a finished request changes a turn's view: its status, error and footer. Pure, so the
// session only decides when to fold, not how.

import type { ContextChip, TokenUsageView, TurnErrorView, TurnFooter, TurnView } from '../protocol';
import { cacheSavingsUsd, estimateCostUsd, type CodewrightError, type ResponseOutcome, type TokenUsage } from '../responses';
import type { StoredTurn, TurnRequestRecord } from './conversationStore';
import { isSentChip } from './contextBudget';
import type { ChatSettings } from './chatTypes';
import type { RunMode } from './turnRequest';

export interface TextBefore {
  answer: string;
  reasoning: string;
  refusal: string;
  /** Put between the earlier answer and the new text. */
  separator: string;
}

/** What a request streams after: nothing for a new prompt, the turn's text so far otherwise. */
export function textBefore(turn: StoredTurn, mode: RunMode): TextBefore {
  if (mode.kind === 'new') return { answer: '', reasoning: '', refusal: '', separator: '' };
  // Text after a tool result starts a new paragraph; a plain Continue picks up mid-sentence.
  const separator = mode.kind === 'tool-outputs' && turn.view.answer.trim() !== '' ? '\n\n' : '';
  return { answer: turn.view.answer + separator, reasoning: turn.view.reasoning, refusal: turn.view.refusal, separator };
}

function usageView({ inputTokens, cachedInputTokens, outputTokens, reasoningTokens }: TokenUsage): TokenUsageView {
  return { inputTokens, cachedInputTokens, outputTokens, reasoningTokens };
}

function addUsage(a: TokenUsageView | undefined, b: TokenUsageView | undefined): TokenUsageView | undefined {
  if (!a || !b) return a ?? b;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/** The footer after a request: with `earlier` (the footer of the turn's earlier rounds: tool
 *  results going back, Continue) the tokens, cost and time are the whole turn's. */
export function turnFooter(settings: ChatSettings, elapsedMs: number, usage: TokenUsage | undefined, earlier?: TurnFooter): TurnFooter {
  const footer: TurnFooter = {
    model: settings.model,
    reasoningEffort: settings.reasoningEffort,
    verbosity: settings.verbosity,
    elapsedMs: elapsedMs + (earlier?.elapsedMs ?? 0),
  };
  if (settings.maxOutputTokens !== null) footer.maxOutputTokens = settings.maxOutputTokens;
  const total = addUsage(earlier?.usage, usage ? usageView(usage) : undefined);
  if (total) footer.usage = total;
  const cost = usage ? estimateCostUsd(settings.model, usage, settings.prices) : undefined;
  // A total is only shown when every round's cost is known.
  const earlierKnown = !earlier?.usage || earlier.costUsd !== undefined;
  const ownKnown = !usage || cost !== undefined;
  if (total && earlierKnown && ownKnown) footer.costUsd = (earlier?.costUsd ?? 0) + (cost ?? 0);
  const saved = usage ? cacheSavingsUsd(settings.model, usage, settings.prices) : undefined;
  const savedTotal = (earlier?.cacheSavingsUsd ?? 0) + (saved ?? 0);
  if (savedTotal > 0) footer.cacheSavingsUsd = savedTotal;
  return footer;
}

/** Sets the turn's final status (and error) from how its last request ended. */
export function endTurnView(view: TurnView, outcome: ResponseOutcome | undefined, error: CodewrightError | undefined): void {
  view.error = undefined;
  if (outcome?.status === 'completed') {
    view.status = view.refusal.trim() !== '' && view.answer.trim() === '' ? 'refused' : 'completed';
  } else if (outcome?.status === 'incomplete') {
    view.status = 'incomplete';
    view.incompleteReason = outcome.incompleteReason ?? 'unknown';
  } else if (outcome?.status === 'aborted') {
    view.status = 'stopped';
  } else {
    view.status = error?.kind === 'aborted' ? 'stopped' : 'failed';
    if (error && error.kind !== 'aborted') view.error = errorView(error);
    else view.error = { message: 'The request failed.', action: 'retry' };
  }
}

export function errorView(error: CodewrightError): TurnErrorView {
  const view: TurnErrorView = { message: error.message };
  if (error.action) view.action = error.action;
  if (error.retryAfterSeconds !== undefined) view.retryAfterSeconds = error.retryAfterSeconds;
  return view;
}

/** A turn as it starts streaming: the prompt and the labels of the context it went out with. */
export function newTurnView(id: string, request: TurnRequestRecord, chips: readonly ContextChip[]): TurnView {
  return {
    id,
    prompt: request.displayPrompt,
    contextLabels: chips.filter(isSentChip).map((chip) => (chip.kind === 'selection' ? `${chip.label} (${chip.detail})` : chip.label)),
    answer: '',
    reasoning: '',
    refusal: '',
    status: 'streaming',
  };
}

/** Why no further tool round may start, when the turn's spend reached the cap. */
export function costCapNote(spentUsd: number | undefined, capUsd: number | null | undefined): string | undefined {
  if (capUsd === null || capUsd === undefined || spentUsd === undefined || spentUsd < capUsd) return undefined;
  return `This turn has cost about $${spentUsd.toFixed(4)}, which reached codewright.maxCostPerTurn ($${capUsd}), so no further tool round was started. Send a message to go on; the tool results go with it.`;
}
