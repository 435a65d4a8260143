// The Responses API's built-in apply_patch tool sends one `apply_patch_call` per file operation
// (`create_file` / `update_file` with a V4A diff, `delete_file`). All calls of one response become
// ONE patch envelope, so they are checked and applied together by the same engine as the custom
// tool: same path rules, sensitive-file confirmation, all or nothing across the calls.
// The operation is model output: it must not be able to smuggle extra envelope sections in.

import { BEGIN_PATCH, END_OF_FILE, END_PATCH } from '../patch';
import type { ResponseStreamEvent, ToolOutput } from '../responses';
import type { StoredToolCall, StoredTurn } from './conversationStore';

/** One finished call: its id and the JSON of its `operation` (as the stream reducer keeps it). */
export interface OperationCall {
  callId: string;
  input: string;
}

export type EnvelopeResult = { ok: true; patch: string } | { ok: false; error: string };

interface Operation {
  type: 'create_file' | 'update_file' | 'delete_file';
  path: string;
  diff: string;
}

const OPERATION_TYPES = ['create_file', 'update_file', 'delete_file'];

function readOperation(call: OperationCall): Operation | string {
  let parsed: unknown;
  try {
    parsed = call.input === '' ? undefined : JSON.parse(call.input);
  } catch {
    parsed = undefined;
  }
  const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  if (!record) return 'it has no operation object.';
  const { type, path, diff } = record;
  if (typeof type !== 'string' || !OPERATION_TYPES.includes(type)) {
    return `operation.type ${JSON.stringify(type ?? null)} is not one of create_file, update_file, delete_file.`;
  }
  if (typeof path !== 'string' || path.trim() === '') return 'operation.path must be a non-empty file path.';
  if (/[\r\n\0]/.test(path)) return 'operation.path must be a single line without control characters.';
  if (type !== 'delete_file' && typeof diff !== 'string') return `operation.diff is required for ${type} (a V4A diff).`;
  return { type: type as Operation['type'], path: path.trim(), diff: typeof diff === 'string' ? diff : '' };
}

/** The diff's lines, without the one newline that ends it. */
function diffLines(diff: string): string[] {
  if (diff === '') return [];
  const body = diff.endsWith('\r\n') ? diff.slice(0, -2) : diff.endsWith('\n') ? diff.slice(0, -1) : diff;
  return body.split('\n');
}

/** A created file's lines: each starts with '+' (a blank line stands for an empty one). */
function createSection(operation: Operation): string[] | string {
  const lines = diffLines(operation.diff);
  const section = [`*** Add File: ${operation.path}`];
  for (const [index, line] of lines.entries()) {
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (content === '') section.push('+');
    else if (line.startsWith('+')) section.push(line);
    else return `line ${index + 1} of the diff, ${JSON.stringify(line.slice(0, 80))}, does not start with '+'; every line of a created file must.`;
  }
  return section;
}

/** An updated file's V4A chunks, as they are; only envelope markers are refused. */
function updateSection(operation: Operation): string[] | string {
  const lines = diffLines(operation.diff);
  if (lines.every((line) => line.trim() === '')) return 'operation.diff is empty; an update needs at least one chunk.';
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    // Anything the envelope parser reads as the end of the patch or a new file section.
    const marker = trimmed === END_PATCH || trimmed === BEGIN_PATCH || (line.startsWith('*') && trimmed !== END_OF_FILE);
    if (marker) {
      return `line ${index + 1} of the diff, ${JSON.stringify(line.slice(0, 80))}, is not a diff line; only '${END_OF_FILE}' may start with '***'. Send one operation per file, with just the '@@' chunks of that file.`;
    }
  }
  return [`*** Update File: ${operation.path}`, ...lines];
}

function sectionOf(operation: Operation): string[] | string {
  switch (operation.type) {
    case 'create_file':
      return createSection(operation);
    case 'update_file':
      return updateSection(operation);
    case 'delete_file':
      return [`*** Delete File: ${operation.path}`];
  }
}

