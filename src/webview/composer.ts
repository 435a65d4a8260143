// The bottom of the panel: the context chips that go with the next prompt, the prompt box, and
// Send / Stop. A prompt is sent once; the box is cleared only when the extension accepted it.

import { estimateInput, formatInputEstimate } from '../common/cost/inputEstimate';
import { IMAGE_MIME_TYPES } from '../common/images/imageInput';
import type { ContextChip, ModelControls } from '../common/protocol';
import { h, icon, iconButton, keepingFocus, textButton } from './dom';
import { ImageChips } from './imageChips';
import { MentionList } from './mentionList';
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
  private readonly estimate: HTMLElement;
  private readonly filePicker: HTMLInputElement;
  private readonly images: ImageChips;
  /** The @-mention completion list the prompt box controls. */
  readonly mentions: MentionList;
  private chips: readonly ContextChip[] = [];
  private controls: ModelControls | undefined;
  private historyTokens = 0;
  private nextRequestId = 1;
  private pendingSend: number | undefined;

  constructor(private readonly options: ComposerOptions) {
    this.chipsRow = h('div', { className: 'chips', attrs: { 'aria-label': 'Context that will be sent' } });
    this.promptInput = h('textarea', {
      className: 'prompt-input',
      attrs: { rows: '3', placeholder: 'Ask Codewright about your code… (@ to mention a file)', 'aria-label': 'Message Codewright' },
    });
    this.sendButton = textButton('Send', { type: 'send' }, 'send', { title: 'Send (Enter)' });
    this.sendButton.classList.add('primary');
    this.stopButton = textButton('Stop', { type: 'stop' }, 'debug-stop', { title: 'Stop generating (Escape)' });
    this.stopButton.hidden = true;
    this.note = h('div', { className: 'composer-note', attrs: { role: 'status' } });
    this.estimate = h('div', { className: 'input-estimate' });
    this.filePicker = h('input', { attrs: { type: 'file', accept: IMAGE_MIME_TYPES.join(','), multiple: '', hidden: '', tabindex: '-1', 'aria-hidden': 'true' } });
    this.images = new ImageChips(
      () => this.renderChips(this.chips),
      (message) => (this.note.textContent = message),
    );
    this.mentions = new MentionList({
      host: options.host,
      input: this.promptInput,
      nextRequestId: () => this.nextRequestId++,
      showNote: (text) => (this.note.textContent = text),
      changed: () => {
        this.options.persist();
        this.renderEstimate();
      },
    });
    this.element = h(
      'footer',
      { className: 'composer' },
      this.chipsRow,
      this.estimate,
      this.filePicker,
      this.mentions.element,
      this.promptInput,
      h('div', { className: 'composer-actions' }, this.note, this.stopButton, this.sendButton),
    );
    this.promptInput.addEventListener('keydown', (event) => {
      // While the @-mention list is open, arrows, Enter, Tab and Escape are its keys.
      if (this.mentions.handleKey(event)) return;
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.promptInput.addEventListener('input', () => {
      this.options.persist();
      this.renderEstimate();
    });
    this.bindImageInput();
  }

  /** Images come in by paste into the prompt box, drop onto the composer, or the file picker. */
  private bindImageInput(): void {
    this.promptInput.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      // Text pasted along with the image (a file manager's file name) still lands in the box.
      if (!event.clipboardData?.types.includes('text/plain')) event.preventDefault();
      void this.images.add(files);
    });
    this.element.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    this.element.addEventListener('drop', (event) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void this.images.add(files);
    });
    this.filePicker.addEventListener('change', () => {
      const files = [...(this.filePicker.files ?? [])];
      this.filePicker.value = '';
      void this.images.add(files).then(() => this.promptInput.focus());
    });
  }

  /** Opens the file picker for images (the keyboard way to attach one). */
  pickImages(): void {
    this.filePicker.click();
  }

  removeImage(imageId: string): void {
    this.images.remove(imageId);
  }

  /** The chosen model and its price changed. */
  setControls(controls: ModelControls): void {
    this.controls = controls;
    this.renderEstimate();
  }

  /** Tokens of the conversation so far that the next request carries. */
  setHistoryTokens(tokens: number): void {
    this.historyTokens = tokens;
    this.renderEstimate();
  }

  private renderEstimate(): void {
    if (!this.controls) return;
    const sent = this.chips.filter((chip) => !chip.heldBack && !chip.overBudget);
    const textBytes = sent.reduce((sum, chip) => sum + (chip.bytes ?? 0), 0) + this.promptInput.value.length;
    const estimate = estimateInput({
      model: this.controls.model,
      textBytes,
      images: this.images.pending,
      imageDetail: this.controls.imageDetail ?? 'auto',
      // The last request's input already holds the instructions and tools; a new chat has only those.
      historyTokens: Math.max(this.historyTokens, this.controls.fixedInputTokens ?? 0),
      inputPricePerMillion: this.controls.inputPricePerMillion,
    });
    this.estimate.textContent = formatInputEstimate(estimate);
    this.estimate.title = `Estimated input of the next request on ${this.controls.model}: the instructions and tools, the conversation so far, the context above, images and your prompt (about 4 bytes per token).`;
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
    const images = this.images.attachments();
    this.options.host.post(images.length > 0 ? { type: 'send', requestId: this.pendingSend, prompt, images } : { type: 'send', requestId: this.pendingSend, prompt });
  }

  /** The extension's answer to a `send`; replies to other requests are ignored. */
  settle(requestId: number, ok: boolean, error: string | undefined): void {
    if (requestId !== this.pendingSend) {
      this.mentions.settle(requestId, ok, error);
      return;
    }
    this.pendingSend = undefined;
    if (ok) {
      this.mentions.close();
      this.promptInput.value = '';
      this.note.textContent = '';
      this.images.clear();
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
    this.chips = chips;
    const items = chips.map((chip) =>
      h(
        'span',
        { className: `chip chip-${chip.kind}${chip.heldBack || chip.overBudget ? ' chip-held' : ''}`, attrs: { title: `${chip.label} — ${chip.heldBack ?? chip.overBudget ?? chip.detail}` } },
        icon(chip.kind === 'selection' ? 'selection' : chip.kind === 'instructions' ? 'book' : chip.kind === 'problems' ? 'warning' : 'file'),
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
    const attach = textButton('Attach image', { type: 'attach-image' }, 'file-media', { title: 'Attach an image (or paste or drop one into the prompt box)' });
    attach.classList.add('chip-add');
    keepingFocus(this.chipsRow, () => this.chipsRow.replaceChildren(...this.images.render(), ...items, add, attach));
    this.renderEstimate();
  }
}
