// What mentions send: @problems as the diagnostics in text form, bounded; a mentioned file's bytes
// as text, or why they are not sent. The others reuse the file and selection context. Pure, so the exact text the model receives is unit-tested.

import type { Problem } from '../tools/toolHost';

/** More problems than this are summarised by count (the list would cost more than it helps). */
export const MAX_MENTIONED_PROBLEMS = 200;
/** And the text stays under this many characters. */
export const MAX_PROBLEMS_TEXT = 32 * 1024;

const SEVERITY_ORDER: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

export interface ProblemsText {
  /** What goes to the model (an input_text item). */
  text: string;
  /** Short, for the chip: "3 errors, 1 warning". */
  summary: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function formatProblem(problem: Problem): string {
  const code = problem.code !== undefined ? ` ${problem.source ? `${problem.source} ` : ''}${problem.code}` : problem.source ? ` ${problem.source}` : '';
  // A message may span lines; one problem stays one line.
  return `${problem.path}:${problem.line}:${problem.column} ${problem.severity}${code}: ${problem.message.replace(/\s*\n\s*/g, ' ')}`;
}

/**
 * The workspace's problems as the model sees them: errors first, then warnings, infos and hints,
 * each `path:line:column severity code: message`. `withheld` counts files whose problems are not
 * listed because their chip rules hold them back (secret-looking or outside the workspace).
 */
export function problemsText(problems: readonly Problem[], withheld = 0): ProblemsText {
  const sorted = [...problems].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column),
  );
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.filter((problem) => problem.severity === 'warning').length;
  const others = problems.length - errors - warnings;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(others > 0 ? [plural(others, 'info')] : [])];
  const summary = problems.length === 0 ? 'no problems' : parts.join(', ');
  const header = `Problems reported in the workspace (the editor's Problems panel): ${summary}.`;
  const lines: string[] = [];
  let length = header.length;
  let listed = 0;
  for (const problem of sorted) {
    if (listed >= MAX_MENTIONED_PROBLEMS) break;
    const line = formatProblem(problem);
    if (length + line.length + 1 > MAX_PROBLEMS_TEXT) break;
    lines.push(line);
    length += line.length + 1;
    listed++;
  }
  if (listed < sorted.length) lines.push(`(truncated: ${sorted.length - listed} more problems not listed)`);
  if (withheld > 0) lines.push(`(problems in ${plural(withheld, 'file')} that look secret or lie outside the workspace are not listed)`);
  return { text: [header, ...lines].join('\n'), summary };
}

/** A file's bytes as text, or why they are not sent (the same NUL-byte test as the context budget). */
export function decodeMentionedText(bytes: Uint8Array): string | { label: string; reason: string } {
  if (bytes.subarray(0, 8000).includes(0)) return { label: 'not sent — binary file', reason: 'It looks binary (it contains NUL bytes), so it is not sent.' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return {
      label: 'not sent — not UTF-8 text',
      reason: 'It is not UTF-8 text, so it is not sent. Open it in an editor (which decodes its encoding) and mention it again, or select the part you need.',
    };
  }
}
