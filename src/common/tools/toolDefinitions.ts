// The read-only function tools the model may call to look around the workspace, as the
// Responses API takes them: `type: "function"` with `strict: true` JSON schemas. Under strict
// mode every property is required, so an optional argument is typed `[…, "null"]`.
import type { FunctionTool } from 'openai/resources/responses/responses';

export const READ_TOOL_NAMES = ['read_file', 'list_dir', 'find_files', 'search_text', 'find_symbol', 'go_to_definition', 'find_references', 'get_problems'] as const;
export type ReadToolName = (typeof READ_TOOL_NAMES)[number];

export function isReadToolName(name: string): name is ReadToolName {
  return (READ_TOOL_NAMES as readonly string[]).includes(name);
}

type Schema = Record<string, unknown>;

const nullable = (type: 'string' | 'integer' | 'boolean', description: string): Schema => ({ type: [type, 'null'], description });
const text = (description: string): Schema => ({ type: 'string', description });

function tool(name: ReadToolName, description: string, properties: Record<string, Schema>): FunctionTool {
  return {
    type: 'function',
    name,
    description,
    strict: true,
    parameters: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false },
  };
}

const PATH_HELP = 'Path relative to the workspace folder, e.g. src/app.ts (in a multi-root workspace it starts with the folder name).';
const POSITION = {
  path: text(PATH_HELP),
  line: { type: 'integer', description: '1-based line number.' },
  column: { type: 'integer', description: '1-based column of a character of the symbol on that line.' },
};

/** Every read tool, in a fixed order: the `tools` list never changes between requests (prompt cache). */
export const READ_TOOLS: readonly FunctionTool[] = [
  tool('read_file', 'Reads a text file of the workspace with line numbers (the editor buffer when it is open). Large files: read a range.', {
    path: text(PATH_HELP),
    start_line: nullable('integer', 'First line to read (1-based); null for the start.'),
    end_line: nullable('integer', 'Last line to read (inclusive); null for the end.'),
  }),
  tool('list_dir', 'Lists a folder of the workspace: entries with kind and size; excluded and git-ignored files are left out.', {
    path: text('Folder relative to the workspace folder; "" or "." for the workspace root.'),
    depth: nullable('integer', 'How many levels deep to list (1 to 4, default 1).'),
  }),
  tool('find_files', 'Finds workspace files whose path matches a glob, e.g. **/*.test.ts (files.exclude and search.exclude apply).', {
    glob: text('Glob relative to the workspace folder.'),
    max_results: nullable('integer', 'At most this many paths (default 100, at most 500).'),
  }),
  tool('search_text', 'Searches the text of the workspace files. Each match is a line "path:12: text", with a line of context before and after as "path-11- text"; groups of lines are separated by "--".', {
    query: text('Text to search for within one line (case-insensitive unless it has capitals), or a regular expression when is_regex is true (ripgrep syntax: no look-around or backreferences).'),
    is_regex: nullable('boolean', 'Treat query as a regular expression (default false).'),
    include: nullable('string', 'Only files matching this glob, e.g. src/**/*.ts.'),
    max_results: nullable('integer', 'At most this many matching lines (default 50, at most 200).'),
  }),
  tool('find_symbol', 'Finds classes, functions, variables… by name through the language servers (workspace symbols).', {
    query: text('The symbol name or part of it.'),
  }),
  tool('go_to_definition', 'Where the symbol at a position is defined, through the language servers.', POSITION),
  tool('find_references', 'Every reference to the symbol at a position, through the language servers.', POSITION),
  tool('get_problems', 'Errors and warnings the language servers report (diagnostics), for one file or the whole workspace.', {
    path: nullable('string', `${PATH_HELP} Null for every file.`),
  }),
];
