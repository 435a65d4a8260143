// Sends one request of a turn and streams its answer, recovering by itself — once each — from
// the refusals that have a sure fix: the server lost the stored conversation (resend it; for an
// organization with Zero Data Retention the chat becomes stateless), or the model refuses a
// parameter the API names (send without it, remembered per model). Each recovery is noted in the turn.

import type { ImageAttachment } from '../images/imageInput';
import {
  adjustmentNote,
  CodewrightError,
  createResponsesClient,
  ModelParameterMemory,
  parameterAdjustment,
  parameterNotes,
  previousResponseRefusal,
  ResponsesClientCache,
  type OpenFileContext,
  type ResponseOutcome,
  type ResponseStreamEvent,
  type ToolOutput,
} from '../responses';
import type { ChatConnection, ChatLogger, ChatSettings } from './chatTypes';
import type { StoredConversation, StoredTurn } from './conversationStore';
import type { TextBefore } from './turnOutcome';
import { describeRequest, endpointOf, prepareTurnRequest, resendNote, type PreparedRequest, type RunMode } from './turnRequest';
import type { TurnStream } from './turnStream';
import type OpenAI from 'openai';

export interface TurnSenderDeps {
  log: ChatLogger;
  streamer: TurnStream;
  /** Test seam: how the OpenAI client is made (defaults to the real SDK). */
  createClient?(connection: ChatConnection): OpenAI;
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

/** Whether a failed request got as far as the model writing anything. */
function producedAnything(outcome: ResponseOutcome): boolean {
  return outcome.text !== '' || outcome.reasoning !== '' || outcome.refusal !== '' || outcome.toolCalls.length > 0;
}

export class TurnSender {
  /** One SDK client at a time, made again when the key or the endpoint changes. */
  private readonly clients: ResponsesClientCache<ChatConnection>;
  /** Parameters a model refused this session (they stay left out until VS Code restarts). */
  private readonly parameters = new ModelParameterMemory();

  constructor(private readonly deps: TurnSenderDeps) {
    this.clients = new ResponsesClientCache((connection: ChatConnection) =>
      deps.createClient ? deps.createClient(connection) : createResponsesClient({ apiKey: connection.apiKey, baseURL: connection.baseURL || undefined }),
    );
  }

  async send(request: TurnSend): Promise<SentRequest> {
    let resend = false;
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

  /** The request for one attempt of the turn, or why it cannot be sent. */
  private prepare({ conversation, turn, mode, settings, connection, files, images, carried, folderNames, readTools }: TurnSend, resend: boolean): PreparedRequest | CodewrightError {
    const prepared = prepareTurnRequest({
      turn,
      mode,
      turns: conversation.turns,
      settings,
      files,
      images: mode.kind === 'new' ? images : undefined,
      carried,
      folderNames,
      endpoint: endpointOf(connection.baseURL),
      stateless: conversation.stateless,
      resend,
      cacheKey: conversation.id,
      readTools,
    });
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
