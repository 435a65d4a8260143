// The lines of one file being edited, with the indexes the chunk search needs, kept up to date
// where edits land.
//
// A file is a list of blocks of about LINE_BLOCKS.lines lines. Each block keeps its lines' texts
// and endings, their ids per matching pass (normalised line → small integer, see chunkLocator), and,
// built lazily and dropped when the block changes, line positions by id, prefix hashes of the ids
// and line shapes. An edit touches only the blocks it lands in (and renumbers the blocks after it),
// so a patch with thousands of Update File sections on one file costs about its own size, not
// sections × file lines, as rebuilding the whole index per section did. A line that occurs once is
// looked up in the block known to hold it; other searches walk the blocks from where they start,
// one lookup per block that does not hold the line.

import type { LineEnding } from './textModel';
import { splitLines } from './textModel';
import { Block, LINE_BLOCKS, insertAt } from './lineBlock';
import { headerShape, Interner, lowerBound, PASSES, type MatchPass } from './lineMatching';
import { PassIndex } from './passIndex';

export { LINE_BLOCKS } from './lineBlock';
export { headerShape, HASH_MODULUS, lowerBound, MATCH_PASS_NAMES, normalizeLine, PASSES } from './lineMatching';
export type { MatchPass } from './lineMatching';
export { PassIndex } from './passIndex';

/** A file's lines with their own endings, indexed for the chunk search and edited in place. */
export class LineIndex {
  /** @internal The blocks, in file order; only this module and its passes (passIndex.ts) read them. */
  blocks: Block[] = [];
  private total = 0;
  private readonly passes: (PassIndex | undefined)[] = [undefined, undefined, undefined, undefined];
  private crlfCount = 0;
  private lfCount = 0;

  /** Endings default to `\n` (tests that only search give just the lines). */
  constructor(texts: readonly string[], endings?: readonly LineEnding[]) {
    const size = LINE_BLOCKS.lines;
    for (let start = 0; start < texts.length; start += size) {
      const blockTexts = texts.slice(start, start + size);
      const blockEndings = endings ? endings.slice(start, start + size) : blockTexts.map((): LineEnding => '\n');
      this.blocks.push(new Block(blockTexts, blockEndings));
    }
    this.total = texts.length;
    for (const block of this.blocks) for (const ending of block.endings) this.countEnding(ending, 1);
    this.renumber(0);
  }

  static fromText(text: string): LineIndex {
    const { texts, endings } = splitLines(text);
    return new LineIndex(texts, endings);
  }

  /**
   * `fromText` a block at a time, yielding after each, so splitting a large file never holds the
   * event loop for long (see runSteps / the planner's pacer). Splits exactly as splitLines does.
   */
  static *fromTextSteps(text: string): Generator<void, LineIndex> {
    const index = new LineIndex([]);
    const size = LINE_BLOCKS.lines;
    let start = 0;
    while (start < text.length) {
      const texts: string[] = [];
      const endings: LineEnding[] = [];
      while (texts.length < size && start < text.length) {
        const newline = text.indexOf('\n', start);
        if (newline === -1) {
          texts.push(text.slice(start));
          endings.push('');
          start = text.length;
        } else if (newline > start && text.charCodeAt(newline - 1) === 13) {
          texts.push(text.slice(start, newline - 1));
          endings.push('\r\n');
          start = newline + 1;
        } else {
          texts.push(text.slice(start, newline));
          endings.push('\n');
          start = newline + 1;
        }
      }
      index.blocks.push(new Block(texts, endings));
      index.total += texts.length;
      for (const ending of endings) index.countEnding(ending, 1);
      yield;
    }
    index.renumber(0);
    return index;
  }

  get length(): number {
    return this.total;
  }

