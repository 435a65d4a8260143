// Runs one read-tool call: checks its arguments and paths, asks for consent where the secret
// rule says so, calls the host, and formats a bounded answer for the model together with the
// one-line label the user sees in the turn.
import type { PatchWorkspace } from '../patch';
import { describeError } from '../describeError';
import { parseToolArguments, type PositionArgs, type SearchTextArgs, type ToolArgs } from './toolArguments';
import { isReadToolName } from './toolDefinitions';
import { byteLength, fitBlocks, fitLines } from './outputBudget';
import { searchBlocks } from './searchOutput';
import { readWorkspaceFile, splitLines, decodeText } from './readFile';
import { consentReason, resolveReadPath } from './readPath';
import type { CodeLocation, ReadToolHost, SearchStop } from './toolHost';
import { callLabel } from './toolLabels';

export type ToolCallStatus = 'done' | 'error' | 'denied' | 'cancelled';

export interface ToolCallResult {
  output: string;
  status: ToolCallStatus;
  /** The row's text once the call ran, e.g. "Read `src/order.ts` 1–120". */
  label: string;
}

export interface ToolCallContext {
  host: ReadToolHost;
  /** Bytes this call may return. */
  budget: number;
  signal: AbortSignal;
  /** Asks the user whether the model may read `path`; resolves false on Deny (or Stop). */
  askConsent(path: string, reason: string): Promise<boolean>;
}

export const CANCELLED_OUTPUT = 'Not run: the user stopped the answer.';

class ToolFailure extends Error {}

function fail(message: string): never {
  throw new ToolFailure(message);
}

async function workspaceOf(context: ToolCallContext): Promise<PatchWorkspace> {
  return (await context.host.workspace()) ?? fail('No workspace folder is open, so there are no files to read. Answer from the conversation.');
}

/** The gate: a readable path, after consent when the rule asks for it. */
async function gatePath(context: ToolCallContext, workspace: PatchWorkspace, raw: string, allowRoot = false): Promise<string> {
  const resolved = await resolveReadPath(raw, workspace, context.host.secrets(), allowRoot);
  if (!resolved.ok) fail(resolved.error);
  if (resolved.consent !== undefined) {
    const allowed = await context.askConsent(resolved.path, resolved.consent);
    if (context.signal.aborted) throw new DOMException('aborted', 'AbortError');
    if (!allowed) throw new ConsentDenied(resolved.path);
  }
  return resolved.path;
}

class ConsentDenied extends Error {
  constructor(readonly path: string) {
    super(`The user denied reading ${path}.`);
  }
}

/** Whether a path found by a search may be shown with its content. */
function contentAllowed(context: ToolCallContext, path: string): boolean {
  return consentReason(path, context.host.secrets()) === undefined;
}

async function lineTexts(context: ToolCallContext, workspace: PatchWorkspace, locations: readonly CodeLocation[]): Promise<string[]> {
  const files = new Map<string, string[] | undefined>();
  const out: string[] = [];
  for (const location of locations) {
    if (!files.has(location.path)) {
      let lines: string[] | undefined;
      if (contentAllowed(context, location.path)) {
        const file = await workspace.readFile(location.path).catch(() => undefined);
        const text = file?.kind === 'text' ? file.text : file?.kind === 'bytes' ? decodeText(location.path, file.bytes) : undefined;
        lines = typeof text === 'string' ? splitLines(text) : undefined;
      }
      files.set(location.path, lines);
    }
    const text = files.get(location.path)?.[location.line - 1];
    out.push(`${location.path}:${location.line}:${location.column}${text !== undefined ? `: ${text.trim().slice(0, 200)}` : ''}`);
  }
  return out;
}

/** What the model hears when a search ran out of time, and what to do instead. */
function stoppedNote(stop: SearchStop): string {
  if (stop.reason === 'slow-pattern') {
    return `[incomplete: the pattern took too long to match and the search was stopped after ${stop.seconds} s; the matches above are only those found before that. Simplify the regular expression (no nested repetition such as (a+)+), search for a literal string with is_regex false, or pass include to search fewer files.]`;
  }
  return `[incomplete: the search was stopped after ${stop.seconds} s (a large workspace or a slow disk); the matches above are only those found before that. Pass include to search fewer files, or use a more specific query.]`;
}

