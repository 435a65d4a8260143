// One chat: turns, their requests to the Responses API, stop / retry / continue, and history.
// Pure TypeScript: the VS Code layer injects the key, the context, the settings and the
// webview's postMessage, so this whole flow is unit-tested against the fake server.

import type OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type {
  ChatSnapshot,
  ContextChip,
  ExtensionMessage,
  ModelControls,
  TurnErrorView,
  TurnFooter,
  TurnView,
} from '../protocol';
import {
  buildResponseRequest,
  CodewrightError,
  createResponsesClient,
  estimateCostUsd,
  noApiKeyError,
  runResponse,
  type ModelPrice,
  type OpenFileContext,
  type RequestSettings,
  type ResponseOutcome,
  type ResponseStreamEvent,
  type ToolOutput,
  type TurnRequest,
  toHistoryItems,
} from '../responses';
import { APPLY_PATCH_TOOL, StreamingPatchParser, formatPatchFailure, formatPatchRejected, formatPatchSuccess, isPatchError, planPatch, type PatchPlan } from '../patch';
import type { ProposalView } from '../protocol';
import { APPLY_PATCH_TOOL_NAME, type PatchHost, patchErrorText, planFiles, progressFiles, proposalView, multiRootNote } from './patchProposals';
import { DeltaBatcher } from './deltaBatcher';
import { ConversationStore, conversationTitle, type StoredConversation, type StoredToolCall, type StoredTurn, type TurnRequestRecord } from './conversationStore';
import { CODEWRIGHT_INSTRUCTIONS, CONTINUE_PROMPT } from './instructions';
import { describeError } from '../describeError';

export interface ChatConnection {
  apiKey: string;
  baseURL: string;
  demo: boolean;
}

export interface ChatSettings extends RequestSettings {
  idleTimeoutSeconds: number;
  prices?: Record<string, ModelPrice>;
}

export interface ChatContext {
  selection?: TurnRequestRecord['selection'];
  files: OpenFileContext[];
  chips: ContextChip[];
}

export interface ChatLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ChatSessionDeps {
  store: ConversationStore;
  settings(): ChatSettings;
  controls(): ModelControls;
  connection(): Promise<ChatConnection | undefined>;
  context(): ChatContext;
  /** Called after a prompt was sent with the current context (chips reset). */
  contextConsumed(): void;
  post(message: ExtensionMessage): void;
  /** Called when a request could not start because there is no key (the UI offers Set API Key). */
  missingKey(): void;
  log: ChatLogger;
  newId(): string;
  now?(): number;
  /** Test seam: how the OpenAI client is made (defaults to the real SDK). */
  createClient?(connection: ChatConnection): OpenAI;
  /** Milliseconds between webview updates while streaming. */
  batchIntervalMs?: number;
  /** Where apply_patch edits go. Without it the model is offered no tools. */
  patches?: PatchHost;
}

type RunMode = { kind: 'new' } | { kind: 'continue' } | { kind: 'tool-outputs'; outputs: ToolOutput[] };

/** Patch errors go back to the model by themselves at most this often per user action. */
const MAX_AUTOMATIC_TOOL_ROUNDS = 3;
const PROPOSAL_UPDATE_MS = 50;

export type SendResult = { ok: true; turnId: string } | { ok: false; error: string };

interface RunningTurn {
  turnId: string;
  abort: AbortController;
  done: Promise<void>;
}

export class ChatSession {
  private conversation: StoredConversation;
  private running: RunningTurn | undefined;
  private readonly batcher: DeltaBatcher;
  /** The file contents each turn sent, so Retry resends exactly the same request. */
  private readonly sentFiles = new Map<string, OpenFileContext[]>();
  private clients = new Map<string, OpenAI>();
  /** Tool outputs a new turn must deliver for the previous turn's unanswered calls. */
  private readonly carriedOutputs = new Map<string, ToolOutput[]>();
  /** Automatic tool rounds (patch errors sent back) since the last user action. */
  private automaticRounds = 0;
  private readonly proposalTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** A request to start as soon as the running one has ended (tool results going back). */
  private followUp: (() => void) | undefined;
  /** Text of the streaming turn so far, joined only when a snapshot is needed. */
  private live: { turnId: string; answer: string[]; reasoning: string[]; refusal: string[] } | undefined;

