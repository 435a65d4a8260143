// Scoring one engine's run of one case against what the model meant.
//   exact    the files equal the intended result byte for byte (for a patch that should be
//            refused: a clean error and every file unchanged)
//   wrong    the files differ from the intent: applied wrongly, partly applied, or applied when it
//            should have been refused. The worst outcome: a silent corruption.
//   refused  a clean error with nothing changed, for a patch that was meant to apply.

import type { EditCase, Tree } from './editCase';
import { sameBytes, sameTree } from './editCase';

export type Outcome = 'exact' | 'wrong' | 'refused';

export function classify(editCase: EditCase, applied: boolean, after: Tree): Outcome {
  const unchanged = sameTree(after, editCase.files);
  if (editCase.intended === 'refuse') return !applied && unchanged ? 'exact' : 'wrong';
  if (applied && sameTree(after, editCase.intended)) return 'exact';
  if (!applied && unchanged) return 'refused';
  return 'wrong';
}

function lineCount(bytes: Uint8Array, pattern: string): number {
  return new TextDecoder().decode(bytes).split(pattern).length - 1;
}

/** What differs between the intended bytes of one file and what the engine wrote, in words. */
function fileDifference(path: string, intended: Uint8Array, actual: Uint8Array): string {
  const reasons: string[] = [];
  const bom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom(intended) && !bom(actual)) reasons.push('BOM removed');
  const intendedCrlf = lineCount(intended, '\r\n');
  const actualCrlf = lineCount(actual, '\r\n');
  if (intendedCrlf !== actualCrlf) reasons.push(`CRLF line endings ${intendedCrlf} → ${actualCrlf}`);
  const endsWithNewline = (bytes: Uint8Array) => bytes[bytes.length - 1] === 0x0a;
  if (!endsWithNewline(intended) && endsWithNewline(actual)) reasons.push('final newline added');
  if (endsWithNewline(intended) && !endsWithNewline(actual)) reasons.push('final newline removed');
  if (reasons.length > 0) return `${path}: ${reasons.join(', ')}`;
  const intendedLines = new TextDecoder().decode(intended).split('\n');
  const actualLines = new TextDecoder().decode(actual).split('\n');
  let line = 0;
  while (line < intendedLines.length && intendedLines[line] === actualLines[line]) line++;
  const want = intendedLines[line] ?? '';
  const got = actualLines[line] ?? '';
  if (want.trim() === got.trim()) return `${path}: line ${line + 1} whitespace rewritten`;
  if (want.replace(/[^\x20-\x7e]/g, '') !== want || got.replace(/[^\x20-\x7e]/g, '') !== got) return `${path}: line ${line + 1} punctuation rewritten`;
  return `${path}: edit landed elsewhere or differs from line ${line + 1}`;
}

/** Why an outcome is wrong, in a few words (for the report). */
export function describeWrong(editCase: EditCase, applied: boolean, after: Tree): string {
  if (editCase.intended === 'refuse') {
    const changed = [...new Set([...after.keys(), ...editCase.files.keys()])].filter((path) => !sameBytes(after.get(path), editCase.files.get(path)));
    return applied ? `applied a patch that should be refused (changed ${changed.join(', ')})` : `reported an error but left ${changed.join(', ')} changed (partial apply)`;
  }
  const intended = editCase.intended;
  const problems: string[] = [];
  for (const path of new Set([...intended.keys(), ...after.keys()])) {
    const want = intended.get(path);
    const got = after.get(path);
    if (!want) problems.push(`${path}: should not exist`);
    else if (!got) problems.push(`${path}: missing`);
    else if (!sameBytes(want, got)) problems.push(fileDifference(path, want, got));
  }
  return `${applied ? '' : 'error, yet '}${problems.join('; ')}`;
}
