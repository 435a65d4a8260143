// One chat: turns, their requests to the Responses API, stop / retry / continue, and history.
// Pure TypeScript: the VS Code layer injects the key, the context, the settings and the
// webview's postMessage, so this whole flow is unit-tested against the fake server.

import type { ChatSnapshot, TurnFooter } from '../protocol';
import { capabilitiesFor, CodewrightError, noApiKeyError, type ResponseOutcome, type ToolOutput } from '../responses';
import { endInterruptedToolCalls, TurnTools } from './turnTools';
import { withActionSettings, type ActionProfile } from '../tools/actionProfiles';
import { TurnStream } from './turnStream';
import { TurnSender } from './turnSender';
import { conversationTitle, type StoredConversation, type StoredTurn, type TurnRequestRecord } from './conversationStore';
import { type PreparedRequest, type RunMode } from './turnRequest';
import type { ChatContext, ChatSessionDeps, ChatSettings, SendResult } from './chatTypes';
import { addSpendTotals, endTurnView, foldOutcome, newTurnView, resetForRetry, retryCopy, textBefore, turnFooter, type TextBefore } from './turnOutcome';
import { describeError } from '../describeError';
import { SentContext } from './sentContext';
import { continuedTitle, summaryRequest } from './conversationSummary';

export type { ChatConnection, ChatContext, ChatLogger, ChatSessionDeps, ChatSettings, SendResult } from './chatTypes';
export { costCapNote, errorView } from './turnOutcome';

/** When a request of a turn started, and the footer of the turn's earlier rounds. */
interface Round {
  started: number;
  earlier?: TurnFooter;
}

interface RunningTurn {
  turnId: string;
  abort: AbortController;
  done: Promise<void>;
}

export class ChatSession {
  private conversation: StoredConversation;
  private running: RunningTurn | undefined;
  private readonly streamer: TurnStream;
  /** The files and images each turn's prompt sent, so Retry resends exactly the same request. */
  private readonly sent = new SentContext();
  /** Tool outputs a new turn must deliver for the previous turn's unanswered calls. */
  private readonly carriedOutputs = new Map<string, ToolOutput[]>();
  private readonly sender: TurnSender;
  /** apply_patch proposals and the read tools. */
  private readonly tools: TurnTools;
  /** A request to start as soon as the running one has ended (tool results going back). */
  private followUp: (() => void) | undefined;

  constructor(private readonly deps: ChatSessionDeps) {
    // After a window reload the chat that was open comes back.
    const currentId = deps.store.currentId();
    this.conversation = (currentId && deps.store.load(currentId)) || this.emptyConversation();
    endInterruptedToolCalls(this.conversation.turns);
    this.streamer = new TurnStream((message) => this.deps.post(message), deps.batchIntervalMs ?? 16);
    this.sender = new TurnSender({ log: deps.log, streamer: this.streamer, createClient: deps.createClient, addNote: (turn, note) => this.addNote(turn, note) });
    this.tools = new TurnTools({
      turns: () => this.conversation.turns,
      post: (message) => this.deps.post(message),
      patches: deps.patches,
      readTools: deps.readTools,
      log: deps.log,
      settings: () => this.deps.settings(),
      save: () => this.save(),
      isRunning: () => this.running !== undefined,
      startToolOutputs: (turn, outputs) => {
        turn.view = { ...turn.view, status: 'streaming', error: undefined, incompleteReason: undefined };
        this.start(turn, { kind: 'tool-outputs', outputs });
      },
      followUp: (next) => {
        this.followUp = next;
      },
      addNote: (turn, note) => this.addNote(turn, note),
    });
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
    return {
      conversationId: this.conversation.id,
      turns: this.conversation.turns.map((turn) => this.streamer.snapshotView(turn.view)),
      chips: this.deps.context().chips,
      controls: this.deps.controls(),
      history: this.deps.store.list(),
      generating: this.generating,
      demo,
      hasApiKey,
    };
  }

