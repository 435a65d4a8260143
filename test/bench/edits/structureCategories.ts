// Cases about where and whether a patch applies: repeated code that needs an `@@` header, stale
// context, multi-file patches with one bad file, and adds, deletes and moves.

import { addSection, treeOf, updateSection, workspacePath, wrapPatch } from './editCase';
import type { LineEdit } from './edits';
import { contextIndexes, makeEdit, makeEdits, spliceEdits } from './edits';
import type { CaseMaker } from './textCategories';
import type { Language, Random } from './textFile';
import { isMeaningful, lfFile, looseKey, looseOccurrences, mutateLine } from './textFile';

const ALL: readonly Language[] = ['ts', 'js', 'css', 'json', 'md'];
const LABELS = ['primary', 'fallback', 'legacy'];

function headerLine(language: Language, label: string, name: string): string {
  if (language === 'md') return `## ${name} (${label})`;
  if (language === 'css') return `/* ${name}: ${label} theme */`;
  return `// ${name}: ${label} variant`;
}

/**
 * A real file with one of its blocks repeated under distinct header lines (as in generated code,
 * themes or docs), and an edit inside copy `target` whose context lines repeat in every copy.
 */
export const makeRepeated: CaseMaker = (random, pool, id) => {
  const language = random.pick(['ts', 'js', 'css', 'md'] as const);
  const source = pool.pick(language, random);
  const lines = source.lines;
  const size = random.int(5, 8);
  const start = random.int(0, lines.length - size - 1);
  const block = lines.slice(start, start + size);
  if (block.filter(isMeaningful).length < 4 || looseOccurrences(lines, block).length !== 1) return undefined;
  const name = (source.origin.split('/').pop() ?? 'file').replace(/\..*$/, '');
  const copies = random.int(2, 3);
  const headers = LABELS.slice(0, copies).map((label) => headerLine(language, label, name));
  // Copy 0 is the original block (now under a header); the others go after it, further down.
  const file: string[] = [...lines.slice(0, start), headers[0] ?? '', ...block];
  const rest = lines.slice(start + size);
  const copyStarts = [start + 1];
  let restAt = 0;
  for (let copy = 1; copy < copies; copy++) {
    const upTo = random.int(restAt, rest.length);
    file.push(...rest.slice(restAt, upTo), '', headers[copy] ?? '');
    copyStarts.push(file.length);
    file.push(...block);
    restAt = upTo;
  }
  file.push(...rest.slice(restAt));
  const target = random.int(0, copies - 1);
  const low = copyStarts[target] ?? 0;
  const edit = makeEdit(file, language, random, { low, high: low + size, context: 2, unique: false });
  // The chunk must repeat once per copy and nowhere else: then the copy's header is all it needs.
  if (!edit || looseOccurrences(file, [...edit.before, ...edit.removed, ...edit.after]).length !== copies) return undefined;
  // Most of the time the model names the copy's header, as it should; sometimes it forgets,
  // meaning a later copy (the first copy needs no header under first-match semantics).
  const withHeader = target === 0 || random.chance(0.7);
  const header = headers[target] ?? '';
  const placed: LineEdit = withHeader ? { ...edit, header } : edit;
  const path = workspacePath('src', source.origin, language);
  const description = `${copies} copies of a ${size}-line block, edit in copy ${target + 1} ${withHeader ? `with '@@ ${header}'` : 'without an @@ header'} (${source.origin})`;
  return {
    id,
    category: 'repeated',
    description,
    files: treeOf([[path, lfFile(file)]]),
    patch: wrapPatch([updateSection(path, [placed])]),
    intended: treeOf([[path, lfFile(spliceEdits(file, [edit]))]]),
  };
};

/** `lines` changed since the model read them, somewhere inside `edit`'s old lines, or undefined. */
function staleCopy(lines: readonly string[], edit: LineEdit, language: Language, random: Random): { disk: string[]; how: string } | undefined {
  const old = [...edit.before, ...edit.removed, ...edit.after];
  for (let attempt = 0; attempt < 10; attempt++) {
    const disk = [...lines];
    let how: string;
    const removedAt = edit.removed.map((_, offset) => edit.start + offset);
    const contextAt = contextIndexes(edit).filter((at) => isMeaningful(lines[at] ?? ''));
    const inside = [...contextAt, ...removedAt].filter((index) => index > edit.start - edit.before.length);
    if (inside.length > 0 && random.chance(0.25)) {
      const at = random.pick(inside);
      disk.splice(at, 0, mutateLine(lines[at] ?? '', language, random));
      how = 'a line was inserted inside the context';
    } else {
      const useRemoved = removedAt.length > 0 && random.chance(0.3);
      const candidates = useRemoved || contextAt.length === 0 ? removedAt : contextAt;
      if (candidates.length === 0) return undefined;
      const at = random.pick(candidates);
      const changed = mutateLine(lines[at] ?? '', language, random);
      if (looseKey(changed) === looseKey(lines[at] ?? '')) continue;
      disk[at] = changed;
      how = useRemoved ? 'the line to remove was edited' : 'a context line was edited';
    }
    if (looseOccurrences(disk, old).length === 0) return { disk, how };
  }
  return undefined;
}

