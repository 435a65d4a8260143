// Bounds on what the tools hand the model: one call's output, and everything the tools of one
// turn return together. Cuts fall on line boundaries and always say what was left out, so the
// model knows to narrow its request instead of believing it saw everything.

/** Bytes one tool call may return. */
export const CALL_OUTPUT_BYTES = 24 * 1024;
/** Bytes all tool calls of one turn may return together. */
export const TURN_OUTPUT_BYTES = 256 * 1024;

const utf8 = new TextEncoder();

export function byteLength(text: string): number {
  return utf8.encode(text).byteLength;
}

/** What a cut left out, in the unit the tool counts (lines, results, entries). */
export function truncationMarker(left: number, unit: string, hint: string): string {
  return `[truncated: ${left} more ${unit}${hint ? `; ${hint}` : ''}]`;
}

/**
 * The lines that fit in `budget` bytes (the marker included), then a marker naming how many
 * `unit`s were left out and, from `hint(kept)`, how to get them.
 */
export function fitLines(lines: readonly string[], budget: number, unit: string, hint: (kept: number) => string = () => '', extraLeft = 0): { text: string; kept: number } {
  const kept: string[] = [];
  let used = 0;
  const reserve = 200;
  for (const line of lines) {
    const size = byteLength(line) + 1;
    if (used + size > budget - reserve) break;
    kept.push(line);
    used += size;
  }
  const left = lines.length - kept.length + extraLeft;
  const text = left > 0 ? [...kept, truncationMarker(left, unit, hint(kept.length))].join('\n') : kept.join('\n');
  return { text, kept: kept.length };
}

/** Lines that stay together through a cut (a search match with its context), and how many `unit`s they hold. */
export interface OutputBlock {
  lines: readonly string[];
  count: number;
}

/**
 * Like fitLines, but a cut falls only between blocks; the marker counts the `unit`s of the blocks
 * left out (plus `extraLeft`), and `hint(kept)` gets the units kept.
 */
export function fitBlocks(blocks: readonly OutputBlock[], budget: number, unit: string, hint: (kept: number) => string = () => '', extraLeft = 0): { text: string; kept: number } {
  const kept: string[] = [];
  let keptUnits = 0;
  let used = 0;
  let index = 0;
  const reserve = 200;
  for (; index < blocks.length; index++) {
    const size = blocks[index].lines.reduce((sum, line) => sum + byteLength(line) + 1, 0);
    if (used + size > budget - reserve) break;
    kept.push(...blocks[index].lines);
    keptUnits += blocks[index].count;
    used += size;
  }
  const left = blocks.slice(index).reduce((sum, block) => sum + block.count, 0) + extraLeft;
  const text = left > 0 ? [...kept, truncationMarker(left, unit, hint(keptUnits))].join('\n') : kept.join('\n');
  return { text, kept: keptUnits };
}

/** What the tools of one turn have returned so far; each call gets at most what is left. */
export class TurnOutputBudget {
  private used = 0;

  constructor(private readonly total = TURN_OUTPUT_BYTES, private readonly perCall = CALL_OUTPUT_BYTES) {}

  /** Sets aside what the next call may return (0 when the turn's budget is spent); calls run
   *  concurrently, so each one reserves before it starts and `settle`s what it really used. */
  reserve(): number {
    const granted = Math.max(0, Math.min(this.perCall, this.total - this.used));
    this.used += granted;
    return granted;
  }

  settle(reserved: number, output: string): void {
    this.used += byteLength(output) - reserved;
  }

  get spent(): number {
    return this.used;
  }
}

export const BUDGET_SPENT_OUTPUT =
  'Not run: the tools of this turn have already returned as much text as one turn may send (codewright tool budget). Answer with what you have, or ask the user to continue in a new message.';
