// Scoring one engine's run of one case against what the model meant.
//   exact    the files equal the intended result byte for byte (for a patch that should be
//            refused: a clean error and every file unchanged)
//   wrong    the files differ from the intent: applied wrongly, partly applied, or applied when it
//            should have been refused. The worst outcome: a silent corruption.
//   refused  a clean error with nothing changed, for a patch that was meant to apply.

import type { EditCase, Tree } from './editCase';
import { sameBytes, sameTree } from './editCase';
import { looseKey } from './textFile';

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

/** What differs between the intended bytes of one file and what the engine wrote: a kind, for counting. */
function fileDifference(intended: Uint8Array, actual: Uint8Array): string {
  const reasons: string[] = [];
  const bom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom(intended) && !bom(actual)) reasons.push('BOM removed');
  if (lineCount(intended, '\r\n') !== lineCount(actual, '\r\n')) reasons.push('CRLF line endings changed');
  const endsWithNewline = (bytes: Uint8Array) => bytes[bytes.length - 1] === 0x0a;
  if (!endsWithNewline(intended) && endsWithNewline(actual)) reasons.push('final newline added');
  if (endsWithNewline(intended) && !endsWithNewline(actual)) reasons.push('final newline removed');
  if (reasons.length > 0) return reasons.join(', ');
  const intendedLines = new TextDecoder().decode(intended).split('\n');
  const actualLines = new TextDecoder().decode(actual).split('\n');
  let line = 0;
  while (line < intendedLines.length && intendedLines[line] === actualLines[line]) line++;
  if (intendedLines.length === actualLines.length && looseKey(intendedLines[line] ?? '') === looseKey(actualLines[line] ?? '')) {
    return 'an untouched line rewritten in the patch\'s spelling';
  }
  return 'edit applied at another place';
}

export interface WrongOutcome {
  /** What went wrong, in a few words shared by similar cases (for counting). */
  readonly kind: string;
  readonly detail: string;
}

/** Why an outcome is wrong (for the report). */
export function describeWrong(editCase: EditCase, applied: boolean, after: Tree): WrongOutcome {
  if (editCase.intended === 'refuse') {
    const changed = [...new Set([...after.keys(), ...editCase.files.keys()])].filter((path) => !sameBytes(after.get(path), editCase.files.get(path)));
    return applied
      ? { kind: 'applied a patch that should be refused', detail: `changed ${changed.join(', ')}` }
      : { kind: 'reported an error after writing some files (partial apply)', detail: `left ${changed.join(', ')} changed` };
  }
  const intended = editCase.intended;
  const problems: string[] = [];
  const kinds = new Set<string>();
  for (const path of new Set([...intended.keys(), ...after.keys()])) {
    const want = intended.get(path);
    const got = after.get(path);
    const kind = !want ? 'a file that should not exist' : !got ? 'a file missing' : sameBytes(want, got) ? undefined : fileDifference(want, got);
    if (!kind) continue;
    kinds.add(kind);
    problems.push(`${path}: ${kind}`);
  }
  return { kind: `${applied ? '' : 'error, yet '}${[...kinds].join('; ')}`, detail: problems.join('; ') };
}
