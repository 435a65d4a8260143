// The chat panel's UI. It holds the last snapshot from the extension, applies incremental
// messages to it, and only touches the DOM of the turn that changed. Streaming text goes to
// that turn's StreamingMarkdownView, which renders finished blocks once and the tail per frame.

import type {
  ChatSnapshot,
  ContextChip,
  ConversationSummary,
  ExtensionMessage,
  ModelControls,
  ProposalFileView,
  ProposalView,
  TurnView,
  WebviewMessage,
} from '../common/protocol';
import { REASONING_EFFORTS, VERBOSITIES } from '../common/protocol';
import { h, icon, iconButton, keepingFocus, textButton } from './dom';
import { StreamingMarkdownView, type CodeAction } from './markdown/streamingMarkdownView';
import type { HostChannel } from './vscodeApi';

interface TurnElements {
  root: HTMLElement;
  thinking: HTMLDetailsElement;
  reasoning: StreamingMarkdownView;
  answer: StreamingMarkdownView;
  answerHost: HTMLElement;
  refusal: HTMLElement;
  proposals: HTMLElement;
  status: HTMLElement;
  footer: HTMLElement;
  view: TurnView;
  /** The user opened or closed Thinking themselves; stop managing it. */
  thinkingTouched: boolean;
  /** A finished turn from a snapshot whose markdown is rendered only when it nears the viewport. */
  deferred: boolean;
}

const EMPTY_CONTROLS: ModelControls = { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: [] };

export class ChatApp {
  private snapshot: ChatSnapshot | undefined;
  private readonly turns = new Map<string, TurnElements>();
  private nextRequestId = 1;
  private pendingSend: number | undefined;
  private historyOpen = false;
  private stickToBottom = true;
  /** Renders finished turns of a long chat only as they scroll near the viewport. */
  private readonly lazyRender: IntersectionObserver | undefined;

