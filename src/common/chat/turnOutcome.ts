// How a finished request changes a turn's view: its status, error and footer. Pure, so the
// session only decides when to fold, not how.

import type { ContextChip, TokenUsageView, TurnErrorView, TurnFooter, TurnView } from '../protocol';
import { cacheSavingsUsd, capabilitiesFor, estimateCostUsd, toHistoryItems, type CodewrightError, type ResponseOutcome, type TokenUsage } from '../responses';
import type { ConversationStore, StoredTurn, TurnRequestRecord } from './conversationStore';
import { isSentChip } from './contextBudget';
import type { ChatSettings } from './chatTypes';
import { itemsToKeep, type PreparedRequest, type RunMode } from './turnRequest';

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

function usageView({ inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens }: TokenUsage): TokenUsageView {
  return cacheWriteTokens ? { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens } : { inputTokens, cachedInputTokens, outputTokens, reasoningTokens };
}

function addUsage(a: TokenUsageView | undefined, b: TokenUsageView | undefined): TokenUsageView | undefined {
  if (!a || !b) return a ?? b;
  const sum: TokenUsageView = {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
  const written = (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0);
  if (written > 0) sum.cacheWriteTokens = written;
  return sum;
}

/** How full the context window is after a response: what it held (input + output) against the model's window. */
export function contextUse(model: string, usage: TokenUsage): { usedTokens: number; windowTokens: number } {
  return { usedTokens: usage.inputTokens + usage.outputTokens, windowTokens: capabilitiesFor(model).contextWindow };
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
  // The turn's last response says how full the window is now; a round without usage keeps the earlier figure.
  const context = usage ? contextUse(settings.model, usage) : earlier?.context;
  if (context) footer.context = context;
  const saved = usage ? cacheSavingsUsd(settings.model, usage, settings.prices) : undefined;
  const savedTotal = (earlier?.cacheSavingsUsd ?? 0) + (saved ?? 0);
  if (savedTotal > 0) footer.cacheSavingsUsd = savedTotal;
  return footer;
}

/** Folds a finished request into the turn: its text and, when the model answered, what the next
 *  request chains from (response id, where it is stored, the items sent and received).
 *  Returns whether the model answered (completed or incomplete). */
export function foldOutcome(turn: StoredTurn, mode: RunMode, outcome: ResponseOutcome, before: TextBefore, { params, sentItems, endpoint }: PreparedRequest): boolean {
  // The outcome's text is authoritative (it joins several message items correctly).
  turn.view.answer = before.answer + outcome.text;
  turn.view.reasoning = (before.reasoning ? `${before.reasoning}\n\n` : '') + outcome.reasoning;
  turn.view.refusal = before.refusal + outcome.refusal;
  const answered = outcome.status === 'completed' || outcome.status === 'incomplete';
  if (!answered) return false;
  if (outcome.responseId) turn.responseId = outcome.responseId;
  if (params.store) turn.storedAt = endpoint;
  else delete turn.storedAt;
  const kept = itemsToKeep(sentItems, params.store !== false);
  turn.inputItems = mode.kind !== 'new' ? [...(turn.inputItems ?? []), ...(turn.outputItems ?? []), ...kept] : kept;
  turn.outputItems = toHistoryItems(outcome.output);
  return true;
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

/** A failed or stopped last turn, ready to be sent again in place: a fresh view under the same id
 *  and the same context labels, and nothing to chain from. */
export function resetForRetry(turn: StoredTurn, freshId: string): void {
  turn.view = { ...newTurnView(freshId, turn.request, []), id: turn.view.id, contextLabels: turn.view.contextLabels };
  delete turn.responseId;
  delete turn.storedAt;
  delete turn.inputItems;
  delete turn.outputItems;
}

/** An earlier failed or stopped turn retried as a new turn: the same request and instructions. */
export function retryCopy(turn: StoredTurn, id: string): StoredTurn {
  return {
    view: { ...newTurnView(id, turn.request, []), contextLabels: turn.view.contextLabels },
    request: turn.request,
    ...(turn.projectInstructions ? { projectInstructions: turn.projectInstructions } : {}),
  };
}

/** Why no further tool round may start, when the turn's spend reached the cap. */
export function costCapNote(spentUsd: number | undefined, capUsd: number | null | undefined): string | undefined {
  if (capUsd === null || capUsd === undefined || spentUsd === undefined || spentUsd < capUsd) return undefined;
  return `This turn has cost about $${spentUsd.toFixed(4)}, which reached codewright.maxCostPerTurn ($${capUsd}), so no further tool round was started. Send a message to go on; the tool results go with it.`;
}

/** YYYY-MM-DD in local time, so "today" ends at the user's midnight. */
export function localDay(time: number): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export interface SpendLedger {
  store: Pick<ConversationStore, 'spentOn' | 'addSpend'>;
  /** The conversation's turns, this one included. */
  turns: readonly StoredTurn[];
  now: number;
}

/** Sets the footer's conversation and today's spend, and adds this round's cost to today's. */
export function addSpendTotals(footer: TurnFooter, earlierCost: number, { store, turns, now }: SpendLedger): void {
  const day = localDay(now);
  const roundCost = footer.costUsd !== undefined ? Math.max(0, footer.costUsd - earlierCost) : 0;
  const today = store.spentOn(day) + roundCost;
  if (roundCost > 0) void store.addSpend(day, roundCost);
  footer.conversationCostUsd = turns.reduce((sum, turn) => sum + (turn.view.footer?.costUsd ?? 0), 0);
  footer.todayCostUsd = today;
}
