// Each action's request: the same tools list for every action (the prompt cache keeps hitting),
// narrowed by tool_choice allowed_tools, with the action's own effort and verbosity.
import { describe, expect, it } from 'vitest';
import type { StoredTurn } from '../../../src/common/chat/conversationStore';
import { prepareTurnRequest } from '../../../src/common/chat/turnRequest';
import { withActionSettings, type ActionProfile } from '../../../src/common/tools/actionProfiles';
import { READ_TOOL_NAMES } from '../../../src/common/tools/toolDefinitions';
import { testRequestSettings } from '../../harness/requestSettings';

function paramsFor(action: ActionProfile | undefined, readTools = true) {
  const turn: StoredTurn = {
    view: { id: 't1', prompt: 'Fix it', contextLabels: [], answer: '', reasoning: '', refusal: '', status: 'streaming' },
    request: { prompt: 'Fix it', displayPrompt: 'Fix it', openFilePaths: [], ...(action ? { action } : {}) },
  };
  const settings = withActionSettings({ ...testRequestSettings(), reasoningEffort: 'high' as const }, action, {
    explain: { reasoningEffort: 'low', verbosity: 'medium' },
    fix: { reasoningEffort: 'medium', verbosity: 'low' },
  });
  const prepared = prepareTurnRequest({ turn, mode: { kind: 'new' }, turns: [turn], settings, files: [], folderNames: ['app'], endpoint: 'https://api.openai.com/v1', readTools });
  if ('kind' in prepared) throw prepared;
  return prepared.params;
}

const readReferences = READ_TOOL_NAMES.map((name) => ({ type: 'function', name }));

describe('action profiles', () => {
  it('every action sends the same tools list: apply_patch, then the read tools', () => {
    const names = (action: ActionProfile | undefined) => (paramsFor(action).tools ?? []).map((tool) => ('name' in tool ? tool.name : tool.type));
    expect(names(undefined)).toEqual(['apply_patch', ...READ_TOOL_NAMES]);
    expect(names('explain')).toEqual(names(undefined));
    expect(names('fix')).toEqual(names(undefined));
  });

  it('chat lets the model use every tool (no tool_choice) with the panel effort', () => {
    const params = paramsFor(undefined);
    expect(params.tool_choice).toBeUndefined();
    expect(params.reasoning?.effort).toBe('high');
  });

  it('Explain allows the read tools only, at low effort', () => {
    const params = paramsFor('explain');
    expect(params.tool_choice).toEqual({ type: 'allowed_tools', mode: 'auto', tools: readReferences });
    expect(params.reasoning?.effort).toBe('low');
    expect(params.text?.verbosity).toBe('medium');
  });

  it('Fix allows the read tools and apply_patch, at medium effort and low verbosity', () => {
    const params = paramsFor('fix');
    expect(params.tool_choice).toEqual({ type: 'allowed_tools', mode: 'auto', tools: [{ type: 'custom', name: 'apply_patch' }, ...readReferences] });
    expect(params.reasoning?.effort).toBe('medium');
    expect(params.text?.verbosity).toBe('low');
  });

  it('Explain without read tools and without edits may call nothing', () => {
    const turn = paramsFor('explain', false);
    expect(turn.tool_choice).toBe('none');
  });
});
