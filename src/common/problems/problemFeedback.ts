// The errors an applied patch introduced, as the model reads them at the end of the apply_patch
// output ("New problems: src/a.ts:12 TS2345 …"), so it can repair what it broke in the same turn.
// Only errors, only in the edited files, only ones that were not there before the edit (compared by
// what they say, not where: the edit moves lines), and bounded in count and size.

export interface FileProblem {
  /** Workspace path of the file. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** `TS2345`, `no-unused-vars`, … when the language server gives one. */
  code?: string;
  /** The server that reported it (`ts`, `eslint`, …). */
  source?: string;
  message: string;
}

export interface EditedFileProblems {
  path: string;
  /** Errors before the edit; undefined when unknown (the file was not open, so no server had checked it). */
  before: readonly FileProblem[] | undefined;
  after: readonly FileProblem[];
}

export interface ProblemLimits {
  maxProblems: number;
  /** Characters of the whole report. */
  maxChars: number;
  /** Characters of one problem's message. */
  maxMessageChars: number;
}

export const DEFAULT_PROBLEM_LIMITS: ProblemLimits = { maxProblems: 20, maxChars: 4000, maxMessageChars: 300 };

function identity(problem: FileProblem): string {
  return `${problem.source ?? ''}\u0000${problem.code ?? ''}\u0000${problem.message}`;
}

/** The errors in `after` that `before` does not have, counting duplicates (two equal errors before, three after: one is new). */
export function newProblems(before: readonly FileProblem[], after: readonly FileProblem[]): FileProblem[] {
  const remaining = new Map<string, number>();
  for (const problem of before) remaining.set(identity(problem), (remaining.get(identity(problem)) ?? 0) + 1);
  const added: FileProblem[] = [];
  for (const problem of after) {
    const key = identity(problem);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else added.push(problem);
  }
  return added;
}

function oneLine(problem: FileProblem, limits: ProblemLimits): string {
  const flat = problem.message.replace(/\s+/g, ' ').trim();
  const message = flat.length > limits.maxMessageChars ? `${flat.slice(0, limits.maxMessageChars - 1)}…` : flat;
  const code = problem.code ? ` ${problem.code}` : '';
  return `${problem.path}:${problem.line}:${problem.column}${code} ${message}`;
}

/**
 * What the apply_patch output adds about problems: the new errors (file order, then line), with a
 * note for files whose earlier state is unknown; a sentence when there are none; undefined when the
 * language servers said nothing at all (no server for these files, or it did not answer in time).
 */
export function describeNewProblems(files: readonly EditedFileProblems[], serversAnswered: boolean, limits: ProblemLimits = DEFAULT_PROBLEM_LIMITS): string | undefined {
  if (!serversAnswered) return undefined;
  const found: FileProblem[] = [];
  const unknownBefore: string[] = [];
  for (const file of files) {
    const added = file.before === undefined ? [...file.after] : newProblems(file.before, file.after);
    if (file.before === undefined && added.length > 0) unknownBefore.push(file.path);
    found.push(...added.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  if (found.length === 0) return 'No new errors reported in the edited files.';
  const lines: string[] = [];
  let used = 0;
  for (const problem of found) {
    const line = oneLine(problem, limits);
    if (lines.length >= limits.maxProblems || used + line.length + 1 > limits.maxChars) break;
    lines.push(line);
    used += line.length + 1;
  }
  const more = found.length - lines.length;
  const parts = [`New problems (errors the language servers report after this edit): ${found.length}`, ...lines];
  if (more > 0) parts.push(`(truncated: ${more} more ${more === 1 ? 'error' : 'errors'} not shown)`);
  if (unknownBefore.length > 0) parts.push(`(${unknownBefore.join(', ')} ${unknownBefore.length === 1 ? 'was' : 'were'} not open before the edit, so ${unknownBefore.length === 1 ? 'its' : 'their'} errors may include older ones.)`);
  return parts.join('\n');
}

/** The apply_patch success output with the problem report after it. */
export function withProblemReport(output: string, report: string | undefined): string {
  return report === undefined ? output : `${output}\n\n${report}`;
}
