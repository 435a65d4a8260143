// The list of saved chats in this workspace, opened from the header's history button: reopen or
// delete a chat, or start a new one.

import type { ConversationSummary } from '../common/protocol';
import { h, iconButton, textButton } from './dom';
import { bindAction } from './uiAction';

export class HistoryPanel {
  readonly element: HTMLElement;
  /** The header button that opens and closes the panel. */
  readonly toggleButton: HTMLButtonElement;
  private isOpen = false;

  constructor() {
    this.element = h('section', { className: 'history-panel', attrs: { 'aria-label': 'Chat history' } });
    this.element.hidden = true;
    this.toggleButton = iconButton('history', 'Chat history', { type: 'toggle-history' }, { 'aria-expanded': 'false' });
  }

  get open(): boolean {
    return this.isOpen;
  }

  setOpen(open: boolean): void {
    this.isOpen = open;
    this.element.hidden = !open;
    this.toggleButton.setAttribute('aria-expanded', String(open));
    if (open) this.element.querySelector<HTMLElement>('button')?.focus();
  }

  render(history: readonly ConversationSummary[], currentId: string | undefined): void {
    const heading = h('div', { className: 'history-heading' }, h('h2', { text: 'Chats' }), textButton('New Chat', { type: 'new-chat' }, 'add'));
    if (history.length === 0) {
      this.element.replaceChildren(heading, h('p', { className: 'history-empty', text: 'No saved chats in this workspace yet.' }));
      return;
    }
    const list = h('ul', { className: 'history-list' }, ...history.map((entry) => historyEntry(entry, entry.id === currentId)));
    this.element.replaceChildren(heading, list);
  }
}

function historyEntry(entry: ConversationSummary, current: boolean): HTMLElement {
  const open = h(
    'button',
    {
      className: 'history-open',
      attrs: { type: 'button', 'data-conversation-id': entry.id, 'aria-current': current ? 'true' : undefined },
    },
    h('span', { className: 'history-title', text: entry.title }),
    h('span', { className: 'history-meta', text: `${entry.turnCount} ${entry.turnCount === 1 ? 'message' : 'messages'} · ${formatWhen(entry.updatedAt)}` }),
  );
  return h(
    'li',
    { className: current ? 'current' : undefined },
    bindAction(open, { type: 'open-conversation', conversationId: entry.id }),
    iconButton('trash', `Delete "${entry.title}"`, { type: 'delete-conversation', conversationId: entry.id }, { 'data-conversation-id': entry.id }),
  );
}

function formatWhen(timestamp: number): string {
  const date = new Date(timestamp);
  const now = new Date();
  return date.toDateString() === now.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
