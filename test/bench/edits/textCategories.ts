// Single-file update cases where only the file's framing or the model's spelling of context lines
// differs from a clean edit: the patch is meant to apply, changing only the targeted lines.

import type { Category, EditCase } from './editCase';
import { treeOf, updateSection, workspacePath, wrapPatch } from './editCase';
import type { LineEdit, Spelling } from './edits';
import { contextIndexes, makeEdit, makeEdits, spliceEdits } from './edits';
import type { SourcePool } from './sourceFiles';
import type { Language, Random, TextFile } from './textFile';
import { indentOf } from './textFile';

export type CaseMaker = (random: Random, pool: SourcePool, id: string) => EditCase | undefined;

const ALL: readonly Language[] = ['ts', 'js', 'css', 'json', 'md'];
const PROSE_AND_CODE: readonly Language[] = ['ts', 'js', 'css', 'md'];

interface UpdateSetup {
  readonly category: Category;
  readonly description: string;
  readonly path: string;
  /** The file as the model read it. */
  readonly view: readonly string[];
  /** The file's lines on disk (same count as `view`; differs only where the category says). */
  readonly disk: readonly string[];
  readonly frame: Omit<TextFile, 'lines'>;
  readonly edits: readonly LineEdit[];
  readonly spelling?: Spelling;
}

function updateCase(id: string, setup: UpdateSetup): EditCase {
  const before = { ...setup.frame, lines: setup.disk };
  const after = { ...setup.frame, lines: spliceEdits(setup.disk, setup.edits) };
  return {
    id,
    category: setup.category,
    description: setup.description,
    files: treeOf([[setup.path, before]]),
    patch: wrapPatch([updateSection(setup.path, setup.edits, setup.spelling)]),
    intended: treeOf([[setup.path, after]]),
  };
}

const LF = { eol: '\n', bom: false, finalNewline: true } as const;

export const makeClean: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(ALL), random);
  const edits = makeEdits(source.lines, source.language, random, random.int(1, 3));
  if (edits.length === 0) return undefined;
  const path = workspacePath('src', source.origin, source.language);
  const description = `${edits.length} chunk(s) in ${source.origin}`;
  return updateCase(id, { category: 'clean', description, path, view: source.lines, disk: source.lines, frame: LF, edits, spelling: { leadingAt: random.chance(0.5) } });
};

function reindent(line: string, random: Random): string {
  const indent = indentOf(line);
  const body = line.slice(indent.length);
  if (indent.includes('\t')) return indent.replace(/\t/g, '    ') + body;
  if (indent.length >= 4 && random.chance(0.5)) return ' '.repeat(indent.length / 2) + body;
  if (indent.length === 0) return `  ${body}`;
  return random.chance(0.5) ? body : ' '.repeat(indent.length * 2) + body;
}

/** Context lines whose text is worth drifting (blank lines have nothing to drift). */
function driftTargets(edits: readonly LineEdit[], view: readonly string[], random: Random): number[] {
  const chosen: number[] = [];
  for (const edit of edits) {
    const candidates = contextIndexes(edit).filter((at) => (view[at] ?? '').trim() !== '');
    for (let count = random.int(1, 2); count > 0 && candidates.length > 0; count--) {
      chosen.push(...candidates.splice(random.int(0, candidates.length - 1), 1));
    }
  }
  return chosen;
}

export const makeWhitespace: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(ALL), random);
  const edits = makeEdits(source.lines, source.language, random, random.int(1, 2));
  if (edits.length === 0) return undefined;
  const disk = [...source.lines];
  const patchSpelling = new Map<number, string>();
  const kinds: string[] = [];
  for (const at of driftTargets(edits, source.lines, random)) {
    const line = source.lines[at] ?? '';
    const kind = random.pick(['file has trailing spaces', 'patch adds trailing space', 'patch re-indents']);
    kinds.push(kind);
    if (kind === 'file has trailing spaces') disk[at] = line + random.pick(['  ', ' ', '\t']);
    else if (kind === 'patch adds trailing space') patchSpelling.set(at, `${line} `);
    else patchSpelling.set(at, reindent(line, random));
  }
  if (kinds.length === 0) return undefined;
  const path = workspacePath('src', source.origin, source.language);
  const spelling = { context: (line: string, at: number) => patchSpelling.get(at) ?? line };
  return updateCase(id, { category: 'whitespace', description: `${kinds.join(', ')} (${source.origin})`, path, view: source.lines, disk, frame: LF, edits, spelling });
};