  /** Sends a prompt with the current context, or with `context` when an action names its own code. */
  async send(prompt: string, displayPrompt = prompt, context: ChatContext = this.deps.context(), action?: ActionProfile): Promise<SendResult> {
    const text = prompt.trim();
    if (text === '') return { ok: false, error: 'Type a question or instruction first.' };
    if (this.running) return { ok: false, error: 'An answer is still being generated. Stop it or wait for it to finish.' };
    const request: TurnRequestRecord = {
      prompt: text,
      displayPrompt: displayPrompt.trim() || text,
      selection: context.selection,
      openFilePaths: context.files.map((file) => file.path),
      ...(action && action !== 'chat' ? { action } : {}),
    };
    // Proposals nobody applied or rejected are declined by the new message; the model hears that.
    const carried = this.tools.proposals.declinePending('The user sent a new message instead of applying it.');
    const turn: StoredTurn = { view: newTurnView(this.deps.newId(), request, context.chips), request };
    if (context.projectInstructions) turn.projectInstructions = context.projectInstructions;
    if (carried.length > 0) this.carriedOutputs.set(turn.view.id, carried);
    this.conversation.turns.push(turn);
    if (this.conversation.turns.length === 1) this.conversation.title = conversationTitle(request.displayPrompt);
    this.sent.remember(turn.view.id, context.files, context.images);
    turn.view.contextLabels.push(...(context.images ?? []).map((image) => image.name));
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
    const isLast = this.conversation.turns[this.conversation.turns.length - 1] === turn;
    if (isLast) {
      resetForRetry(turn, this.deps.newId());
      this.start(turn, { kind: 'new' });
      return { ok: true, turnId: turn.view.id };
    }
    const copy = retryCopy(turn, this.deps.newId());
    this.conversation.turns.push(copy);
    this.sent.copy(turn.view.id, copy.view.id);
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
    this.sent.clear();
    await this.deps.store.setCurrent(this.conversation.id);
  }

  /** "New Chat with Summary": a new chat whose first turn is the model's summary of the open one.
   *  `opened` runs once the new chat exists, before its first turn starts (the panel shows it). */
  async newChatWithSummary(opened: () => void = () => undefined): Promise<SendResult> {
    if (this.running) return { ok: false, error: 'An answer is still being generated. Stop it or wait for it to finish.' };
    const old = this.conversation;
    const request = summaryRequest(old, capabilitiesFor(this.deps.settings().model).contextWindow);
    if (!request) return { ok: false, error: 'This chat has no answer to summarize yet.' };
    await this.newChat();
    this.conversation.title = continuedTitle(old.title);
    opened();
    const turn: StoredTurn = { view: newTurnView(this.deps.newId(), request, []), request };
    this.conversation.turns.push(turn);
    this.start(turn, { kind: 'new' });
    return { ok: true, turnId: turn.view.id };
  }

  async open(conversationId: string): Promise<boolean> {
    const loaded = this.deps.store.load(conversationId);
    if (!loaded) return false;
    await this.stopAndWait();
    this.conversation = loaded;
    endInterruptedToolCalls(loaded.turns);
    this.sent.clear();
    await this.deps.store.setCurrent(loaded.id);
    return true;
  }

  /** Deletes a conversation from history; deleting the open one starts a new chat. */
  async delete(conversationId: string): Promise<boolean> {
    if (conversationId === this.conversation.id) {
      await this.stopAndWait();
      const deleted = await this.deps.store.delete(conversationId);
      this.conversation = this.emptyConversation();
      this.sent.clear();
      return deleted;
    }
    return this.deps.store.delete(conversationId);
  }

  dispose(): void {
    this.running?.abort.abort();
    this.streamer.dispose();
    this.tools.dispose();
  }

  // ---- apply_patch proposals (the controller owns their lifecycle) ----

  hasProposal(proposalId: string): boolean {
    return this.tools.proposals.has(proposalId);
  }

  previewProposal(proposalId: string): Promise<SendResult> {
    return this.tools.proposals.preview(proposalId);
  }

  applyProposal(proposalId: string): Promise<SendResult> {
    return this.tools.proposals.apply(proposalId);
  }

  rejectProposal(proposalId: string, reason?: string): SendResult {
    return this.tools.proposals.reject(proposalId, reason);
  }

