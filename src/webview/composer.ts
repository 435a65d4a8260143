// The bottom of the panel: the context chips that go with the next prompt, the prompt box, and
// Send / Stop. A prompt is sent once; the box is cleared only when the extension accepted it.

import type { ContextChip } from '../common/protocol';
import { h, icon, iconButton, keepingFocus, textButton } from './dom';
import type { HostChannel } from './vscodeApi';

export interface ComposerOptions {
  host: HostChannel;
  /** Whether an answer is being generated now (no new prompt until it ends). */
  generating(): boolean;
  /** The draft changed or a send settled: the view's state should be saved. */
  persist(): void;
  /** Shows the busy state of the whole panel. */
  onBusyChange(generating: boolean): void;
}

export class Composer {
  readonly element: HTMLElement;
  readonly promptInput: HTMLTextAreaElement;
  private readonly chipsRow: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly note: HTMLElement;
  private nextRequestId = 1;
  private pendingSend: number | undefined;

  constructor(private readonly options: ComposerOptions) {
    this.chipsRow = h('div', { className: 'chips', attrs: { 'aria-label': 'Context that will be sent' } });
    this.promptInput = h('textarea', {
      className: 'prompt-input',
      attrs: { rows: '3', placeholder: 'Ask Codewright about your code…', 'aria-label': 'Message Codewright' },
    });
    this.sendButton = textButton('Send', { type: 'send' }, 'send', { title: 'Send (Enter)' });
    this.sendButton.classList.add('primary');
    this.stopButton = textButton('Stop', { type: 'stop' }, 'debug-stop', { title: 'Stop generating (Escape)' });
    this.stopButton.hidden = true;
    this.note = h('div', { className: 'composer-note', attrs: { role: 'status' } });
    this.element = h(
      'footer',
      { className: 'composer' },
      this.chipsRow,
      this.promptInput,
      h('div', { className: 'composer-actions' }, this.note, this.stopButton, this.sendButton),
    );
    this.promptInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.promptInput.addEventListener('input', () => this.options.persist());
  }

  get draft(): string {
    return this.promptInput.value;
  }

  set draft(text: string) {
    this.promptInput.value = text;
  }

  focus(): void {
    this.promptInput.focus();
  }

  send(): void {
    const prompt = this.promptInput.value;
    if (prompt.trim() === '') {
      this.note.textContent = 'Type a question or instruction first.';
      return;
    }
    if (this.options.generating()) {
      this.note.textContent = 'Wait for the answer to finish, or stop it (Escape).';
      return;
    }
    if (this.pendingSend !== undefined) return;
    this.pendingSend = this.nextRequestId++;
    this.note.textContent = '';
    this.renderGenerating();
    this.options.host.post({ type: 'send', requestId: this.pendingSend, prompt });
  }

  /** The extension's answer to a `send`; replies to other requests are ignored. */
  settle(requestId: number, ok: boolean, error: string | undefined): void {
    if (requestId !== this.pendingSend) return;
    this.pendingSend = undefined;
    if (ok) {
      this.promptInput.value = '';
      this.note.textContent = '';
    } else {
      this.note.textContent = error ?? 'The message could not be sent.';
    }
    this.renderGenerating();
    this.options.persist();
  }

  renderGenerating(): void {
    const generating = this.options.generating();
    const sending = this.pendingSend !== undefined;
    this.stopButton.hidden = !generating;
    this.sendButton.hidden = generating;
    this.sendButton.disabled = sending;
    this.sendButton.setAttribute('aria-busy', String(sending));
    this.promptInput.setAttribute('aria-busy', String(generating || sending));
    this.options.onBusyChange(generating);
  }

  renderChips(chips: readonly ContextChip[]): void {
    const items = chips.map((chip) =>
      h(
        'span',
        { className: `chip chip-${chip.kind}${chip.heldBack || chip.overBudget ? ' chip-held' : ''}`, attrs: { title: `${chip.label} — ${chip.heldBack ?? chip.overBudget ?? chip.detail}` } },
        icon(chip.kind === 'selection' ? 'selection' : 'file'),
        h('span', { className: 'chip-label', text: chip.label }),
        h('span', { className: 'chip-detail', text: chip.detail }),
        // A held-back item is not sent; its button adds it (the reason is in the button's name for screen readers).
        chip.heldBack
          ? iconButton('add', `Send ${chip.label}. ${chip.heldBack}`, { type: 'add-chip', chipId: chip.id }, { 'data-chip-id': chip.id })
          : chip.overBudget
            ? iconButton('close', `Dismiss ${chip.label} (not sent). ${chip.overBudget}`, { type: 'remove-chip', chipId: chip.id }, { 'data-chip-id': chip.id })
            : iconButton('close', `Don't send ${chip.label}`, { type: 'remove-chip', chipId: chip.id }, { 'data-chip-id': chip.id }),
      ),
    );
    const add = textButton('Add current file', { type: 'add-current-file' }, 'add');
    add.classList.add('chip-add');
    keepingFocus(this.chipsRow, () => this.chipsRow.replaceChildren(...items, add));
  }
}
