// Finds, while an answer streams in, the prefix of markdown whose blocks can no longer change.
//
// A chunk is handed out only when no text that may still arrive can alter how it renders (apart
// from link reference definitions, which are global: see `referenceLabelCandidates`). Rendering
// each chunk on its own and concatenating the results must equal rendering the whole text at
// once; the splitter is therefore conservative: where CommonMark/GFM lets later lines reach
// back (open fences, lists that may become loose or continue after a blank line, block quotes,
// HTML blocks that span blank lines, indented code), it waits.
//
// Every boundary the line rules propose is also confirmed with marked's own block lexer (the
// parser the webview renders with): the chunk is cut only if marked, given the text through the
// new block's first line, starts a top-level token exactly there. The rules cover what marked
// cannot know yet (a fence or HTML block still open, raw HTML whose parser state spans blocks);
// marked covers its own quirks.
//
// Work per append is proportional to the appended text plus the current line: complete lines
// are classified once, in order, and the text is kept as an array of lines of the unfinished
// tail (never one growing string, which V8 would flatten — copy — on every scan).

import { describeLine, nextBlockContext, startsNewTopLevelBlock, type BlockContext, type LineShape } from './blockContext';
import {
  ATX_HEADING,
  HTML_BLOCK_STARTS,
  HTML_BLOCK_TYPE6,
  HTML_BLOCK_TYPE6_IN_PARAGRAPH,
  HTML_BLOCK_TYPE7,
  LINK_DEFINITION_START,
  TABLE_DELIMITER_ROW,
  THEMATIC_BREAK,
  isBlank,
  markedStartsBlockAt,
  startsAnyBlock,
  stripQuoteMarkers,
} from './blockSyntax';
import { fenceContainerEnds, findFenceOpening, isClosingFence, mayBecomeClosingFence, type FenceState, type OpenFenceTail } from './fences';
import { OpenBlockTracker, type OpenBlockTail } from './openBlockTail';
import { OpenListItems } from './listItems';
import { RawHtmlBalance } from './rawHtmlBalance';

export type { OpenFenceTail } from './fences';
export type { OpenBlockTail } from './openBlockTail';
export { normalizeLinkLabel, referenceLabelCandidates } from './linkReferences';

/**
 * Incrementally splits streamed markdown into finished chunks and an unfinished tail.
 *
 * `append` returns the chunks that became finished (in order, concatenating to a prefix of the
 * input); `finish` returns the rest. Joined, all returned chunks equal the full input.
 */
export class MarkdownBlockSplitter {
  /** Complete lines (each ending in "\n") of the unfinished tail. */
  private tailLines: string[] = [];
  /** The incomplete last line. */
  private partialLine = '';
  private context: BlockContext = 'none';
  private previousLineBlank = false;
  private fence: FenceState | undefined;
  private htmlBlockEnd: RegExp | undefined;
  private readonly html = new RawHtmlBalance();
  private finished = false;
  private fencesOpened = 0;
  /** A top-level fence just closed: finish it before the next line (once marked agrees). */
  private cutBeforeNextLine = false;
  /** The list items the next lines may still belong to. */
  private readonly listItems = new OpenListItems();
  /** The first line of the open paragraph, without indentation. */
  private paragraphFirstLine = '';
  /** The previous line keeps the next one from lazily continuing a list item (marked's rule). */
  private previousListLineBlocksLazy = false;
  /** The innermost block of the open list or quote is a paragraph (lazy lines may continue it). */
  private containerParagraphOpen = false;
  /** Where the rows or items start while the tail is exactly one top-level table or list. */
  private readonly openBlock = new OpenBlockTracker();

  /** Adds streamed text; returns the chunks that can no longer change. */
  append(delta: string): string[] {
    if (this.finished) throw new Error('MarkdownBlockSplitter.append called after finish(); create a new splitter for a new answer.');
    const chunks: string[] = [];
    let start = 0;
    let newline = delta.indexOf('\n', start);
    while (newline !== -1) {
      const line = this.partialLine + delta.slice(start, newline + 1);
      this.partialLine = '';
      this.acceptLine(line, chunks);
      start = newline + 1;
      newline = delta.indexOf('\n', start);
    }
    this.partialLine += delta.slice(start);
    return chunks;
  }

