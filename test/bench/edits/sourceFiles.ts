// Real source files for the edit corpus, taken from the project's direct dependencies in
// node_modules (pinned by package-lock.json, so every checkout with the same lockfile sees the same
// files): TypeScript, JavaScript, CSS, JSON and Markdown, as a model meets them in a workspace.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Language, Random } from './textFile';

export interface SourceFile {
  /** Path under node_modules, for the record. */
  readonly origin: string;
  readonly language: Language;
  /** The file's lines, without their endings. */
  readonly lines: readonly string[];
}

const EXTENSIONS: Record<string, Language> = { '.ts': 'ts', '.js': 'js', '.css': 'css', '.json': 'json', '.md': 'md' };
const MIN_BYTES = 1_500;
const MAX_BYTES = 40_000;
const MAX_LINE = 200;
const MIN_LINES = 40;

function walk(directory: string, found: string[], depth: number): void {
  if (depth > 6) return;
  let entries: string[];
  try {
    entries = readdirSync(directory).sort();
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const full = nodePath.join(directory, entry);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      // Nested copies depend on how npm hoisted them; only the pinned top-level packages count.
      if (entry !== 'node_modules') walk(full, found, depth + 1);
    }
    else if (stat.isFile() && stat.size >= MIN_BYTES && stat.size <= MAX_BYTES) found.push(full);
  }
}

function languageOf(path: string): Language | undefined {
  if (path.endsWith('.d.ts') || /\.min\.|\.map$|package-lock|\.bundle\./.test(path)) return undefined;
  return EXTENSIONS[nodePath.extname(path)];
}

/** Files a model could plausibly be asked to edit: readable text, short lines, LF, no patch markers. */
function usableLines(text: string): string[] | undefined {
  if (text.includes('\r') || text.startsWith('\uFEFF') || text.includes('\u0000')) return undefined;
  if (/[\u2010-\u2015\u2212\u2018-\u201F\u00A0\u2002-\u200A\u202F\u205F\u3000]/.test(text)) return undefined;
  // The corpus decides each file's framing (final newline, line ending, BOM) itself.
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  if (lines.length < MIN_LINES) return undefined;
  for (const line of lines) {
    if (line.length > MAX_LINE) return undefined;
    const trimmed = line.trim();
    if (trimmed.startsWith('***') || trimmed.startsWith('@@') || trimmed === 'EOF') return undefined;
  }
  return lines;
}

/** Candidate files under `nodeModules` by language, in a stable order; read lazily by `SourcePool.pick`. */
export class SourcePool {
  private readonly candidates = new Map<Language, string[]>();
  private readonly loaded = new Map<string, SourceFile | null>();

  /** `packages`: the packages to draw from (the project's direct dependencies, pinned by the lockfile). */
  constructor(
    private readonly nodeModules: string,
    packages: readonly string[],
  ) {
    const paths: string[] = [];
    for (const name of [...packages].sort()) walk(nodePath.join(nodeModules, ...name.split('/')), paths, 0);
    for (const path of paths) {
      const language = languageOf(path);
      if (!language) continue;
      const list = this.candidates.get(language) ?? [];
      list.push(path);
      this.candidates.set(language, list);
    }
  }

  count(language: Language): number {
    return this.candidates.get(language)?.length ?? 0;
  }

  /** A random usable file of `language` (skipping unusable candidates deterministically). */
  pick(language: Language, random: Random): SourceFile {
    const list = this.candidates.get(language) ?? [];
    for (let attempt = 0; attempt < 200 && list.length > 0; attempt++) {
      const path = random.pick(list);
      const file = this.load(path, language);
      if (file) return file;
    }
    throw new Error(`no usable ${language} file under ${this.nodeModules}`);
  }

  private load(path: string, language: Language): SourceFile | undefined {
    const cached = this.loaded.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const lines = usableLines(readFileSync(path, 'utf8'));
    const file = lines ? { origin: nodePath.relative(this.nodeModules, path), language, lines } : null;
    this.loaded.set(path, file);
    return file ?? undefined;
  }
}

/** The pool over the direct dependencies named in `repoRoot`/package.json. */
export function projectSourcePool(repoRoot: string): SourcePool {
  const manifest = JSON.parse(readFileSync(nodePath.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object };
  const packages = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
  return new SourcePool(nodePath.join(repoRoot, 'node_modules'), packages);
}
