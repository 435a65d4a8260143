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

import { Lexer, getDefaults, type MarkedOptions } from 'marked';

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

type BlockContext = 'none' | 'paragraph' | 'table' | 'list' | 'quote' | 'html' | 'indentedCode';

interface FenceState {
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

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
/** CommonMark HTML block kinds 1–5: they may contain blank lines and end at a marker. */
const HTML_BLOCK_STARTS: ReadonlyArray<{ start: RegExp; end: RegExp }> = [
  { start: /^<(?:script|pre|style|textarea)(?:[\s>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i },
  { start: /^<!--/, end: /-->/ },
  { start: /^<\?/, end: /\?>/ },
  { start: /^<![A-Za-z]/, end: />/ },
  { start: /^<!\[CDATA\[/, end: /\]\]>/ },
];

/** CommonMark HTML block kind 6 (block-level tag names) and 7 (any lone complete tag): end at a blank line. */
const HTML_BLOCK_TAGS =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const HTML_BLOCK_TYPE6 = new RegExp(`^<\\/?(?:${HTML_BLOCK_TAGS})(?:[\\s>]|\\/>|$)`, 'i');
/** marked lets a kind-6 tag interrupt a paragraph only when something follows its name on the line. */
const HTML_BLOCK_TYPE6_IN_PARAGRAPH = new RegExp(`^<\\/?(?:${HTML_BLOCK_TAGS})(?:[ \\t]|\\/?>)`, 'i');
const HTML_BLOCK_TYPE7 =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

const LINK_DEFINITION_START = /^\[(?:\\.|[^\]\\])+\]:/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

const TABLE_DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** A line (indented at most 3) that ends a table: a quote, heading or HTML that interrupts text. */
function startsAnyBlock(rest: string): boolean {
  return rest.startsWith('>') || ATX_HEADING.test(rest) || HTML_BLOCK_TYPE6.test(rest) || /^<(?:script|pre|style|textarea|!--)/i.test(rest);
}

/** Only a non-empty bullet item or an ordered item numbered 1 may interrupt a paragraph. */
function canInterruptParagraph(rest: string): boolean {
  const marker = /^(?:[-+*]|0{0,8}1[.)])[ \t]+\S/.exec(rest);
  return marker !== null;
}

function interruptsContainer(rest: string): boolean {
  return ATX_HEADING.test(rest) || THEMATIC_BREAK.test(rest) || HTML_BLOCK_TYPE6.test(rest) || HTML_BLOCK_STARTS.some((kind) => kind.start.test(rest));
}

const BLOCK_LEXER_OPTIONS: MarkedOptions = { ...getDefaults(), gfm: true };

/** Whether marked, lexing `before + nextLine`, starts a top-level block exactly at `nextLine`. */
function markedStartsBlockAt(before: string, nextLine: string): boolean {
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
function measureIndent(line: string): { indent: number; rest: string } {
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

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Strips up to `maxDepth` block-quote markers; returns how many were found and the remainder. */
function stripQuoteMarkers(line: string, maxDepth: number): { depth: number; rest: string } {
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

/** Parses a fence opening line body (no indentation); undefined when it is not a fence. */
function parseFenceOpener(body: string): { char: '`' | '~'; length: number; info: string } | undefined {
  const match = FENCE_OPEN.exec(body);
  if (!match) return undefined;
  const fence = match[1];
  const info = match[2];
  const char = fence[0] as '`' | '~';
  // A backtick fence's info string may not contain backticks (that is an inline code span).
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: fence.length, info: info.trim() };
}

function isClosingFence(fence: FenceState, line: string): boolean {
  const { depth, rest } = stripQuoteMarkers(line, fence.quoteDepth);
  if (depth < fence.quoteDepth) return false;
  const { indent, rest: body } = measureIndent(rest);
  if (indent > fence.contentColumn + 3) return false;
  let count = 0;
  while (count < body.length && body[count] === fence.char) count += 1;
  return count >= fence.length && isBlank(body.slice(count));
}

/** Whether a line could still grow into the closing fence of `fence`. */
function mayBecomeClosingFence(fence: FenceState, partial: string): boolean {
  const { rest } = stripQuoteMarkers(partial, fence.quoteDepth);
  const body = rest.trimStart();
  return body === '' || new RegExp(`^\\${fence.char}*[ \\t]*$`).test(body);
}

/** Elements whose open tag changes how later blocks parse until it is closed: formatting
 * elements are reconstructed in every following paragraph, block containers swallow the blocks
 * after them, foreign content switches the parser's mode. Unknown tags (`List<String>`) and
 * elements that the next block closes anyway are harmless and not tracked. */
const CROSS_BLOCK_ELEMENTS = new Set([
  'a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u',
  'address', 'article', 'aside', 'blockquote', 'button', 'caption', 'center', 'colgroup', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'li', 'listing', 'main', 'menu', 'nav', 'object', 'ol',
  'pre', 'search', 'section', 'select', 'summary', 'table', 'tbody', 'td', 'template', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'svg', 'math', 'applet', 'marquee', 'frameset', 'label', 'optgroup', 'option',
]);
const VOID_ELEMENTS = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is raw text up to their end tag (`plaintext` never ends). */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const HTML_TOKEN = /\\.|<!--|<[!?]|<(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)([^>]*)(>?)/g;

/** Removes inline code spans (same-length backtick runs on one line) so `<div>` in code is not HTML. */
function withoutCodeSpans(line: string): string {
  if (!line.includes('`')) return line;
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1(?!`)/g, ' ');
}

/**
 * Tracks raw HTML in the markdown that keeps the browser's HTML parser in a state spanning
 * blocks (an open `<details>`, `<b>`, comment or `<script>`). While that state is not clean,
 * rendering the text in pieces would build a different DOM than rendering it at once.
 */
class RawHtmlBalance {
  private readonly open = new Map<string, number>();
  private openCount = 0;
  /**
   * 'awaitingGt': raw HTML ended inside a tag or a `<!…`/`<?…` construct; the parser swallows
   * everything up to the next `>`, which may be the first tag of the next block.
   */
  private mode: 'data' | 'comment' | 'awaitingGt' | { rawText: string } = 'data';

  isClean(): boolean {
    return this.openCount === 0 && this.mode === 'data';
  }

  /**
   * `rawHtmlLine`: the line is part of an HTML block, so marked passes it through unescaped. In
   * markdown text `-->` is escaped to `--&gt;` and cannot end a comment opened earlier.
   */
  scanLine(line: string, rawHtmlLine: boolean): void {
    if (!line.includes('<') && this.mode === 'data') return;
    // Backticks are literal inside an HTML block; only markdown text has code spans.
    const text = (value: string) => (rawHtmlLine ? value : withoutCodeSpans(value));
    let rest = this.mode === 'data' ? text(line) : line;
    let sameLineAsOpen = false;
    while (rest !== '') {
      if (this.mode === 'awaitingGt') {
        if (!rawHtmlLine) {
          // A link definition renders nothing; any other markdown output starts with a tag,
          // whose `>` ends the construct.
          if (LINK_DEFINITION_START.test(line.trimStart())) return;
          this.mode = 'data';
          rest = text(rest);
          continue;
        }
        const end = rest.indexOf('>');
        if (end === -1) return;
        this.mode = 'data';
        rest = text(rest.slice(end + 1));
        continue;
      }
      if (this.mode === 'comment') {
        if (!rawHtmlLine && !sameLineAsOpen) return;
        const end = rest.indexOf('-->');
        if (end === -1) return;
        this.mode = 'data';
        rest = text(rest.slice(end + 3));
        continue;
      }
      if (typeof this.mode === 'object') {
        const name = this.mode.rawText;
        if (name === 'plaintext') return;
        const end = rest.toLowerCase().indexOf(`</${name}`);
        if (end === -1) return;
        this.mode = 'data';
        rest = text(rest.slice(end + name.length + 2));
        continue;
      }
      rest = this.scanData(rest, rawHtmlLine);
      sameLineAsOpen = true;
    }
  }

  /**
   * Scans data-mode text; returns the text after a comment or raw-text start ("" when done).
   * In an HTML block nothing closes an element for us, so every non-void element counts; in
   * markdown text the paragraph's `</p>` closes all but the cross-block elements.
   */
  private scanData(text: string, rawHtmlLine: boolean): string {
    HTML_TOKEN.lastIndex = 0;
    for (let match = HTML_TOKEN.exec(text); match; match = HTML_TOKEN.exec(text)) {
      const token = match[0];
      if (token.startsWith('\\')) {
        // A backslash escapes only in markdown text; in an HTML block it is a literal character.
        if (rawHtmlLine) HTML_TOKEN.lastIndex = match.index + 1;
        continue;
      }
      const after = text.slice(match.index + token.length);
      if (token === '<!--') {
        this.mode = 'comment';
        return after;
      }
      if (token === '<!' || token === '<?') {
        // Declarations, CDATA and processing instructions are bogus comments up to `>` in HTML;
        // in markdown text marked escapes them unless they are complete.
        if (!rawHtmlLine) continue;
        const end = after.indexOf('>');
        if (end === -1) {
          this.mode = 'awaitingGt';
          return '';
        }
        HTML_TOKEN.lastIndex = match.index + token.length + end + 1;
        continue;
      }
      const unterminated = rawHtmlLine && match[4] !== '>';
      const closing = match[1] === '/';
      const name = match[2].toLowerCase();
      if (!closing && RAW_TEXT_ELEMENTS.has(name)) {
        this.mode = { rawText: name };
        return after;
      }
      const tracked = rawHtmlLine ? !VOID_ELEMENTS.has(name) && name !== 'p' : CROSS_BLOCK_ELEMENTS.has(name);
      const selfClosingForeign = (name === 'svg' || name === 'math') && /\/\s*$/.test(match[3]);
      if ((!tracked && !(closing && this.open.has(name))) || selfClosingForeign) {
        if (unterminated) {
          this.mode = 'awaitingGt';
          return '';
        }
        continue;
      }
      const count = this.open.get(name) ?? 0;
      if (closing) {
        if (count > 0) {
          this.open.set(name, count - 1);
          this.openCount -= 1;
        }
      } else {
        this.open.set(name, count + 1);
        this.openCount += 1;
      }
      if (unterminated) {
        this.mode = 'awaitingGt';
        return '';
      }
    }
    return '';
  }
}

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
  /** Content columns of the list items that may still be open, outermost first. */
  private listItemColumns: number[] = [];
  /** The first line of the open paragraph, without indentation. */
  private paragraphFirstLine = '';
  /** The last list item line had a marker and nothing after it. */
  private lastListItemEmpty = false;
  /** The previous line keeps the next one from lazily continuing a list item (marked's rule). */
  private previousListLineBlocksLazy = false;
  /** The innermost block of the open list or quote is a paragraph (lazy lines may continue it). */
  private containerParagraphOpen = false;

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
    return true;
  }

  private acceptLine(rawLine: string, chunks: string[]): void {
    const line = rawLine.endsWith('\r\n') ? rawLine.slice(0, -2) : rawLine.slice(0, -1);

    if (this.cutBeforeNextLine) {
      this.cutBeforeNextLine = false;
      if (this.html.isClean()) this.cutBefore(rawLine, chunks);
    }

    if (this.fence) {
      const fence = this.fence;
      if (this.fenceContainerEnds(fence, line)) {
        this.fence = undefined;
      } else if (isClosingFence(fence, line)) {
        this.fence = undefined;
        this.tailLines.push(rawLine);
        this.previousLineBlank = false;
        this.containerParagraphOpen = false;
        this.previousListLineBlocksLazy = true;
        if (fence.topLevel) {
          this.context = 'none';
          // Nothing after a closed top-level fence can change it or what came before it.
          this.cutBeforeNextLine = true;
        }
        return;
      } else {
        this.tailLines.push(rawLine);
        this.previousLineBlank = isBlank(line);
        if (!this.previousLineBlank) this.previousListLineBlocksLazy = this.blocksLazyContinuation(line);
        return;
      }
    }

    if (this.htmlBlockEnd) {
      this.html.scanLine(line, true);
      if (this.htmlBlockEnd.test(line)) {
        this.htmlBlockEnd = undefined;
        // The HTML block ends with this line; the next line starts a new block.
        this.context = 'none';
      }
      this.tailLines.push(rawLine);
      this.previousLineBlank = false;
      return;
    }

    if (isBlank(line)) {
      // An item that starts empty can hold no content after a blank line.
      if (this.lastListItemEmpty && !this.previousLineBlank) this.listItemColumns.pop();
      this.lastListItemEmpty = false;
      this.tailLines.push(rawLine);
      this.previousLineBlank = true;
      this.containerParagraphOpen = false;
      return;
    }

    const { indent, rest } = measureIndent(line);
    const startsAtColumnZero = indent === 0 && this.html.isClean();
    const isThematicBreak = indent <= 3 && THEMATIC_BREAK.test(rest);
    // Under paragraph text, a line of only `=` or `-` is a setext underline (an empty list item
    // cannot interrupt a paragraph).
    const isSetextUnderline =
      this.context === 'paragraph' &&
      !this.previousLineBlank &&
      indent <= 3 &&
      /^(?:=+|-+)[ \t]*$/.test(rest) &&
      // marked never makes a heading of a paragraph that starts like a table delimiter row.
      !/^\|?(?:[:\- ]*\|)+[:\- ]*$/.test(this.paragraphFirstLine);
    const isListMarkerLine =
      indent <= 3 &&
      !isThematicBreak &&
      !isSetextUnderline &&
      LIST_MARKER.test(rest) &&
      (this.context !== 'paragraph' || this.previousLineBlank || canInterruptParagraph(rest)) &&
      // marked ends a table only at a bullet or an item numbered 1; other numbers are rows.
      (this.context !== 'table' || this.previousLineBlank || /^(?:[*+-]|1[.)])[ \t]/.test(rest));
    const opener = indent <= 3 ? parseFenceOpener(rest) : undefined;

    if (startsAtColumnZero && this.previousLineBlank && this.startsNewTopLevelBlock(rest, isListMarkerLine)) {
      if (this.cutBefore(rawLine, chunks)) this.context = 'none';
    } else if (
      startsAtColumnZero &&
      !this.previousLineBlank &&
      opener &&
      (this.context === 'paragraph' || this.context === 'table')
    ) {
      // A fence interrupts a paragraph; nothing before it can change any more.
      if (this.cutBefore(rawLine, chunks)) this.context = 'none';
    }

    if (this.context === 'quote' && !this.previousLineBlank && !this.containerParagraphOpen && !/^ {0,3}>/.test(line)) {
      // Without an open paragraph there is no lazy continuation: a line outside the quote ends it.
      this.context = 'none';
    }
    if (
      this.context === 'list' &&
      !this.previousLineBlank &&
      this.previousListLineBlocksLazy &&
      !isListMarkerLine &&
      this.owningListItemColumn(indent) === undefined
    ) {
      // marked continues a list item lazily unless the previous line opened a fence, heading,
      // rule, HTML or indented code; then a line outside the item ends the list.
      this.context = 'none';
      this.listItemColumns = [];
    }

    // A GFM table's rows go on until a line that starts another block (marked's rule).
    const endsTable = indent >= 4 || isListMarkerLine || isThematicBreak || opener !== undefined || startsAnyBlock(rest);
    if (this.context === 'table' && endsTable) this.context = 'none';

    // Indented code has no lazy continuation: a less indented line starts a new block.
    if (this.context === 'indentedCode' && indent < 4) this.context = 'none';

    const startsBlock = this.previousLineBlank || this.context === 'none';
    this.previousLineBlank = false;

    if (this.context === 'html' && !startsBlock) {
      // Inside an HTML block (kinds 6 and 7) every line up to a blank one is raw HTML.
      this.tailLines.push(rawLine);
      this.html.scanLine(line, true);
      return;
    }

    this.lastListItemEmpty = false;
    this.trackListItem(line);
    this.previousListLineBlocksLazy = this.blocksLazyContinuation(line);
    if (this.tryOpenFence(line, rawLine)) {
      this.containerParagraphOpen = false;
      if (this.context !== 'list') this.listItemColumns = [];
      return;
    }
    if (!(this.context === 'indentedCode' && indent >= 4)) {
      const startsHtmlBlock =
        indent <= 3 &&
        ((startsBlock && this.context !== 'list' && (HTML_BLOCK_TYPE6.test(rest) || HTML_BLOCK_TYPE7.test(rest))) ||
          (this.context === 'paragraph' && HTML_BLOCK_TYPE6_IN_PARAGRAPH.test(rest)) ||
          (this.context === 'table' && HTML_BLOCK_TYPE6.test(rest)));
      const rawHtmlLine = (this.context === 'html' && !startsBlock) || startsHtmlBlock;
      this.html.scanLine(line, rawHtmlLine);
    }

    const mayStartHtmlBlock =
      // (A "table" may be a paragraph whose delimiter row did not match its header.)
      startsBlock || this.context === 'paragraph' || this.context === 'table' || (indent === 0 && (this.context === 'list' || this.context === 'quote'));
    if (indent <= 3 && (this.context !== 'list' || indent === 0) && mayStartHtmlBlock) {
      const html = HTML_BLOCK_STARTS.find((kind) => kind.start.test(rest));
      if (html) {
        this.tailLines.push(rawLine);
        const afterStart = rest.slice(1);
        if (html.end.test(afterStart)) this.context = 'none';
        else {
          this.context = 'html';
          this.htmlBlockEnd = html.end;
        }
        return;
      }
    }

    this.tailLines.push(rawLine);
    const previousContext = this.context;
    const isTableDelimiter = this.context === 'paragraph' && !startsBlock && indent <= 3 && rest.includes('|') && TABLE_DELIMITER_ROW.test(rest);
    this.context = this.nextContext(indent, rest, isListMarkerLine, startsBlock);
    if (isSetextUnderline) this.context = 'none';
    if (isTableDelimiter) this.context = 'table';
    if (this.context === 'paragraph' && (startsBlock || previousContext !== 'paragraph')) this.paragraphFirstLine = rest;
    // A heading, rule or link definition is complete in one line; what follows starts a new block.
    const isOneLineBlock =
      isThematicBreak || (indent <= 3 && (ATX_HEADING.test(rest) || (startsBlock && LINK_DEFINITION_START.test(rest))));
    if (isOneLineBlock && this.context !== 'list' && this.context !== 'quote' && this.context !== 'indentedCode') this.context = 'none';
    if (this.context !== 'list') this.listItemColumns = [];
    // A quote line with nothing after its markers (">") holds no paragraph to continue lazily.
    this.containerParagraphOpen =
      this.context === 'list' || (this.context === 'quote' && !isBlank(stripQuoteMarkers(line, Number.POSITIVE_INFINITY).rest));
  }

  /** After a blank line: does this column-0 line start a block that nothing before continues into? */
  private startsNewTopLevelBlock(rest: string, isListMarkerLine: boolean): boolean {
    switch (this.context) {
      case 'list':
        // Another item after a blank line continues the list (and makes it loose).
        return !isListMarkerLine;
      case 'quote':
        return !rest.startsWith('>');
      default:
        return true;
    }
  }

  private nextContext(indent: number, rest: string, isListMarkerLine: boolean, startsBlock: boolean): BlockContext {
    const current = this.context;
    if (startsBlock) {
      if (current === 'list' && indent > 0 && this.owningListItemColumn(indent) !== undefined) return 'list';
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
      case 'quote': {
        // A list item interrupts a quote's paragraph (a conservative guess for ordered items).
        if (current === 'quote' && isListMarkerLine && !rest.startsWith('>')) return 'list';
        // A line indented less than the list item's content that starts a quote, heading, rule
        // or HTML block is not inside the item: it ends the list (marked's rule). For a quote,
        // lazy continuation only extends paragraph text, so those lines end it too.
        const outsideItem = current === 'list' ? indent <= 3 && indent < (this.listItemColumns[0] ?? 1) : indent <= 3;
        if (current === 'list' && outsideItem && rest.startsWith('>')) return 'quote';
        // marked ends a list at any line starting like a fence, even one that is not a valid fence.
        const fenceLike = current === 'list' && /^(?:```|~~~)/.test(rest);
        if (outsideItem && !isListMarkerLine && !rest.startsWith('>') && (interruptsContainer(rest) || fenceLike)) {
          return HTML_BLOCK_TYPE6.test(rest) ? 'html' : 'none';
        }
        return current;
      }
      case 'indentedCode':
        return 'indentedCode';
      default:
        return current;
    }
  }

