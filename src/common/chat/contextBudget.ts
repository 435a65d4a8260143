// Decides which open files go with a request. The API accepts input files under 10 MB each and
// 32 MB in all; we stay far below that by default because every byte is billed as input tokens.

export interface CandidateFile {
  path: string;
  languageId?: string;
  content: string;
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

export interface SkippedFile {
  path: string;
  bytes: number;
  reason: string;
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
    if (file.content.includes('\u0000')) {
      skipped.push({ path: file.path, bytes, reason: 'binary file' });
    } else if (bytes > limits.maxFileBytes) {
      skipped.push({ path: file.path, bytes, reason: `larger than ${formatBytes(limits.maxFileBytes)}` });
    } else if (included.length >= limits.maxFiles) {
      skipped.push({ path: file.path, bytes, reason: `more than ${limits.maxFiles} files` });
    } else if (total + bytes > limits.maxTotalBytes) {
      skipped.push({ path: file.path, bytes, reason: `over the ${formatBytes(limits.maxTotalBytes)} total` });
    } else {
      included.push({ ...file, bytes });
      total += bytes;
    }
  }
  return { included, skipped };
}