  /** The index of the block holding line `line` (the block count when `line` is past the end). */
  blockAt(line: number): number {
    const blocks = this.blocks;
    if (line >= this.total) return blocks.length;
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((blocks[middle] as Block).start <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private blockOf(line: number): Block {
    const block = this.blocks[this.blockAt(line)];
    if (!block) throw new RangeError(`line ${line} is outside a file of ${this.total} lines`);
    return block;
  }

  lineAt(line: number): string {
    const block = this.blockOf(line);
    return block.texts[line - block.start] ?? '';
  }

  endingAt(line: number): LineEnding {
    const block = this.blockOf(line);
    return block.endings[line - block.start] ?? '';
  }

  /** The ending most lines use (`\n` when there is none or on a tie). */
  dominantEnding(): '\n' | '\r\n' {
    return this.crlfCount > this.lfCount ? '\r\n' : '\n';
  }

  pass(pass: MatchPass): PassIndex {
    const steps = this.passSteps(pass);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Builds a matching pass (once) a block at a time, yielding after each. */
  *passSteps(pass: MatchPass): Generator<void, PassIndex> {
    const existing = this.passes[pass];
    if (existing) return existing;
    const built = new PassIndex(pass, this, new Interner(), []);
    // Counts, and the block of each line that occurs once (so finding it needs no walk).
    const ids: number[][] = [];
    for (const block of this.blocks) {
      ids.push(
        block.texts.map((line) => {
          const id = built.intern(line);
          built.adjust(id, 1, block);
          return id;
        }),
      );
      yield;
    }
    // Published only when complete: a search never sees a half-built pass.
    this.blocks.forEach((block, at) => (block.ids[pass] = ids[at]));
    this.passes[pass] = built;
    return built;
  }

  /** The first line at or after `from` shaped like line `at` (see headerShape), or the file's length. */
  nextSibling(at: number, from: number): number {
    const shape = headerShape(this.lineAt(at));
    for (let index = this.blockAt(from); index < this.blocks.length; index++) {
      const block = this.blocks[index] as Block;
      const list = block.shapePositions(shape);
      if (!list) continue;
      const found = lowerBound(list, 0, list.length, from - block.start);
      if (found < list.length) return block.start + (list[found] ?? 0);
    }
    return this.total;
  }

  /** Every line's text and ending in order, for joining. */
  *lines(): Generator<readonly [string, LineEnding]> {
    for (const block of this.blocks) {
      for (let offset = 0; offset < block.length; offset++) yield [block.texts[offset] ?? '', block.endings[offset] ?? ''];
    }
  }

  /** The file's text: each line followed by its own ending. */
  text(): string {
    const steps = this.textSteps();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** `text()` a block at a time, yielding after each. */
  *textSteps(): Generator<void, string> {
    const pieces: string[] = [];
    for (const block of this.blocks) {
      for (let offset = 0; offset < block.length; offset++) pieces.push(block.texts[offset] ?? '', block.endings[offset] ?? '');
      yield;
    }
    return pieces.join('');
  }

  /**
   * Replaces lines [start, start + oldCount) with `texts` (each with its ending in `endings`). Only
   * the blocks the range touches change; the blocks after it are renumbered.
   */
  replace(start: number, oldCount: number, texts: readonly string[], endings: readonly LineEnding[]): void {
    if (start < 0 || oldCount < 0 || start + oldCount > this.total) throw new RangeError(`cannot replace lines ${start}–${start + oldCount} of ${this.total}`);
    if (this.blocks.length === 0) this.blocks.push(new Block([], []));
    const first = Math.min(this.blockAt(start), this.blocks.length - 1);
    const firstBlock = this.blocks[first] as Block;
    const offset = start - firstBlock.start;
    // Remove the old lines, block by block.
    let remaining = oldCount;
    for (let index = first; remaining > 0; index++) {
      const block = this.blocks[index] as Block;
      const from = index === first ? offset : 0;
      const take = Math.min(remaining, block.length - from);
      this.removeFrom(block, from, take);
      remaining -= take;
    }
    // Insert the new ones where the old ones started.
    const built = PASSES.filter((pass) => this.passes[pass] !== undefined);
    const added = built.map((pass) => texts.map((line) => this.internCounted(this.passes[pass] as PassIndex, line, firstBlock)));
    firstBlock.texts = insertAt(firstBlock.texts, offset, texts);
    firstBlock.endings = insertAt(firstBlock.endings, offset, endings);
    built.forEach((pass, index) => {
      firstBlock.ids[pass] = insertAt(firstBlock.ids[pass] ?? [], offset, added[index] ?? []);
    });
    for (const ending of endings) this.countEnding(ending, 1);
    firstBlock.changed();
    this.total += texts.length - oldCount;
    this.reshape(first);
  }

  /** Sets one line's ending (the last line's, when the file keeps or loses its final newline). */
  setEnding(line: number, ending: LineEnding): void {
    const block = this.blockOf(line);
    const offset = line - block.start;
    this.countEnding(block.endings[offset] ?? '', -1);
    block.endings[offset] = ending;
    this.countEnding(ending, 1);
  }

  private removeFrom(block: Block, from: number, count: number): void {
    if (count === 0) return;
    for (let offset = from; offset < from + count; offset++) this.countEnding(block.endings[offset] ?? '', -1);
    for (const pass of PASSES) {
      const ids = block.ids[pass];
      const index = this.passes[pass];
      if (!ids || !index) continue;
      for (let offset = from; offset < from + count; offset++) {
        const id = ids[offset] ?? 0;
        index.adjust(id, -1, block);
      }
      ids.splice(from, count);
    }
    block.texts.splice(from, count);
    block.endings.splice(from, count);
    block.changed();
  }

  /** Splits an overgrown block, drops empty ones, and renumbers from block `from` on. */
  private reshape(from: number): void {
    const size = LINE_BLOCKS.lines;
    const next: Block[] = this.blocks.slice(0, from);
    for (let index = from; index < this.blocks.length; index++) {
      const block = this.blocks[index] as Block;
      if (block.length === 0) {
        block.dead = true;
        continue;
      }
      if (block.length <= 2 * size) {
        next.push(block);
        continue;
      }
      block.dead = true;
      for (let start = 0; start < block.length; start += size) {
        const piece = new Block(block.texts.slice(start, start + size), block.endings.slice(start, start + size));
        for (const pass of PASSES) piece.ids[pass] = block.ids[pass]?.slice(start, start + size);
        next.push(piece);
      }
    }
    this.blocks = next;
    this.renumber(from);
  }

  private renumber(from: number): void {
    let start = from > 0 ? (this.blocks[from - 1]?.start ?? 0) + (this.blocks[from - 1]?.length ?? 0) : 0;
    for (let index = from; index < this.blocks.length; index++) {
      const block = this.blocks[index] as Block;
      block.start = start;
      start += block.length;
    }
  }

  private internCounted(index: PassIndex, line: string, block: Block): number {
    const id = index.intern(line);
    index.adjust(id, 1, block);
    return id;
  }

  private countEnding(ending: LineEnding, delta: number): void {
    if (ending === '\r\n') this.crlfCount += delta;
    else if (ending === '\n') this.lfCount += delta;
  }
}
