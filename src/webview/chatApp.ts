// The chat panel's UI. It holds the last snapshot from the extension, applies incremental
// messages to it and hands each to the part of the panel it concerns: the transcript (turnView),
// the composer, the history panel and the model controls. Clicks on the panel's own controls
// arrive as typed UiActions and become protocol messages here.

import type { ChatSnapshot, ExtensionMessage, TurnView } from '../common/protocol';
import { Composer } from './composer';
import { h, icon, iconButton, textButton } from './dom';
import { HistoryPanel } from './historyPanel';
import type { CodeAction } from './markdown/streamingMarkdownView';
import { ModelControlsView } from './modelControls';
import { typedRejectReason } from './proposalCard';
import { Transcript } from './turnView';
import { actionAt, type UiAction } from './uiAction';
import type { HostChannel } from './vscodeApi';

export class ChatApp {
  private snapshot: ChatSnapshot | undefined;
  private readonly controls: ModelControlsView;
  private readonly demoBadge: HTMLElement;
  private readonly keyBanner: HTMLElement;
  private readonly history: HistoryPanel;
  private readonly transcript: Transcript;
  private readonly composer: Composer;
  private readonly announcer: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
  ) {
    this.controls = new ModelControlsView(host);
    this.history = new HistoryPanel();
    this.demoBadge = h('span', {
      className: 'demo-badge',
      attrs: { title: 'Answers come from a local scripted demo server, not from OpenAI.' },
      text: 'Demo mode',
    });
    this.demoBadge.hidden = true;
    const header = h(
      'header',
      { className: 'chat-header' },
      this.controls.element,
      h('div', { className: 'header-actions' }, this.demoBadge, this.history.toggleButton, iconButton('add', 'New chat', { type: 'new-chat' })),
    );
    this.keyBanner = h(
      'div',
      { className: 'banner', attrs: { role: 'status' } },
      icon('key'),
      h('span', { text: 'No OpenAI API key yet. Set one to start chatting (or set OPENAI_API_KEY and restart).' }),
      textButton('Set API Key', { type: 'set-api-key' }),
    );
    this.keyBanner.hidden = true;
    this.announcer = h('div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
    this.composer = new Composer({
      host,
      generating: () => this.snapshot?.generating ?? false,
      persist: () => this.persist(),
      onBusyChange: (generating) => this.root.classList.toggle('is-generating', generating),
    });
    this.transcript = new Transcript({
      onLink: (href) => host.post({ type: 'openLink', href }),
      onCodeAction: (action, code, language) => this.codeAction(action, code, language),
      announce: (text) => this.announce(text),
      focusFallback: () => this.composer.promptInput,
    });
    root.append(header, this.keyBanner, this.history.element, this.transcript.element, this.composer.element, this.announcer);
    this.bindEvents();

    const saved = host.loadState();
    if (saved.draft) this.composer.draft = saved.draft;
    if (saved.snapshot) this.applySnapshot(saved.snapshot);
    host.onMessage((message) => this.receive(message));
    host.post({ type: 'ready' });
  }

  // ---- messages from the extension ----

  receive(message: ExtensionMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.applySnapshot(message.snapshot);
        break;
      case 'turnStarted':
        this.transcript.upsert(message.turn);
        this.storeTurn(message.turn);
        this.announce('Codewright is answering.');
        break;
      case 'turnDelta':
        this.transcript.applyDelta(message.turnId, message.answer, message.reasoning, message.refusal);
        break;
      case 'turnEnded':
        this.transcript.end(message.turn);
        this.storeTurn(message.turn);
        break;
      case 'toolCall': {
        const calls = this.transcript.applyToolCall(message.turnId, message.call);
        const stored = this.snapshot?.turns.find((t) => t.id === message.turnId);
        if (calls && stored) stored.toolCalls = calls;
        break;
      }
      case 'proposal': {
        const proposals = this.transcript.applyProposal(message.turnId, message.proposal);
        const stored = this.snapshot?.turns.find((t) => t.id === message.turnId);
        if (proposals && stored) stored.proposals = proposals;
        break;
      }
      case 'chips':
        if (this.snapshot) this.snapshot.chips = message.chips;
        this.composer.renderChips(message.chips);
        break;
      case 'controls':
        if (this.snapshot) this.snapshot.controls = message.controls;
        this.controls.render(message.controls);
        this.composer.setControls(message.controls);
        break;
      case 'history':
        if (this.snapshot) this.snapshot.history = message.history;
        this.renderHistory();
        break;
      case 'generating':
        if (this.snapshot) this.snapshot.generating = message.generating;
        this.composer.renderGenerating();
        break;
      case 'apiKeyState':
        if (this.snapshot) this.snapshot.hasApiKey = message.hasApiKey;
        this.keyBanner.hidden = message.hasApiKey;
        break;
      case 'focusPrompt':
        this.composer.focus();
        break;
      case 'reply':
        this.composer.settle(message.requestId, message.ok, message.error);
        break;
      case 'mentionResults':
        this.composer.mentions.showResults(message.requestId, message.items, message.note);
        break;
    }
    if (message.type !== 'turnDelta') this.persist();
  }

  private applySnapshot(snapshot: ChatSnapshot): void {
    this.snapshot = { ...snapshot, turns: snapshot.turns.map((turn) => ({ ...turn })) };
    this.transcript.reset(snapshot.turns);
    this.controls.render(snapshot.controls);
    this.composer.setControls(snapshot.controls);
    this.composer.setHistoryTokens(conversationTokens(snapshot.turns));
    this.composer.renderChips(snapshot.chips);
    this.renderHistory();
    this.composer.renderGenerating();
    this.demoBadge.hidden = !snapshot.demo;
    this.keyBanner.hidden = snapshot.hasApiKey;
  }

  /** Keeps the saved snapshot's copy of a turn current (streamed deltas arrive in turnEnded). */
  private storeTurn(turn: ChatSnapshot['turns'][number]): void {
    if (!this.snapshot) return;
    const index = this.snapshot.turns.findIndex((t) => t.id === turn.id);
    if (index >= 0) this.snapshot.turns[index] = { ...turn };
    else this.snapshot.turns.push({ ...turn });
    this.composer.setHistoryTokens(conversationTokens(this.snapshot.turns));
  }

  private renderHistory(): void {
    this.history.render(this.snapshot?.history ?? [], this.snapshot?.conversationId);
  }

  // ---- user actions ----

  private bindEvents(): void {
    this.root.addEventListener('click', (event) => {
      const hit = actionAt(event.target, this.root);
      if (hit) this.dispatch(hit.action, hit.element);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.snapshot?.generating) {
        event.preventDefault();
        this.host.post({ type: 'stop' });
      }
    });
  }

  private dispatch(action: UiAction, element: HTMLElement): void {
    const post = this.host.post.bind(this.host);
    switch (action.type) {
      case 'send':
        return this.composer.send();
      case 'stop':
        return post({ type: 'stop' });
      case 'retry':
      case 'continue':
        return post({ type: action.type, turnId: action.turnId });
      case 'set-api-key':
        return post({ type: 'setApiKey' });
      case 'open-settings':
        return post({ type: 'openSettings' });
      case 'new-chat':
        this.history.setOpen(false);
        return post({ type: 'newChat' });
      case 'new-chat-with-summary':
        return post({ type: 'newChatWithSummary' });
      case 'toggle-history':
        return this.history.setOpen(!this.history.open);
      case 'open-conversation':
        this.history.setOpen(false);
        return post({ type: 'openConversation', conversationId: action.conversationId });
      case 'delete-conversation':
        return post({ type: 'deleteConversation', conversationId: action.conversationId });
      case 'remove-chip':
        return post({ type: 'removeChip', chipId: action.chipId });
      case 'add-chip':
        return post({ type: 'addChip', chipId: action.chipId });
      case 'add-current-file':
        return post({ type: 'addCurrentFile' });
      case 'remove-image':
        return this.composer.removeImage(action.imageId);
      case 'attach-image':
        return this.composer.pickImages();
      case 'preview-proposal':
        return post({ type: 'previewProposal', proposalId: action.proposalId });
      case 'apply-proposal':
        return post({ type: 'applyProposal', proposalId: action.proposalId });
      case 'tool-consent':
        return post({ type: 'toolConsent', callId: action.callId, allow: action.allow });
      case 'reject-proposal': {
        const card = element.closest('.proposals') ?? element;
        const reason = typedRejectReason(card, action.proposalId).trim();
        return post(reason ? { type: 'rejectProposal', proposalId: action.proposalId, reason } : { type: 'rejectProposal', proposalId: action.proposalId });
      }
    }
  }

  private codeAction(action: CodeAction, code: string, language: string): void {
    if (action === 'copy') this.host.post({ type: 'copyCode', code });
    else if (action === 'insert') this.host.post({ type: 'insertCode', code });
    else this.host.post({ type: 'newFileWithCode', code, language });
  }

  private announce(text: string): void {
    if (text) this.announcer.textContent = text;
  }

  private persist(): void {
    this.host.saveState({ snapshot: this.snapshot, draft: this.composer.draft });
  }
}

/** What the next request carries of the conversation: the last answered request's input plus its
 *  visible output (reasoning is not carried into the next turn). */
function conversationTokens(turns: readonly TurnView[]): number {
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const usage = turns[index]?.footer?.usage;
    if (usage) return usage.inputTokens + Math.max(0, usage.outputTokens - usage.reasoningTokens);
  }
  return 0;
}