/** The model read the file, then the file changed (the user or a formatter edited it): refuse. */
export const makeStale: CaseMaker = (random, pool, id) => {
  const source = pool.pick(random.pick(ALL), random);
  const [edit] = makeEdits(source.lines, source.language, random, 1);
  if (!edit) return undefined;
  const stale = staleCopy(source.lines, edit, source.language, random);
  if (!stale) return undefined;
  const path = workspacePath('src', source.origin, source.language);
  return {
    id,
    category: 'stale',
    description: `file changed since the model read it: ${stale.how} (${source.origin})`,
    files: treeOf([[path, lfFile(stale.disk)]]),
    patch: wrapPatch([updateSection(path, [edit])]),
    intended: 'refuse',
  };
};

/** Two or three files updated in one patch; one of them cannot be (stale, or missing): refuse all. */
export const makeMultiFile: CaseMaker = (random, pool, id) => {
  const count = random.int(2, 3);
  const bad = random.int(0, count - 1);
  const badKind = random.pick(['stale', 'stale', 'missing file', 'delete of a missing file'] as const);
  const files: [string, ReturnType<typeof lfFile>][] = [];
  const sections: string[][] = [];
  for (let index = 0; index < count; index++) {
    const source = pool.pick(random.pick(ALL), random);
    const path = workspacePath(`pkg${index}`, source.origin, source.language);
    const [edit] = makeEdits(source.lines, source.language, random, 1);
    if (!edit) return undefined;
    if (index !== bad) {
      files.push([path, lfFile(source.lines)]);
      sections.push(updateSection(path, [edit]));
    } else if (badKind === 'stale') {
      const stale = staleCopy(source.lines, edit, source.language, random);
      if (!stale) return undefined;
      files.push([path, lfFile(stale.disk)]);
      sections.push(updateSection(path, [edit]));
    } else if (badKind === 'missing file') {
      sections.push(updateSection(path, [edit]));
    } else {
      sections.push([`*** Delete File: ${path}`]);
    }
  }
  return {
    id,
    category: 'multi_file',
    description: `${count} files, file ${bad + 1} is bad (${badKind})`,
    files: treeOf(files),
    patch: wrapPatch(sections),
    intended: 'refuse',
  };
};

export const makeAddDeleteMove: CaseMaker = (random, pool, id) => {
  const kind = random.pick(['add', 'delete', 'move', 'add+update+delete'] as const);
  const first = pool.pick(random.pick(ALL), random);
  const second = pool.pick(random.pick(ALL), random);
  const firstPath = workspacePath('src', first.origin, first.language);
  const secondPath = workspacePath('src/generated', second.origin, second.language);
  if (firstPath === secondPath) return undefined;
  const added = second.lines.slice(0, 120);
  const [edit] = makeEdits(first.lines, first.language, random, 1);
  if (!edit) return undefined;
  const updated = lfFile(spliceEdits(first.lines, [edit]));
  const original = lfFile(first.lines);
  let sections: string[][];
  let after: [string, ReturnType<typeof lfFile>][];
  let before: [string, ReturnType<typeof lfFile>][] = [[firstPath, original]];
  if (kind === 'add') {
    sections = [addSection(secondPath, added)];
    after = [[firstPath, original], [secondPath, lfFile(added)]];
  } else if (kind === 'delete') {
    sections = [[`*** Delete File: ${firstPath}`]];
    after = [];
  } else if (kind === 'move') {
    const target = workspacePath('lib/moved', first.origin, first.language);
    sections = [updateSection(firstPath, [edit], {}, target)];
    after = [[target, updated]];
  } else {
    const doomed = workspacePath('old', second.origin, second.language);
    before = [[firstPath, original], [doomed, lfFile(second.lines)]];
    sections = [addSection(secondPath, added), updateSection(firstPath, [edit]), [`*** Delete File: ${doomed}`]];
    after = [[firstPath, updated], [secondPath, lfFile(added)]];
  }
  return {
    id,
    category: 'add_delete_move',
    description: `${kind} (${first.origin}${kind.includes('add') ? `, ${second.origin}` : ''})`,
    files: treeOf(before),
    patch: wrapPatch(sections),
    intended: treeOf(after),
  };
};
