// One matching pass over a file's lines (see lineIndex.ts): the id of each normalised line,
// how many lines have each id, and hashes of windows of ids, read from the file's blocks.

import type { Block } from './lineBlock';
import { HASH_MODULUS, lowerBound, normalizeLine, type Interner, type MatchPass } from './lineMatching';

/** What a pass reads of its file: the blocks in order, and which block holds a line. */
export interface BlockList {
  readonly blocks: readonly Block[];
  blockAt(line: number): number;
}

/** One matching pass over the file's current lines: ids, where each id occurs, and window hashes. */
export class PassIndex {
  constructor(
    readonly pass: MatchPass,
    private readonly file: BlockList,
    private readonly interner: Interner,
    /** counts[id]: how many lines have that id now. */
    readonly counts: number[],
  ) {}

  /** For an id that occurs once: the block holding it (stale when that block is dead). */
  private readonly homes = new Map<number, Block>();

  get base(): number {
    return this.interner.base;
  }

  /** The id of a normalised line, or -1 when no line of the file has ever had it. */
  idOf(key: string): number {
    return this.interner.ids.get(key) ?? -1;
  }

  intern(line: string): number {
    return this.interner.intern(normalizeLine(line, this.pass));
  }

  /** How many lines have this id. */
  count(id: number): number {
    return id < 0 ? 0 : (this.counts[id] ?? 0);
  }

  /**
   * Calls `visit` with each line number at or after `from` whose id is `id`, ascending, until it
   * returns false. A line that occurs once is looked up in the block known to hold it; otherwise
   * the blocks are walked from `from`, and a block without the id costs one lookup.
   */
  forEachAtOrAfter(id: number, from: number, visit: (line: number) => boolean): void {
    const count = this.count(id);
    if (count === 0) return;
    const blocks = this.file.blocks;
    let at = this.file.blockAt(from);
    let last = blocks.length - 1;
    const home = count === 1 ? this.homes.get(id) : undefined;
    if (home && !home.dead) {
      const homeAt = this.file.blockAt(home.start);
      if (homeAt < at) return;
      at = last = homeAt;
    }
    for (; at <= last; at++) {
      const block = blocks[at] as Block;
      const local = from - block.start;
      const list = block.positions(this.pass, id);
      if (list === null) {
        const ids = block.ids[this.pass] ?? [];
        for (let offset = Math.max(0, local); offset < ids.length; offset++) {
          if (ids[offset] !== id) continue;
          if (count === 1) this.homes.set(id, block);
          if (!visit(block.start + offset)) return;
        }
      } else if (list !== undefined) {
        if (count === 1) this.homes.set(id, block);
        for (let index = lowerBound(list, 0, list.length, local); index < list.length; index++) {
          if (!visit(block.start + (list[index] ?? 0))) return;
        }
      }
    }
  }

  /** Keeps `counts` (and the block of a line that occurs once) current as lines come and go. */
  adjust(id: number, delta: 1 | -1, block: Block): void {
    const after = (this.counts[id] ?? 0) + delta;
    this.counts[id] = after;
    if (after === 1 && delta === 1) this.homes.set(id, block);
    // One left, but which one is unknown until a search finds it.
    else if (after <= 1) this.homes.delete(id);
  }

  /** The first line at or after `from` whose id is `id`, or -1. */
  firstAtOrAfter(id: number, from: number): number {
    let found = -1;
    this.forEachAtOrAfter(id, from, (line) => {
      found = line;
      return false;
    });
    return found;
  }

  /** Hash of the ids of lines [start, start + length) (within the file). */
  windowHash(start: number, length: number): number {
    const blocks = this.file.blocks;
    let hash = 0;
    let line = start;
    const end = start + length;
    for (let at = this.file.blockAt(start); line < end && at < blocks.length; at++) {
      const block = blocks[at] as Block;
      const from = line - block.start;
      const to = Math.min(block.length, end - block.start);
      const hashes = block.hashes(this.pass, this.interner.base);
      const pieceLength = to - from;
      const piece = ((hashes[to] ?? 0) - (((hashes[from] ?? 0) * this.interner.power(pieceLength)) % HASH_MODULUS) + HASH_MODULUS) % HASH_MODULUS;
      hash = ((hash * this.interner.power(pieceLength)) % HASH_MODULUS + piece) % HASH_MODULUS;
      line += pieceLength;
    }
    return hash;
  }

  /** Whether lines [start, start + ids.length) have exactly these ids (compares the first `length`). */
  idsEqual(start: number, ids: ArrayLike<number>, length: number): boolean {
    const blocks = this.file.blocks;
    let offset = 0;
    for (let at = this.file.blockAt(start); offset < length && at < blocks.length; at++) {
      const block = blocks[at] as Block;
      const blockIds = block.ids[this.pass] ?? [];
      for (let local = start + offset - block.start; local < block.length && offset < length; local++, offset++) {
        if (blockIds[local] !== ids[offset]) return false;
      }
    }
    return offset === length;
  }
}