  /** A line that leaves the list item or block quote holding the fence also ends the fence. */
  private fenceContainerEnds(fence: FenceState, line: string): boolean {
    if (fence.quoteDepth > 0 && stripQuoteMarkers(line, fence.quoteDepth).depth < fence.quoteDepth) return true;
    if (fence.contentColumn > 0) {
      const { rest } = stripQuoteMarkers(line, fence.quoteDepth);
      if (!isBlank(rest) && measureIndent(rest).indent < fence.contentColumn) return true;
    }
    return false;
  }

  /** Records the content column of a list item started on this (unquoted) line. */
  private trackListItem(line: string): void {
    // Items of a list that has ended own nothing any more.
    if (this.context !== 'list') this.listItemColumns = [];
    if (/^ {0,3}>/.test(line)) return;
    const { indent, rest } = measureIndent(line);
    if (indent > 3 && this.context !== 'list') return;
    if (THEMATIC_BREAK.test(rest)) return;
    const marker = LIST_MARKER.exec(rest);
    if (!marker) return;
    const spaces = measureIndent(rest.slice(marker[0].length));
    const gap = spaces.indent >= 1 && spaces.indent <= 4 && spaces.rest !== '' ? spaces.indent : 1;
    while (this.listItemColumns.length > 0 && this.listItemColumns[this.listItemColumns.length - 1] > indent) this.listItemColumns.pop();
    this.listItemColumns.push(indent + marker[0].length + gap);
    this.lastListItemEmpty = spaces.rest === '';
  }