  private readonly header: HTMLElement;
  private readonly modelInput: HTMLInputElement;
  private readonly modelList: HTMLDataListElement;
  private readonly effortSelect: HTMLSelectElement;
  private readonly verbositySelect: HTMLSelectElement;
  private readonly demoBadge: HTMLElement;
  private readonly keyBanner: HTMLElement;
  private readonly historyPanel: HTMLElement;
  private readonly transcript: HTMLElement;
  private readonly emptyState: HTMLElement;
  private readonly chipsRow: HTMLElement;
  private readonly promptInput: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly composerNote: HTMLElement;
  private readonly announcer: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
  ) {
    this.modelList = h('datalist', { attrs: { id: 'codewright-models' } });
    this.modelInput = h('input', {
      className: 'model-input',
      attrs: { type: 'text', list: 'codewright-models', 'aria-label': 'Model', title: 'Model', spellcheck: 'false', autocomplete: 'off' },
    });
    this.effortSelect = select('Effort', REASONING_EFFORTS, 'effort');
    this.verbositySelect = select('Verbosity', VERBOSITIES, 'verbosity');
    this.demoBadge = h('span', {
      className: 'demo-badge',
      attrs: { title: 'Answers come from a local scripted demo server, not from OpenAI.' },
      text: 'Demo mode',
    });
    this.demoBadge.hidden = true;
    this.header = h(
      'header',
      { className: 'chat-header' },
      h('div', { className: 'controls' }, this.modelInput, this.modelList, this.effortSelect, this.verbositySelect),
      h(
        'div',
        { className: 'header-actions' },
        this.demoBadge,
        iconButton('history', 'Chat history', 'toggle-history', { 'aria-expanded': 'false' }),
        iconButton('add', 'New chat', 'new-chat'),
      ),
    );
    this.keyBanner = h(
      'div',
      { className: 'banner', attrs: { role: 'status' } },
      icon('key'),
      h('span', { text: 'No OpenAI API key yet. Set one to start chatting (or set OPENAI_API_KEY and restart).' }),
      textButton('Set API Key', 'set-api-key'),
    );
    this.keyBanner.hidden = true;
    this.historyPanel = h('section', { className: 'history-panel', attrs: { 'aria-label': 'Chat history' } });
    this.historyPanel.hidden = true;
    this.emptyState = h(
      'div',
      { className: 'empty-state' },
      h('p', { text: 'Ask about your code. Codewright sends your selection and open files (shown below the transcript) with each question.' }),
      h('p', { text: 'Enter sends, Shift+Enter adds a line, Escape stops an answer.' }),
    );
    this.transcript = h('main', { className: 'transcript', attrs: { 'aria-label': 'Conversation' } }, this.emptyState);
    this.chipsRow = h('div', { className: 'chips', attrs: { 'aria-label': 'Context that will be sent' } });
    this.promptInput = h('textarea', {
      className: 'prompt-input',
      attrs: { rows: '3', placeholder: 'Ask Codewright about your code…', 'aria-label': 'Message Codewright' },
    });
    this.sendButton = textButton('Send', 'send', 'send', { title: 'Send (Enter)' });
    this.sendButton.classList.add('primary');
    this.stopButton = textButton('Stop', 'stop', 'debug-stop', { title: 'Stop generating (Escape)' });
    this.stopButton.hidden = true;
    this.composerNote = h('div', { className: 'composer-note', attrs: { role: 'status' } });
    this.announcer = h('div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
    const composer = h(
      'footer',
      { className: 'composer' },
      this.chipsRow,
      this.promptInput,
      h('div', { className: 'composer-actions' }, this.composerNote, this.stopButton, this.sendButton),
    );
    root.append(this.header, this.keyBanner, this.historyPanel, this.transcript, composer, this.announcer);
    this.lazyRender =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver((entries) => this.renderVisible(entries), { root: this.transcript, rootMargin: '2000px 0px' })
        : undefined;
    this.bindEvents();

    const saved = host.loadState();
    if (saved.draft) this.promptInput.value = saved.draft;
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
        this.upsertTurn(message.turn);
        this.announce('Codewright is answering.');
        break;
      case 'turnDelta':
        this.applyDelta(message.turnId, message.answer, message.reasoning, message.refusal);
        break;
      case 'turnEnded':
        this.endTurn(message.turn);
        break;
      case 'proposal':
        this.applyProposal(message.turnId, message.proposal);
        break;
      case 'chips':
        if (this.snapshot) this.snapshot.chips = message.chips;
        this.renderChips(message.chips);
        break;
      case 'controls':
        if (this.snapshot) this.snapshot.controls = message.controls;
        this.renderControls(message.controls);
        break;
      case 'history':
        if (this.snapshot) this.snapshot.history = message.history;
        this.renderHistory();
        break;
      case 'generating':
        if (this.snapshot) this.snapshot.generating = message.generating;
        this.renderGenerating();
        break;
      case 'apiKeyState':
        if (this.snapshot) this.snapshot.hasApiKey = message.hasApiKey;
        this.keyBanner.hidden = message.hasApiKey;
        break;
      case 'focusPrompt':
        this.promptInput.focus();
        break;
      case 'reply':
        if (message.requestId === this.pendingSend) {
          this.pendingSend = undefined;
          if (message.ok) {
            this.promptInput.value = '';
            this.composerNote.textContent = '';
          } else {
            this.composerNote.textContent = message.error ?? 'The message could not be sent.';
          }
          this.renderGenerating();
          this.persist();
        }
        break;
    }
    if (message.type !== 'turnDelta') this.persist();
  }

  private applySnapshot(snapshot: ChatSnapshot): void {
    this.snapshot = { ...snapshot, turns: snapshot.turns.map((turn) => ({ ...turn })) };
    for (const turn of this.turns.values()) turn.root.remove();
    this.turns.clear();
    this.lazyRender?.disconnect();
    for (const turn of snapshot.turns) this.upsertTurn(turn, false);
    this.renderControls(snapshot.controls);
    this.renderChips(snapshot.chips);
    this.renderHistory();
    this.renderGenerating();
    this.demoBadge.hidden = !snapshot.demo;
    this.keyBanner.hidden = snapshot.hasApiKey;
    this.emptyState.hidden = snapshot.turns.length > 0;
    this.scrollToBottom(true);
  }

  private upsertTurn(turn: TurnView, scroll = true): void {
    const existing = this.turns.get(turn.id);
    const elements = existing ?? this.createTurn(turn);
    elements.view = { ...turn };
    if (!existing && !scroll && turn.status !== 'streaming' && this.lazyRender) {
      // Restoring a chat: markdown is rendered when the turn scrolls near the viewport.
      elements.deferred = true;
      this.lazyRender.observe(elements.root);
    } else {
      this.renderMarkdown(elements);
    }
    this.renderTurnChrome(elements);
    if (this.snapshot) {
      const index = this.snapshot.turns.findIndex((t) => t.id === turn.id);
      if (index >= 0) this.snapshot.turns[index] = { ...turn };
      else this.snapshot.turns.push({ ...turn });
    }
    this.emptyState.hidden = true;
    if (scroll) this.scrollToBottom(!existing);
  }

  private renderMarkdown(elements: TurnElements): void {
    if (elements.deferred) {
      elements.deferred = false;
      this.lazyRender?.unobserve(elements.root);
    }
    elements.reasoning.setText(elements.view.reasoning);
    elements.answer.setText(elements.view.answer);
    if (elements.view.status !== 'streaming') {
      elements.reasoning.finish();
      elements.answer.finish();
    }
  }

  private renderVisible(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const turnId = (entry.target as HTMLElement).dataset.turnId;
      const elements = turnId ? this.turns.get(turnId) : undefined;
      if (elements?.deferred) this.renderMarkdown(elements);
    }
  }

  private applyDelta(turnId: string, answer?: string, reasoning?: string, refusal?: string): void {
    const turn = this.turns.get(turnId);
    if (!turn) return; // a delta for a turn this view never saw (it will arrive in the next snapshot)
    if (turn.deferred) this.renderMarkdown(turn);
    if (reasoning) {
      turn.view.reasoning += reasoning;
      turn.reasoning.append(reasoning);
      turn.thinking.hidden = false;
      if (!turn.thinkingTouched && turn.view.answer === '') turn.thinking.open = true;
    }
    if (answer) {
      const first = turn.view.answer === '';
      turn.view.answer += answer;
      turn.answer.append(answer);
      if (first && !turn.thinkingTouched) turn.thinking.open = false;
    }
    if (refusal) {
      turn.view.refusal += refusal;
      turn.refusal.hidden = false;
      turn.refusal.textContent = turn.view.refusal;
    }
    this.scrollToBottom(false);
  }

  private applyProposal(turnId: string, proposal: ProposalView): void {
    const elements = this.turns.get(turnId);
    if (!elements) return;
    const proposals = [...(elements.view.proposals ?? [])];
    const index = proposals.findIndex((p) => p.id === proposal.id);
    if (index >= 0) proposals[index] = proposal;
    else proposals.push(proposal);
    elements.view.proposals = proposals;
    if (this.snapshot) {
      const stored = this.snapshot.turns.find((t) => t.id === turnId);
      if (stored) stored.proposals = proposals;
    }
    this.renderProposal(elements, proposal);
    if (proposal.status === 'ready') this.announce('Codewright proposed an edit. Preview, apply or reject it.');
    this.scrollToBottom(false);
  }

  /** Updates one proposal's card in place (typing in its reason box is not disturbed by other cards). */
  private renderProposal(elements: TurnElements, proposal: ProposalView): void {
    const existing = elements.proposals.querySelector<HTMLElement>(`[data-proposal-id="${CSS.escape(proposal.id)}"]`);
    const reason = existing?.querySelector<HTMLInputElement>('.proposal-reason')?.value ?? '';
    const card = proposalCard(proposal, reason);
    // An applied or rejected card has no controls left: focus goes back to the prompt.
    if (existing) keepingFocus(elements.proposals, () => existing.replaceWith(card), this.promptInput);
    else elements.proposals.append(card);
  }

  private endTurn(turn: TurnView): void {
    const elements = this.turns.get(turn.id);
    if (!elements) {
      this.upsertTurn(turn);
      return;
    }
    if (elements.deferred) this.renderMarkdown(elements);
    // The final text is authoritative; in the normal case it equals what streamed and nothing re-renders.
    if (elements.view.answer !== turn.answer) elements.answer.setText(turn.answer);
    if (elements.view.reasoning !== turn.reasoning) elements.reasoning.setText(turn.reasoning);
    elements.answer.finish();
    elements.reasoning.finish();
    elements.view = { ...turn };
    if (!elements.thinkingTouched) elements.thinking.open = false;
    this.renderTurnChrome(elements);
    if (this.snapshot) {
      const index = this.snapshot.turns.findIndex((t) => t.id === turn.id);
      if (index >= 0) this.snapshot.turns[index] = { ...turn };
    }
    this.announce(announcementFor(turn));
    this.scrollToBottom(false);
  }

  // ---- rendering ----

  private createTurn(turn: TurnView): TurnElements {
    const promptBox = h(
      'div',
      { className: 'turn-prompt' },
      h('div', { className: 'turn-prompt-text', text: turn.prompt }),
      turn.contextLabels.length > 0
        ? h('div', { className: 'turn-context' }, icon('paperclip'), ` ${turn.contextLabels.join(', ')}`)
        : null,
    );
    const reasoningHost = h('div', { className: 'reasoning-body markdown-body' });
    const thinking = h(
      'details',
      { className: 'thinking' },
      h('summary', {}, icon('lightbulb'), ' Thinking'),
      reasoningHost,
    );
    thinking.hidden = turn.reasoning === '';
    const answerHost = h('div', { className: 'answer markdown-body' });
    const refusal = h('div', { className: 'refusal', attrs: { role: 'note' } });
    refusal.hidden = true;
    const proposals = h('div', { className: 'proposals' });
    const status = h('div', { className: 'turn-status' });
    const footer = h('div', { className: 'turn-footer' });
    const root = h('article', { className: 'turn', attrs: { 'data-turn-id': turn.id } }, promptBox, thinking, answerHost, refusal, proposals, status, footer);
    const viewOptions = {
      onLink: (href: string) => this.host.post({ type: 'openLink', href }),
      onCodeAction: (action: CodeAction, code: string, language: string) => this.codeAction(action, code, language),
    };
    const elements: TurnElements = {
      root,
      thinking,
      reasoning: new StreamingMarkdownView(reasoningHost, viewOptions),
      answer: new StreamingMarkdownView(answerHost, viewOptions),
      answerHost,
      refusal,
      proposals,
      status,
      footer,
      view: { ...turn },
      thinkingTouched: false,
      deferred: false,
    };
    thinking.addEventListener('toggle', () => {
      // Only a user's click counts; our own open/close happens inside applyDelta/endTurn.
      if (document.activeElement && thinking.contains(document.activeElement)) elements.thinkingTouched = true;
    });
    this.turns.set(turn.id, elements);
    this.transcript.append(root);
    return elements;
  }

  private renderTurnChrome(turn: TurnElements): void {
    const view = turn.view;
    turn.root.dataset.status = view.status;
    turn.thinking.hidden = view.reasoning === '';
    turn.refusal.hidden = view.refusal === '';
    turn.refusal.textContent = view.refusal ? `The model declined: ${view.refusal}` : '';
    const reasons = new Map(
      [...turn.proposals.querySelectorAll<HTMLElement>('[data-proposal-id]')].map((card) => [
        card.dataset.proposalId ?? '',
        card.querySelector<HTMLInputElement>('.proposal-reason')?.value ?? '',
      ]),
    );
    turn.proposals.replaceChildren(...(view.proposals ?? []).map((proposal) => proposalCard(proposal, reasons.get(proposal.id) ?? '')));
    turn.status.replaceChildren(...statusContent(view));
    turn.footer.replaceChildren(...footerContent(view));
  }

  private renderControls(controls: ModelControls = EMPTY_CONTROLS): void {
    if (document.activeElement !== this.modelInput) this.modelInput.value = controls.model;
    this.modelList.replaceChildren(...controls.modelSuggestions.map((model) => h('option', { attrs: { value: model } })));
    this.effortSelect.value = controls.reasoningEffort;
    this.verbositySelect.value = controls.verbosity;
  }

  private renderChips(chips: ContextChip[]): void {
    const items = chips.map((chip) =>
      h(
        'span',
        { className: `chip chip-${chip.kind}`, attrs: { title: `${chip.label} — ${chip.detail}` } },
        icon(chip.kind === 'selection' ? 'selection' : 'file'),
        h('span', { className: 'chip-label', text: chip.label }),
        h('span', { className: 'chip-detail', text: chip.detail }),
        iconButton('close', `Don't send ${chip.label}`, 'remove-chip', { 'data-chip-id': chip.id }),
      ),
    );
    const add = textButton('Add current file', 'add-current-file', 'add');
    add.classList.add('chip-add');
    keepingFocus(this.chipsRow, () => this.chipsRow.replaceChildren(...items, add));
  }

  private renderHistory(): void {
    const history: ConversationSummary[] = this.snapshot?.history ?? [];
    const currentId = this.snapshot?.conversationId;
    const heading = h('div', { className: 'history-heading' }, h('h2', { text: 'Chats' }), textButton('New Chat', 'new-chat', 'add'));
    if (history.length === 0) {
      this.historyPanel.replaceChildren(heading, h('p', { className: 'history-empty', text: 'No saved chats in this workspace yet.' }));
      return;
    }
    const list = h(
      'ul',
      { className: 'history-list' },
      ...history.map((entry) =>
        h(
          'li',
          { className: entry.id === currentId ? 'current' : undefined },
          h(
            'button',
            {
              className: 'history-open',
              attrs: { type: 'button', 'data-action': 'open-conversation', 'data-conversation-id': entry.id, 'aria-current': entry.id === currentId ? 'true' : undefined },
            },
            h('span', { className: 'history-title', text: entry.title }),
            h('span', { className: 'history-meta', text: `${entry.turnCount} ${entry.turnCount === 1 ? 'message' : 'messages'} · ${formatWhen(entry.updatedAt)}` }),
          ),
          iconButton('trash', `Delete "${entry.title}"`, 'delete-conversation', { 'data-conversation-id': entry.id }),
        ),
      ),
    );
    this.historyPanel.replaceChildren(heading, list);
  }

  private renderGenerating(): void {
    const generating = this.snapshot?.generating ?? false;
    const sending = this.pendingSend !== undefined;
    this.stopButton.hidden = !generating;
    this.sendButton.hidden = generating;
    this.sendButton.disabled = sending;
    this.sendButton.setAttribute('aria-busy', String(sending));
    this.root.classList.toggle('is-generating', generating);
    this.promptInput.setAttribute('aria-busy', String(generating || sending));
  }

  // ---- user actions ----

  private bindEvents(): void {
    this.root.addEventListener('click', (event) => {
      const target = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
      if (!target || !this.root.contains(target)) return;
      this.action(target.dataset.action ?? '', target);
    });
    this.promptInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.promptInput.addEventListener('input', () => this.persist());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.snapshot?.generating) {
        event.preventDefault();
        this.host.post({ type: 'stop' });
      }
    });
    this.modelInput.addEventListener('change', () => {
      const value = this.modelInput.value.trim();
      if (value === '') {
        this.modelInput.value = this.snapshot?.controls.model ?? 'gpt-5';
        return;
      }
      this.host.post({ type: 'setControl', control: 'model', value });
    });
    this.effortSelect.addEventListener('change', () => {
      const value = REASONING_EFFORTS.find((effort) => effort === this.effortSelect.value);
      if (value) this.host.post({ type: 'setControl', control: 'reasoningEffort', value });
    });
    this.verbositySelect.addEventListener('change', () => {
      const value = VERBOSITIES.find((verbosity) => verbosity === this.verbositySelect.value);
      if (value) this.host.post({ type: 'setControl', control: 'verbosity', value });
    });
    this.transcript.addEventListener('scroll', () => {
      const distance = this.transcript.scrollHeight - this.transcript.scrollTop - this.transcript.clientHeight;
      this.stickToBottom = distance < 40;
    });
  }

  private action(action: string, target: HTMLElement): void {
    const turnId = target.closest<HTMLElement>('[data-turn-id]')?.dataset.turnId;
    const post = (message: WebviewMessage) => this.host.post(message);
    switch (action) {
      case 'send':
        this.send();
        break;
      case 'stop':
        post({ type: 'stop' });
        break;
      case 'retry':
        if (turnId) post({ type: 'retry', turnId });
        break;
      case 'continue':
        if (turnId) post({ type: 'continue', turnId });
        break;
      case 'set-api-key':
        post({ type: 'setApiKey' });
        break;
      case 'open-settings':
        post({ type: 'openSettings' });
        break;
      case 'new-chat':
        this.setHistoryOpen(false);
        post({ type: 'newChat' });
        break;
      case 'toggle-history':
        this.setHistoryOpen(!this.historyOpen);
        break;
      case 'open-conversation':
        if (target.dataset.conversationId) {
          this.setHistoryOpen(false);
          post({ type: 'openConversation', conversationId: target.dataset.conversationId });
        }
        break;
      case 'delete-conversation':
        if (target.dataset.conversationId) post({ type: 'deleteConversation', conversationId: target.dataset.conversationId });
        break;
      case 'remove-chip':
        if (target.dataset.chipId) post({ type: 'removeChip', chipId: target.dataset.chipId });
        break;
      case 'add-current-file':
        post({ type: 'addCurrentFile' });
        break;
      case 'preview-proposal':
      case 'apply-proposal':
      case 'reject-proposal': {
        const card = target.closest<HTMLElement>('[data-proposal-id]');
        const proposalId = card?.dataset.proposalId;
        if (!proposalId) break;
        if (action === 'preview-proposal') post({ type: 'previewProposal', proposalId });
        else if (action === 'apply-proposal') post({ type: 'applyProposal', proposalId });
        else {
          const reason = card.querySelector<HTMLInputElement>('.proposal-reason')?.value.trim();
          post(reason ? { type: 'rejectProposal', proposalId, reason } : { type: 'rejectProposal', proposalId });
        }
        break;
      }
      default:
        break;
    }
  }

  private send(): void {
    const prompt = this.promptInput.value;
    if (prompt.trim() === '') {
      this.composerNote.textContent = 'Type a question or instruction first.';
      return;
    }
    if (this.snapshot?.generating) {
      this.composerNote.textContent = 'Wait for the answer to finish, or stop it (Escape).';
      return;
    }
    if (this.pendingSend !== undefined) return;
    this.pendingSend = this.nextRequestId++;
    this.composerNote.textContent = '';
    this.renderGenerating();
    this.host.post({ type: 'send', requestId: this.pendingSend, prompt });
  }

  private codeAction(action: CodeAction, code: string, language: string): void {
    if (action === 'copy') this.host.post({ type: 'copyCode', code });
    else if (action === 'insert') this.host.post({ type: 'insertCode', code });
    else this.host.post({ type: 'newFileWithCode', code, language });
  }

  private setHistoryOpen(open: boolean): void {
    this.historyOpen = open;
    this.historyPanel.hidden = !open;
    this.header.querySelector('[data-action="toggle-history"]')?.setAttribute('aria-expanded', String(open));
    if (open) this.historyPanel.querySelector<HTMLElement>('button')?.focus();
  }

  private scrollToBottom(force: boolean): void {
    if (!force && !this.stickToBottom) return;
    this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  private announce(text: string): void {
    if (text) this.announcer.textContent = text;
  }

  private persist(): void {
    this.host.saveState({ snapshot: this.snapshot, draft: this.promptInput.value });
  }
}

