// One block of a file's lines (see lineIndex.ts): texts, endings, ids per matching pass, and what
// is derived from them lazily — positions by id, prefix hashes, header shapes — dropped when the
// block changes.

import type { LineEnding } from './textModel';
import { HASH_MODULUS, headerShape, PASSES, type MatchPass } from './lineMatching';

/** How many lines a block holds (about; a block is split at twice this). Tests shrink it to cross block boundaries with small files. */
export const LINE_BLOCKS = { lines: 512 };

/** How often a changed block is scanned line by line before its positions by id are built. */
const SCANS_BEFORE_INDEXING = 4;

/** `items` inserted into `list` at `offset`: in place when few (no copy of the block), else by concatenation. */
export function insertAt<T>(list: T[], offset: number, items: readonly T[]): T[] {
  if (items.length === 0) return list;
  if (items.length <= 256) {
    list.splice(offset, 0, ...items);
    return list;
  }
  return list.slice(0, offset).concat(items as T[], list.slice(offset));
}

export class Block {
  /** Split into other blocks or emptied: no longer part of the file. */
  dead = false;
  /** First line's number in the file (kept current by LineIndex.renumber). */
  start = 0;
  /** Per pass, once the file's pass is built: the id of each line's normalised text. */
  readonly ids: (number[] | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly positionsById: (Map<number, number[]> | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly prefixHashes: (Int32Array | undefined)[] = [undefined, undefined, undefined, undefined];
  /** Searches per pass since the block last changed (see visitPositions). */
  private readonly scans = [0, 0, 0, 0];
  private shapes: Map<string, number[]> | undefined;

  constructor(
    public texts: string[],
    public endings: LineEnding[],
  ) {}

  get length(): number {
    return this.texts.length;
  }

  /** Drops what was derived from the lines; rebuilt when next asked for. */
  changed(): void {
    for (const pass of PASSES) {
      this.positionsById[pass] = undefined;
      this.prefixHashes[pass] = undefined;
      this.scans[pass] = 0;
    }
    this.shapes = undefined;
  }

  /**
   * The ascending offsets of the lines with this id (undefined: none), or null while the block is
   * not indexed: a block that changed is scanned line by line (cheap, no allocation) until it has
   * been searched a few times unchanged; only then are its positions by id built, so a block that
   * every Update File section edits in turn is not re-indexed for each.
   */
  positions(pass: MatchPass, id: number): number[] | undefined | null {
    const byId = this.positionsById[pass] ?? this.maybeBuildPositions(pass);
    return byId ? byId.get(id) : null;
  }

  private maybeBuildPositions(pass: MatchPass): Map<number, number[]> | undefined {
    if (++this.scans[pass] < SCANS_BEFORE_INDEXING) return undefined;
    const byId = new Map<number, number[]>();
    const ids = this.ids[pass] ?? [];
    for (let offset = 0; offset < ids.length; offset++) {
      const lineId = ids[offset] ?? 0;
      const list = byId.get(lineId);
      if (list) list.push(offset);
      else byId.set(lineId, [offset]);
    }
    this.positionsById[pass] = byId;
    return byId;
  }

  /** hashes[n]: hash of the ids of the block's first n lines. */
  hashes(pass: MatchPass, base: number): Int32Array {
    let hashes = this.prefixHashes[pass];
    if (!hashes) {
      const ids = this.ids[pass] ?? [];
      hashes = new Int32Array(ids.length + 1);
      for (let offset = 0; offset < ids.length; offset++) {
        hashes[offset + 1] = ((hashes[offset] ?? 0) * base + (ids[offset] ?? 0) + 1) % HASH_MODULUS;
      }
      this.prefixHashes[pass] = hashes;
    }
    return hashes;
  }

  shapePositions(shape: string): number[] | undefined {
    if (!this.shapes) {
      const shapes = new Map<string, number[]>();
      this.texts.forEach((line, offset) => {
        const key = headerShape(line);
        const list = shapes.get(key);
        if (list) list.push(offset);
        else shapes.set(key, [offset]);
      });
      this.shapes = shapes;
    }
    return this.shapes.get(shape);
  }
}
