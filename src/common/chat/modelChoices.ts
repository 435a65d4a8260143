// What the "Select Model / Reasoning Effort / Verbosity" pickers and the status bar offer and say,
// decided from the capability table so a user can only pick what the chosen model accepts.

import { REASONING_EFFORTS, VERBOSITIES, type ModelControls, type ReasoningEffort, type Verbosity } from '../protocol';
import type { ImageDetail } from '../images/imageInput';
import { capabilitiesFor, chooseEditTool, KNOWN_MODELS } from '../responses/modelCapabilities';
import type { EditToolSetting } from '../responses/requestTypes';
import { textTokens } from '../cost/inputEstimate';
import { APPLY_PATCH_TOOL } from '../patch';
import { READ_TOOLS } from '../tools/toolDefinitions';
import { CODEWRIGHT_INSTRUCTIONS } from './instructions';
import { priceFor, type ModelPrice } from '../responses/pricing';

export interface Choice<T extends string> {
  readonly value: T;
  readonly description?: string;
  readonly picked: boolean;
}

/** The models to offer (the endpoint's, else the table's), then the current one if it is not
 *  among them (a proxy's model stays pickable). */
export function modelChoices(current: string, available: readonly string[] = KNOWN_MODELS): Choice<string>[] {
  const names = available.includes(current) ? available : [...available, current];
  return names.map((name) => {
    const caps = capabilitiesFor(name);
    const description = caps.known
      ? `efforts ${caps.efforts.join(', ')}${caps.builtinApplyPatch ? ' · built-in apply_patch' : ''}`
      : 'not in Codewright’s model table: conservative parameters';
    return { value: name, description, picked: name === current };
  });
}

/** The efforts the model accepts (of those Codewright can send), the current one marked. */
export function effortChoices(model: string, current: ReasoningEffort): Choice<ReasoningEffort>[] {
  const accepted = capabilitiesFor(model).efforts;
  return REASONING_EFFORTS.filter((effort) => accepted.includes(effort)).map((effort) => ({
    value: effort,
    picked: effort === current,
  }));
}

/** Verbosities the model accepts; none for models that fix their own (codex models). */
export function verbosityChoices(model: string, current: Verbosity): Choice<Verbosity>[] {
  const accepted = capabilitiesFor(model).verbosities;
  return VERBOSITIES.filter((level) => accepted.includes(level)).map((level) => ({ value: level, picked: level === current }));
}

export interface StatusText {
  readonly text: string;
  readonly tooltip: string;
}

/** The status bar item: model · effort, spinning while an answer is being generated. */
export function statusText(model: string, effort: ReasoningEffort, generating: boolean): StatusText {
  const icon = generating ? '$(loading~spin)' : '$(sparkle)';
  const state = generating ? 'Generating… (click for model controls)' : 'Click to change model, effort or verbosity';
  return { text: `${icon} ${model} · ${effort}`, tooltip: `Codewright: ${model}, reasoning effort ${effort}. ${state}` };
}

export interface ControlSettings {
  model: string;
  reasoningEffort: ReasoningEffort;
  verbosity: Verbosity;
  /** User price overrides (codewright.modelPrices). */
  prices?: Readonly<Record<string, ModelPrice>>;
  imageDetail?: ImageDetail;
  editTool?: EditToolSetting;
}

const utf8 = new TextEncoder();

/** Tokens of what every chat request carries before any context: the instructions and the tools
 *  a chat offers (the edit tool codewright.editTool picks for the model, and the read tools). */
export function fixedInputTokens(settings: Pick<ControlSettings, 'model' | 'editTool'>): number {
  const editTool = chooseEditTool(settings.model, settings.editTool) === 'builtin' ? { type: 'apply_patch' } : APPLY_PATCH_TOOL;
  return textTokens(utf8.encode(CODEWRIGHT_INSTRUCTIONS + JSON.stringify([editTool, ...READ_TOOLS])).length);
}

/** The panel header's controls for the current settings: the table's models as suggestions (the
 *  current one too), and only the efforts and verbosities the model accepts. */
export function modelControlsFor(settings: ControlSettings): ModelControls {
  const caps = capabilitiesFor(settings.model);
  const price = priceFor(settings.model, settings.prices) ?? caps.price;
  return {
    ...(price !== undefined && { inputPricePerMillion: price.input }),
    ...(settings.imageDetail !== undefined && { imageDetail: settings.imageDetail }),
    fixedInputTokens: fixedInputTokens(settings),
    model: settings.model,
    reasoningEffort: settings.reasoningEffort,
    verbosity: settings.verbosity,
    modelSuggestions: KNOWN_MODELS.includes(settings.model) ? [...KNOWN_MODELS] : [...KNOWN_MODELS, settings.model],
    efforts: REASONING_EFFORTS.filter((effort) => caps.efforts.includes(effort)),
    verbosities: VERBOSITIES.filter((level) => caps.verbosities.includes(level)),
  };
}