  /** Allow once / Deny on "The model wants to read `.env`". */
  answerToolConsent(callId: string, allow: boolean): boolean {
    return this.tools.answerConsent(callId, allow);
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
        next?.();
        // A follow-up that started nothing (the cost cap held the tool round back) ends generation too.
        if (!this.running) this.deps.post({ type: 'generating', generating: false });
      });
  }

  private async run(turn: StoredTurn, mode: RunMode, signal: AbortSignal): Promise<void> {
    const chosen = this.deps.settings();
    const settings = withActionSettings(chosen, turn.request.action, chosen.actions);
    // Tool rounds and Continue add to the turn's footer; a new prompt or a retry starts it afresh.
    const round: Round = { started: this.now(), earlier: mode.kind !== 'new' ? turn.view.footer : undefined };
    this.tools.beginRequest(turn, mode);
    const before = textBefore(turn, mode);
    this.deps.post({ type: 'turnStarted', turn: { ...turn.view } });
    this.deps.post({ type: 'generating', generating: true });
    // Saved in the background: a save is a round trip to the window, slow while it loads the panel,
    // and the request needs none of it (the turn is saved again when it ends).
    void this.save();
    const connection = await this.deps.connection();
    if (!connection) {
      this.deps.missingKey();
      this.finish(turn, settings, round, undefined, noApiKeyError());
      return;
    }
    if (before.separator) this.streamer.add(turn.view.id, 'answer', before.separator);
    const sent = await this.sender.send({
      conversation: this.conversation,
      turn,
      mode,
      settings,
      connection,
      before,
      files: this.sent.filesOf(turn.view.id),
      images: this.sent.imagesOf(turn.view.id),
      carried: mode.kind === 'new' ? this.carriedOutputs.get(turn.view.id) : undefined,
      folderNames: this.deps.patches?.folderNames(),
      signal,
      onOtherEvent: (event) => this.tools.streamEvent(turn, event),
      readTools: this.tools.offersReadTools,
    });
    if ('error' in sent) return this.finish(turn, settings, round, undefined, sent.error);
    await this.fold(turn, mode, settings, round, sent.outcome, before, sent.prepared, signal);
  }

  /** A note on how the turn was sent, shown with it at once. */
  private addNote(turn: StoredTurn, note: string): void {
    turn.view.notes = [...(turn.view.notes ?? []), note];
    this.deps.post({ type: 'turnStarted', turn: { ...turn.view } });
  }

  /** Folds a finished request into the turn: its text, what the next request chains from, its tool calls. */
  private async fold(
    turn: StoredTurn,
    mode: RunMode,
    settings: ChatSettings,
    round: Round,
    outcome: ResponseOutcome,
    before: TextBefore,
    prepared: PreparedRequest,
    signal: AbortSignal,
  ): Promise<void> {
    const answered = foldOutcome(turn, mode, outcome, before, prepared);
    // The model has the carried outputs now.
    if (answered) this.carriedOutputs.delete(turn.view.id);
    const tools = await this.tools.settle(turn, outcome, answered, signal);
    if (tools === 'stopped') {
      const stopped = new CodewrightError('aborted', 'Stopped.');
      return this.finish(turn, settings, round, { ...outcome, status: 'aborted', error: stopped }, stopped);
    }
    this.finish(turn, settings, round, outcome);
    if (answered && tools !== 'capped') this.tools.proposals.answerAutomatically(turn);
  }

  private finish(turn: StoredTurn, settings: ChatSettings, round: Round, outcome: ResponseOutcome | undefined, failure?: CodewrightError): void {
    const view = turn.view;
    const error = failure ?? outcome?.error;
    view.footer = turnFooter(settings, Math.max(0, this.now() - round.started), outcome?.usage, round.earlier);
    addSpendTotals(view.footer, round.earlier?.costUsd ?? 0, { store: this.deps.store, turns: this.conversation.turns, now: this.now() });
    if (turn.toolRounds) view.footer.toolRounds = turn.toolRounds;
    endTurnView(view, outcome, error);
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
}

