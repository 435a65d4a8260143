// A case of the edit benchmark: the files on disk, the patch a model wrote, and what the model
// meant: the exact bytes of every file afterwards, or "refuse" (the patch cannot be applied as
// meant, so the right answer is a clean error with nothing changed).

import type { LineEdit, Spelling } from './edits';
import { renderChunks } from './edits';
import type { Language, TextFile } from './textFile';
import { encodeFile } from './textFile';

export const CATEGORIES = [
  'clean',
  'whitespace',
  'typographic',
  'crlf',
  'bom',
  'no_final_newline',
  'repeated',
  'stale',
  'multi_file',
  'add_delete_move',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Tree = ReadonlyMap<string, Uint8Array>;

export interface EditCase {
  readonly id: string;
  readonly category: Category;
  /** What the model did, in a few words (shown for cases an engine gets wrong). */
  readonly description: string;
  readonly files: Tree;
  readonly patch: string;
  /** The intended files afterwards; `refuse` when nothing should change and the engine should say why. */
  readonly intended: Tree | 'refuse';
}

const EXTENSION: Record<Language, string> = { ts: '.ts', js: '.js', css: '.css', json: '.json', md: '.md' };

/** A workspace path for a file taken from node_modules: `<folder>/<its base name>`. */
export function workspacePath(folder: string, origin: string, language: Language): string {
  const base = (origin.split('/').pop() ?? 'file').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-') || 'file';
  return `${folder}/${base}${EXTENSION[language]}`;
}

export function wrapPatch(sections: readonly string[][]): string {
  return ['*** Begin Patch', ...sections.flat(), '*** End Patch'].join('\n');
}

export function updateSection(path: string, edits: readonly LineEdit[], spelling: Spelling = {}, moveTo?: string): string[] {
  return [`*** Update File: ${path}`, ...(moveTo ? [`*** Move to: ${moveTo}`] : []), ...renderChunks(edits, spelling)];
}

export function addSection(path: string, lines: readonly string[]): string[] {
  return [`*** Add File: ${path}`, ...lines.map((line) => `+${line}`)];
}

export function treeOf(entries: readonly (readonly [string, TextFile])[]): Map<string, Uint8Array> {
  return new Map(entries.map(([path, file]) => [path, encodeFile(file)]));
}

export function sameBytes(left: Uint8Array | undefined, right: Uint8Array | undefined): boolean {
  if (!left || !right) return left === right;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

export function sameTree(left: Tree, right: Tree): boolean {
  if (left.size !== right.size) return false;
  for (const [path, bytes] of left) if (!sameBytes(bytes, right.get(path))) return false;
  return true;
}
