// What one request of a chat turn sends: the prompt (or a Continue, or tool outputs), the
// files, and how the conversation so far travels (previous_response_id or resent history).
// Pure: it reads the stored turns and settings and builds a `TurnRequest`; nothing here talks
// to the network or changes state.

import type { ResponseCreateParamsStreaming, ResponseInputItem } from 'openai/resources/responses/responses';
import { APPLY_PATCH_TOOL } from '../patch';
import { buildResponseRequest, capabilitiesFor, chooseEditTool, CodewrightError, compactThresholdFor, fromLatestCompaction, OPENAI_BASE_URL, type OpenFileContext, type RequestSettings, type ToolDefinition, type ToolOutput, type TurnRequest } from '../responses';
import type { ImageAttachment } from '../images/imageInput';
import type { StoredTurn } from './conversationStore';
import { CODEWRIGHT_INSTRUCTIONS, CONTINUE_PROMPT } from './instructions';
import { READ_TOOLS } from '../tools/toolDefinitions';
import { toolChoiceFor } from '../tools/actionProfiles';

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
    promptCacheRetention: settings.promptCacheRetention,
    background: settings.background,
    imageDetail: settings.imageDetail,
    editTool: settings.editTool,
  };
}

/** What the model is told about paths when the workspace has several folders (nothing for one). */
export function multiRootNote(folderNames: readonly string[]): string | undefined {
  if (folderNames.length < 2) return undefined;
  const [first] = folderNames;
  return `This workspace has several folders (${folderNames.join(', ')}). Every file path, in apply_patch too, starts with its folder's name, e.g. ${first}/src/index.ts.`;
}

/** Codewright's instructions, then the multi-root note, then the project's instruction files: the
 *  constant parts first, so the cached prompt prefix reaches as far as possible. */
