// Sends one request of a turn and streams its answer, recovering by itself — once each — from
// the refusals that have a sure fix: the server lost the stored conversation (resend it; for an
// organization with Zero Data Retention the chat becomes stateless), the model refuses a
// parameter the API names (send without it, remembered per model), or the model has no built-in
// apply_patch tool (send the custom grammar tool instead, remembered per model). Before a new
// prompt of a chat that filled most of the model's context window, the conversation is compacted
// (compaction.ts); a long tool loop within the turn is compacted by the API itself
// (context_management, responses/contextManagement.ts). Each of these is noted in the turn.

import type { ImageAttachment } from '../images/imageInput';
import {
  adjustmentNote,
  capabilitiesFor,
  CodewrightError,
  createResponsesClient,
  holdsCompaction,
  ModelParameterMemory,
  parameterAdjustment,
  parameterNotes,
  previousResponseRefusal,
  ResponsesClientCache,
  type OpenFileContext,
  type ResponseOutcome,
  type ResponsesClient,
  type ResponseStreamEvent,
  type ToolOutput,
} from '../responses';
import type { ChatConnection, ChatLogger, ChatSettings } from './chatTypes';
import type { StoredConversation, StoredTurn } from './conversationStore';
import type { TextBefore } from './turnOutcome';
import { buildTurnRequest, describeRequest, endpointOf, itemsToKeep, precedingTurns, prepareTurnRequest, resendNote, type PreparedRequest, type RunMode, type TurnRequestInput } from './turnRequest';
import { compactConversation, compactedNote, compactionFailedNote, compactionUnsupported, compactParams, needsCompaction, serverCompactedNote } from './compaction';
import type { TurnStream } from './turnStream';

export interface TurnSenderDeps {
  log: ChatLogger;
  streamer: TurnStream;
  /** Test seam: how the OpenAI client is made (defaults to the real SDK). */
  createClient?(connection: ChatConnection): ResponsesClient;
  /** Shows a note on the turn at once. */
  addNote(turn: StoredTurn, note: string): void;
}

/** Everything one request of a turn is built from. */
export interface TurnSend {
  conversation: StoredConversation;
  turn: StoredTurn;
  mode: RunMode;
  settings: ChatSettings;
  connection: ChatConnection;
  before: TextBefore;
  files: OpenFileContext[];
  images?: ImageAttachment[];
  carried?: ToolOutput[];
  folderNames?: readonly string[];
  signal: AbortSignal;
  onOtherEvent(event: ResponseStreamEvent): void;
  /** Offer the read tools. */
  readTools?: boolean;
}

export type SentRequest = { error: CodewrightError } | { prepared: PreparedRequest; outcome: ResponseOutcome };

/** The API's 400 for `tools: [{type: "apply_patch"}]` sent to a model without the built-in tool
 *  ("Tool 'apply_patch' is not supported with gpt-5-2025-08-07.", param `tools`). */
export function builtinToolRefused(error: CodewrightError | undefined): boolean {
  return error?.status === 400 && /\bapply_patch\b/.test(error.message) && (error.param === 'tools' || /not supported/i.test(error.message));
}

/** Whether a failed request got as far as the model writing anything. */
function producedAnything(outcome: ResponseOutcome): boolean {
  return outcome.text !== '' || outcome.reasoning !== '' || outcome.refusal !== '' || outcome.toolCalls.length > 0;
}

export class TurnSender {
  /** One SDK client at a time, made again when the key or the endpoint changes. */
  private readonly clients: ResponsesClientCache<ChatConnection>;
  /** Parameters a model refused this session (they stay left out until VS Code restarts). */
  private readonly parameters = new ModelParameterMemory();
  /** Models that refused the built-in apply_patch tool this session: they get the custom one. */
  private readonly noBuiltinPatchTool = new Set<string>();
  /** Endpoints that answered a compaction with 404/400: not asked again this session. */
  private readonly cannotCompact = new Set<string>();

  constructor(private readonly deps: TurnSenderDeps) {
    this.clients = new ResponsesClientCache((connection: ChatConnection) =>
      deps.createClient ? deps.createClient(connection) : createResponsesClient({ apiKey: connection.apiKey, baseURL: connection.baseURL || undefined }),
    );
  }

