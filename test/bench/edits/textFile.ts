// The edit corpus works on files as lines plus their byte framing (line ending, BOM, final
// newline), so each case's intended result is computed by a plain splice of lines, independent of
// either patch engine.

export type Language = 'ts' | 'js' | 'css' | 'json' | 'md';

export interface TextFile {
  readonly lines: readonly string[];
  readonly eol: '\n' | '\r\n';
  readonly bom: boolean;
  readonly finalNewline: boolean;
}

export function lfFile(lines: readonly string[]): TextFile {
  return { lines, eol: '\n', bom: false, finalNewline: true };
}

export function encodeFile(file: TextFile): Uint8Array {
  const body = file.lines.join(file.eol) + (file.finalNewline && file.lines.length > 0 ? file.eol : '');
  return new TextEncoder().encode((file.bom ? '\uFEFF' : '') + body);
}

/** Mulberry32: a tiny seeded PRNG, so the corpus is the same on every machine for a given seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

export function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** A line worth editing: some letters, not a lone brace or a blank. */
export function isMeaningful(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= 4 && /[A-Za-z]{3}/.test(trimmed) && !trimmed.startsWith('***') && !trimmed.startsWith('@@');
}

/** How the locator of either engine compares lines in its loosest pass. */
export function looseKey(line: string): string {
  return line
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018-\u201B]/g, "'")
    .replace(/[\u201C-\u201F]/g, '"')
    .replace(/[\u00A0\u2002-\u200A\u202F\u205F\u3000]/g, ' ')
    .trim();
}

/** Where `block` occurs in `lines` under the loosest comparison (so it is unique in every pass). */
export function looseOccurrences(lines: readonly string[], block: readonly string[]): number[] {
  const keys = block.map(looseKey);
  const fileKeys = lines.map(looseKey);
  const found: number[] = [];
  for (let start = 0; start + keys.length <= fileKeys.length; start++) {
    let same = true;
    for (let offset = 0; offset < keys.length && same; offset++) same = fileKeys[start + offset] === keys[offset];
    if (same) found.push(start);
  }
  return found;
}

const IDENTIFIER = /\b[A-Za-z_][A-Za-z0-9_]{2,}\b/g;

/** A substantive change to one line, as a person or a model editing it would make. */
export function mutateLine(line: string, language: Language, random: Random): string {
  const identifiers = [...line.matchAll(IDENTIFIER)];
  const numbers = [...line.matchAll(/\b\d+\b/g)];
  if (numbers.length > 0 && random.chance(0.3)) {
    const match = random.pick(numbers);
    const at = match.index ?? 0;
    return `${line.slice(0, at)}${Number(match[0]) + random.int(1, 9)}${line.slice(at + match[0].length)}`;
  }
  if (identifiers.length > 0 && random.chance(0.7)) {
    const match = random.pick(identifiers);
    const at = match.index ?? 0;
    const suffix = random.pick(['Next', 'Value', 'Resolved', 'Checked', 'Local']);
    return `${line.slice(0, at)}${match[0]}${suffix}${line.slice(at + match[0].length)}`;
  }
  return `${line}${trailingNote(language, random)}`;
}

function trailingNote(language: Language, random: Random): string {
  const note = random.pick(['keep in sync', 'see below', 'checked by the caller', 'legacy']);
  switch (language) {
    case 'ts':
    case 'js':
      return ` // ${note}`;
    case 'css':
      return ` /* ${note} */`;
    case 'md':
      return ` (${note})`;
    case 'json':
      return '';
  }
}

/** New lines a model would insert after `anchor`, in the file's language and indentation. */
export function insertedLines(anchor: string, language: Language, random: Random): string[] {
  const indent = indentOf(anchor);
  const name = [...anchor.matchAll(IDENTIFIER)].map((match) => match[0]).find((word) => !/^(const|let|var|return|function|import|export|from)$/.test(word)) ?? 'value';
  switch (language) {
    case 'ts':
    case 'js':
      return random.pick([
        [`${indent}// ${name} is checked again after the update below.`],
        [`${indent}if (${name} === undefined) {`, `${indent}  throw new Error('${name} is missing');`, `${indent}}`],
        [`${indent}const ${name}Snapshot = ${name};`],
      ]);
    case 'css':
      return random.pick([[`${indent}outline-offset: 2px;`], [`${indent}/* ${name}: keep contrast above 4.5:1 */`, `${indent}color: inherit;`]]);
    case 'md':
      return random.pick([[`${indent}Note: ${name} is covered in the section below.`], ['', `${indent}See also: ${name}.`]]);
    case 'json':
      return [`${indent}"codewright${name.slice(0, 1).toUpperCase()}${name.slice(1)}": ${random.int(1, 99)},`];
  }
}