  /** Whether marked refuses to continue a list item lazily after this line. */
  private blocksLazyContinuation(line: string): boolean {
    const outerColumn = this.listItemColumns[0] ?? 0;
    const { indent, rest } = measureIndent(line);
    const relative = ' '.repeat(Math.max(0, indent - outerColumn)) + rest;
    const inner = relative.replace(/^(?: {0,3}(?:(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)|>[ \t]?))+/, '');
    // Nothing after the markers (an empty item): nothing to continue lazily.
    if (isBlank(inner)) return true;
    return [relative, inner].some((text) => {
      const measured = measureIndent(text);
      if (measured.indent >= 4) return true;
      if (measured.indent > 3) return false;
      const body = measured.rest;
      return (
        /^(?:```|~~~)/.test(body) ||
        ATX_HEADING.test(body) ||
        THEMATIC_BREAK.test(body) ||
        HTML_BLOCK_TYPE6.test(body) ||
        HTML_BLOCK_STARTS.some((kind) => kind.start.test(body))
      );
    });
  }

  /** The content column of the innermost open list item a line indented by `indent` belongs to. */
  private owningListItemColumn(indent: number): number | undefined {
    for (let index = this.listItemColumns.length - 1; index >= 0; index -= 1) {
      if (this.listItemColumns[index] <= indent) return this.listItemColumns[index];
    }
    return undefined;
  }

  private tryOpenFence(line: string, rawLine: string): boolean {
    const { depth: quoteDepth, rest: afterQuotes } = stripQuoteMarkers(line, Number.POSITIVE_INFINITY);
    let { indent, rest } = measureIndent(afterQuotes);
    let contentColumn = 0;
    let hasListMarker = false;
    let column = indent;
    for (;;) {
      const marker = LIST_MARKER.exec(rest);
      if (!marker || (!hasListMarker && indent > 3 && this.context !== 'list')) break;
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
      const owner = this.context === 'list' && quoteDepth === 0 ? this.owningListItemColumn(indent) : undefined;
      if (owner !== undefined) contentColumn = owner;
      else if (indent >= 4) return false;
      else contentColumn = 0;
    } else if (indent > 3) {
      return false;
    }
    const opener = parseFenceOpener(rest);
    if (!opener) return false;
    const topLevel = quoteDepth === 0 && !hasListMarker && contentColumn === 0;
    this.fence = {
      ...opener,
      contentColumn,
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

/**
 * Normalizes a link label the way marked does (trim, collapse whitespace, case-fold), so labels
 * found in text can be matched against the keys of marked's link definitions.
 */
export function normalizeLinkLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}

const BRACKETED = /\[((?:\\[\s\S]|[^[\]\\])+)\]/g;

/**
 * Every label that a later link reference definition could turn into a link in `markdown`: the
 * text of each innermost `[...]`, normalized. Over-approximates on purpose (code spans, escaped
 * brackets): a false candidate costs one extra re-render, a missed one a wrong final DOM.
 */
export function referenceLabelCandidates(markdown: string): Set<string> {
  const labels = new Set<string>();
  if (!markdown.includes('[')) return labels;
  BRACKETED.lastIndex = 0;
  for (let match = BRACKETED.exec(markdown); match; match = BRACKETED.exec(markdown)) {
    const raw = match[1];
    if (raw.trim() === '') continue;
    labels.add(normalizeLinkLabel(raw));
    if (raw.includes('\n')) {
      // Inside block quotes and list items the label's continuation lines carry container
      // markers that marked strips before it looks the label up.
      labels.add(normalizeLinkLabel(raw.replace(/\n[ \t]*(?:>[ \t]?)*/g, '\n')));
    }
  }
  return labels;
}
