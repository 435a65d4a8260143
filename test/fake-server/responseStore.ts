// The server's state, as the real API keeps it: stored responses (unless `store: false`), the
// chains `previous_response_id` builds, and the checks a request must pass against them.
import { asRecord, normalizeInput, type JsonRecord } from './json';
import type { ScriptedError } from './replies';

interface StoredResponse {
  id: string;
  previousId?: string;
  input: unknown[];
  output: unknown[];
}

function invalid(message: string, param: string | null, code: string | null = null): ScriptedError {
  return { type: 'invalid_request_error', code, message, param };
}

function previousIdOf(request: JsonRecord): string | undefined {
  return typeof request.previous_response_id === 'string' ? request.previous_response_id : undefined;
}

/** What the real API answers an organization with Zero Data Retention that names a previous
 *  response (it never stores one, whatever `store` says). */
export const ZERO_DATA_RETENTION_ERROR: ScriptedError = invalid(
  'Previous response cannot be used for this organization due to Zero Data Retention.',
  'previous_response_id',
  'unsupported_parameter',
);

const TOOL_OUTPUT_NAMES: Record<string, string> = {
  custom_tool_call_output: 'custom tool call',
  function_call_output: 'function call',
  apply_patch_call_output: 'apply patch call',
};

export class ResponseStore {
  private readonly stored = new Map<string, StoredResponse>();

  /** `zeroDataRetention`: the organization keeps nothing, so no response is ever stored. */
  constructor(private readonly zeroDataRetention = false) {}

  has(id: string): boolean {
    return this.stored.has(id);
  }

  /** Stores the finished `response` of `request` unless the request said `store: false`. */
  remember(request: JsonRecord, response: JsonRecord): void {
    if (request.store === false || this.zeroDataRetention) return;
    const id = String(response.id);
    const output = Array.isArray(response.output) ? (response.output as unknown[]) : [];
    this.stored.set(id, { id, previousId: previousIdOf(request), input: normalizeInput(request.input), output });
  }

  /** Input and output items of the stored chain (oldest first), then this request's own input. */
  conversationOf(request: JsonRecord): unknown[] {
    const items: unknown[] = [];
    for (const stored of this.chain(previousIdOf(request))) items.push(...stored.input, ...stored.output);
    items.push(...normalizeInput(request.input));
    return items;
  }

  /** The checks the real API makes that this product depends on; undefined when the request passes. */
  validate(request: JsonRecord): ScriptedError | undefined {
    if (typeof request.model !== 'string' || request.model.length === 0) return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    if (/^gpt-5/.test(request.model)) {
      for (const param of ['temperature', 'top_p', 'logprobs']) {
        if (request[param] !== undefined && request[param] !== null) {
          return invalid(`Unsupported parameter: '${param}' is not supported with this model.`, param, 'unsupported_parameter');
        }
      }
    }
    if (request.stream !== true) return invalid('This fake server only answers streaming requests (stream: true).', 'stream');
    return this.previousResponseError(request) ?? this.unmatchedToolOutput(request) ?? this.unansweredFunctionCall(request);
  }

  /** The 400 for a `previous_response_id` this server cannot continue (unknown, or ZDR). */
  previousResponseError(request: JsonRecord): ScriptedError | undefined {
    const previousId = previousIdOf(request);
    if (previousId !== undefined && this.zeroDataRetention) return ZERO_DATA_RETENTION_ERROR;
    if (previousId !== undefined && !this.stored.has(previousId)) {
      return invalid(`Previous response with id '${previousId}' not found.`, 'previous_response_id', 'previous_response_not_found');
    }
    return undefined;
  }

  /** Every function call of the conversation so far needs its `function_call_output` in the
   *  follow-up (in this request's input, or earlier in the stored chain), as on the real API. */
  private unansweredFunctionCall(request: JsonRecord): ScriptedError | undefined {
    const conversation = this.conversationOf(request).map(asRecord);
    const answered = new Set(conversation.filter((item) => item?.type === 'function_call_output').map((item) => String(item?.call_id)));
    for (const item of conversation) {
      if (item?.type === 'function_call' && !answered.has(String(item.call_id))) {
        return invalid(`No tool output found for function call ${String(item.call_id)}.`, 'input');
      }
    }
    return undefined;
  }

  /** A tool output must answer a call in this request or in the stored chain it continues. */
  private unmatchedToolOutput(request: JsonRecord): ScriptedError | undefined {
    const input = Array.isArray(request.input) ? request.input : [];
    const knownCalls = new Set<string>();
    const collectCalls = (items: unknown[]) => {
      for (const item of items) {
        const record = asRecord(item);
        if ((record?.type === 'custom_tool_call' || record?.type === 'function_call' || record?.type === 'apply_patch_call') && typeof record.call_id === 'string') {
          knownCalls.add(record.call_id);
        }
      }
    };
    collectCalls(input);
    for (const stored of this.chain(previousIdOf(request))) {
      collectCalls(stored.input);
      collectCalls(stored.output);
    }
    for (const item of input) {
      const record = asRecord(item);
      if (record?.type === 'custom_tool_call_output' || record?.type === 'function_call_output' || record?.type === 'apply_patch_call_output') {
        const callId = String(record.call_id);
        if (!knownCalls.has(callId)) {
          const what = TOOL_OUTPUT_NAMES[record.type];
          return invalid(`No tool call found for ${what} output with call_id ${callId}.`, 'input');
        }
      }
      if (record?.type === 'apply_patch_call_output' && record.status !== 'completed' && record.status !== 'failed') {
        return invalid(`Invalid value: '${String(record.status)}'. Supported values are: 'completed' and 'failed'.`, 'input', 'invalid_value');
      }
    }
    return undefined;
  }

  /** The stored responses a request continues, oldest first. */
  private chain(previousId: string | undefined): StoredResponse[] {
    const chain: StoredResponse[] = [];
    let id = previousId;
    while (id !== undefined) {
      const stored = this.stored.get(id);
      if (!stored) break;
      chain.unshift(stored);
      id = stored.previousId;
    }
    return chain;
  }
}
