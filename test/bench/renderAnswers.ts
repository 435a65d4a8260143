// The answers the streaming-paint benchmark feeds the panel, generated from a seed so every run
// (and every machine) streams the same bytes: a mixed answer of a given size (≈40 % code, with
// lists, tables, quotes and one large fence) and the hostile shapes of issue 12 (a 1 MB single
// line, a 5,000-row table, a 1,000-level nested list). Each is split into deltas of varying size,
// as a model's stream arrives.

/** mulberry32: a small seeded PRNG, so the answers are reproducible without a dependency. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the renderer stream answer block fence table list item value request response token model ' +
  'workspace file editor panel frame layout paint style cache buffer parser marked sanitize ' +
  'delta batch turn message snapshot scroll height width offset index config option setting ' +
  'résumé naïve café → — “quoted” ‘single’ ✓ λ'
).split(' ');

const IDENTIFIERS = ['renderTail', 'applyDelta', 'flushBatch', 'parseBlock', 'sanitize', 'layoutFrame', 'computeOffset', 'readConfig', 'scheduleFrame', 'appendText'];

interface Gen {
  random: () => number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

function generator(seed: number): Gen {
  const random = seededRandom(seed);
  return {
    random,
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    pick: (items) => items[Math.floor(random() * items.length)] as (typeof items)[number],
  };
}

function words(gen: Gen, count: number): string {
  const out: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const word = gen.pick(WORDS);
    const roll = gen.random();
    if (roll < 0.06) out.push(`\`${gen.pick(IDENTIFIERS)}()\``);
    else if (roll < 0.1) out.push(`**${word}**`);
    else if (roll < 0.13) out.push(`*${word}*`);
    else if (roll < 0.15) out.push(`[${word}](https://example.com/${word.length}/${index})`);
    else out.push(word);
  }
  return out.join(' ');
}

function paragraph(gen: Gen): string {
  const sentences = Array.from({ length: gen.int(2, 5) }, () => `${words(gen, gen.int(6, 18))}.`);
  return sentences.join(' ');
}

function bulletList(gen: Gen): string {
  const lines: string[] = [];
  const ordered = gen.random() < 0.35;
  const items = gen.int(3, 8);
  for (let index = 0; index < items; index += 1) {
    lines.push(`${ordered ? `${index + 1}.` : '-'} ${words(gen, gen.int(4, 14))}`);
    if (gen.random() < 0.3) {
      const indent = ordered ? '   ' : '  ';
      for (let sub = gen.int(1, 3); sub > 0; sub -= 1) lines.push(`${indent}- ${words(gen, gen.int(3, 10))}`);
    }
  }
  return lines.join('\n');
}

function table(gen: Gen): string {
  const columns = gen.int(3, 5);
  const header = Array.from({ length: columns }, (_, index) => (index === 0 ? 'name' : gen.pick(WORDS)));
  const rows = Array.from({ length: gen.int(4, 12) }, () =>
    Array.from({ length: columns }, (_, index) => (index === 0 ? `\`${gen.pick(IDENTIFIERS)}\`` : index === columns - 1 ? String(gen.int(0, 99_999)) : words(gen, gen.int(1, 4)))),
  );
  const align = Array.from({ length: columns }, (_, index) => (index === columns - 1 ? '---:' : '---'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function quote(gen: Gen): string {
  return Array.from({ length: gen.int(1, 3) }, () => `> ${words(gen, gen.int(6, 16))}`).join('\n');
}

const CODE_LINES: Record<string, (gen: Gen, line: number) => string> = {
  ts: (gen, line) => {
    const name = gen.pick(IDENTIFIERS);
    const shapes = [
      `export function ${name}${line}(input: string, limit = ${gen.int(1, 999)}): number {`,
      `  const value${line} = ${name}(input.slice(${gen.int(0, 40)}), { depth: ${gen.int(1, 9)} }); // ${gen.pick(WORDS)}`,
      `  if (value${line} > limit) return value${line} - limit;`,
      `  for (const item of items.filter((entry) => entry.size > ${gen.int(0, 64)})) total += item.size;`,
      `}`,
      `  return \`\${input}:${gen.pick(WORDS)}\`;`,
    ];
    return gen.pick(shapes);
  },
  python: (gen, line) =>
    gen.pick([
      `def ${gen.pick(IDENTIFIERS).toLowerCase()}_${line}(data, limit=${gen.int(1, 99)}):`,
      `    result = [x * ${gen.int(2, 9)} for x in data if x > ${gen.int(0, 50)}]  # ${gen.pick(WORDS)}`,
      `    return {"key": "${gen.pick(WORDS)}", "count": len(result)}`,
      `    raise ValueError(f"bad value {data!r}")`,
    ]),
  json: (gen, line) => `  "${gen.pick(WORDS)}_${line}": { "enabled": ${gen.random() < 0.5}, "limit": ${gen.int(0, 9999)}, "name": "${gen.pick(WORDS)}" },`,
  bash: (gen) => gen.pick([`npm run ${gen.pick(WORDS)} -- --limit ${gen.int(1, 99)}`, `grep -rn "${gen.pick(IDENTIFIERS)}" src/ | head -${gen.int(5, 50)}`, `export CODEWRIGHT_${gen.int(0, 9)}="${gen.pick(WORDS)}"`]),
  css: (gen) => gen.pick([`.markdown-body .${gen.pick(WORDS)} { margin: ${gen.int(0, 24)}px ${gen.int(0, 24)}px; }`, `  color: var(--vscode-${gen.pick(WORDS)}-foreground);`]),
};

function fence(gen: Gen, chars: number, language = gen.pick(Object.keys(CODE_LINES))): string {
  const makeLine = CODE_LINES[language] ?? CODE_LINES.ts!;
  const lines: string[] = [];
  let size = 0;
  while (size < chars) {
    const line = makeLine(gen, lines.length);
    lines.push(line);
    size += line.length + 1;
  }
  return `\`\`\`${language}\n${lines.join('\n')}\n\`\`\``;
}

/** Code characters are those inside fences (markers included). */
export function codeShare(markdown: string): number {
  let code = 0;
  for (const match of markdown.matchAll(/^```[^\n]*\n[\s\S]*?^```$/gm)) code += match[0].length;
  return code / markdown.length;
}

