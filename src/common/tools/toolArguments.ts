// The model's JSON arguments, checked. Strict schemas make the API send well-formed arguments,
// but the arguments are still the model's (and a prompt injection's) words: every field is
// checked here and a bad one becomes an error the model can act on.
import type { ReadToolName } from './toolDefinitions';

export interface ReadFileArgs { path: string; startLine?: number; endLine?: number }
export interface ListDirArgs { path: string; depth: number }
export interface FindFilesArgs { glob: string; maxResults: number }
export interface SearchTextArgs { query: string; isRegex: boolean; include?: string; maxResults: number }
export interface FindSymbolArgs { query: string }
export interface PositionArgs { path: string; line: number; column: number }
export interface GetProblemsArgs { path?: string }

export type ToolArgs =
  | { tool: 'read_file'; args: ReadFileArgs }
  | { tool: 'list_dir'; args: ListDirArgs }
  | { tool: 'find_files'; args: FindFilesArgs }
  | { tool: 'search_text'; args: SearchTextArgs }
  | { tool: 'find_symbol'; args: FindSymbolArgs }
  | { tool: 'go_to_definition'; args: PositionArgs }
  | { tool: 'find_references'; args: PositionArgs }
  | { tool: 'get_problems'; args: GetProblemsArgs };

export const FIND_FILES_DEFAULT = 100;
export const FIND_FILES_MAX = 500;
export const SEARCH_DEFAULT = 50;
export const SEARCH_MAX = 200;
export const LIST_DEPTH_MAX = 4;
const MAX_STRING = 1000;

class ArgumentError extends Error {}

type Fields = Record<string, unknown>;

function str(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new ArgumentError(`"${name}" must be a string.`);
  if (value.length > MAX_STRING) throw new ArgumentError(`"${name}" is longer than ${MAX_STRING} characters.`);
  return value;
}

function optionalStr(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  return str(fields, name);
}

function optionalInt(fields: Fields, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ArgumentError(`"${name}" must be a whole number.`);
  if (value < min || value > max) {
    throw new ArgumentError(max === Number.MAX_SAFE_INTEGER ? (value < min ? `"${name}" must be ${min} or more (got ${value}).` : `"${name}" is too large (got ${value}).`) : `"${name}" must be between ${min} and ${max} (got ${value}).`);
  }
  return value;
}

/** A count the tool caps anyway: anything above `max` means "as many as you give". */
function optionalCount(fields: Fields, name: string, fallback: number, max: number): number {
  const value = fields[name];
  if (typeof value === 'number' && Number.isInteger(value) && value > max) return max;
  return optionalInt(fields, name, 1, max) ?? fallback;
}

/**
 * A glob the model gave (find_files' glob, search_text's include): relative to the workspace, so a
 * `..` segment could only match nothing; unbalanced brackets would be read differently by ripgrep
 * (an error) and by the Node search (literal text).
 */
function checkedGlob(name: string, glob: string): string {
  if (glob.trim() === '') throw new ArgumentError(`"${name}" is empty; use **/* for every file.`);
  if (glob.split(/[\\/]/).some((segment) => segment === '..')) {
    throw new ArgumentError(`"${name}" contains "..": globs are relative to the workspace folder and match only files inside it.`);
  }
  let braces = 0;
  let inClass = false;
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\') index++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '{') braces++;
    else if (char === '}' && --braces < 0) break;
  }
  if (inClass) throw new ArgumentError(`"${name}" has a "[" without its "]".`);
  if (braces !== 0) throw new ArgumentError(`"${name}" has unbalanced "{" and "}".`);
  return glob;
}

