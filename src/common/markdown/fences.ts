// Fenced code blocks: recognising an opening fence (also inside list items and block quotes),
// its closing line, and the container lines that end it early.
import { LIST_MARKER, isBlank, measureIndent, stripQuoteMarkers } from './blockSyntax';
import type { OpenListItems } from './listItems';

/** A top-level fenced code block that opens the unfinished tail and is still open. */
export interface OpenFenceTail {
  /** Distinguishes fences: a new id means a different fence than the one shown before. */
  id: number;
  /** The info string after the fence, trimmed (e.g. "ts title=x"). */
  info: string;
  /** First word of the info string, the language label ("" if none). */
  language: string;
  /** Number of complete content lines so far (read them with `openFenceCodeLinesFrom`). */
  codeLineCount: number;
  /** The incomplete last line ("" if the text ends with a newline). */
  partialLine: string;
  /** True when the partial line could still turn out to be the closing fence. */
  partialLineMayClose: boolean;
}

export interface FenceState {
  char: '`' | '~';
  length: number;
  /** Column (inside the block quotes) where the fence's container content starts. */
  contentColumn: number;
  quoteDepth: number;
  /** Not inside any list item or block quote: closing it finishes a block. */
  topLevel: boolean;
  /** The fence's opening line is the first line of the unfinished tail. */
  opensTail: boolean;
  info: string;
  /** Index into `tailLines` of the first content line. */
  firstContentLine: number;
  id: number;
}

const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;

/** Parses a fence opening line body (no indentation); undefined when it is not a fence. */
export function parseFenceOpener(body: string): { char: '`' | '~'; length: number; info: string } | undefined {
  const match = FENCE_OPEN.exec(body);
  if (!match) return undefined;
  const fence = match[1];
  const info = match[2];
  const char = fence[0] as '`' | '~';
  // A backtick fence's info string may not contain backticks (that is an inline code span).
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: fence.length, info: info.trim() };
}

export function isClosingFence(fence: FenceState, line: string): boolean {
  const { depth, rest } = stripQuoteMarkers(line, fence.quoteDepth);
  if (depth < fence.quoteDepth) return false;
  const { indent, rest: body } = measureIndent(rest);
  if (indent > fence.contentColumn + 3) return false;
  let count = 0;
  while (count < body.length && body[count] === fence.char) count += 1;
  return count >= fence.length && isBlank(body.slice(count));
}

/** Whether a line could still grow into the closing fence of `fence`. */
export function mayBecomeClosingFence(fence: FenceState, partial: string): boolean {
  const { rest } = stripQuoteMarkers(partial, fence.quoteDepth);
  const body = rest.trimStart();
  return body === '' || new RegExp(`^\\${fence.char}*[ \\t]*$`).test(body);
}

/** A line that leaves the list item or block quote holding the fence also ends the fence. */
export function fenceContainerEnds(fence: FenceState, line: string): boolean {
  if (fence.quoteDepth > 0 && stripQuoteMarkers(line, fence.quoteDepth).depth < fence.quoteDepth) return true;
  if (fence.contentColumn > 0) {
    const { rest } = stripQuoteMarkers(line, fence.quoteDepth);
    if (!isBlank(rest) && measureIndent(rest).indent < fence.contentColumn) return true;
  }
  return false;
}

/** A fence opening line, with where its content sits inside the line's containers. */
export interface FenceOpening {
  char: '`' | '~';
  length: number;
  info: string;
  /** Column (inside the block quotes) where the fence's container content starts. */
  contentColumn: number;
  quoteDepth: number;
  /** The line itself starts a list item (the fence is that item's first block). */
  hasListMarker: boolean;
  /** Not inside any list item or block quote. */
  topLevel: boolean;
}

/**
 * Whether `line` opens a fence, after any block-quote and list-item markers on it. `openList`:
 * the list the line follows, if any (an indented line may put the fence in one of its items).
 */
export function findFenceOpening(line: string, openList: OpenListItems | undefined): FenceOpening | undefined {
  const { depth: quoteDepth, rest: afterQuotes } = stripQuoteMarkers(line, Number.POSITIVE_INFINITY);
  let { indent, rest } = measureIndent(afterQuotes);
  let contentColumn = 0;
  let hasListMarker = false;
  let column = indent;
  for (;;) {
    const marker = LIST_MARKER.exec(rest);
    if (!marker || (!hasListMarker && indent > 3 && !openList)) break;
    const afterMarker = rest.slice(marker[0].length);
    const spaces = measureIndent(afterMarker);
    if (spaces.indent === 0 || spaces.indent > 4) break;
    hasListMarker = true;
    column += marker[0].length + spaces.indent;
    contentColumn = column;
    rest = spaces.rest;
    indent = 0;
  }
  if (!hasListMarker) {
    const owner = openList && quoteDepth === 0 ? openList.owningColumn(indent) : undefined;
    if (owner !== undefined) contentColumn = owner;
    else if (indent >= 4) return undefined;
    else contentColumn = 0;
  } else if (indent > 3) {
    return undefined;
  }
  const opener = parseFenceOpener(rest);
  if (!opener) return undefined;
  const topLevel = quoteDepth === 0 && !hasListMarker && contentColumn === 0;
  return { ...opener, contentColumn, quoteDepth, hasListMarker, topLevel };
}