async function runSearch(context: ToolCallContext, args: SearchTextArgs): Promise<{ output: string; results: number; files: number }> {
  const found = await context.host.searchText(args, context.signal);
  const shown = found.matches.filter((match) => contentAllowed(context, match.path));
  const withheld = found.matches.length - shown.length;
  const beyond = Math.max(0, found.total - found.matches.length);
  const hint = () => 'narrow the query or pass include';
  const notes: string[] = [];
  if (withheld > 0) notes.push(`(${withheld} matches in secret-looking files or .git were withheld; read_file asks the user for them.)`);
  if (found.capped && beyond === 0) notes.push('[truncated: the search stopped at its limit; narrow the query or pass include]');
  if (found.stopped) notes.push(stoppedNote(found.stopped));
  const files = new Set(shown.map((match) => match.path)).size;
  const query = JSON.stringify(args.query);
  const head = shown.length === 0 ? `No matches for ${query}${found.stopped ? ' in what was searched before the search stopped' : ''}.` : `${found.total} matching ${found.total === 1 ? 'line' : 'lines'} for ${query}${found.stopped ? ' (partial: the search did not finish)' : ''}:`;
  // The head and the notes always fit: the matches get what is left (a cut one says so itself).
  const framing = byteLength([head, ...notes].join('\n')) + 100;
  const body = fitBlocks(searchBlocks(shown), Math.max(0, context.budget - Math.max(200, framing)), 'results', hint, beyond);
  return { output: [head, body.text, ...notes].filter((part) => part !== '').join('\n'), results: found.total - withheld, files };
}

/** Fails unless `path` is a file that has `line` (a folder or a line past the end has no symbol to ask about). */
async function checkPosition(workspace: PatchWorkspace, path: string, line: number): Promise<void> {
  const file = await workspace.readFile(path);
  if (file.kind === 'missing') fail(`${path} does not exist. Use find_files or search_text to find the right path.`);
  if (file.kind === 'directory') fail(`${path} is a folder; give the path of a file, and a line and column in it.`);
  if (file.kind === 'other') fail(`${path} is not a regular file (${file.description}).`);
  const text = file.kind === 'text' ? file.text : decodeText(path, file.bytes);
  if (typeof text !== 'string') fail(text.output);
  const total = text === '' ? 0 : splitLines(text).length;
  if (line > total) fail(`${path} has only ${total} lines; line ${line} is past its end.`);
}

async function runPosition(context: ToolCallContext, tool: 'go_to_definition' | 'find_references', args: PositionArgs): Promise<{ output: string; locations: string[] }> {
  const workspace = await workspaceOf(context);
  const path = await gatePath(context, workspace, args.path);
  await checkPosition(workspace, path, args.line);
  const locations = tool === 'go_to_definition' ? await context.host.definitions(path, args.line, args.column) : await context.host.references(path, args.line, args.column);
  if (locations.length === 0) {
    return { output: `The language servers found no ${tool === 'go_to_definition' ? 'definition' : 'references'} at ${path}:${args.line}:${args.column}. Check the position (1-based line and column on the symbol's name) or use search_text.`, locations: [] };
  }
  const lines = await lineTexts(context, workspace, locations.slice(0, 500));
  const body = fitLines(lines, context.budget, 'locations', () => '', locations.length - lines.length);
  return { output: body.text, locations: locations.map((location) => `${location.path}:${location.line}`) };
}