/** What a regular expression uses that a one-line, Rust-syntax search cannot do. */
function unsupportedRegexFeature(source: string): 'line break' | 'look-around or backreference' | undefined {
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') {
      const next = source[++index] ?? '';
      // [^\n] is fine: within a line it matches every character.
      if (!inClass && (next === 'n' || next === 'r')) return 'line break';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[index + 1] === '<'))) return 'look-around or backreference';
    } else if (inClass) {
      inClass = char !== ']';
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && /^\(\?<?[=!]/.test(source.slice(index, index + 4))) {
      return 'look-around or backreference';
    }
  }
  return undefined;
}

/**
 * A search query both engines read the same way: ripgrep and the Node search match one line at a
 * time, and ripgrep's regular expressions (Rust syntax) have no look-around or backreferences.
 */
function checkedQuery(query: string, isRegex: boolean): string {
  if (query === '') throw new ArgumentError('"query" is empty.');
  const unsupported = /[\r\n]/.test(query) ? 'line break' : isRegex ? unsupportedRegexFeature(query) : undefined;
  if (unsupported === 'line break') throw new ArgumentError('"query" spans lines, but search_text matches within one line. Search for one line of it.');
  if (!isRegex) return query;
  try {
    new RegExp(query, 'u');
  } catch (err) {
    throw new ArgumentError(`"query" is not a valid regular expression: ${(err as Error).message}`);
  }
  if (unsupported) {
    throw new ArgumentError('"query" uses look-around or a backreference, which search_text\'s regular expressions (ripgrep\'s syntax) do not have. Search for a wider pattern and read the lines it finds.');
  }
  return query;
}

function int(fields: Fields, name: string, min: number): number {
  const value = optionalInt(fields, name, min);
  if (value === undefined) throw new ArgumentError(`"${name}" is required.`);
  return value;
}

function parseFields(tool: ReadToolName, fields: Fields): ToolArgs {
  switch (tool) {
    case 'read_file': {
      const startLine = optionalInt(fields, 'start_line', 1);
      const endLine = optionalInt(fields, 'end_line', 1);
      if (startLine !== undefined && endLine !== undefined && endLine < startLine) {
        throw new ArgumentError(`"end_line" (${endLine}) is before "start_line" (${startLine}).`);
      }
      return { tool, args: { path: str(fields, 'path'), startLine, endLine } };
    }
    case 'list_dir':
      return { tool, args: { path: str(fields, 'path'), depth: optionalInt(fields, 'depth', 1, LIST_DEPTH_MAX) ?? 1 } };
    case 'find_files':
      return { tool, args: { glob: checkedGlob('glob', str(fields, 'glob')), maxResults: optionalCount(fields, 'max_results', FIND_FILES_DEFAULT, FIND_FILES_MAX) } };
    case 'search_text': {
      const isRegex = fields.is_regex === true;
      const query = checkedQuery(str(fields, 'query'), isRegex);
      const include = optionalStr(fields, 'include');
      return { tool, args: { query, isRegex, include: include === undefined ? undefined : checkedGlob('include', include), maxResults: optionalCount(fields, 'max_results', SEARCH_DEFAULT, SEARCH_MAX) } };
    }
    case 'find_symbol': {
      const query = str(fields, 'query');
      if (query.trim() === '') throw new ArgumentError('"query" is empty; give a symbol name or part of it.');
      return { tool, args: { query } };
    }
    case 'go_to_definition':
    case 'find_references':
      return { tool, args: { path: str(fields, 'path'), line: int(fields, 'line', 1), column: int(fields, 'column', 1) } };
    case 'get_problems':
      return { tool, args: { path: optionalStr(fields, 'path') } };
  }
}

/** The checked arguments, or a sentence saying what is wrong with them. */
export function parseToolArguments(tool: ReadToolName, json: string): ToolArgs | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { error: `The arguments of ${tool} are not valid JSON.` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: `The arguments of ${tool} must be a JSON object.` };
  try {
    return parseFields(tool, parsed as Fields);
  } catch (err) {
    if (err instanceof ArgumentError) return { error: `Bad arguments for ${tool}: ${err.message}` };
    throw err;
  }
}
