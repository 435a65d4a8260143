// One model edit of a file: the lines it removes and adds, with the context lines around them, as
// GPT-5 writes an apply_patch chunk (three lines of context each side, `@@` between chunks).

import type { Language, Random } from './textFile';
import { insertedLines, isMeaningful, looseOccurrences, mutateLine } from './textFile';

export interface LineEdit {
  /** Index of the first removed line, or where the added lines go when nothing is removed. */
  readonly start: number;
  readonly before: readonly string[];
  readonly removed: readonly string[];
  readonly added: readonly string[];
  readonly after: readonly string[];
  /** `@@ <header>`: a line above the change that the model names to disambiguate. */
  readonly header?: string;
}

export interface EditWindow {
  /** First line the edit's context may use. */
  readonly low: number;
  /** One past the last line the edit's context may use. */
  readonly high: number;
  readonly context?: number;
  /** Context may reach outside the window down to here (default: the window). */
  readonly contextLow?: number;
  readonly contextHigh?: number;
  /** Require the old lines to be unique in the whole file (default) or to repeat (for @@ cases). */
  readonly unique?: boolean;
}

const ATTEMPTS = 60;

/** A realistic edit inside `window` of `lines`, or undefined when none fits. */
export function makeEdit(lines: readonly string[], language: Language, random: Random, window: EditWindow): LineEdit | undefined {
  const context = window.context ?? 3;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const target = random.int(window.low, window.high - 1);
    const line = lines[target];
    if (line === undefined || !isMeaningful(line)) continue;
    const kind = random.pick(['modify', 'modify', 'insert', 'delete'] as const);
    let start = target;
    let removed: string[] = [];
    let added: string[] = [];
    if (kind === 'modify') {
      removed = [line];
      added = [mutateLine(line, language, random)];
      if (added[0] === line) continue;
    } else if (kind === 'insert') {
      start = target + 1;
      added = insertedLines(line, language, random);
    } else {
      const next = lines[target + 1];
      removed = next !== undefined && isMeaningful(next) && random.chance(0.4) ? [line, next] : [line];
    }
    const end = start + removed.length;
    const before = lines.slice(Math.max(window.contextLow ?? window.low, start - context), start);
    const after = lines.slice(end, Math.min(window.contextHigh ?? window.high, end + context));
    if (before.length + after.length === 0) continue;
    const old = [...before, ...removed, ...after];
    const places = looseOccurrences(lines, old).length;
    if ((window.unique ?? true) ? places !== 1 : places < 2) continue;
    return { start, before, removed, added, after };
  }
  return undefined;
}

/** Up to `count` edits in file order, far enough apart that their contexts never touch. */
export function makeEdits(lines: readonly string[], language: Language, random: Random, count: number): LineEdit[] {
  const edits: LineEdit[] = [];
  const span = Math.floor(lines.length / count);
  for (let index = 0; index < count; index++) {
    const low = index * span;
    const high = index === count - 1 ? lines.length : (index + 1) * span - 1;
    if (high - low < 8) continue;
    const edit = makeEdit(lines, language, random, { low, high });
    if (edit) edits.push(edit);
  }
  return edits;
}

/** The lines after applying `edits` (sorted, non-overlapping) to `lines`. */
export function spliceEdits(lines: readonly string[], edits: readonly LineEdit[]): string[] {
  const out: string[] = [];
  let position = 0;
  for (const edit of edits) {
    out.push(...lines.slice(position, edit.start), ...edit.added);
    position = edit.start + edit.removed.length;
  }
  out.push(...lines.slice(position));
  return out;
}

export interface Spelling {
  /** How the model spells a context line it read as `line` at file index `at`. */
  readonly context?: (line: string, at: number) => string;
  /** Start the first chunk with a bare `@@` (models do either). */
  readonly leadingAt?: boolean;
  readonly endOfFile?: boolean;
}

/** The chunk lines of an Update File section for `edits`. */
export function renderChunks(edits: readonly LineEdit[], spelling: Spelling = {}): string[] {
  const out: string[] = [];
  const spell = spelling.context ?? ((line: string) => line);
  edits.forEach((edit, index) => {
    if (edit.header !== undefined) out.push(`@@ ${edit.header}`);
    else if (index > 0 || spelling.leadingAt) out.push('@@');
    const firstBefore = edit.start - edit.before.length;
    edit.before.forEach((line, offset) => out.push(` ${spell(line, firstBefore + offset)}`));
    for (const line of edit.removed) out.push(`-${line}`);
    for (const line of edit.added) out.push(`+${line}`);
    const firstAfter = edit.start + edit.removed.length;
    edit.after.forEach((line, offset) => out.push(` ${spell(line, firstAfter + offset)}`));
  });
  if (spelling.endOfFile) out.push('*** End of File');
  return out;
}

/** File indexes of every context line of `edits`. */
export function contextIndexes(edit: LineEdit): number[] {
  const indexes: number[] = [];
  const firstBefore = edit.start - edit.before.length;
  edit.before.forEach((_, offset) => indexes.push(firstBefore + offset));
  const firstAfter = edit.start + edit.removed.length;
  edit.after.forEach((_, offset) => indexes.push(firstAfter + offset));
  return indexes;
}