function select(label: string, options: readonly string[], name: string): HTMLSelectElement {
  return h(
    'select',
    { className: `control-select control-${name}`, attrs: { 'aria-label': label, title: label } },
    ...options.map((option) => h('option', { attrs: { value: option }, text: option })),
  );
}

function statusContent(view: TurnView): Node[] {
  switch (view.status) {
    case 'streaming':
      return [h('span', { className: 'status-generating' }, icon('loading codicon-modifier-spin'), ' Generating…')];
    case 'stopped':
      return [
        h('span', { className: 'status-text', text: view.error?.message ?? 'Stopped. The partial answer is kept.' }),
        textButton('Retry', 'retry', 'refresh'),
      ];
    case 'incomplete':
      return [
        h('span', {
          className: 'status-text',
          text:
            view.incompleteReason === 'max_output_tokens'
              ? 'The answer reached the output token limit (codewright.maxOutputTokens).'
              : `The answer is incomplete (${view.incompleteReason ?? 'unknown reason'}).`,
        }),
        textButton('Continue', 'continue', 'debug-continue'),
      ];
    case 'failed': {
      const nodes: Node[] = [h('span', { className: 'status-error', attrs: { role: 'alert' } }, icon('error'), ` ${view.error?.message ?? 'The request failed.'}`)];
      if (view.error?.action === 'set-api-key') nodes.push(textButton('Set API Key', 'set-api-key', 'key'));
      if (view.error?.action === 'open-settings') nodes.push(textButton('Open Settings', 'open-settings', 'settings-gear'));
      nodes.push(textButton('Retry', 'retry', 'refresh'));
      return nodes;
    }
    case 'refused':
      return [h('span', { className: 'status-text', text: 'The model declined to answer this request.' })];
    case 'completed':
      return [];
  }
}

