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
  if (value < min || value > max) throw new ArgumentError(`"${name}" must be between ${min} and ${max} (got ${value}).`);
  return value;
}

function int(fields: Fields, name: string, min: number): number {
  const value = optionalInt(fields, name, min);
  if (value === undefined) throw new ArgumentError(`"${name}" is required.`);
  return value;
}

function clamp(value: number | undefined, fallback: number, max: number): number {
  return Math.min(value ?? fallback, max);
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
      return { tool, args: { glob: str(fields, 'glob'), maxResults: clamp(optionalInt(fields, 'max_results', 1), FIND_FILES_DEFAULT, FIND_FILES_MAX) } };
    case 'search_text': {
      const query = str(fields, 'query');
      if (query === '') throw new ArgumentError('"query" is empty.');
      const isRegex = fields.is_regex === true;
      if (isRegex) {
        try {
          new RegExp(query, 'u');
        } catch (err) {
          throw new ArgumentError(`"query" is not a valid regular expression: ${(err as Error).message}`);
        }
      }
      return { tool, args: { query, isRegex, include: optionalStr(fields, 'include'), maxResults: clamp(optionalInt(fields, 'max_results', 1), SEARCH_DEFAULT, SEARCH_MAX) } };
    }
    case 'find_symbol':
      return { tool, args: { query: str(fields, 'query') } };
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