  /** Ends the stream; returns the remaining tail as the last chunk (none if it is empty). */
  finish(): string[] {
    this.finished = true;
    const rest = this.tailText();
    this.tailLines = [];
    this.partialLine = '';
    this.fence = undefined;
    this.openBlock.clear();
    return rest === '' ? [] : [rest];
  }

  /** The unfinished text after the last returned chunk. O(tail length). */
  tailText(): string {
    return this.tailLines.join('') + this.partialLine;
  }

  /** Length of the unfinished text, without building it. */
  tailLength(): number {
    let length = this.partialLine.length;
    for (const line of this.tailLines) length += line.length;
    return length;
  }

  /** Set when the tail is exactly one open top-level fenced code block (it streams as plain text). */
  openFenceTail(): OpenFenceTail | undefined {
    const fence = this.fence;
    if (!fence || !fence.opensTail || !fence.topLevel) return undefined;
    return {
      id: fence.id,
      info: fence.info,
      language: fence.info.split(/\s+/)[0] ?? '',
      codeLineCount: this.tailLines.length - fence.firstContentLine,
      partialLine: this.partialLine,
      partialLineMayClose: mayBecomeClosingFence(fence, this.partialLine),
    };
  }

  /** Set when the whole tail is one top-level table or list: where its rows or items start. */
  openBlockTail(): OpenBlockTail | undefined {
    return this.openBlock.current;
  }

  /** The tail's text from line `from` up to (not including) line `to`; to the end, partial line included, without `to`. */
  tailTextBetween(from: number, to?: number): string {
    if (to !== undefined) return this.tailLines.slice(from, to).join('');
    return this.tailLines.slice(from).join('') + this.partialLine;
  }

  /** Complete code lines of the open fence tail from `from` on (cheap; for incremental display). */
  openFenceCodeLinesFrom(from: number): string[] {
    const fence = this.fence;
    if (!fence || !fence.opensTail || !fence.topLevel) return [];
    return this.tailLines.slice(fence.firstContentLine + from);
  }

  /** Finishes the tail before `nextLine` if marked agrees a block starts there; reports whether it did. */
  private cutBefore(nextLine: string, chunks: string[]): boolean {
    if (this.tailLines.length === 0) return true;
    const tail = this.tailLines.join('');
    if (!markedStartsBlockAt(tail, nextLine)) return false;
    chunks.push(tail);
    this.tailLines = [];
    this.openBlock.clear();
    return true;
  }

  /**
   * Takes one complete line (with its line ending). Each step handles the line in one context
   * and says whether it is done with it; the order is the order the CommonMark rules apply in.
   */
  private acceptLine(rawLine: string, chunks: string[]): void {
    const line = rawLine.endsWith('\r\n') ? rawLine.slice(0, -2) : rawLine.slice(0, -1);

    if (this.cutBeforeNextLine) {
      this.cutBeforeNextLine = false;
      if (this.html.isClean()) this.cutBefore(rawLine, chunks);
    }
    if (this.fence && this.acceptFenceLine(this.fence, line, rawLine)) {
      if (this.context !== 'list') this.openBlock.clear();
      return;
    }
    if (this.htmlBlockEnd) {
      this.openBlock.clear();
      this.acceptHtmlBlockLine(this.htmlBlockEnd, line, rawLine);
      return;
    }
    if (isBlank(line)) {
      this.acceptBlankLine(rawLine);
      return;
    }

    const shape = describeLine(line, {
      context: this.context,
      previousLineBlank: this.previousLineBlank,
      paragraphFirstLine: this.paragraphFirstLine,
      rawHtmlClean: this.html.isClean(),
    });
    this.cutBeforeNewBlock(shape, rawLine, chunks);
    this.endInterruptedBlock(shape, line);
    const startsBlock = this.previousLineBlank || this.context === 'none';
    this.previousLineBlank = false;

    if (this.context === 'html' && !startsBlock) {
      this.openBlock.clear();
      // Inside an HTML block (kinds 6 and 7) every line up to a blank one is raw HTML.
      this.tailLines.push(rawLine);
      this.html.scanLine(line, true);
      return;
    }

    this.listItems.lastItemEmpty = false;
    this.listItems.track(line, this.context === 'list');
    this.previousListLineBlocksLazy = this.listItems.blocksLazyContinuation(line);
    if (this.tryOpenFence(line, rawLine)) {
      if (this.tailLines.length === 1 || this.context !== 'list') this.openBlock.clear();
      this.containerParagraphOpen = false;
      if (this.context !== 'list') this.listItems.clear();
      return;
    }
    this.scanRawHtml(shape, line, startsBlock);
    if (this.tryStartHtmlBlock(shape, rawLine, startsBlock)) {
      this.openBlock.clear();
      return;
    }
    this.acceptBlockLine(shape, line, rawLine, startsBlock);
    this.openBlock.track(this.tailLines.length - 1, this.context, shape, this.listItems.outermostColumn(), this.html.isClean());
  }

