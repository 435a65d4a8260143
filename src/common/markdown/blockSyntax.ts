// Line-level markdown syntax the block splitter recognises (CommonMark/GFM as marked reads it),
// and the check that asks marked's own block lexer where a block starts.
import { Lexer, getDefaults, type MarkedOptions } from 'marked';

export const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;

/** CommonMark HTML block kinds 1–5: they may contain blank lines and end at a marker. */
export const HTML_BLOCK_STARTS: ReadonlyArray<{ start: RegExp; end: RegExp }> = [
  { start: /^<(?:script|pre|style|textarea)(?:[\s>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i },
  { start: /^<!--/, end: /-->/ },
  { start: /^<\?/, end: /\?>/ },
  { start: /^<![A-Za-z]/, end: />/ },
  { start: /^<!\[CDATA\[/, end: /\]\]>/ },
];

/** CommonMark HTML block kind 6 (block-level tag names) and 7 (any lone complete tag): end at a blank line. */
const HTML_BLOCK_TAGS =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
export const HTML_BLOCK_TYPE6 = new RegExp(`^<\\/?(?:${HTML_BLOCK_TAGS})(?:[\\s>]|\\/>|$)`, 'i');
/** marked lets a kind-6 tag interrupt a paragraph only when something follows its name on the line. */
export const HTML_BLOCK_TYPE6_IN_PARAGRAPH = new RegExp(`^<\\/?(?:${HTML_BLOCK_TAGS})(?:[ \\t]|\\/?>)`, 'i');
export const HTML_BLOCK_TYPE7 =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

export const LINK_DEFINITION_START = /^\[(?:\\.|[^\]\\])+\]:/;
export const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
export const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

export const TABLE_DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** A line (indented at most 3) that ends a table: a quote, heading or HTML that interrupts text. */
export function startsAnyBlock(rest: string): boolean {
  return rest.startsWith('>') || ATX_HEADING.test(rest) || HTML_BLOCK_TYPE6.test(rest) || /^<(?:script|pre|style|textarea|!--)/i.test(rest);
}

/** Only a non-empty bullet item or an ordered item numbered 1 may interrupt a paragraph. */
export function canInterruptParagraph(rest: string): boolean {
  const marker = /^(?:[-+*]|0{0,8}1[.)])[ \t]+\S/.exec(rest);
  return marker !== null;
}

export function interruptsContainer(rest: string): boolean {
  return ATX_HEADING.test(rest) || THEMATIC_BREAK.test(rest) || HTML_BLOCK_TYPE6.test(rest) || HTML_BLOCK_STARTS.some((kind) => kind.start.test(rest));
}

export const BLOCK_LEXER_OPTIONS: MarkedOptions = { ...getDefaults(), gfm: true };

/** Whether marked, lexing `before + nextLine`, starts a top-level block exactly at `nextLine`. */
export function markedStartsBlockAt(before: string, nextLine: string): boolean {
  const head = before.replace(/\r\n?/g, '\n');
  const tokens = new Lexer(BLOCK_LEXER_OPTIONS).blockTokens(head + nextLine.replace(/\r\n?/g, '\n'));
  let offset = 0;
  for (const token of tokens) {
    if (offset === head.length) return true;
    const end = offset + token.raw.length;
    // A token may end before its last newline and leave it to the next one, or own trailing
    // blank lines: whitespace on either side of the line start does not join the blocks.
    if (end > head.length) return /^\s*$/.test(token.raw.slice(head.length - offset));
    offset = end;
  }
  return false;
}

/** Column width of leading whitespace (tabs to the next multiple of 4) and the rest of the line. */
export function measureIndent(line: string): { indent: number; rest: string } {
  let column = 0;
  let index = 0;
  while (index < line.length) {
    const ch = line.charCodeAt(index);
    if (ch === 32) column += 1;
    else if (ch === 9) column += 4 - (column % 4);
    else break;
    index += 1;
  }
  return { indent: column, rest: line.slice(index) };
}

export function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Strips up to `maxDepth` block-quote markers; returns how many were found and the remainder. */
export function stripQuoteMarkers(line: string, maxDepth: number): { depth: number; rest: string } {
  let depth = 0;
  let rest = line;
  while (depth < maxDepth) {
    const match = /^ {0,3}> ?/.exec(rest);
    if (!match) break;
    depth += 1;
    rest = rest.slice(match[0].length);
  }
  return { depth, rest };
}