/** ASCII quotes, apostrophes and dashes as a word processor (or a model) typesets them. */
function typeset(line: string): string {
  return line
    .replace(/"([^"\n]*)"/g, '\u201C$1\u201D')
    .replace(/(\w)'(\w)/g, '$1\u2019$2')
    .replace(/ - /g, ' \u2014 ')
    .replace(/ -- /g, ' \u2013 ');
}

function proseNote(language: Language): string {
  const note = `don't touch - it's the "fallback" path`;
  if (language === 'md') return ` Note: ${note}.`;
  if (language === 'css') return ` /* ${note} */`;
  return ` // ${note}`;
}

export const makeTypographic: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(PROSE_AND_CODE), random);
  const edits = makeEdits(source.lines, source.language, random, random.int(1, 2));
  if (edits.length === 0) return undefined;
  const view = [...source.lines];
  const disk = [...source.lines];
  const patchSpelling = new Map<number, string>();
  const fileTypeset = random.chance(0.5);
  for (const at of driftTargets(edits, view, random)) {
    let line = view[at] ?? '';
    if (typeset(line) === line) line += proseNote(source.language);
    view[at] = line;
    disk[at] = fileTypeset ? typeset(line) : line;
    if (!fileTypeset) patchSpelling.set(at, typeset(line));
  }
  const path = workspacePath('src', source.origin, source.language);
  const description = `${fileTypeset ? 'file has typographic quotes/dashes, patch writes ASCII' : 'patch writes typographic quotes/dashes, file has ASCII'} (${source.origin})`;
  const spelling = { context: (line: string, at: number) => patchSpelling.get(at) ?? view[at] ?? line };
  return updateCase(id, { category: 'typographic', description, path, view, disk, frame: LF, edits, spelling });
};

export const makeCrlf: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(ALL), random);
  const edits = makeEdits(source.lines, source.language, random, random.int(1, 2));
  if (edits.length === 0) return undefined;
  const path = workspacePath('src', source.origin, source.language);
  const frame = { eol: '\r\n', bom: false, finalNewline: true } as const;
  return updateCase(id, { category: 'crlf', description: `CRLF file, ${edits.length} chunk(s) (${source.origin})`, path, view: source.lines, disk: source.lines, frame, edits });
};

export const makeBom: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(ALL), random);
  const nearTop = random.chance(0.5);
  const edit = nearTop
    ? makeEdit(source.lines, source.language, random, { low: 0, high: 5, contextHigh: source.lines.length })
    : makeEdit(source.lines, source.language, random, { low: 8, high: source.lines.length });
  if (!edit) return undefined;
  const path = workspacePath('src', source.origin, source.language);
  const frame = { eol: '\n', bom: true, finalNewline: true } as const;
  const description = `UTF-8 BOM, edit ${nearTop ? 'with the first line in context' : 'further down'} (${source.origin})`;
  return updateCase(id, { category: 'bom', description, path, view: source.lines, disk: source.lines, frame, edits: [edit] });
};

export const makeNoFinalNewline: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(ALL), random);
  const length = source.lines.length;
  const atEnd = random.chance(0.5);
  const edit = atEnd
    ? makeEdit(source.lines, source.language, random, { low: length - 4, high: length, contextLow: 0 })
    : makeEdit(source.lines, source.language, random, { low: 0, high: length - 8 });
  if (!edit) return undefined;
  const touchesEnd = edit.start + edit.removed.length + edit.after.length === length;
  const path = workspacePath('src', source.origin, source.language);
  const frame = { eol: '\n', bom: false, finalNewline: false } as const;
  const spelling = { endOfFile: touchesEnd && random.chance(0.5) };
  const description = `no final newline, edit ${touchesEnd ? 'at the end' : 'in the middle'}${spelling.endOfFile ? ' with *** End of File' : ''} (${source.origin})`;
  return updateCase(id, { category: 'no_final_newline', description, path, view: source.lines, disk: source.lines, frame, edits: [edit], spelling });
};