  /**
   * A line while a fence is open: its content or its closing line. False when the line leaves
   * the list item or quote holding the fence, which ends the fence: the line is then read anew.
   */
  private acceptFenceLine(fence: FenceState, line: string, rawLine: string): boolean {
    if (fenceContainerEnds(fence, line)) {
      this.fence = undefined;
      return false;
    }
    this.tailLines.push(rawLine);
    if (isClosingFence(fence, line)) {
      this.fence = undefined;
      this.previousLineBlank = false;
      this.containerParagraphOpen = false;
      this.previousListLineBlocksLazy = true;
      if (fence.topLevel) {
        this.context = 'none';
        // Nothing after a closed top-level fence can change it or what came before it.
        this.cutBeforeNextLine = true;
      }
      return true;
    }
    this.previousLineBlank = isBlank(line);
    if (!this.previousLineBlank) this.previousListLineBlocksLazy = this.listItems.blocksLazyContinuation(line);
    return true;
  }

  /** A line inside an HTML block of kinds 1–5, which only its end marker closes. */
  private acceptHtmlBlockLine(end: RegExp, line: string, rawLine: string): void {
    this.html.scanLine(line, true);
    if (end.test(line)) {
      this.htmlBlockEnd = undefined;
      // The HTML block ends with this line; the next line starts a new block.
      this.context = 'none';
    }
    this.tailLines.push(rawLine);
    this.previousLineBlank = false;
  }

  private acceptBlankLine(rawLine: string): void {
    this.listItems.closeEmptyItemAtBlankLine(this.previousLineBlank);
    this.tailLines.push(rawLine);
    this.previousLineBlank = true;
    this.containerParagraphOpen = false;
  }

  /** Finishes the tail before a column-0 line that starts a block nothing before can reach into. */
  private cutBeforeNewBlock(shape: LineShape, rawLine: string, chunks: string[]): void {
    if (!shape.startsAtColumnZero) return;
    if (this.previousLineBlank) {
      if (startsNewTopLevelBlock(this.context, shape) && this.cutBefore(rawLine, chunks)) this.context = 'none';
    } else if (shape.opensFence && (this.context === 'paragraph' || this.context === 'table')) {
      // A fence interrupts a paragraph; nothing before it can change any more.
      if (this.cutBefore(rawLine, chunks)) this.context = 'none';
    }
  }

  /** Ends the open quote, list, table or indented code when this line cannot continue it. */
  private endInterruptedBlock(shape: LineShape, line: string): void {
    const { indent, rest } = shape;
    if (this.context === 'quote' && !this.previousLineBlank && !this.containerParagraphOpen && !/^ {0,3}>/.test(line)) {
      // Without an open paragraph there is no lazy continuation: a line outside the quote ends it.
      this.context = 'none';
    }
    if (
      this.context === 'list' &&
      !this.previousLineBlank &&
      this.previousListLineBlocksLazy &&
      !shape.isListMarkerLine &&
      this.listItems.owningColumn(indent) === undefined
    ) {
      // marked continues a list item lazily unless the previous line opened a fence, heading,
      // rule, HTML or indented code; then a line outside the item ends the list.
      this.context = 'none';
      this.listItems.clear();
    }

    // A GFM table's rows go on until a line that starts another block (marked's rule).
    const endsTable = indent >= 4 || shape.isListMarkerLine || shape.isThematicBreak || shape.opensFence || startsAnyBlock(rest);
    if (this.context === 'table' && endsTable) this.context = 'none';

    // Indented code has no lazy continuation: a less indented line starts a new block.
    if (this.context === 'indentedCode' && indent < 4) this.context = 'none';
  }

