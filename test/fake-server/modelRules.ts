// What the real API refuses per model, written down independently of the product's capability
// table (so a wrong entry there shows up as a failed request, as it would against OpenAI).
// Messages, params and codes copy the API's 400 bodies (the built-in tool's refusal carries no
// code in the bodies found; only its message and param are relied on), e.g.
//   {"message":"Unsupported value: 'low' is not supported with the 'gpt-5.1-codex-max' model.
//     Supported values are: 'medium'.","type":"invalid_request_error","param":"text.verbosity","code":"unsupported_value"}
import { asRecord, type JsonRecord } from './json';
import type { ScriptedError } from './replies';

export interface ModelRule {
  /** Accepted `reasoning.effort` values; undefined accepts any. */
  efforts?: readonly string[];
  /** Accepted `text.verbosity` values; undefined accepts any. */
  verbosities?: readonly string[];
  /** Parameters (dotted paths such as `reasoning.summary`) the model does not take at all. */
  unsupported?: readonly string[];
  /** false: `tools: [{type: "apply_patch"}]` is refused (the built-in tool came with GPT-5.1). */
  builtinApplyPatch?: boolean;
}

const GPT5 = { efforts: ['minimal', 'low', 'medium', 'high'], builtinApplyPatch: false };
const CODEX = { efforts: ['low', 'medium', 'high'], verbosities: ['medium'] };
const CODEX_MAX = { efforts: ['low', 'medium', 'high', 'xhigh'], verbosities: ['medium'] };

export const REAL_API_MODEL_RULES: Readonly<Record<string, ModelRule>> = {
  'gpt-5': GPT5,
  'gpt-5-mini': GPT5,
  'gpt-5-nano': GPT5,
  'gpt-5-codex': { ...CODEX, builtinApplyPatch: false },
  'gpt-5-pro': { efforts: ['high'], builtinApplyPatch: false },
  'gpt-5.1': { efforts: ['none', 'low', 'medium', 'high'] },
  'gpt-5.1-codex': CODEX,
  'gpt-5.1-codex-mini': CODEX,
  'gpt-5.1-codex-max': CODEX_MAX,
  'gpt-5.2': { efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  'gpt-5.2-codex': CODEX_MAX,
};

function listed(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

function valueAt(request: JsonRecord, path: string): unknown {
  let value: unknown = request;
  for (const key of path.split('.')) value = asRecord(value)?.[key];
  return value;
}

function offersBuiltinApplyPatch(request: JsonRecord): boolean {
  return Array.isArray(request.tools) && request.tools.some((tool) => asRecord(tool)?.type === 'apply_patch');
}

/** The 400 the real API gives for a parameter `model` does not take; undefined when all pass. */
export function modelParameterError(request: JsonRecord, rules: Readonly<Record<string, ModelRule>>): ScriptedError | undefined {
  const model = String(request.model);
  const rule = rules[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
  if (!rule) return undefined;
  if (rule.builtinApplyPatch === false && offersBuiltinApplyPatch(request)) {
    // As the API answers it (e.g. "Tool 'apply_patch' is not supported with gpt-5-2025-08-07."), naming the model as sent.
    return { type: 'invalid_request_error', code: null, param: 'tools', message: `Tool 'apply_patch' is not supported with ${model}.` };
  }
  for (const param of rule.unsupported ?? []) {
    if (valueAt(request, param) !== undefined) {
      return { type: 'invalid_request_error', code: 'unsupported_parameter', param, message: `Unsupported parameter: '${param}' is not supported with this model.` };
    }
  }
  const checks: [string, readonly string[] | undefined][] = [
    ['reasoning.effort', rule.efforts],
    ['text.verbosity', rule.verbosities],
  ];
  for (const [param, accepted] of checks) {
    const value = valueAt(request, param);
    if (accepted && typeof value === 'string' && !accepted.includes(value)) {
      return {
        type: 'invalid_request_error',
        code: 'unsupported_value',
        param,
        message: `Unsupported value: '${value}' is not supported with the '${model}' model. Supported values are: ${listed(accepted)}.`,
      };
    }
  }
  return undefined;
}