const PROPOSAL_STATUS_TEXT: Record<ProposalView['status'], string> = {
  streaming: 'Writing the edit…',
  ready: 'Review the edit, then apply or reject it.',
  invalid: 'This edit does not apply; the model was told why.',
  applied: 'Applied. Undo (Ctrl+Z / Cmd+Z) in the editor reverts it.',
  rejected: 'Rejected. No files were changed.',
  failed: 'Applying failed. No files were changed.',
};

const OPERATION_ICONS: Record<ProposalFileView['operation'], string> = {
  add: 'diff-added',
  delete: 'diff-removed',
  update: 'diff-modified',
  move: 'diff-renamed',
};

function proposalCard(proposal: ProposalView, reason: string): HTMLElement {
  const files = h(
    'ul',
    { className: 'proposal-files' },
    ...proposal.files.map((file) =>
      h(
        'li',
        {},
        icon(OPERATION_ICONS[file.operation]),
        h('span', { className: 'proposal-path', text: file.movePath ? `${file.path} → ${file.movePath}` : file.path }),
        h('span', { className: 'proposal-added', text: `+${file.added}` }),
        h('span', { className: 'proposal-removed', text: `−${file.removed}` }),
        file.operation === 'delete' ? h('span', { className: 'proposal-badge', text: 'delete' }) : null,
        file.sensitive ? h('span', { className: 'proposal-badge sensitive', attrs: { title: 'Applying asks for confirmation first.' }, text: 'sensitive' }) : null,
        file.replacesExisting ? h('span', { className: 'proposal-badge', text: 'replaces existing file' }) : null,
      ),
    ),
  );
  const actions =
    proposal.status === 'ready'
      ? h(
          'div',
          { className: 'proposal-actions' },
          textButton('Preview', 'preview-proposal', 'diff'),
          (() => {
            const apply = textButton('Apply', 'apply-proposal', 'check');
            apply.classList.add('primary');
            return apply;
          })(),
          h('input', { className: 'proposal-reason', attrs: { type: 'text', placeholder: 'Reason (optional)', 'aria-label': 'Reason for rejecting (optional)', value: reason } }),
          textButton('Reject', 'reject-proposal', 'close'),
        )
      : null;
  return h(
    'section',
    { className: 'proposal', attrs: { 'data-proposal-id': proposal.id, 'data-status': proposal.status, 'aria-label': 'Proposed edit' } },
    h('div', { className: 'proposal-header' }, icon('edit'), h('strong', { text: ' Proposed edit' }), h('span', { className: 'proposal-status', text: ` · ${PROPOSAL_STATUS_TEXT[proposal.status]}` })),
    files,
    proposal.error ? h('div', { className: 'proposal-error', attrs: { role: 'alert' }, text: proposal.error }) : null,
    proposal.rejectReason ? h('div', { className: 'proposal-reason-text', text: `Reason: ${proposal.rejectReason}` }) : null,
    actions,
  );
}

