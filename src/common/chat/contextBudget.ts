// Decides which open files go with a request. The API accepts input files under 10 MB each and
// 32 MB in all; we stay far below that by default because every byte is billed as input tokens.

import type { ContextChip } from '../protocol';

export interface CandidateFile {
  path: string;
  languageId?: string;
  content: string;
  /** 'text': not a file but context text (@problems), sent as `input_text`. */
  sendAs?: 'text';
}

export interface ContextBudgetLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
}

export const DEFAULT_CONTEXT_LIMITS: ContextBudgetLimits = {
  maxFileBytes: 256 * 1024,
  maxTotalBytes: 1024 * 1024,
  maxFiles: 20,
};

export type SkipKind = 'binary' | 'file-size' | 'file-count' | 'total-size';

export interface SkippedFile {
  path: string;
  bytes: number;
  kind: SkipKind;
  /** Short, for the chip: "larger than 256.0 KB". */
  reason: string;
  /** A sentence saying why and what to do instead. */
  advice: string;
}

export interface BudgetedFile extends CandidateFile {
  bytes: number;
}

export interface ContextBudgetResult {
  included: BudgetedFile[];
  skipped: SkippedFile[];
}

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function skipKind(content: string, bytes: number, includedCount: number, total: number, limits: ContextBudgetLimits): SkipKind | undefined {
  if (content.includes('\u0000')) return 'binary';
  if (bytes > limits.maxFileBytes) return 'file-size';
  if (includedCount >= limits.maxFiles) return 'file-count';
  if (total + bytes > limits.maxTotalBytes) return 'total-size';
  return undefined;
}

/** The chip text of a skipped file: short reason and what to do instead. */
export function skipText(kind: SkipKind, bytes: number, limits: ContextBudgetLimits): { reason: string; advice: string } {
  switch (kind) {
    case 'binary':
      return { reason: 'binary file', advice: 'It looks binary (it contains NUL bytes), so it is not sent.' };
    case 'file-size':
      return {
        reason: `larger than ${formatBytes(limits.maxFileBytes)}`,
        advice: `It is ${formatBytes(bytes)}, more than the ${formatBytes(limits.maxFileBytes)} sent per file. Select the part you need and ask about the selection.`,
      };
    case 'file-count':
      return {
        reason: `more than ${limits.maxFiles} files`,
        advice: `Only ${limits.maxFiles} open files go with a question. Close files you don't need, or remove their chips.`,
      };
    case 'total-size':
      return {
        reason: `over the ${formatBytes(limits.maxTotalBytes)} total`,
        advice: `The open files together would pass ${formatBytes(limits.maxTotalBytes)}. Close files you don't need, or remove their chips.`,
      };
  }
}

/** The chip of an open file the budget left out: it says so and why, and can only be dismissed. */
export function overBudgetChip(file: SkippedFile, id: string): ContextChip {
  return { id, kind: 'file', label: file.path, detail: `not sent — ${file.reason}`, overBudget: file.advice };
}

/** Chips of what a request does not carry (held back, or over the budget) are not its context. */
export function isSentChip(chip: ContextChip): boolean {
  return chip.heldBack === undefined && chip.overBudget === undefined;
}

/** Keeps files in the given order (most relevant first) until a limit would be crossed. */
export function applyContextBudget(
  files: readonly CandidateFile[],
  limits: ContextBudgetLimits = DEFAULT_CONTEXT_LIMITS,
): ContextBudgetResult {
  const included: BudgetedFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const file of files) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const bytes = byteLength(file.content);
    const kind = skipKind(file.content, bytes, included.length, total, limits);
    if (kind) {
      skipped.push({ path: file.path, bytes, kind, ...skipText(kind, bytes, limits) });
    } else {
      included.push({ ...file, bytes });
      total += bytes;
    }
  }
  return { included, skipped };
}
