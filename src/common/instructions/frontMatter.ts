// The YAML front matter of a `.github/instructions/*.instructions.md` file, read just far enough
// to know which files it applies to (`applyTo`). Not a YAML parser: the files come from the
// workspace (possibly hostile), so only `key: value` lines are read and everything else is ignored.

export interface InstructionFrontMatter {
  /** The globs of `applyTo` (comma-separated in one string, or a `[a, b]` list); empty when absent. */
  applyTo: string[];
  /** The text after the front matter (the whole text when there is none). */
  body: string;
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(['"])(.*)\1$/s.exec(trimmed);
  return quoted ? (quoted[2] ?? '') : trimmed;
}

/** Splits at commas that are not inside `{…}` (a glob's alternatives keep their commas). */
export function splitGlobList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    else if (char === ',' && depth === 0) {
      parts.push(value.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map(unquote).filter((part) => part !== '');
}

function applyToGlobs(raw: string): string[] {
  const value = raw.trim();
  // `applyTo: ['**/*.ts', '**/*.tsx']` (a flow list) as well as `applyTo: '**/*.ts,**/*.tsx'`.
  if (value.startsWith('[') && value.endsWith(']')) return splitGlobList(value.slice(1, -1));
  return splitGlobList(unquote(value));
}

export function parseFrontMatter(text: string): InstructionFrontMatter {
  const opening = OPENING.exec(text);
  if (!opening) return { applyTo: [], body: text };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) return { applyTo: [], body: text };
  const header = rest.slice(0, closing.index);
  const body = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
  let applyTo: string[] = [];
  for (const line of header.split(/\r?\n/)) {
    const field = /^applyTo[ \t]*:(.*)$/.exec(line);
    if (field) applyTo = applyToGlobs(field[1] ?? '');
  }
  return { applyTo, body };
}