function footerContent(view: TurnView): Node[] {
  const footer = view.footer;
  if (!footer || view.status === 'streaming') return [];
  const parts = [footer.model, `effort ${footer.reasoningEffort}`, `verbosity ${footer.verbosity}`];
  if (footer.usage) {
    const u = footer.usage;
    parts.push(`${formatCount(u.inputTokens)} in${u.cachedInputTokens ? ` (${formatCount(u.cachedInputTokens)} cached)` : ''}`);
    parts.push(`${formatCount(u.outputTokens)} out${u.reasoningTokens ? ` (${formatCount(u.reasoningTokens)} reasoning)` : ''}`);
  }
  if (footer.costUsd !== undefined) parts.push(`≈ $${footer.costUsd < 0.01 ? footer.costUsd.toFixed(4) : footer.costUsd.toFixed(2)}`);
  parts.push(`${(footer.elapsedMs / 1000).toFixed(1)} s`);
  return [h('span', { text: parts.join(' · ') })];
}

function announcementFor(turn: TurnView): string {
  switch (turn.status) {
    case 'completed':
      return 'Codewright finished answering.';
    case 'stopped':
      return 'Answer stopped. The partial answer is kept.';
    case 'incomplete':
      return 'The answer is incomplete. Use Continue to let it go on.';
    case 'failed':
      return `The request failed: ${turn.error?.message ?? ''}`;
    case 'refused':
      return 'The model declined to answer.';
    default:
      return '';
  }
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function formatWhen(timestamp: number): string {
  const date = new Date(timestamp);
  const now = new Date();
  return date.toDateString() === now.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
