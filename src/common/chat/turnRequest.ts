// What one request of a chat turn sends: the prompt (or a Continue, or tool outputs), the
// files, and how the conversation so far travels (previous_response_id or resent history).
// Pure: it reads the stored turns and settings and builds a `TurnRequest`; nothing here talks
// to the network or changes state.

import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { APPLY_PATCH_TOOL } from '../patch';
import type { OpenFileContext, RequestSettings, ToolOutput, TurnRequest } from '../responses';
import type { StoredTurn } from './conversationStore';
import { CODEWRIGHT_INSTRUCTIONS, CONTINUE_PROMPT } from './instructions';

/** A new prompt (or a retry of one), a Continue after max_output_tokens, or tool results going back. */
export type RunMode = { kind: 'new' } | { kind: 'continue' } | { kind: 'tool-outputs'; outputs: ToolOutput[] };

/** Only the request-shaping part of the chat settings goes on the wire. */
export function requestSettingsOf(settings: RequestSettings): RequestSettings {
  return {
    model: settings.model,
    reasoningEffort: settings.reasoningEffort,
    reasoningSummary: settings.reasoningSummary,
    verbosity: settings.verbosity,
    maxOutputTokens: settings.maxOutputTokens,
    store: settings.store,
  };
}

/** What the model is told about paths when the workspace has several folders (nothing for one). */
export function multiRootNote(folderNames: readonly string[]): string | undefined {
  if (folderNames.length < 2) return undefined;
  const [first] = folderNames;
  return `This workspace has several folders (${folderNames.join(', ')}). Every file path, in apply_patch too, starts with its folder's name, e.g. ${first}/src/index.ts.`;
}

export function turnInstructions(folderNames: readonly string[]): string {
  const note = multiRootNote(folderNames);
  return note ? `${CODEWRIGHT_INSTRUCTIONS}\n${note}` : CODEWRIGHT_INSTRUCTIONS;
}

/** The turns before `turn` that the model saw an answer for; with `includeSelf`, `turn` too
 *  (a turn being continued is streaming again, but the model did answer it). */
export function precedingTurns(turns: readonly StoredTurn[], turn: StoredTurn, includeSelf: boolean): StoredTurn[] {
  const index = turns.indexOf(turn);
  const answered = turns
    .slice(0, index)
    .filter((t) => t.view.status === 'completed' || t.view.status === 'incomplete' || t.view.status === 'refused');
  return includeSelf ? [...answered, turn] : answered;
}

export interface TurnRequestInput {
  turn: StoredTurn;
  mode: RunMode;
  /** Every turn of the conversation, in order. */
  turns: readonly StoredTurn[];
  settings: RequestSettings;
  /** The files the turn's prompt went out with (resent unchanged on Retry). */
  files: OpenFileContext[];
  /** Outputs for calls of earlier turns that a new prompt must deliver. */
  carried?: ToolOutput[];
  /** Workspace folder names when edits are possible; undefined offers the model no tools. */
  folderNames?: readonly string[];
}

function basicRequest(input: TurnRequestInput, instructions: string): TurnRequest {
  const { mode, turn } = input;
  const settings = requestSettingsOf(input.settings);
  if (mode.kind === 'continue') return { instructions, prompt: CONTINUE_PROMPT, openFiles: [], settings };
  if (mode.kind === 'tool-outputs') return { instructions, prompt: '', openFiles: [], settings, toolOutputs: mode.outputs };
  const request: TurnRequest = { instructions, prompt: turn.request.prompt, selection: turn.request.selection, openFiles: input.files, settings };
  if (input.carried) request.toolOutputs = input.carried;
  return request;
}

/** Builds the turn request: the new material plus how the earlier conversation travels. */
export function buildTurnRequest(input: TurnRequestInput): TurnRequest {
  const request = basicRequest(input, turnInstructions(input.folderNames ?? []));
  if (input.folderNames) request.tools = [APPLY_PATCH_TOOL];
  const previous = precedingTurns(input.turns, input.turn, input.mode.kind !== 'new');
  if (input.settings.store) {
    const last = [...previous].reverse().find((t) => t.responseId);
    if (last?.responseId) request.previousResponseId = last.responseId;
  } else {
    const history: unknown[] = [];
    for (const t of previous) history.push(...(t.inputItems ?? []), ...(t.outputItems ?? []));
    if (history.length > 0) request.history = history as ResponseInputItem[];
  }
  return request;
}