  async send(request: TurnSend): Promise<SentRequest> {
    let resend = false;
    if (request.mode.kind === 'new') await this.compactIfNeeded(request);
    let sent = await this.attempt(request, resend);
    const refused = 'outcome' in sent && sent.prepared.request.previousResponseId && !producedAnything(sent.outcome) ? previousResponseRefusal(sent.outcome.error) : undefined;
    if (refused) {
      // Once, automatically: the same request again, carrying the conversation itself.
      this.deps.log.warn(`previous response refused (${refused}); resending the conversation`);
      if (refused === 'zero-data-retention') request.conversation.stateless = true;
      this.deps.addNote(request.turn, resendNote(refused));
      resend = true;
      sent = await this.attempt(request, resend);
    }
    const adjustment = 'outcome' in sent && !producedAnything(sent.outcome) ? parameterAdjustment(sent.outcome.error) : undefined;
    const model = 'prepared' in sent ? String(sent.prepared.params.model) : '';
    if (adjustment && !this.parameters.knows(model, adjustment.param)) {
      // Once per parameter and model: the API named what it refuses, so send without it.
      this.parameters.remember(model, adjustment);
      this.deps.log.warn(`${model} refused ${adjustment.param}; retrying ${adjustment.replacement === undefined ? 'without it' : `with '${adjustment.replacement}'`}`);
      this.deps.addNote(request.turn, adjustmentNote(model, adjustment));
      sent = await this.attempt(request, resend);
    }
    if ('outcome' in sent && !producedAnything(sent.outcome) && builtinToolRefused(sent.outcome.error) && !this.noBuiltinPatchTool.has(model)) {
      // Once per model: it has no built-in apply_patch tool, so it gets Codewright's own.
      this.noBuiltinPatchTool.add(model);
      this.deps.log.warn(`${model} refused the built-in apply_patch tool; retrying with the custom apply_patch tool`);
      this.deps.addNote(request.turn, `${model} does not offer the built-in apply_patch tool; edits go through Codewright's custom apply_patch tool instead (remembered until VS Code restarts).`);
      sent = await this.attempt(request, resend);
    }
    if ('outcome' in sent && holdsCompaction(sent.outcome.output)) {
      // The API compacted server-side (context_management) between this turn's rounds.
      const note = serverCompactedNote(String(sent.prepared.params.model));
      if (!(request.turn.view.notes ?? []).includes(note)) this.deps.addNote(request.turn, note);
    }
    if ('outcome' in sent && sent.outcome.usage) {
      const usage = sent.outcome.usage;
      const model = String(sent.prepared.params.model);
      request.conversation.context = { usedTokens: usage.inputTokens + usage.outputTokens, windowTokens: capabilitiesFor(model).contextWindow, model };
    }
    if ('outcome' in sent && sent.outcome.resumed) {
      const times = sent.outcome.resumed === 1 ? 'once' : `${sent.outcome.resumed} times`;
      this.deps.addNote(request.turn, `The connection dropped ${times}; the answer was picked up where it stopped (codewright.backgroundResponses).`);
    }
    return sent;
  }

  private async attempt(request: TurnSend, resend: boolean): Promise<SentRequest> {
    const prepared = this.prepare(request, resend);
    if (prepared instanceof CodewrightError) return { error: prepared };
    const client = this.clients.get(request.connection);
    const options = { signal: request.signal, idleTimeoutMs: request.settings.idleTimeoutSeconds * 1000, onOtherEvent: request.onOtherEvent };
    return { prepared, outcome: await this.deps.streamer.stream(request.turn.view.id, request.before, client, prepared.params, options) };
  }

  /** What one attempt of the turn is built from. */
  private turnInput({ conversation, turn, mode, settings, connection, files, images, carried, folderNames, readTools }: TurnSend, resend: boolean): TurnRequestInput {
    // A summary for a new chat is asked for without tools: the transcript is all it needs.
    const summary = turn.request.summaryOf !== undefined;
    return {
      turn,
      mode,
      turns: conversation.turns,
      settings: this.noBuiltinPatchTool.has(settings.model) ? { ...settings, editTool: 'custom' } : settings,
      files,
      images: mode.kind === 'new' ? images : undefined,
      carried,
      folderNames: summary ? undefined : folderNames,
      endpoint: endpointOf(connection.baseURL),
      stateless: conversation.stateless,
      resend,
      cacheKey: conversation.id,
      readTools: summary ? false : readTools,
      compaction: conversation.compaction,
    };
  }

  /** Compacts the conversation before a new prompt when the last response filled most of the window. */
  private async compactIfNeeded(request: TurnSend): Promise<void> {
    const { conversation, turn, settings, connection } = request;
    const previous = precedingTurns(conversation.turns, turn, false);
    const through = previous[previous.length - 1]?.view.id;
    const endpoint = endpointOf(connection.baseURL);
    const context = conversation.context;
    if (!context || this.cannotCompact.has(endpoint) || !needsCompaction(conversation, settings.model, through)) return;
    const params = compactParams(settings.model, buildTurnRequest(this.turnInput(request, false)), conversation.id);
    if (!params || through === undefined) return;
    this.deps.log.info(`compacting the conversation (${context.usedTokens} of ${context.windowTokens} tokens)`);
    const result = await compactConversation(this.clients.get(connection), params, request.signal);
    if ('items' in result) {
      // The user messages come back whole; a stored chat keeps (and resends) only a mention of
      // their attachments, as it does for its own turns, so the saved chat stays small.
      conversation.compaction = { throughTurnId: through, items: itemsToKeep(result.items, settings.store && !conversation.stateless) };
      this.deps.addNote(turn, compactedNote(context));
      return;
    }
    if (result.error.kind === 'aborted' || request.signal.aborted) return;
    const unsupported = compactionUnsupported(result.error);
    if (unsupported) this.cannotCompact.add(endpoint);
    this.deps.log.warn(`compaction failed: ${result.error.message}`);
    this.deps.addNote(turn, compactionFailedNote(context, result.error, unsupported));
  }

  /** The request for one attempt of the turn, or why it cannot be sent. */
  private prepare(request: TurnSend, resend: boolean): PreparedRequest | CodewrightError {
    const { turn, connection } = request;
    const prepared = prepareTurnRequest(this.turnInput(request, resend));
    if (prepared instanceof CodewrightError) return prepared;
    this.parameters.apply(prepared.params);
    // Settings the model does not take were adjusted; say so once per turn, not per tool round.
    for (const note of parameterNotes(prepared.request.settings)) {
      if (!(turn.view.notes ?? []).includes(note)) this.deps.addNote(turn, note);
    }
    if (prepared.resent) this.deps.addNote(turn, resendNote(prepared.resent));
    this.deps.log.info(`request: ${describeRequest(prepared)}${connection.demo ? ' (demo)' : ''}`);
    return prepared;
  }
}
