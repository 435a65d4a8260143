// The list items a streamed list may still continue: their content columns decide which
// indented lines belong to which item, and whether marked continues an item lazily.
import { ATX_HEADING, HTML_BLOCK_STARTS, HTML_BLOCK_TYPE6, LIST_MARKER, THEMATIC_BREAK, isBlank, measureIndent } from './blockSyntax';

export class OpenListItems {
  /** Content columns of the list items that may still be open, outermost first. */
  columns: number[] = [];
  /** The last list item line had a marker and nothing after it. */
  lastItemEmpty = false;

  /** Forgets every item (the list ended). */
  clear(): void {
    this.columns = [];
  }

  /** The content column of the outermost open item (undefined when no item is open). */
  outermostColumn(): number | undefined {
    return this.columns[0];
  }

  /** An item that starts empty can hold no content after a blank line. */
  closeEmptyItemAtBlankLine(previousLineBlank: boolean): void {
    if (this.lastItemEmpty && !previousLineBlank) this.columns.pop();
    this.lastItemEmpty = false;
  }

  /** Records the content column of a list item started on this (unquoted) line. `inList`: the line follows an open list. */
  track(line: string, inList: boolean): void {
    // Items of a list that has ended own nothing any more.
    if (!inList) this.columns = [];
    if (/^ {0,3}>/.test(line)) return;
    const { indent, rest } = measureIndent(line);
    if (indent > 3 && !inList) return;
    if (THEMATIC_BREAK.test(rest)) return;
    const marker = LIST_MARKER.exec(rest);
    if (!marker) return;
    const spaces = measureIndent(rest.slice(marker[0].length));
    const gap = spaces.indent >= 1 && spaces.indent <= 4 && spaces.rest !== '' ? spaces.indent : 1;
    while (this.columns.length > 0 && this.columns[this.columns.length - 1] > indent) this.columns.pop();
    this.columns.push(indent + marker[0].length + gap);
    this.lastItemEmpty = spaces.rest === '';
  }

  /** The content column of the innermost open list item a line indented by `indent` belongs to. */
  owningColumn(indent: number): number | undefined {
    for (let index = this.columns.length - 1; index >= 0; index -= 1) {
      if (this.columns[index] <= indent) return this.columns[index];
    }
    return undefined;
  }

  /** Whether marked refuses to continue a list item lazily after this line. */
  blocksLazyContinuation(line: string): boolean {
    const outerColumn = this.columns[0] ?? 0;
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
}