  /** Feeds the line to the raw-HTML balance, saying whether marked passes it through as raw HTML. */
  private scanRawHtml(shape: LineShape, line: string, startsBlock: boolean): void {
    const { indent, rest } = shape;
    if (this.context === 'indentedCode' && indent >= 4) return;
    const startsHtmlBlock =
      indent <= 3 &&
      ((startsBlock && this.context !== 'list' && (HTML_BLOCK_TYPE6.test(rest) || HTML_BLOCK_TYPE7.test(rest))) ||
        (this.context === 'paragraph' && HTML_BLOCK_TYPE6_IN_PARAGRAPH.test(rest)) ||
        (this.context === 'table' && HTML_BLOCK_TYPE6.test(rest)));
    const rawHtmlLine = (this.context === 'html' && !startsBlock) || startsHtmlBlock;
    this.html.scanLine(line, rawHtmlLine);
  }

  /** Starts an HTML block of kinds 1–5 (they may span blank lines); reports whether the line did. */
  private tryStartHtmlBlock(shape: LineShape, rawLine: string, startsBlock: boolean): boolean {
    const { indent, rest } = shape;
    const mayStartHtmlBlock =
      // (A "table" may be a paragraph whose delimiter row did not match its header.)
      startsBlock || this.context === 'paragraph' || this.context === 'table' || (indent === 0 && (this.context === 'list' || this.context === 'quote'));
    if (indent > 3 || (this.context === 'list' && indent !== 0) || !mayStartHtmlBlock) return false;
    const html = HTML_BLOCK_STARTS.find((kind) => kind.start.test(rest));
    if (!html) return false;
    this.tailLines.push(rawLine);
    const afterStart = rest.slice(1);
    if (html.end.test(afterStart)) this.context = 'none';
    else {
      this.context = 'html';
      this.htmlBlockEnd = html.end;
    }
    return true;
  }

  /** Any other line: it continues or starts a paragraph, table, list, quote, heading or indented code. */
  private acceptBlockLine(shape: LineShape, line: string, rawLine: string, startsBlock: boolean): void {
    const { indent, rest } = shape;
    this.tailLines.push(rawLine);
    const previousContext = this.context;
    const isTableDelimiter = this.context === 'paragraph' && !startsBlock && indent <= 3 && rest.includes('|') && TABLE_DELIMITER_ROW.test(rest);
    this.context = nextBlockContext(this.context, shape, startsBlock, this.listItems);
    if (shape.isSetextUnderline) this.context = 'none';
    if (isTableDelimiter) this.context = 'table';
    if (this.context === 'paragraph' && (startsBlock || previousContext !== 'paragraph')) this.paragraphFirstLine = rest;
    // A heading, rule or link definition is complete in one line; what follows starts a new block.
    const isOneLineBlock =
      shape.isThematicBreak || (indent <= 3 && (ATX_HEADING.test(rest) || (startsBlock && LINK_DEFINITION_START.test(rest))));
    if (isOneLineBlock && this.context !== 'list' && this.context !== 'quote' && this.context !== 'indentedCode') this.context = 'none';
    if (this.context !== 'list') this.listItems.clear();
    // A quote line with nothing after its markers (">") holds no paragraph to continue lazily.
    this.containerParagraphOpen = this.context === 'list' || (this.context === 'quote' && quoteHoldsParagraph(stripQuoteMarkers(line, Number.POSITIVE_INFINITY).rest));
  }

  private tryOpenFence(line: string, rawLine: string): boolean {
    const opening = findFenceOpening(line, this.context === 'list' ? this.listItems : undefined);
    if (!opening) return false;
    const { hasListMarker, topLevel, quoteDepth } = opening;
    this.fence = {
      char: opening.char,
      length: opening.length,
      info: opening.info,
      contentColumn: opening.contentColumn,
      quoteDepth,
      topLevel,
      opensTail: topLevel && this.tailLines.length === 0,
      firstContentLine: this.tailLines.length + 1,
      id: ++this.fencesOpened,
    };
    this.tailLines.push(rawLine);
    if (!topLevel) {
      if (hasListMarker && quoteDepth === 0) this.context = 'list';
      else if (quoteDepth > 0) this.context = 'quote';
    } else {
      this.context = 'none';
    }
    return true;
  }
}

/** Whether a quote line's content leaves a paragraph open for lazy lines: not when it is empty, a
 *  heading or a rule (those are complete in one line, so a following line outside the quote ends it). */
function quoteHoldsParagraph(content: string): boolean {
  if (isBlank(content)) return false;
  const inner = content.replace(/^ {0,3}/, '');
  return !ATX_HEADING.test(inner) && !THEMATIC_BREAK.test(inner.trimEnd());
}