/**
 * A mixed answer of about `chars` characters: ≈40 % of it in code fences, the rest headings,
 * paragraphs, lists (some nested), tables and quotes; with `bigFenceChars`, one fence that large
 * sits at about 40 % of the answer.
 */
export function mixedAnswer(seed: number, chars: number, bigFenceChars = 0): string {
  const gen = generator(seed);
  const blocks: string[] = [];
  let size = 0;
  let code = 0;
  let section = 0;
  let bigFenceDone = bigFenceChars === 0;
  const add = (block: string, isCode: boolean): void => {
    blocks.push(block);
    size += block.length + 2;
    if (isCode) code += block.length;
  };
  while (size < chars) {
    if (!bigFenceDone && size >= chars * 0.4) {
      add(fence(gen, bigFenceChars, 'ts'), true);
      bigFenceDone = true;
      continue;
    }
    // The big fence counts toward the code share from the start, so the rest is not code-starved later.
    const pendingFence = bigFenceDone ? 0 : bigFenceChars;
    const wantCode = (code + pendingFence) / Math.max(size + pendingFence, 1) < 0.4;
    const roll = gen.random();
    if (roll < 0.1) add(`${gen.random() < 0.3 ? '##' : '###'} ${++section}. ${words(gen, gen.int(2, 6)).replace(/[*`[\]()]/g, '')}`, false);
    else if (wantCode && roll < 0.55) add(fence(gen, gen.int(200, 1600)), true);
    else if (roll < 0.7) add(paragraph(gen), false);
    else if (roll < 0.82) add(bulletList(gen), false);
    else if (roll < 0.92) add(table(gen), false);
    else add(quote(gen), false);
  }
  return `${blocks.join('\n\n')}\n`;
}

/** 1 MB of prose on one line (no paragraph break until the very end). */
export function singleLineAnswer(seed: number, chars: number): string {
  const gen = generator(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < chars) {
    const part = words(gen, 50);
    parts.push(part);
    size += part.length + 1;
  }
  return `${parts.join(' ').slice(0, chars)}\n`;
}

export function longTableAnswer(seed: number, rows: number): string {
  const gen = generator(seed);
  const lines = ['| # | name | kind | value | note |', '|---:|---|---|---:|---|'];
  for (let row = 0; row < rows; row += 1) lines.push(`| ${row} | \`${gen.pick(IDENTIFIERS)}\` | ${gen.pick(WORDS)} | ${gen.int(0, 99_999)} | ${words(gen, gen.int(1, 4))} |`);
  return `${lines.join('\n')}\n`;
}

/** A list nested `depth` levels deep: each item indented two spaces more than its parent. */
export function nestedListAnswer(seed: number, depth: number): string {
  const gen = generator(seed);
  const lines: string[] = [];
  for (let level = 0; level < depth; level += 1) lines.push(`${'  '.repeat(level)}- level ${level} ${gen.pick(WORDS)}`);
  return `${lines.join('\n')}\n`;
}

/** Splits `text` into `count` deltas of varying size (uniform cut points from the seed). */
export function splitIntoDeltas(text: string, count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pieces = Math.min(count, text.length);
  const weights = Array.from({ length: pieces }, () => 0.2 + random() * 1.6);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const deltas: string[] = [];
  let position = 0;
  let cumulative = 0;
  for (let index = 0; index < pieces; index += 1) {
    cumulative += weights[index]!;
    const remainingPieces = pieces - index - 1;
    let end = index === pieces - 1 ? text.length : Math.round((cumulative / total) * text.length);
    // At least one character per delta, and enough left for the deltas after this one.
    end = Math.min(Math.max(end, position + 1), text.length - remainingPieces);
    // Never cut a surrogate pair: a stream delivers whole characters.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff && end < text.length - remainingPieces) end += 1;
    deltas.push(text.slice(position, end));
    position = end;
  }
  return deltas;
}
