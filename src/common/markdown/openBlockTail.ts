import type { BlockContext, LineShape } from './blockContext';

/**
 * The unfinished tail of a streamed answer when it is exactly one top-level GFM table or list,
 * from its first line: where its rows or items start, so a view can render the finished ones
 * once and re-render only the last while it grows.
 */
export interface OpenBlockTail {
  kind: 'table' | 'list';
  /**
   * Tail line indices where each table row (after the header and delimiter rows, lines 0–1) or
   * each top-level list item starts, in order. Every row or item but the last is complete.
   */
  starts: number[];
}

/** Follows the tail's lines (as the splitter classifies them) while they form one table or list. */
export class OpenBlockTracker {
  current: OpenBlockTail | undefined;
  /** Content column of the open top-level list item: a marker left of it starts the next item. */
  private itemColumn = 0;
  /** The tail's first line is a paragraph line that a delimiter row may turn into a table header. */
  private tableMayStart = false;

  clear(): void {
    this.current = undefined;
    this.tableMayStart = false;
  }

  /** Called for each tail line that is not a blank line, fence content or HTML block line. */
  track(lineIndex: number, context: BlockContext, shape: LineShape, outermostItemColumn: number | undefined, rawHtmlClean: boolean): void {
    const block = this.current;
    if (lineIndex === 0) {
      this.clear();
      this.tableMayStart = context === 'paragraph' && rawHtmlClean;
      if (context === 'list' && shape.isListMarkerLine && rawHtmlClean) {
        this.current = { kind: 'list', starts: [0] };
        this.itemColumn = outermostItemColumn ?? 0;
      }
    } else if (lineIndex === 1 && context === 'table' && this.tableMayStart) {
      this.current = { kind: 'table', starts: [] };
    } else if (block?.kind === 'table' && context === 'table' && rawHtmlClean) {
      block.starts.push(lineIndex);
    } else if (block?.kind === 'list' && context === 'list' && rawHtmlClean) {
      if (shape.isListMarkerLine && shape.indent < this.itemColumn) {
        block.starts.push(lineIndex);
        this.itemColumn = outermostItemColumn ?? this.itemColumn;
      }
    } else {
      this.clear();
    }
  }
}