/** The one patch envelope all calls of a response make, or the first call's error (the model
 *  hears it on every call: nothing of the response is applied). */
export function envelopeFromOperations(calls: readonly OperationCall[]): EnvelopeResult {
  if (calls.length === 0) return { ok: false, error: 'The response contained no apply_patch operation.' };
  const lines = [BEGIN_PATCH];
  for (const call of calls) {
    const operation = readOperation(call);
    const section = typeof operation === 'string' ? operation : sectionOf(operation);
    if (typeof section === 'string') {
      const what = typeof operation === 'string' ? '' : ` (${operation.type} ${operation.path})`;
      return { ok: false, error: `The apply_patch call ${call.callId}${what} is invalid: ${section} None of the ${calls.length} operation(s) of this response was applied; send them again corrected.` };
    }
    lines.push(...section);
  }
  lines.push(END_PATCH);
  return { ok: true, patch: `${lines.join('\n')}\n` };
}

/** The calls of one response of the built-in tool: they share one proposal (named after the first). */
export function groupCalls(turn: StoredTurn, group: string): StoredToolCall[] {
  return (turn.toolCalls ?? []).filter((call) => call.kind === 'apply_patch' && call.group === group);
}

/** How a call's output goes back to the model: the built-in tool's carries its status. */
export function toolOutputOf(call: StoredToolCall): ToolOutput {
  const output = { callId: call.callId, output: call.output ?? '', kind: call.kind ?? 'custom' };
  return call.kind === 'apply_patch' ? { ...output, status: call.failed ? 'failed' : 'completed' } : output;
}

/** A built-in call of the running response: its type and path from the start, its diff as it
 *  streams, its whole operation (`input`) once it is done. */
interface StreamingOperation {
  callId: string;
  operation?: { type: string; path: string };
  diff: string[];
  input?: string;
}

/** The call as far as it arrived, for the growing card: the streamed diff up to its last whole line. */
function operationSoFar(call: StreamingOperation): OperationCall {
  if (call.input !== undefined) return { callId: call.callId, input: call.input };
  const streamed = call.diff.join('');
  const diff = streamed.slice(0, streamed.lastIndexOf('\n') + 1);
  return { callId: call.callId, input: call.operation ? JSON.stringify({ ...call.operation, diff }) : '' };
}

/** The built-in calls of the running response as their events arrive: one card (named after the
 *  first call) that shows the envelope they make so far. */
export class BuiltinCallStream {
  private group: string | undefined;
  private readonly calls: StreamingOperation[] = [];

  /** Takes one stream event; undefined when it is not a built-in call's. Otherwise the card's
   *  group, with the envelope so far (no `patch`: the card is new, or nothing usable yet). */
  take(event: ResponseStreamEvent): { group: string; patch?: string } | undefined {
    if (event.type === 'tool-call-started' && event.kind === 'apply_patch') {
      const isNew = this.group === undefined;
      this.group ??= event.callId;
      this.calls.push({ callId: event.callId, operation: event.operation, diff: [] });
      return isNew ? { group: this.group } : this.current();
    }
    if (event.type === 'tool-call-done' && event.kind === 'apply_patch') {
      // The finished item's operation replaces what streamed.
      const call = this.calls.find((c) => c.callId === event.callId);
      if (call) call.input = event.input;
      return call ? this.current() : undefined;
    }
    if (event.type === 'tool-input-delta') {
      const call = this.calls.find((c) => c.callId === event.callId && c.input === undefined);
      call?.diff.push(event.delta);
      return call ? this.current() : undefined;
    }
    return undefined;
  }

  private current(): { group: string; patch?: string } | undefined {
    if (this.group === undefined) return undefined;
    // A call whose diff has not yet reached a usable line waits off the card.
    const usable = this.calls.map(operationSoFar).filter((call) => envelopeFromOperations([call]).ok);
    const envelope = usable.length > 0 ? envelopeFromOperations(usable) : undefined;
    return envelope?.ok ? { group: this.group, patch: envelope.patch } : { group: this.group };
  }
}