export function turnInstructions(folderNames: readonly string[], projectInstructions = ''): string {
  const note = multiRootNote(folderNames);
  const own = note ? `${CODEWRIGHT_INSTRUCTIONS}\n${note}` : CODEWRIGHT_INSTRUCTIONS;
  return projectInstructions === '' ? own : `${own}\n\n${projectInstructions}`;
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

/** Why a request resends the conversation instead of chaining to the last stored response. */
export type ResendReason =
  /** The last answer came from another endpoint (codewright.baseURL changed). */
  | 'endpoint-changed'
  /** The server no longer has the last response (expired, deleted, or the server restarted). */
  | 'not-found'
  /** The organization keeps no data (Zero Data Retention): this chat is stateless from now on. */
  | 'zero-data-retention';

/** The sentence the turn shows when it resent the conversation. */
export function resendNote(reason: ResendReason): string {
  switch (reason) {
    case 'endpoint-changed':
      return 'The endpoint (codewright.baseURL) changed since the last answer, so the whole conversation was sent again.';
    case 'not-found':
      return 'The server no longer had this conversation (stored responses expire, and a restarted server forgets them), so the whole conversation was sent again.';
    case 'zero-data-retention':
      return 'This organization does not keep responses (Zero Data Retention), so this chat now sends the whole conversation with every request and nothing is stored.';
  }
}

/** Stored responses belong to one endpoint; '' means OpenAI's. */
export function endpointOf(baseURL: string): string {
  return (baseURL.trim() || OPENAI_BASE_URL).replace(/\/+$/, '');
}

export interface TurnRequestInput {
  turn: StoredTurn;
  mode: RunMode;
  /** Every turn of the conversation, in order. */
  turns: readonly StoredTurn[];
  settings: RequestSettings;
  /** The files the turn's prompt went out with (resent unchanged on Retry). */
  files: OpenFileContext[];
  /** The images the turn's prompt went out with (resent unchanged on Retry). */
  images?: ImageAttachment[];
  /** Outputs for calls of earlier turns that a new prompt must deliver. */
  carried?: ToolOutput[];
  /** Workspace folder names when edits are possible; undefined offers the model no tools. */
  folderNames?: readonly string[];
  /** The endpoint this request goes to (stored responses live on one endpoint only). */
  endpoint: string;
  /** The conversation keeps nothing server-side, whatever codewright.store says (ZDR). */
  stateless?: boolean;
  /** Resend the conversation even if the last response could be chained to. */
  resend?: boolean;
  /** `prompt_cache_key`: the same for every request of a conversation. */
  cacheKey?: string;
  /** Offer the read tools (read_file, search_text, …). */
  readTools?: boolean;
  /** The conversation's compaction: its items stand for the turns through `throughTurnId`. */
  compaction?: { throughTurnId: string; items: unknown[] };
}

export interface BuiltTurnRequest {
  request: TurnRequest;
  /** Set when a stored conversation is resent although it chained before. */
  resent?: 'endpoint-changed';
}

function basicRequest(input: TurnRequestInput, instructions: string, settings: RequestSettings): TurnRequest {
  const { mode, turn } = input;
  if (mode.kind === 'continue') return { instructions, prompt: CONTINUE_PROMPT, openFiles: [], settings };
  if (mode.kind === 'tool-outputs') return { instructions, prompt: '', openFiles: [], settings, toolOutputs: mode.outputs };
  const request: TurnRequest = { instructions, prompt: turn.request.prompt, selection: turn.request.selection, openFiles: input.files, settings };
  if (input.images && input.images.length > 0) request.images = input.images;
  if (input.carried) request.toolOutputs = input.carried;
  return request;
}

/** The stored response a request can continue from: only one that was stored, on this endpoint.
 *  Turns saved before endpoints were recorded chain as before (they have no recorded items). */
function chainableResponse(turn: StoredTurn | undefined, endpoint: string): string | undefined {
  // A summary turn's stored response holds the whole transcript it summarized; its answer is resent instead.
  if (!turn?.responseId || turn.request.summaryOf) return undefined;
  if (turn.storedAt !== undefined) return turn.storedAt === endpoint ? turn.responseId : undefined;
  return turn.inputItems === undefined ? turn.responseId : undefined;
}

/** A turn's items as input for a later request. Reasoning travels only in encrypted form;
 *  turns saved without items are rebuilt from their text. */
export function historyOf(turn: StoredTurn): unknown[] {
  if (turn.request.summaryOf) {
    const asked = `(Summary of the earlier chat “${turn.request.summaryOf.title}”, which this chat continues.)`;
    return [{ role: 'user', content: [{ type: 'input_text', text: asked }] }, { role: 'assistant', content: turn.view.answer }];
  }
  if (turn.inputItems === undefined) {
    const items: unknown[] = [{ role: 'user', content: [{ type: 'input_text', text: turn.request.prompt }] }];
    if (turn.view.answer !== '') items.push({ role: 'assistant', content: turn.view.answer });
    return items;
  }
  const usable = (item: unknown) => {
    const record = item as { type?: unknown; encrypted_content?: unknown };
    return record.type !== 'reasoning' || (typeof record.encrypted_content === 'string' && record.encrypted_content !== '');
  };
  return [...turn.inputItems, ...(turn.outputItems ?? [])].filter(usable);
}

/** The apply_patch tool offered (codewright.editTool): the API's built-in one, or the custom grammar tool. */
export function editToolFor(settings: RequestSettings): ToolDefinition {
  return chooseEditTool(settings.model, settings.editTool) === 'builtin' ? { type: 'apply_patch' } : APPLY_PATCH_TOOL;
}

/** Builds the turn request: the new material plus how the earlier conversation travels. */
export function buildTurnRequest(input: TurnRequestInput): BuiltTurnRequest {
  const settings = { ...requestSettingsOf(input.settings), store: input.settings.store && !input.stateless };
  const request = basicRequest(input, turnInstructions(input.folderNames ?? [], input.turn.projectInstructions), settings);
  // One constant list per session, so every request of a conversation shares the cached prefix.
  const tools = [...(input.folderNames ? [editToolFor(input.settings)] : []), ...(input.readTools ? READ_TOOLS : [])];
  if (tools.length > 0) request.tools = tools;
  const choice = toolChoiceFor(input.turn.request.action ?? 'chat', tools);
  if (choice !== undefined) request.toolChoice = choice;
  if (input.cacheKey) request.promptCacheKey = input.cacheKey;
  // Within a turn only the server can compact between rounds (contextManagement.ts says why not on new prompts).
  if (input.mode.kind !== 'new') request.compactThreshold = compactThresholdFor(capabilitiesFor(settings.model).contextWindow, settings.maxOutputTokens);
  const previous = precedingTurns(input.turns, input.turn, input.mode.kind !== 'new');
  const last = previous[previous.length - 1];
  // Turns up to the compaction travel as its items; a response from before it is not chained to.
  const cut = input.compaction ? previous.findIndex((t) => t.view.id === input.compaction?.throughTurnId) : -1;
  const after = previous.slice(cut + 1);
  const chainTo = settings.store && !input.resend && (cut < 0 || after.length > 0) ? chainableResponse(last, input.endpoint) : undefined;
  if (chainTo) {
    request.previousResponseId = chainTo;
    return { request };
  }
  const history = [...(cut >= 0 && input.compaction ? input.compaction.items : []), ...after.flatMap(historyOf)];
  if (history.length > 0) request.history = fromLatestCompaction(history) as ResponseInputItem[];
  // A conversation that chained on another endpoint is resent in full here.
  const movedFrom = last?.storedAt !== undefined && last.storedAt !== input.endpoint && settings.store;
  return movedFrom && !input.resend ? { request, resent: 'endpoint-changed' } : { request };
}

export interface PreparedRequest extends BuiltTurnRequest {
  params: ResponseCreateParamsStreaming;
  /** The items this request adds to the conversation (its input without the resent history). */
  sentItems: unknown[];
  endpoint: string;
}

/** The wire params of one request of the turn, or why it cannot be sent. */
export function prepareTurnRequest(input: TurnRequestInput): PreparedRequest | CodewrightError {
  const built = buildTurnRequest(input);
  try {
    const params = buildResponseRequest(built.request);
    const historyLength = built.request.history?.length ?? 0;
    const sentItems = Array.isArray(params.input) ? (params.input as unknown[]).slice(historyLength) : [];
    return { ...built, params, sentItems, endpoint: input.endpoint };
  } catch (err) {
    return err instanceof CodewrightError ? err : new CodewrightError('bad-request', String(err));
  }
}

/** One log line: what went out, never its content. */
export function describeRequest({ params, request }: PreparedRequest): string {
  const state = request.previousResponseId ? ' chained' : request.history ? ' resent' : '';
  return `model=${params.model} effort=${params.reasoning?.effort ?? '-'} store=${params.store} files=${request.openFiles.length}${state}`;
}

/** What a turn keeps of the items a stored request sent: attachments are named, not kept, since
 *  they are resent only when the server lost the conversation (the open files go anyway). */
export function itemsToKeep(sent: readonly unknown[], stored: boolean): unknown[] {
  if (!stored) return [...sent];
  return sent.map((item) => {
    const message = item as { role?: unknown; content?: unknown };
    if (!Array.isArray(message.content)) return item;
    const content = message.content.map((part: { type?: unknown; filename?: unknown }) =>
      part.type === 'input_file'
        ? { type: 'input_text', text: `(The file ${String(part.filename)} was attached here.)` }
        : part.type === 'input_image'
          ? { type: 'input_text', text: '(An image was attached here.)' }
          : part,
    );
    return { ...message, content };
  });
}
