// What a line is, seen from the block it follows: the line rules of the block splitter that do
// not need its state beyond the current block context.
import {
  HTML_BLOCK_TYPE6,
  HTML_BLOCK_TYPE6_IN_PARAGRAPH,
  HTML_BLOCK_TYPE7,
  LIST_MARKER,
  THEMATIC_BREAK,
  canInterruptParagraph,
  interruptsContainer,
  measureIndent,
} from './blockSyntax';
import { parseFenceOpener } from './fences';
import type { OpenListItems } from './listItems';

/** The kind of block the last non-blank line left open. */
export type BlockContext = 'none' | 'paragraph' | 'table' | 'list' | 'quote' | 'html' | 'indentedCode';

/** A non-blank line, classified once. */
export interface LineShape {
  indent: number;
  /** The line without its indentation. */
  rest: string;
  /** No indentation, and no raw HTML still open that would swallow the line. */
  startsAtColumnZero: boolean;
  isThematicBreak: boolean;
  isSetextUnderline: boolean;
  /** The line starts a list item that can start here (after a paragraph or table, not every marker can). */
  isListMarkerLine: boolean;
  /** A fence opening without container markers (indented at most 3). */
  opensFence: boolean;
}

/** What the splitter knows about the text before the line. */
export interface LineSurroundings {
  context: BlockContext;
  previousLineBlank: boolean;
  /** The first line of the open paragraph, without indentation. */
  paragraphFirstLine: string;
  rawHtmlClean: boolean;
}

export function describeLine(line: string, before: LineSurroundings): LineShape {
  const { context, previousLineBlank } = before;
  const { indent, rest } = measureIndent(line);
  const isThematicBreak = indent <= 3 && THEMATIC_BREAK.test(rest);
  // Under paragraph text, a line of only `=` or `-` is a setext underline (an empty list item
  // cannot interrupt a paragraph).
  const isSetextUnderline =
    context === 'paragraph' &&
    !previousLineBlank &&
    indent <= 3 &&
    /^(?:=+|-+)[ \t]*$/.test(rest) &&
    // marked never makes a heading of a paragraph that starts like a table delimiter row.
    !/^\|?(?:[:\- ]*\|)+[:\- ]*$/.test(before.paragraphFirstLine);
  const isListMarkerLine =
    indent <= 3 &&
    !isThematicBreak &&
    !isSetextUnderline &&
    LIST_MARKER.test(rest) &&
    (context !== 'paragraph' || previousLineBlank || canInterruptParagraph(rest)) &&
    // marked ends a table only at a bullet or an item numbered 1; other numbers are rows.
    (context !== 'table' || previousLineBlank || /^(?:[*+-]|1[.)])[ \t]/.test(rest));
  return {
    indent,
    rest,
    startsAtColumnZero: indent === 0 && before.rawHtmlClean,
    isThematicBreak,
    isSetextUnderline,
    isListMarkerLine,
    opensFence: indent <= 3 && parseFenceOpener(rest) !== undefined,
  };
}

/** After a blank line: does this column-0 line start a block that nothing before continues into? */
export function startsNewTopLevelBlock(context: BlockContext, shape: LineShape): boolean {
  switch (context) {
    case 'list':
      // Another item after a blank line continues the list (and makes it loose).
      return !shape.isListMarkerLine;
    case 'quote':
      return !shape.rest.startsWith('>');
    default:
      return true;
  }
}

/** The block context after `shape`, which starts a new block when `startsBlock`. */
export function nextBlockContext(current: BlockContext, shape: LineShape, startsBlock: boolean, listItems: OpenListItems): BlockContext {
  const { indent, rest, isListMarkerLine } = shape;
  if (startsBlock) {
    if (current === 'list' && indent > 0 && listItems.owningColumn(indent) !== undefined) return 'list';
    if (isListMarkerLine) return 'list';
    if (indent >= 4) return current === 'list' ? 'list' : 'indentedCode';
    if (rest.startsWith('>')) return 'quote';
    if (indent <= 3 && (HTML_BLOCK_TYPE6.test(rest) || HTML_BLOCK_TYPE7.test(rest))) return 'html';
    return 'paragraph';
  }
  switch (current) {
    case 'paragraph':
      if (isListMarkerLine) return 'list';
      if (indent <= 3 && rest.startsWith('>')) return 'quote';
      // Only HTML blocks of type 6 may interrupt a paragraph.
      if (indent <= 3 && HTML_BLOCK_TYPE6_IN_PARAGRAPH.test(rest)) return 'html';
      return 'paragraph';
    case 'list':
    case 'quote':
      return containerContext(current, shape, listItems);
    case 'indentedCode':
      return 'indentedCode';
    default:
      return current;
  }
}

/** A line continuing an open list or block quote: does it stay inside, or end it? */
function containerContext(current: 'list' | 'quote', shape: LineShape, listItems: OpenListItems): BlockContext {
  const { indent, rest, isListMarkerLine } = shape;
  // A list item interrupts a quote's paragraph (a conservative guess for ordered items).
  if (current === 'quote' && isListMarkerLine && !rest.startsWith('>')) return 'list';
  // A line indented less than the list item's content that starts a quote, heading, rule
  // or HTML block is not inside the item: it ends the list (marked's rule). For a quote,
  // lazy continuation only extends paragraph text, so those lines end it too.
  const outsideItem = current === 'list' ? indent <= 3 && indent < (listItems.outermostColumn() ?? 1) : indent <= 3;
  if (current === 'list' && outsideItem && rest.startsWith('>')) return 'quote';
  // marked ends a list at any line starting like a fence, even one that is not a valid fence.
  const fenceLike = current === 'list' && /^(?:```|~~~)/.test(rest);
  if (outsideItem && !isListMarkerLine && !rest.startsWith('>') && (interruptsContainer(rest) || fenceLike)) {
    return HTML_BLOCK_TYPE6.test(rest) ? 'html' : 'none';
  }
  return current;
}
