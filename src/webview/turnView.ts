// The transcript: one <article> per turn with the prompt, Thinking, the streamed answer, proposal
// cards, the status line with the one action that fixes an ending, and the usage footer. Only the
// turn that changed is touched; streaming text goes to that turn's StreamingMarkdownView, which
// renders finished blocks once and the tail per frame.

import type { ProposalView, ToolCallView, TurnView } from '../common/protocol';
import { h, icon, textButton } from './dom';
import { contextMeter, inputUsageText } from './contextMeter';
import { StreamingMarkdownView, type CodeAction } from './markdown/streamingMarkdownView';
import { renderProposalCard, renderProposalCards } from './proposalCard';
import { renderToolCallRow, renderToolCallRows } from './toolCallRows';

/**
 * Streamed text is put on screen at most this often (ms). Every frame that changes the DOM costs
 * the browser a fixed amount of style, layout, paint and compositing work, however little text it
 * adds; at the display's 60 Hz that work was most of what kept the panel's thread busy while a long
 * answer streamed. 20 updates a second still reads as continuous typing: a model streams a few
 * hundred characters a second, so each update adds a few words, as with the display's rate. The
 * end of an answer is not delayed: turnEnded renders the rest at once.
 */
export const STREAM_FRAME_INTERVAL_MS = 50;

interface TurnElements {
  root: HTMLElement;
  thinking: HTMLDetailsElement;
  reasoning: StreamingMarkdownView;
  answer: StreamingMarkdownView;
  refusal: HTMLElement;
  /** How the turn was sent when that differs from usual (e.g. the conversation was resent). */
  notes: HTMLElement;
  proposals: HTMLElement;
  /** One row per read-tool call. */
  toolCalls: HTMLElement;
  status: HTMLElement;
  footer: HTMLElement;
  view: TurnView;
  /** The user opened or closed Thinking themselves; stop managing it. */
  thinkingTouched: boolean;
  /** A finished turn from a snapshot whose markdown is rendered only when it nears the viewport. */
  deferred: boolean;
}

export interface TranscriptOptions {
  onLink(href: string): void;
  onCodeAction(action: CodeAction, code: string, language: string): void;
  /** Tells screen-reader users what happened (a polite live region). */
  announce(text: string): void;
  /** Where keyboard focus goes when the control that had it disappears. */
  focusFallback(): HTMLElement;
}

export class Transcript {
  readonly element: HTMLElement;
  private readonly emptyState: HTMLElement;
  private readonly turns = new Map<string, TurnElements>();
  private stickToBottom = true;
  /** Renders finished turns of a long chat only as they scroll near the viewport. */
  private readonly lazyRender: IntersectionObserver | undefined;

  constructor(private readonly options: TranscriptOptions) {
    this.emptyState = h(
      'div',
      { className: 'empty-state' },
      h('p', { text: 'Ask about your code. Codewright sends your selection and open files (shown below the transcript) with each question.' }),
      h('p', { text: 'Enter sends, Shift+Enter adds a line, Escape stops an answer.' }),
    );
    this.element = h('main', { className: 'transcript', attrs: { 'aria-label': 'Conversation' } }, this.emptyState);
    this.lazyRender =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver((entries) => this.renderVisible(entries), { root: this.element, rootMargin: '2000px 0px' })
        : undefined;
    this.element.addEventListener('scroll', () => {
      const distance = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight;
      this.stickToBottom = distance < 40;
    });
  }

  /** Replaces every turn (a snapshot); finished turns render lazily. */
  reset(turns: readonly TurnView[]): void {
    for (const turn of this.turns.values()) turn.root.remove();
    this.turns.clear();
    this.lazyRender?.disconnect();
    for (const turn of turns) this.upsert(turn, false);
    this.emptyState.hidden = turns.length > 0;
    this.scrollToBottom(true);
  }

  upsert(turn: TurnView, scroll = true): void {
    const existing = this.turns.get(turn.id);
    const elements = existing ?? this.create(turn);
    elements.view = { ...turn };
    if (!existing && !scroll && turn.status !== 'streaming' && this.lazyRender) {
      // Restoring a chat: markdown is rendered when the turn scrolls near the viewport.
      elements.deferred = true;
      this.lazyRender.observe(elements.root);
    } else {
      this.renderMarkdown(elements);
    }
    this.renderChrome(elements);
    this.emptyState.hidden = true;
    if (scroll) this.scrollToBottom(!existing);
  }

