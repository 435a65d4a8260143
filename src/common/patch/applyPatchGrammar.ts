// The apply_patch custom tool: a Lark grammar that constrains the model's tool input to the patch
// envelope. It describes the canonical form only; the parser is more lenient (heredoc wrapper,
// padded markers, blank lines between hunks) for input that does not come through the grammar.
//
// Lark (and OpenAI's grammar engine) refuse terminals that can match the empty string, so an
// optional rest of line is written `TEXT?` with a non-empty `TEXT`.

export const APPLY_PATCH_LARK_GRAMMAR = String.raw`start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line*
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? first_chunk chunk*

filename: TEXT
add_line: "+" TEXT? LF

change_move: "*** Move to: " filename LF
first_chunk: change_context* change_line+ eof_line?
chunk: change_context+ change_line+ eof_line?
change_context: ("@@" | "@@ " TEXT) LF
change_line: ("+" | "-" | " ") TEXT? LF
           | LF
eof_line: "*** End of File" LF

TEXT: /[^\n]+/
LF: "\n"
`;

export const APPLY_PATCH_TOOL_DESCRIPTION = [
  'Edit files in the workspace with a patch. Paths are relative to the workspace folder.',
  'Format: *** Begin Patch, then one section per file, then *** End Patch.',
  '*** Add File: <path> — every line of the new file follows, prefixed with +.',
  '*** Delete File: <path> — nothing follows.',
  '*** Update File: <path> — optionally *** Move to: <new path>, then chunks. A chunk starts with @@ (optionally "@@ <a line of the file just above the change>, such as the enclosing function"; several @@ lines in a row narrow down nested scopes, like "@@ class A" then "@@ def f():"), then lines prefixed with " " (unchanged context), "-" (removed) or "+" (added). Give about 3 lines of context above and below each change; chunks in file order; *** End of File after a chunk that must match at the end of the file.',
  'Context and removed lines must match the current file. If the lines could match at more than one place, add an @@ line or more context.',
  'The whole patch applies or nothing does; the result lists the changed files or the error.',
].join('\n');

export interface ApplyPatchToolDefinition {
  readonly type: 'custom';
  readonly name: 'apply_patch';
  readonly description: string;
  readonly format: { readonly type: 'grammar'; readonly syntax: 'lark'; readonly definition: string };
}

export const APPLY_PATCH_TOOL: ApplyPatchToolDefinition = {
  type: 'custom',
  name: 'apply_patch',
  description: APPLY_PATCH_TOOL_DESCRIPTION,
  format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
};