  constructor(private readonly deps: ChatSessionDeps) {
    // After a window reload the chat that was open comes back.
    const currentId = deps.store.currentId();
    this.conversation = (currentId && deps.store.load(currentId)) || this.emptyConversation();
    this.batcher = new DeltaBatcher(
      (batch) => this.deps.post({ type: 'turnDelta', ...batch }),
      deps.batchIntervalMs ?? 16,
    );
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  get generating(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when no turn is running, including requests that follow by themselves (tool results). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  turns(): readonly StoredTurn[] {
    return this.conversation.turns;
  }

  snapshot(hasApiKey: boolean, demo: boolean): ChatSnapshot {
    // Deltas still waiting for the next batch are part of the snapshot; posting them later would duplicate them.
    this.batcher.discard();
    const live = this.live;
    return {
      conversationId: this.conversation.id,
      turns: this.conversation.turns.map((turn) =>
        live && turn.view.id === live.turnId
          ? { ...turn.view, answer: live.answer.join(''), reasoning: live.reasoning.join(''), refusal: live.refusal.join('') }
          : { ...turn.view },
      ),
      chips: this.deps.context().chips,
      controls: this.deps.controls(),
      history: this.deps.store.list(),
      generating: this.generating,
      demo,
      hasApiKey,
    };
  }

  /** Sends a prompt with the current context, or with `context` when an action names its own code. */
  async send(prompt: string, displayPrompt = prompt, context: ChatContext = this.deps.context()): Promise<SendResult> {
    const text = prompt.trim();
    if (text === '') return { ok: false, error: 'Type a question or instruction first.' };
    if (this.running) return { ok: false, error: 'An answer is still being generated. Stop it or wait for it to finish.' };
    const request: TurnRequestRecord = {
      prompt: text,
      displayPrompt: displayPrompt.trim() || text,
      selection: context.selection,
      openFilePaths: context.files.map((file) => file.path),
    };
    // Proposals nobody applied or rejected are declined by the new message; the model hears that.
    const carried = this.declinePendingProposals('The user sent a new message instead of applying it.');
    const turn: StoredTurn = { view: this.newTurnView(request, context.chips), request };
    if (carried.length > 0) this.carriedOutputs.set(turn.view.id, carried);
    this.conversation.turns.push(turn);
    if (this.conversation.turns.length === 1) this.conversation.title = conversationTitle(request.displayPrompt);
    this.sentFiles.set(turn.view.id, context.files);
    this.deps.contextConsumed();
    this.start(turn, { kind: 'new' });
    return { ok: true, turnId: turn.view.id };
  }

  /** Re-sends a failed or stopped turn: in place when it is the last one, else as a new turn. */
  retry(turnId: string): SendResult {
    const turn = this.findTurn(turnId);
    if (!turn) return { ok: false, error: 'That answer is no longer in this chat.' };
    if (this.running) return { ok: false, error: 'An answer is still being generated. Stop it or wait for it to finish.' };
    if (turn.view.status !== 'failed' && turn.view.status !== 'stopped') {
      return { ok: false, error: 'Only a failed or stopped answer can be retried.' };
    }
    const files = this.sentFiles.get(turn.view.id) ?? [];
    const isLast = this.conversation.turns[this.conversation.turns.length - 1] === turn;
    if (isLast) {
      turn.view = { ...this.newTurnView(turn.request, []), id: turn.view.id, contextLabels: turn.view.contextLabels };
      delete turn.responseId;
      delete turn.inputItems;
      delete turn.outputItems;
      this.start(turn, { kind: 'new' });
      return { ok: true, turnId: turn.view.id };
    }
    const copy: StoredTurn = {
      view: { ...this.newTurnView(turn.request, []), contextLabels: turn.view.contextLabels },
      request: turn.request,
    };
    this.conversation.turns.push(copy);
    this.sentFiles.set(copy.view.id, files);
    this.start(copy, { kind: 'new' });
    return { ok: true, turnId: copy.view.id };
  }

  /** Asks the model to go on after an answer that hit max_output_tokens; streams into the same turn. */
  continue(turnId: string): SendResult {
    const turn = this.findTurn(turnId);
    if (!turn) return { ok: false, error: 'That answer is no longer in this chat.' };
    if (this.running) return { ok: false, error: 'An answer is still being generated. Stop it or wait for it to finish.' };
    if (turn.view.status !== 'incomplete') return { ok: false, error: 'Only an incomplete answer can be continued.' };
    if (this.conversation.turns[this.conversation.turns.length - 1] !== turn) {
      return { ok: false, error: 'Only the last answer can be continued.' };
    }
    if (this.deps.settings().store && !turn.responseId) {
      return { ok: false, error: 'This answer has no stored response to continue from. Retry it instead.' };
    }
    turn.view = { ...turn.view, status: 'streaming', error: undefined, incompleteReason: undefined };
    this.start(turn, { kind: 'continue' });
    return { ok: true, turnId };
  }

  stop(): boolean {
    if (!this.running) return false;
    this.running.abort.abort();
    return true;
  }

  async newChat(): Promise<void> {
    await this.stopAndWait();
    this.conversation = this.emptyConversation();
    this.sentFiles.clear();
    await this.deps.store.setCurrent(this.conversation.id);
  }

  async open(conversationId: string): Promise<boolean> {
    const loaded = this.deps.store.load(conversationId);
    if (!loaded) return false;
    await this.stopAndWait();
    this.conversation = loaded;
    this.sentFiles.clear();
    await this.deps.store.setCurrent(loaded.id);
    return true;
  }

  /** Deletes a conversation from history; deleting the open one starts a new chat. */
  async delete(conversationId: string): Promise<boolean> {
    if (conversationId === this.conversation.id) {
      await this.stopAndWait();
      const deleted = await this.deps.store.delete(conversationId);
      this.conversation = this.emptyConversation();
      this.sentFiles.clear();
      return deleted;
    }
    return this.deps.store.delete(conversationId);
  }

  dispose(): void {
    this.running?.abort.abort();
    this.batcher.dispose();
    for (const timer of this.proposalTimers.values()) clearTimeout(timer);
    this.proposalTimers.clear();
  }

  // ---- internals ----

  private async stopAndWait(): Promise<void> {
    // No tool result may start a request into a chat that is going away.
    this.followUp = undefined;
    while (this.running) {
      this.running.abort.abort();
      await this.running.done;
      this.followUp = undefined;
    }
  }

  private emptyConversation(): StoredConversation {
    const now = this.now();
    return { id: this.deps.newId(), title: 'New chat', createdAt: now, updatedAt: now, turns: [] };
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  private findTurn(turnId: string): StoredTurn | undefined {
    return this.conversation.turns.find((turn) => turn.view.id === turnId);
  }

  private newTurnView(request: TurnRequestRecord, chips: ContextChip[]): TurnView {
    return {
      id: this.deps.newId(),
      prompt: request.displayPrompt,
      contextLabels: chips.map((chip) => (chip.kind === 'selection' ? `${chip.label} (${chip.detail})` : chip.label)),
      answer: '',
      reasoning: '',
      refusal: '',
      status: 'streaming',
    };
  }

  private start(turn: StoredTurn, mode: RunMode): void {
    const abort = new AbortController();
    const running: RunningTurn = { turnId: turn.view.id, abort, done: Promise.resolve() };
    this.running = running;
    running.done = this.run(turn, mode, abort.signal)
      .catch((err: unknown) => {
        // run() reports its own failures; anything reaching here is a bug worth logging.
        this.deps.log.error(`turn ${turn.view.id} crashed: ${describeError(err)}`);
      })
      .finally(() => {
        if (this.running === running) this.running = undefined;
        const next = this.followUp;
        this.followUp = undefined;
        if (next) next();
        else this.deps.post({ type: 'generating', generating: this.generating });
      });
  }

  /** The turns before `turn` that the model saw an answer for. */
  private precedingTurns(turn: StoredTurn, includeSelf: boolean): StoredTurn[] {
    const index = this.conversation.turns.indexOf(turn);
    const answered = this.conversation.turns
      .slice(0, index)
      .filter((t) => t.view.status === 'completed' || t.view.status === 'incomplete' || t.view.status === 'refused');
    // A turn being continued is streaming again, but the model did answer it (incompletely).
    return includeSelf ? [...answered, turn] : answered;
  }

  private async run(turn: StoredTurn, mode: RunMode, signal: AbortSignal): Promise<void> {
    const started = this.now();
    const settings = this.deps.settings();
    const continuing = mode.kind !== 'new';
    if (mode.kind !== 'tool-outputs') this.automaticRounds = 0;
    // Text after a tool result starts a new paragraph; a plain Continue picks up mid-sentence.
    const separator = mode.kind === 'tool-outputs' && turn.view.answer.trim() !== '' ? '\n\n' : '';
    const answerBefore = continuing ? turn.view.answer + separator : '';
    const reasoningBefore = continuing ? turn.view.reasoning : '';
    this.deps.post({ type: 'turnStarted', turn: { ...turn.view } });
    this.deps.post({ type: 'generating', generating: true });
    await this.save();

    const connection = await this.deps.connection();
    if (!connection) {
      this.deps.missingKey();
      this.finish(turn, settings, started, undefined, noApiKeyError());
      return;
    }

    const requestSettings: RequestSettings = {
      model: settings.model,
      reasoningEffort: settings.reasoningEffort,
      reasoningSummary: settings.reasoningSummary,
      verbosity: settings.verbosity,
      maxOutputTokens: settings.maxOutputTokens,
      store: settings.store,
    };
    const previous = this.precedingTurns(turn, continuing);
    const note = this.deps.patches ? multiRootNote(this.deps.patches.folderNames()) : undefined;
    const instructions = note ? `${CODEWRIGHT_INSTRUCTIONS}\n${note}` : CODEWRIGHT_INSTRUCTIONS;
    const turnRequest: TurnRequest =
      mode.kind === 'continue'
        ? { instructions, prompt: CONTINUE_PROMPT, openFiles: [], settings: requestSettings }
        : mode.kind === 'tool-outputs'
          ? { instructions, prompt: '', openFiles: [], settings: requestSettings, toolOutputs: mode.outputs }
          : {
              instructions,
              prompt: turn.request.prompt,
              selection: turn.request.selection,
              openFiles: this.sentFiles.get(turn.view.id) ?? [],
              settings: requestSettings,
            };
    const carried = mode.kind === 'new' ? this.carriedOutputs.get(turn.view.id) : undefined;
    if (carried) turnRequest.toolOutputs = carried;
    if (this.deps.patches) turnRequest.tools = [APPLY_PATCH_TOOL];
    if (settings.store) {
      const last = [...previous].reverse().find((t) => t.responseId);
      if (last?.responseId) turnRequest.previousResponseId = last.responseId;
    } else {
      const history: unknown[] = [];
      for (const t of previous) history.push(...(t.inputItems ?? []), ...(t.outputItems ?? []));
      if (history.length > 0) turnRequest.history = history as ResponseInputItem[];
    }

    let params;
    try {
      params = buildResponseRequest(turnRequest);
    } catch (err) {
      this.finish(turn, settings, started, undefined, err instanceof CodewrightError ? err : new CodewrightError('bad-request', String(err)));
      return;
    }
    const historyLength = turnRequest.history?.length ?? 0;
    const sentItems = Array.isArray(params.input) ? (params.input as unknown[]).slice(historyLength) : [];

    const client = this.client(connection);
    this.deps.log.info(
      `request: model=${params.model} effort=${settings.reasoningEffort} store=${settings.store} files=${turnRequest.openFiles.length}` +
        (turnRequest.previousResponseId ? ' chained' : '') +
        (connection.demo ? ' (demo)' : ''),
    );
    const answerParts: string[] = continuing && answerBefore ? [answerBefore] : [];
    if (separator) this.batcher.add(turn.view.id, 'answer', separator);
    const patchStreams = new Map<string, StreamingPatchParser>();
    const reasoningParts: string[] = continuing && reasoningBefore ? [reasoningBefore, '\n\n'] : [];
    const refusalParts: string[] = continuing && turn.view.refusal ? [turn.view.refusal] : [];
    this.live = { turnId: turn.view.id, answer: answerParts, reasoning: reasoningParts, refusal: refusalParts };
    const outcome = await runResponse(client, params, {
      signal,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      onEvent: (event: ResponseStreamEvent) => {
        switch (event.type) {
          case 'text-delta':
            answerParts.push(event.delta);
            this.batcher.add(turn.view.id, 'answer', event.delta);
            break;
          case 'reasoning-summary-delta':
            reasoningParts.push(event.delta);
            this.batcher.add(turn.view.id, 'reasoning', event.delta);
            break;
          case 'refusal-delta':
            refusalParts.push(event.delta);
            this.batcher.add(turn.view.id, 'refusal', event.delta);
            break;
          case 'tool-call-started':
            if (event.name === APPLY_PATCH_TOOL_NAME && event.kind === 'custom') {
              patchStreams.set(event.callId, new StreamingPatchParser());
              this.upsertProposal(turn, proposalView(event.callId, []), true);
            }
            break;
          case 'tool-input-delta': {
            const parser = patchStreams.get(event.callId);
            if (parser) {
              parser.push(event.delta);
              this.upsertProposal(turn, proposalView(event.callId, progressFiles(parser.snapshot())), false);
            }
            break;
          }
          default:
            break;
        }
      },
    });
    this.batcher.flush();
    this.live = undefined;
    // The outcome's text is authoritative (it joins several message items correctly).
    turn.view.answer = (continuing ? answerBefore : '') + outcome.text;
    turn.view.reasoning = (continuing && reasoningBefore ? `${reasoningBefore}\n\n` : '') + outcome.reasoning;
    turn.view.refusal = (continuing ? turn.view.refusal : '') + outcome.refusal;
    if (outcome.responseId && (outcome.status === 'completed' || outcome.status === 'incomplete')) {
      turn.responseId = outcome.responseId;
    }
    if (!settings.store && (outcome.status === 'completed' || outcome.status === 'incomplete')) {
      const continuationInput = continuing ? sentItems : [];
      turn.inputItems = continuing ? [...(turn.inputItems ?? []), ...(turn.outputItems ?? []), ...continuationInput] : sentItems;
      turn.outputItems = toHistoryItems(outcome.output);
    }
    const answered = outcome.status === 'completed' || outcome.status === 'incomplete';
    if (answered) {
      // The outputs this request carried have reached the model.
      for (const call of this.allToolCalls()) if (call.output !== undefined) call.delivered = true;
      this.carriedOutputs.delete(turn.view.id);
    }
    const newCalls = answered ? outcome.toolCalls.filter((call) => call.done && call.kind === 'custom') : [];
    for (const call of newCalls) {
      (turn.toolCalls ??= []).push({ callId: call.callId, name: call.name, input: call.input });
    }
    if (!answered) {
      // The model never finished these calls: there is nothing to apply.
      for (const proposal of turn.view.proposals ?? []) {
        if (proposal.status === 'streaming') this.upsertProposal(turn, { ...proposal, status: 'invalid', error: 'The answer ended before the patch was complete.' }, true);
      }
    }
    await this.checkProposals(turn, newCalls.map((call) => call.callId));
    this.finish(turn, settings, started, outcome);
    if (answered) this.answerAutomaticToolCalls(turn);
  }

  // ---- apply_patch proposals ----

  private allToolCalls(): StoredToolCall[] {
    return this.conversation.turns.flatMap((turn) => turn.toolCalls ?? []);
  }

  private findProposal(proposalId: string): { turn: StoredTurn; call: StoredToolCall; proposal: ProposalView } | undefined {
    for (const turn of this.conversation.turns) {
      const call = turn.toolCalls?.find((c) => c.callId === proposalId);
      const proposal = turn.view.proposals?.find((p) => p.id === proposalId);
      if (call && proposal) return { turn, call, proposal };
    }
    return undefined;
  }

  /** Adds or replaces a proposal in the turn and tells the webview (throttled while streaming). */
  private upsertProposal(turn: StoredTurn, proposal: ProposalView, immediately: boolean): void {
    const proposals = (turn.view.proposals ??= []);
    const index = proposals.findIndex((p) => p.id === proposal.id);
    if (index >= 0) proposals[index] = proposal;
    else proposals.push(proposal);
    const key = proposal.id;
    const post = () => {
      this.proposalTimers.delete(key);
      const current = turn.view.proposals?.find((p) => p.id === key);
      if (current) this.deps.post({ type: 'proposal', turnId: turn.view.id, proposal: structuredClone(current) });
    };
    const pending = this.proposalTimers.get(key);
    if (immediately) {
      if (pending) clearTimeout(pending);
      post();
    } else if (!pending) {
      this.proposalTimers.set(key, setTimeout(post, PROPOSAL_UPDATE_MS));
    }
  }

  private async plan(input: string): Promise<PatchPlan | string> {
    const host = this.deps.patches;
    const workspace = await host?.workspace();
    if (!host || !workspace) return 'No workspace folder is open, so there is nothing to edit. Open a folder and ask again.';
    const plan = await planPatch(input, workspace, { sensitivePatterns: host.sensitivePatterns() });
    return isPatchError(plan) ? patchErrorText(plan) : plan;
  }

  /** Checks each new apply_patch call against the workspace: ready to apply, or invalid. */
  private async checkProposals(turn: StoredTurn, callIds: string[]): Promise<void> {
    for (const callId of callIds) {
      const call = turn.toolCalls?.find((c) => c.callId === callId);
      if (!call) continue;
      if (call.name !== APPLY_PATCH_TOOL_NAME) {
        call.output = `There is no tool named ${call.name}. The only tool is ${APPLY_PATCH_TOOL_NAME}.`;
        continue;
      }
      const parser = new StreamingPatchParser();
      parser.push(call.input);
      const streamed = progressFiles(parser.snapshot());
      const plan = await this.plan(call.input);
      if (typeof plan === 'string') {
        call.output = formatPatchFailure(plan);
        this.upsertProposal(turn, { id: callId, status: 'invalid', files: streamed, error: plan }, true);
      } else {
        this.upsertProposal(turn, { id: callId, status: 'ready', files: planFiles(plan, streamed) }, true);
      }
    }
  }

  /** Sends tool outputs back by themselves when no call needs the user (e.g. a patch that does not apply). */
  private answerAutomaticToolCalls(turn: StoredTurn): void {
    const calls = turn.toolCalls ?? [];
    const undelivered = calls.filter((call) => !call.delivered);
    if (undelivered.length === 0 || undelivered.some((call) => call.output === undefined)) return;
    if (this.automaticRounds >= MAX_AUTOMATIC_TOOL_ROUNDS) {
      this.deps.log.warn(`stopped sending patch errors back after ${MAX_AUTOMATIC_TOOL_ROUNDS} rounds`);
      return;
    }
    this.automaticRounds++;
    this.followUp = () => this.deliverOutputs(turn);
  }

  /** Starts the request that hands every answered, undelivered tool output of the turn to the model. */
  private deliverOutputs(turn: StoredTurn): void {
    const outputs = (turn.toolCalls ?? [])
      .filter((call) => !call.delivered && call.output !== undefined)
      .map((call) => ({ callId: call.callId, output: call.output as string }));
    if (outputs.length === 0 || this.running) return;
    turn.view = { ...turn.view, status: 'streaming', error: undefined, incompleteReason: undefined };
    this.start(turn, { kind: 'tool-outputs', outputs });
  }

  private resolveCall(turn: StoredTurn, call: StoredToolCall, output: string, proposal: ProposalView): void {
    call.output = output;
    this.upsertProposal(turn, proposal, true);
    void this.save();
    // Once every call of the turn has its answer, the model hears all of them together.
    if ((turn.toolCalls ?? []).every((c) => c.output !== undefined)) this.deliverOutputs(turn);
  }

  /** Marks every unanswered proposal as declined; returns the outputs a new request must carry. */
  private declinePendingProposals(reason: string): ToolOutput[] {
    const outputs: ToolOutput[] = [];
    for (const turn of this.conversation.turns) {
      for (const call of turn.toolCalls ?? []) {
        if (call.delivered) continue;
        if (call.output === undefined) {
          call.output = formatPatchRejected(reason);
          const proposal = turn.view.proposals?.find((p) => p.id === call.callId);
          if (proposal) this.upsertProposal(turn, { ...proposal, status: 'rejected', rejectReason: reason }, true);
        }
        outputs.push({ callId: call.callId, output: call.output });
      }
    }
    return outputs;
  }

  hasProposal(proposalId: string): boolean {
    return this.findProposal(proposalId) !== undefined;
  }

  async previewProposal(proposalId: string): Promise<SendResult> {
    const found = this.findProposal(proposalId);
    if (!found || !this.deps.patches) return { ok: false, error: 'That proposed edit is no longer in this chat.' };
    if (found.proposal.status !== 'ready') return { ok: false, error: 'Only a proposed edit that is ready can be previewed.' };
    const plan = await this.plan(found.call.input);
    if (typeof plan === 'string') {
      this.upsertProposal(found.turn, { ...found.proposal, error: `The patch no longer applies: ${plan}` }, true);
      return { ok: false, error: plan };
    }
    await this.deps.patches.preview(proposalId, plan);
    return { ok: true, turnId: found.turn.view.id };
  }

  async applyProposal(proposalId: string): Promise<SendResult> {
    const found = this.findProposal(proposalId);
    const host = this.deps.patches;
    if (!found || !host) return { ok: false, error: 'That proposed edit is no longer in this chat.' };
    const { turn, call, proposal } = found;
    if (proposal.status !== 'ready' || call.output !== undefined) return { ok: false, error: 'This edit was already applied or rejected.' };
    if (this.running) return { ok: false, error: 'Wait for the answer to finish before applying the edit.' };
    const allowed = host.editsAllowed();
    if (!allowed.ok) {
      this.upsertProposal(turn, { ...proposal, error: allowed.reason }, true);
      return { ok: false, error: allowed.reason };
    }
    // Planned again now: the files may have changed since the model wrote the patch.
    const plan = await this.plan(call.input);
    if (typeof plan === 'string') {
      this.resolveCall(turn, call, formatPatchFailure(plan), { ...proposal, status: 'failed', error: plan });
      return { ok: false, error: plan };
    }
    if (plan.sensitive.length > 0 && !(await host.confirmSensitive(plan.sensitive.map((change) => change.path)))) {
      return { ok: false, error: 'Not applied: changes to sensitive files need your confirmation.' };
    }
    const result = await host.apply(plan);
    if (!result.ok) {
      this.resolveCall(turn, call, formatPatchFailure(result.error), { ...proposal, status: 'failed', error: result.error });
      return { ok: false, error: result.error };
    }
    this.resolveCall(turn, call, formatPatchSuccess(plan.summary), { ...proposal, status: 'applied', error: undefined });
    return { ok: true, turnId: turn.view.id };
  }

  rejectProposal(proposalId: string, reason?: string): SendResult {
    const found = this.findProposal(proposalId);
    if (!found) return { ok: false, error: 'That proposed edit is no longer in this chat.' };
    const { turn, call, proposal } = found;
    if (call.output !== undefined || (proposal.status !== 'ready' && proposal.status !== 'streaming')) {
      return { ok: false, error: 'This edit was already applied or rejected.' };
    }
    if (this.running) return { ok: false, error: 'Wait for the answer to finish before rejecting the edit.' };
    const trimmed = reason?.trim() || undefined;
    this.resolveCall(turn, call, formatPatchRejected(trimmed), { ...proposal, status: 'rejected', rejectReason: trimmed });
    return { ok: true, turnId: turn.view.id };
  }

  private finish(
    turn: StoredTurn,
    settings: ChatSettings,
    started: number,
    outcome: ResponseOutcome | undefined,
    failure?: CodewrightError,
  ): void {
    const view = turn.view;
    const error = failure ?? outcome?.error;
    const footer: TurnFooter = {
      model: settings.model,
      reasoningEffort: settings.reasoningEffort,
      verbosity: settings.verbosity,
      elapsedMs: Math.max(0, this.now() - started),
    };
    if (outcome?.usage) {
      const { inputTokens, cachedInputTokens, outputTokens, reasoningTokens } = outcome.usage;
      footer.usage = { inputTokens, cachedInputTokens, outputTokens, reasoningTokens };
      const cost = estimateCostUsd(settings.model, outcome.usage, settings.prices);
      if (cost !== undefined) footer.costUsd = cost;
    }
    view.footer = footer;
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
    if (error) this.deps.log.warn(`turn ${view.id} ended: ${error.kind}: ${error.message}`);
    this.deps.post({ type: 'turnEnded', turn: { ...view } });
    void this.save().then(() => this.deps.post({ type: 'history', history: this.deps.store.list() }));
  }

  private async save(): Promise<void> {
    try {
      await this.deps.store.save(this.conversation);
      await this.deps.store.setCurrent(this.conversation.id);
    } catch (err) {
      this.deps.log.error(`could not save the conversation: ${describeError(err)}`);
    }
  }

  private client(connection: ChatConnection): OpenAI {
    const key = `${connection.baseURL}\u0000${connection.apiKey}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.deps.createClient
        ? this.deps.createClient(connection)
        : createResponsesClient({ apiKey: connection.apiKey, baseURL: connection.baseURL || undefined });
      // One key at a time: drop clients for keys that are no longer in use.
      this.clients = new Map([[key, client]]);
    }
    return client;
  }
}

export function errorView(error: CodewrightError): TurnErrorView {
  const view: TurnErrorView = { message: error.message };
  if (error.action) view.action = error.action;
  if (error.retryAfterSeconds !== undefined) view.retryAfterSeconds = error.retryAfterSeconds;
  return view;
}
