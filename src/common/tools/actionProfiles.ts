// What each action may use. The `tools` list of a conversation never changes (the prompt cache
// keeps hitting); an action narrows it with `tool_choice: {type: "allowed_tools"}` instead:
// Explain reads only, Fix reads and patches, a chat message may use everything.
import type { Tool, ToolChoiceAllowed, ToolChoiceOptions } from 'openai/resources/responses/responses';
import type { ReasoningEffort, Verbosity } from '../protocol';

export type ActionProfile = 'chat' | 'explain' | 'fix';

export const ACTION_PROFILES: readonly ActionProfile[] = ['chat', 'explain', 'fix'];

/** Reasoning effort and verbosity an action asks for (codewright.actions.<action>.*). */
export interface ActionModelSettings {
  reasoningEffort: ReasoningEffort;
  verbosity: Verbosity;
}

function reference(tool: Tool): Record<string, unknown> | undefined {
  if (tool.type === 'function' || tool.type === 'custom') return { type: tool.type, name: tool.name };
  // The built-in apply_patch tool (codewright.editTool) is named by its type alone.
  if (tool.type === 'apply_patch') return { type: 'apply_patch' };
  return undefined;
}

function isApplyPatch(tool: Tool): boolean {
  return tool.type === 'apply_patch' || (tool.type === 'custom' && tool.name === 'apply_patch');
}

/** The tool_choice for `profile` over the conversation's `tools`; undefined sends none (auto, every tool). */
export function toolChoiceFor(profile: ActionProfile, tools: readonly Tool[]): ToolChoiceAllowed | ToolChoiceOptions | undefined {
  if (profile === 'chat' || tools.length === 0) return undefined;
  const allowed = tools.filter((tool) => tool.type === 'function' || (profile === 'fix' && isApplyPatch(tool)));
  const references = allowed.map(reference).filter((entry): entry is Record<string, unknown> => entry !== undefined);
  return references.length === 0 ? 'none' : { type: 'allowed_tools', mode: 'auto', tools: references };
}

/** The settings of one request: an action's own effort and verbosity replace the panel's. */
export function withActionSettings<S extends ActionModelSettings>(settings: S, action: ActionProfile | undefined, actions: Partial<Record<ActionProfile, ActionModelSettings>> | undefined): S {
  const own = action && action !== 'chat' ? actions?.[action] : undefined;
  return own ? { ...settings, reasoningEffort: own.reasoningEffort, verbosity: own.verbosity } : settings;
}