  applyDelta(turnId: string, answer?: string, reasoning?: string, refusal?: string): void {
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
      this.scrollToBottom(false);
    }
    // Streamed markdown scrolls when its view renders it (onRendered): scrolling here would read
    // the layout (scrollHeight) in every batch, before the frame that shows the text.
  }

  /** Shows a new or changed proposal; returns the turn's proposals now, or undefined for an unknown turn. */
  applyProposal(turnId: string, proposal: ProposalView): ProposalView[] | undefined {
    const elements = this.turns.get(turnId);
    if (!elements) return undefined;
    const proposals = [...(elements.view.proposals ?? [])];
    const index = proposals.findIndex((p) => p.id === proposal.id);
    if (index >= 0) proposals[index] = proposal;
    else proposals.push(proposal);
    elements.view.proposals = proposals;
    renderProposalCard(elements.proposals, proposal, this.options.focusFallback());
    if (proposal.status === 'ready') this.options.announce('Codewright proposed an edit. Preview, apply or reject it.');
    this.scrollToBottom(false);
    return proposals;
  }

  /** Shows a new or changed read-tool call; returns the turn's calls now, or undefined for an unknown turn. */
  applyToolCall(turnId: string, call: ToolCallView): ToolCallView[] | undefined {
    const elements = this.turns.get(turnId);
    if (!elements) return undefined;
    const calls = [...(elements.view.toolCalls ?? [])];
    const index = calls.findIndex((c) => c.id === call.id);
    if (index >= 0) calls[index] = call;
    else calls.push(call);
    elements.view.toolCalls = calls;
    renderToolCallRow(elements.toolCalls, call);
    if (call.status === 'awaiting-consent' && call.consent) this.options.announce(`The model wants to read ${call.consent.path}. Allow once or deny.`);
    this.scrollToBottom(false);
    return calls;
  }

  end(turn: TurnView): void {
    const elements = this.turns.get(turn.id);
    if (!elements) {
      this.upsert(turn);
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
    this.renderChrome(elements);
    this.options.announce(announcementFor(turn));
    this.scrollToBottom(false);
  }

  private create(turn: TurnView): TurnElements {
    const promptBox = h(
      'div',
      { className: 'turn-prompt' },
      h('div', { className: 'turn-prompt-text', text: turn.prompt }),
      turn.contextLabels.length > 0
        ? h('div', { className: 'turn-context' }, icon('paperclip'), ` ${turn.contextLabels.join(', ')}`)
        : null,
    );
    const reasoningHost = h('div', { className: 'reasoning-body markdown-body' });
    const thinking = h('details', { className: 'thinking' }, h('summary', {}, icon('lightbulb'), ' Thinking'), reasoningHost);
    thinking.hidden = turn.reasoning === '';
    const answerHost = h('div', { className: 'answer markdown-body' });
    const refusal = h('div', { className: 'refusal', attrs: { role: 'note' } });
    refusal.hidden = true;
    const proposals = h('div', { className: 'proposals' });
    const toolCalls = h('div', { className: 'tool-calls' });
    const notes = h('div', { className: 'turn-notes' });
    const status = h('div', { className: 'turn-status' });
    const footer = h('div', { className: 'turn-footer' });
    const root = h('article', { className: 'turn', attrs: { 'data-turn-id': turn.id } }, promptBox, notes, thinking, toolCalls, answerHost, refusal, proposals, status, footer);
    const viewOptions = {
      onLink: this.options.onLink,
      onCodeAction: this.options.onCodeAction,
      minFrameIntervalMs: STREAM_FRAME_INTERVAL_MS,
      onRendered: () => this.scrollToBottom(false),
    };
    const elements: TurnElements = {
      root,
      thinking,
      reasoning: new StreamingMarkdownView(reasoningHost, viewOptions),
      answer: new StreamingMarkdownView(answerHost, viewOptions),
      refusal,
      notes,
      proposals,
      toolCalls,
      status,
      footer,
      view: { ...turn },
      thinkingTouched: false,
      deferred: false,
    };
    thinking.addEventListener('toggle', () => {
      // Only a user's click counts; our own open/close happens inside applyDelta/end.
      if (document.activeElement && thinking.contains(document.activeElement)) elements.thinkingTouched = true;
    });
    this.turns.set(turn.id, elements);
    this.element.append(root);
    return elements;
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

  private renderChrome(turn: TurnElements): void {
    const view = turn.view;
    turn.root.dataset.status = view.status;
    turn.thinking.hidden = view.reasoning === '';
    turn.refusal.hidden = view.refusal === '';
    turn.refusal.textContent = view.refusal ? `The model declined: ${view.refusal}` : '';
    turn.notes.replaceChildren(...(view.notes ?? []).map((note) => h('div', { className: 'turn-note', attrs: { role: 'note' } }, icon('info'), ` ${note}`)));
    renderProposalCards(turn.proposals, view.proposals ?? []);
    renderToolCallRows(turn.toolCalls, view.toolCalls ?? []);
    turn.status.replaceChildren(...statusContent(view));
    turn.footer.replaceChildren(...footerContent(view));
  }

  private scrollToBottom(force: boolean): void {
    if (!force && !this.stickToBottom) return;
    this.element.scrollTop = this.element.scrollHeight;
  }
}

function statusContent(view: TurnView): Node[] {
  const turnId = view.id;
  switch (view.status) {
    case 'streaming':
      return [h('span', { className: 'status-generating' }, icon('loading codicon-modifier-spin'), ' Generating…')];
    case 'stopped':
      return [
        h('span', { className: 'status-text', text: view.error?.message ?? 'Stopped. The partial answer is kept.' }),
        textButton('Retry', { type: 'retry', turnId }, 'refresh'),
      ];
    case 'incomplete':
      return [
        h('span', {
          className: 'status-text',
          text: incompleteText(view),
        }),
        textButton('Continue', { type: 'continue', turnId }, 'debug-continue'),
      ];
    case 'failed': {
      const nodes: Node[] = [h('span', { className: 'status-error', attrs: { role: 'alert' } }, icon('error'), ` ${view.error?.message ?? 'The request failed.'}`)];
      if (view.error?.action === 'set-api-key') nodes.push(textButton('Set API Key', { type: 'set-api-key' }, 'key'));
      if (view.error?.action === 'open-settings') nodes.push(textButton('Open Settings', { type: 'open-settings' }, 'settings-gear'));
      if (view.error?.action === 'new-chat-with-summary') nodes.push(textButton('New Chat with Summary', { type: 'new-chat-with-summary' }, 'comment-discussion'));
      nodes.push(textButton('Retry', { type: 'retry', turnId }, 'refresh'));
      return nodes;
    }
    case 'refused':
      return [h('span', { className: 'status-text', text: 'The model declined to answer this request.' })];
    case 'completed':
      return [];
  }
}

function incompleteText(view: TurnView): string {
  if (view.incompleteReason !== 'max_output_tokens') return `The answer is incomplete (${view.incompleteReason ?? 'unknown reason'}).`;
  // The setting is named only when it set the limit; otherwise the model's own limit was reached.
  const limit = view.footer?.maxOutputTokens;
  return limit !== undefined
    ? `The answer reached the output token limit you set (codewright.maxOutputTokens: ${limit}).`
    : "The answer reached the model's own output token limit.";
}

function footerContent(view: TurnView): Node[] {
  const footer = view.footer;
  if (!footer || view.status === 'streaming') return [];
  const parts = [footer.model, `effort ${footer.reasoningEffort}`, `verbosity ${footer.verbosity}`];
  if (footer.usage) {
    const u = footer.usage;
    parts.push(inputUsageText(u));
    parts.push(`${formatCount(u.outputTokens)} out${u.reasoningTokens ? ` (${formatCount(u.reasoningTokens)} reasoning)` : ''}`);
  }
  if (footer.costUsd !== undefined) parts.push(`≈ ${formatUsd(footer.costUsd)}`);
  if (footer.cacheSavingsUsd !== undefined) parts.push(`cache saved ${formatUsd(footer.cacheSavingsUsd)}`);
  if (footer.toolRounds) parts.push(`${footer.toolRounds} tool ${footer.toolRounds === 1 ? 'round' : 'rounds'}`);
  parts.push(`${(footer.elapsedMs / 1000).toFixed(1)} s`);
  const totals: string[] = [];
  if (footer.conversationCostUsd !== undefined) totals.push(`chat ≈ ${formatUsd(footer.conversationCostUsd)}`);
  if (footer.todayCostUsd !== undefined) totals.push(`today ≈ ${formatUsd(footer.todayCostUsd)}`);
  const line = h('span', { text: parts.join(' · ') });
  const withTotals = totals.length > 0 ? [line, h('span', { className: 'turn-footer-totals', text: ` · ${totals.join(' · ')}` })] : [line];
  return [...withTotals, ...contextMeter(footer)];
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

function formatUsd(usd: number): string {
  return `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
}