/** Runs the tool; the output and label, or throws ToolFailure / ConsentDenied. */
async function dispatch(context: ToolCallContext, call: ToolArgs): Promise<{ output: string; detail: string }> {
  switch (call.tool) {
    case 'read_file': {
      const workspace = await workspaceOf(context);
      const path = await gatePath(context, workspace, call.args.path);
      const result = await readWorkspaceFile(workspace, path, call.args, context.budget);
      if (result.isError) fail(result.output);
      return { output: result.output, detail: result.range ?? '' };
    }
    case 'list_dir': {
      const workspace = await workspaceOf(context);
      const path = await gatePath(context, workspace, call.args.path, true);
      const listing = await context.host.listDir(path, call.args.depth, context.signal);
      const lines = listing.entries.map((entry) => `${entry.path}${entry.kind === 'folder' ? '/' : ''}  ${entry.kind}${entry.size !== undefined && entry.kind === 'file' ? ` ${entry.size} bytes` : ''}`);
      const body = fitLines(lines, context.budget - 200, 'entries', () => 'list a subfolder');
      const excluded = listing.excluded > 0 ? `\n(${listing.excluded} excluded or git-ignored entries not shown.)` : '';
      const title = `${path === '' ? 'The workspace root' : path} (${listing.entries.length} entries):`;
      return { output: listing.entries.length === 0 ? `${path || 'The workspace root'} is empty.${excluded}` : `${title}\n${body.text}${excluded}`, detail: `${listing.entries.length} entries` };
    }
    case 'find_files': {
      const found = await context.host.findFiles(call.args.glob, call.args.maxResults, context.signal);
      const stopped = found.stoppedAfterMs !== undefined ? `the search for files was stopped after ${Math.round(found.stoppedAfterMs / 1000)} s (a large workspace or a slow disk); use a narrower glob, e.g. under one folder` : '';
      if (found.paths.length === 0) {
        if (stopped) return { output: `No files matching ${JSON.stringify(call.args.glob)} were found before ${stopped}.`, detail: 'no files (time limit)' };
        return { output: `No files match ${JSON.stringify(call.args.glob)}.`, detail: 'no files' };
      }
      const body = fitLines(found.paths, context.budget - 200, 'files', () => 'use a narrower glob');
      const more = found.more ? `\n[truncated: more files match than max_results (${call.args.maxResults}); use a narrower glob]` : '';
      const incomplete = stopped ? `\n[incomplete: ${stopped}]` : '';
      return { output: `${body.text}${more}${incomplete}`, detail: `${found.paths.length}${found.more || stopped ? '+' : ''} files` };
    }
    case 'search_text': {
      const result = await runSearch(context, call.args);
      return { output: result.output, detail: `${result.results} results in ${result.files} files` };
    }
    case 'find_symbol': {
      const hits = await context.host.workspaceSymbols(call.args.query, context.signal);
      const lines = hits.map((hit) => `${hit.kind} ${hit.container ? `${hit.container}.` : ''}${hit.name} — ${hit.path}:${hit.line}`);
      if (lines.length === 0) return { output: `No symbols match ${JSON.stringify(call.args.query)} (the language servers may still be starting; search_text also works).`, detail: 'no symbols' };
      return { output: fitLines(lines, context.budget, 'symbols', () => 'use a longer query').text, detail: `${hits.length} symbols` };
    }
    case 'go_to_definition':
    case 'find_references': {
      const result = await runPosition(context, call.tool, call.args);
      const detail = call.tool === 'go_to_definition' ? (result.locations[0] ?? 'not found') : `${result.locations.length} references`;
      return { output: result.output, detail };
    }
    case 'get_problems': {
      const workspace = call.args.path !== undefined ? await workspaceOf(context) : undefined;
      const path = workspace && call.args.path !== undefined ? await gatePath(context, workspace, call.args.path) : undefined;
      if (workspace && path !== undefined && (await workspace.readFile(path)).kind === 'missing') fail(`${path} does not exist. Use find_files to find the right path, or leave path out for the whole workspace.`);
      const problems = await context.host.problems(path);
      if (problems.length === 0) return { output: path ? `No problems reported in ${path}.` : 'No problems reported in the workspace.', detail: 'none' };
      const rank = { error: 0, warning: 1, info: 2, hint: 3 } as const;
      const sorted = [...problems].sort((a, b) => rank[a.severity] - rank[b.severity]);
      const lines = sorted.map((p) => `${p.path}:${p.line}:${p.column} ${p.severity}${p.code ? ` ${p.source ?? ''}${p.code}` : ''}: ${p.message.replace(/\s+/g, ' ')}`);
      const errors = problems.filter((p) => p.severity === 'error').length;
      return { output: fitLines(lines, context.budget, 'problems', () => 'ask for one file').text, detail: `${errors} errors, ${problems.length - errors} other` };
    }
  }
}

/** "Read `a.ts` 1–120", "Definition at `a.ts:3` → `b.ts:42`", "Searched `x` — 3 results in 2 files". */
function doneLabel(name: string, argumentsJson: string, detail: string): string {
  const base = callLabel(name, argumentsJson);
  if (detail === '') return base;
  if (name === 'read_file') return `${base} ${detail}`;
  if (name === 'go_to_definition' && detail !== 'not found') return `${base} → \`${detail}\``;
  return `${base} — ${detail}`;
}

/** Runs one call of the model. Never throws: every failure is an answer for the model. */
export async function runToolCall(name: string, argumentsJson: string, context: ToolCallContext): Promise<ToolCallResult> {
  if (!isReadToolName(name)) {
    return { output: `There is no tool named ${name}.`, status: 'error', label: `Unknown tool \`${name}\`` };
  }
  const parsed = parseToolArguments(name, argumentsJson);
  if ('error' in parsed) return { output: parsed.error, status: 'error', label: `${callLabel(name, argumentsJson)} — bad arguments` };
  if (context.budget <= 0) {
    return { output: 'Not run: the tools of this turn have already returned as much as one turn may. Answer with what you have.', status: 'error', label: `${callLabel(name, argumentsJson)} — turn budget spent` };
  }
  try {
    const { output, detail } = await dispatch(context, parsed);
    if (context.signal.aborted) return { output: CANCELLED_OUTPUT, status: 'cancelled', label: `${callLabel(name, argumentsJson)} — stopped` };
    const bounded = byteLength(output) > context.budget ? fitLines(splitLines(output), context.budget, 'lines').text : output;
    return { output: bounded, status: 'done', label: doneLabel(name, argumentsJson, detail) };
  } catch (err) {
    if (context.signal.aborted) return { output: CANCELLED_OUTPUT, status: 'cancelled', label: `${callLabel(name, argumentsJson)} — stopped` };
    if (err instanceof ConsentDenied) {
      return { output: `The user denied reading ${err.path}. Do not try to read it another way; answer without it or ask the user.`, status: 'denied', label: `${callLabel(name, argumentsJson)} — denied` };
    }
    const message = err instanceof ToolFailure ? err.message : `${name} failed: ${describeError(err)}`;
    return { output: message, status: 'error', label: `${callLabel(name, argumentsJson)} — failed` };
  }
}
