// The @-mention completion list under the prompt box: a listbox the prompt box controls as an
// ARIA combobox. Focus never leaves the prompt box — the active option is announced through
// aria-activedescendant — so typing, arrows, Enter/Tab (choose) and Escape (close) all work from
// the keyboard, and chips re-rendering elsewhere cannot take focus away. The extension ranks the
// files (mentionQuery → mentionResults); the choice is posted as addMention and becomes a chip.

import { activeMention, insertMention, type ActiveMention } from '../common/mentions/mentionQuery';
import type { MentionChoice, MentionItem } from '../common/protocol';
import { h, icon } from './dom';
import type { HostChannel } from './vscodeApi';

export interface MentionListOptions {
  host: HostChannel;
  input: HTMLTextAreaElement;
  /** The composer's request ids (shared, so replies can be told apart). */
  nextRequestId(): number;
  /** A sentence for the composer's note (an error of a choice), or '' to clear it. */
  showNote(text: string): void;
  /** The prompt text changed by a choice (the draft is saved). */
  changed(): void;
}

const LIST_ID = 'mention-list';
/** Keystrokes closer together than this are one query (the list follows typing, not every key). */
const QUERY_DELAY_MS = 25;

function optionLabel(item: MentionItem): string {
  return item.kind === 'file' ? item.path : `@${item.name}`;
}

/** `text` with the characters at `positions` marked, as nodes (never HTML). */
function highlighted(text: string, positions: readonly number[], offset = 0): Node[] {
  const marked = new Set(positions.map((position) => position - offset));
  const nodes: Node[] = [];
  let run = '';
  let runMarked = false;
  const flush = () => {
    if (run !== '') nodes.push(runMarked ? h('span', { className: 'mention-match', text: run }) : document.createTextNode(run));
    run = '';
  };
  for (let index = 0; index < text.length; index++) {
    const isMarked = marked.has(index);
    if (isMarked !== runMarked) flush();
    runMarked = isMarked;
    run += text.charAt(index);
  }
  flush();
  return nodes;
}

function optionContent(item: MentionItem): Node[] {
  if (item.kind === 'special') {
    // Positions count from the name; the label shows an @ before it.
    return [icon(item.name === 'problems' ? 'warning' : item.name === 'selection' ? 'selection' : 'files'), h('span', { className: 'mention-name' }, '@', ...highlighted(item.name, item.positions)), h('span', { className: 'mention-detail', text: item.description })];
  }
  const slash = item.path.lastIndexOf('/');
  const name = item.path.slice(slash + 1);
  const folder = slash >= 0 ? item.path.slice(0, slash) : '';
  return [
    icon('file'),
    h('span', { className: 'mention-name' }, ...highlighted(name, item.positions, slash + 1)),
    folder ? h('span', { className: 'mention-detail' }, ...highlighted(folder, item.positions.filter((position) => position < slash))) : null,
  ].filter((node): node is HTMLElement => node !== null);
}

export class MentionList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private items: MentionItem[] = [];
  private active = -1;
  private mention: ActiveMention | undefined;
  private latestQuery = -1;
  private pendingChoices = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: MentionListOptions) {
    this.list = h('ul', { className: 'mention-list', attrs: { id: LIST_ID, role: 'listbox', 'aria-label': 'Files and context to mention' } });
    this.status = h('div', { className: 'mention-status', attrs: { role: 'status' } });
    this.element = h('div', { className: 'mention-popup' }, this.list, this.status);
    this.element.hidden = true;
    const input = options.input;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', LIST_ID);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', () => this.follow());
    input.addEventListener('click', () => this.follow());
    input.addEventListener('keyup', (event) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) this.follow();
    });
    input.addEventListener('blur', () => this.close());
    // Clicking an option must not move focus out of the prompt box.
    this.list.addEventListener('mousedown', (event) => event.preventDefault());
    this.list.addEventListener('click', (event) => {
      const option = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="option"]') : null;
      const index = option ? Number(option.dataset.index) : -1;
      if (index >= 0) this.choose(index);
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /**
   * Handles a key in the prompt box while the list is open. Returns true when the key was the
   * list's (the composer must then not send or stop).
   */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen || event.isComposing) return false;
    const count = this.items.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (count === 0) return false;
        this.setActive((this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || this.active < 0) return false;
        this.choose(this.active);
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  /** The extension's ranked answer; only the answer to the latest query is shown. */
  showResults(requestId: number, items: MentionItem[], note: string | undefined): void {
    if (requestId !== this.latestQuery || !this.mention) return;
    this.items = items;
    this.list.replaceChildren(
      ...items.map((item, index) =>
        h('li', { className: 'mention-option', attrs: { id: `mention-option-${index}`, role: 'option', 'aria-selected': 'false', 'data-index': String(index), title: optionLabel(item) } }, ...optionContent(item)),
      ),
    );
    const empty = items.length === 0 ? `Nothing matches “${this.mention.query}”.` : '';
    this.status.textContent = [empty || `${items.length} ${items.length === 1 ? 'suggestion' : 'suggestions'}`, note].filter(Boolean).join(' ');
    this.element.hidden = false;
    this.options.input.setAttribute('aria-expanded', 'true');
    this.setActive(items.length > 0 ? 0 : -1);
  }

  /** The extension's answer to a choice; true when it was one. */
  settle(requestId: number, ok: boolean, error: string | undefined): boolean {
    if (!this.pendingChoices.delete(requestId)) return false;
    if (!ok) this.options.showNote(error ?? 'That mention could not be added.');
    return true;
  }

  close(): void {
    clearTimeout(this.timer);
    this.mention = undefined;
    this.items = [];
    this.active = -1;
    this.element.hidden = true;
    this.list.replaceChildren();
    this.status.textContent = '';
    this.options.input.setAttribute('aria-expanded', 'false');
    this.options.input.removeAttribute('aria-activedescendant');
  }

  /** Opens, updates or closes the list to match the mention at the caret. */
  private follow(): void {
    const input = this.options.input;
    const mention = input.selectionStart === input.selectionEnd ? activeMention(input.value, input.selectionStart) : undefined;
    if (!mention) {
      if (this.mention) this.close();
      return;
    }
    const changed = this.mention?.query !== mention.query || this.mention.start !== mention.start;
    this.mention = mention;
    if (!changed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.latestQuery = this.options.nextRequestId();
      this.options.host.post({ type: 'mentionQuery', requestId: this.latestQuery, query: mention.query });
    }, QUERY_DELAY_MS);
  }

  private setActive(index: number): void {
    const options = this.list.querySelectorAll<HTMLElement>('[role="option"]');
    options.forEach((option, at) => {
      option.setAttribute('aria-selected', String(at === index));
      option.classList.toggle('active', at === index);
    });
    this.active = index;
    const option = options[index];
    if (option) {
      this.options.input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      this.options.input.removeAttribute('aria-activedescendant');
    }
  }

  private choose(index: number): void {
    const item = this.items[index];
    const mention = this.mention;
    if (!item || !mention) return;
    const input = this.options.input;
    const next = insertMention(input.value, mention, optionLabel(item).replace(/^@/, ''));
    input.value = next.text;
    input.setSelectionRange(next.caret, next.caret);
    this.close();
    const choice: MentionChoice = item.kind === 'file' ? { kind: 'file', path: item.path } : { kind: item.name };
    const requestId = this.options.nextRequestId();
    this.pendingChoices.add(requestId);
    this.options.showNote('');
    this.options.host.post({ type: 'addMention', requestId, mention: choice });
    this.options.changed();
  }
}
