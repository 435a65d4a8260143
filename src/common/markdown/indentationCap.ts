// Caps how deeply markdown can nest before marked sees it.
//
// marked lexes a nested list item's content again at every level, so a list nested a thousand
// levels deep (each item two spaces further in: a megabyte of indentation) takes seconds to lex,
// and a browser lays out a thousand nested boxes. Outside fenced code, no line is given to marked
// with more than MAX_INDENT_COLUMNS columns of indentation: deeper items become siblings at the
// deepest level, and every word stays. A line's indentation only ever shrinks to the cap (never
// below 4 columns), so what is indented code, a continuation line or a new top-level block stays
// so. A one-shot render caps the whole text (capIndentation); a stream is capped as it arrives
// (IndentationCapper), before the block splitter sees it, so both give marked the same text.

/** The most indentation (in columns) a line outside a fence keeps: about 16 levels of nesting. */
export const MAX_INDENT_COLUMNS = 32;
/**
 * A line outside a fence longer than this is broken into paragraphs (a blank line replaces the
 * first space before a letter after each stretch this long): one megabyte of prose on one line
 * would otherwise be one paragraph, rendered whole on every frame and once more at the end.
 */
export const MAX_LINE_CHARS = 16_000;

/** A line with more than MAX_INDENT_COLUMNS columns of indentation has at least this many blanks (tabs count 4). */
const DEEP_LINE = /(?:^|\n)[ \t]{9,}/;
const FENCE_OPENING = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/**
 * `markdown` with every line outside a fenced code block indented at most MAX_INDENT_COLUMNS
 * columns, and broken into paragraphs every MAX_LINE_CHARS (see IndentationCapper).
 */
export function capIndentation(markdown: string): string {
  if (!DEEP_LINE.test(markdown) && !hasLongLine(markdown)) return markdown;
  const capper = new IndentationCapper();
  return capper.push(markdown) + capper.end();
}

function hasLongLine(markdown: string): boolean {
  if (markdown.length <= MAX_LINE_CHARS) return false;
  for (let start = 0; start < markdown.length; ) {
    const newline = markdown.indexOf('\n', start);
    const end = newline < 0 ? markdown.length : newline;
    if (end - start > MAX_LINE_CHARS) return true;
    start = end + 1;
  }
  return false;
}

function capLine(line: string): string {
  let column = 0;
  let index = 0;
  for (; index < line.length; index += 1) {
    const ch = line.charCodeAt(index);
    if (ch === 32) column += 1;
    else if (ch === 9) column += 4 - (column % 4);
    else break;
  }
  if (column <= MAX_INDENT_COLUMNS || index === line.length) return line;
  return ' '.repeat(MAX_INDENT_COLUMNS) + line.slice(index);
}

/**
 * capIndentation for text that arrives in pieces: what `push` and `end` return, joined, equals
 * capIndentation of the whole text. A line's leading blanks are held back until its first other
 * character shows how deep it is.
 */
export class IndentationCapper {
  private fence: { char: string; length: number } | undefined;
  /** The current line so far (for the fence check at its end), and its held-back indentation. */
  private line = '';
  private heldIndent = '';
  private indentDone = false;
  /** Characters of the current line since its start or its last break. */
  private sinceBreak = 0;
  /** A space held back at the end of a piece of a long line: a break replaces it if a letter follows. */
  private heldSpace = false;

  push(text: string): string {
    const out: string[] = [];
    let start = 0;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline + 1;
      out.push(this.pushLinePart(text.slice(start, end)));
      start = end;
    }
    return out.join('');
  }

  /** The held-back indentation of an unfinished last line. */
  end(): string {
    const rest = this.heldIndent + (this.heldSpace ? ' ' : '');
    this.heldIndent = '';
    this.heldSpace = false;
    return rest;
  }

  /** A piece of one line (ending with its "\n" when the line ends). */
  private pushLinePart(part: string): string {
    let out = part;
    if (!this.indentDone) {
      const blanks = /^[ \t]*/.exec(part)![0];
      if (blanks.length === part.length) {
        this.heldIndent += part;
        this.line += part;
        return '';
      }
      const indent = this.heldIndent + blanks;
      this.heldIndent = '';
      this.indentDone = true;
      const rest = part.slice(blanks.length);
      out = (rest === '\n' || this.fence ? indent : capLine(indent + 'x').slice(0, -1)) + this.breakLongLine(rest);
    } else {
      out = this.breakLongLine(part);
    }
    this.line += part;
    if (part.endsWith('\n')) this.endLine();
    return out;
  }

  /** `text` (the rest of a line, maybe with its "\n") with a paragraph break after every MAX_LINE_CHARS. */
  private breakLongLine(text: string): string {
    if (this.fence || (!this.heldSpace && this.sinceBreak + text.length <= MAX_LINE_CHARS)) {
      this.sinceBreak += text.length;
      return text;
    }
    const input = (this.heldSpace ? ' ' : '') + text;
    this.heldSpace = false;
    const out: string[] = [];
    let from = 0;
    let searchFrom = Math.max(0, MAX_LINE_CHARS - this.sinceBreak);
    for (let space = input.indexOf(' ', searchFrom); space >= 0; space = input.indexOf(' ', searchFrom)) {
      if (space === input.length - 1) {
        // Whether a letter follows is known only with the next piece.
        out.push(input.slice(from, space));
        this.sinceBreak += space - from;
        this.heldSpace = true;
        return out.join('');
      }
      if (!/[A-Za-z]/.test(input[space + 1])) {
        searchFrom = space + 1;
        continue;
      }
      out.push(input.slice(from, space), '\n\n');
      from = space + 1;
      this.sinceBreak = 0;
      searchFrom = from + MAX_LINE_CHARS;
    }
    out.push(input.slice(from));
    this.sinceBreak += input.length - from;
    return out.join('');
  }

  private endLine(): void {
    const line = this.line.slice(0, -1);
    this.line = '';
    this.indentDone = false;
    this.sinceBreak = 0;
    const marker = FENCE_OPENING.exec(line);
    if (this.fence) {
      if (marker && marker[1][0] === this.fence.char && marker[1].length >= this.fence.length && marker[2].trim() === '') this.fence = undefined;
    } else if (marker && !(marker[1][0] === '`' && marker[2].includes('`'))) {
      this.fence = { char: marker[1][0], length: marker[1].length };
    }
  }
}
