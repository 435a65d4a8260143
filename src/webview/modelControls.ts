// The header's model controls: the model (free text with suggestions), reasoning effort and
// verbosity. A change is posted to the extension, which saves it to settings and echoes it back.

import type { ModelControls } from '../common/protocol';
import { REASONING_EFFORTS, VERBOSITIES } from '../common/protocol';
import { DEFAULT_MODEL, DEFAULT_REASONING_EFFORT, DEFAULT_VERBOSITY } from '../common/settings/settingsTable';
import { h } from './dom';
import type { HostChannel } from './vscodeApi';

const DEFAULT_CONTROLS: ModelControls = {
  model: DEFAULT_MODEL,
  reasoningEffort: DEFAULT_REASONING_EFFORT,
  verbosity: DEFAULT_VERBOSITY,
  modelSuggestions: [],
  efforts: [...REASONING_EFFORTS],
  verbosities: [...VERBOSITIES],
};

export class ModelControlsView {
  readonly element: HTMLElement;
  private readonly modelInput: HTMLInputElement;
  private readonly modelList: HTMLDataListElement;
  private readonly effortSelect: HTMLSelectElement;
  private readonly verbositySelect: HTMLSelectElement;
  private current: ModelControls = DEFAULT_CONTROLS;

  constructor(host: HostChannel) {
    this.modelList = h('datalist', { attrs: { id: 'codewright-models' } });
    this.modelInput = h('input', {
      className: 'model-input',
      attrs: { type: 'text', list: 'codewright-models', 'aria-label': 'Model', title: 'Model', spellcheck: 'false', autocomplete: 'off' },
    });
    this.effortSelect = select('Effort', REASONING_EFFORTS, 'effort');
    this.verbositySelect = select('Verbosity', VERBOSITIES, 'verbosity');
    this.element = h(
      'div',
      { className: 'controls' },
      labelled('Model', this.modelInput, 'model'),
      this.modelList,
      labelled('Effort', this.effortSelect, 'effort'),
      labelled('Verbosity', this.verbositySelect, 'verbosity'),
    );

    this.modelInput.addEventListener('change', () => {
      const value = this.modelInput.value.trim();
      if (value === '') {
        this.modelInput.value = this.current.model;
        return;
      }
      host.post({ type: 'setControl', control: 'model', value });
    });
    this.effortSelect.addEventListener('change', () => {
      const value = REASONING_EFFORTS.find((effort) => effort === this.effortSelect.value);
      if (value) host.post({ type: 'setControl', control: 'reasoningEffort', value });
    });
    this.verbositySelect.addEventListener('change', () => {
      const value = VERBOSITIES.find((verbosity) => verbosity === this.verbositySelect.value);
      if (value) host.post({ type: 'setControl', control: 'verbosity', value });
    });
  }

  render(controls: ModelControls = DEFAULT_CONTROLS): void {
    this.current = controls;
    if (document.activeElement !== this.modelInput) this.modelInput.value = controls.model;
    this.modelList.replaceChildren(...controls.modelSuggestions.map((model) => h('option', { attrs: { value: model } })));
    offerOnly(this.effortSelect, controls.efforts, controls.reasoningEffort);
    offerOnly(this.verbositySelect, controls.verbosities, controls.verbosity);
    this.effortSelect.value = controls.reasoningEffort;
    this.verbositySelect.value = controls.verbosity;
    // A model that fixes its own verbosity (codex models) has nothing to pick.
    this.verbositySelect.disabled = controls.verbosities.length === 0;
  }
}

/** A control with its name shown above it: the pickers otherwise both just read "medium". */
function labelled(label: string, control: HTMLElement, name: string): HTMLLabelElement {
  return h('label', { className: `control-field control-field-${name}` }, h('span', { className: 'control-label', text: label }), control);
}

function select(label: string, options: readonly string[], name: string): HTMLSelectElement {
  return h(
    'select',
    { className: `control-select control-${name}`, attrs: { 'aria-label': label, title: label } },
    ...options.map((option) => h('option', { attrs: { value: option }, text: option })),
  );
}

/** Hides the options the model does not accept; the current value stays shown so the picker never lies. */
function offerOnly(element: HTMLSelectElement, accepted: readonly string[], current: string): void {
  for (const option of Array.from(element.options)) {
    const offered = accepted.includes(option.value) || option.value === current;
    option.hidden = !offered;
    option.disabled = !offered;
  }
}
