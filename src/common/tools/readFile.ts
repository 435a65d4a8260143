// read_file: a workspace file as numbered lines, from the editor buffer when it is open (the
// workspace answers that), with a clear answer for everything that is not readable text.
import type { PatchWorkspace } from '../patch';
import type { ReadFileArgs } from './toolArguments';
import { byteLength, fitLines } from './outputBudget';

/** Beyond this even a range is not read (the file would have to be decoded whole). */
export const MAX_READABLE_BYTES = 16 * 1024 * 1024;

export interface ReadFileResult {
  output: string;
  /** For the row: the lines shown, e.g. "1–120", or undefined after an error. */
  range?: string;
  isError: boolean;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function failure(output: string): ReadFileResult {
  return { output, isError: true };
}

/** Decodes file bytes as UTF-8 text, or says why they are not text. */
export function decodeText(path: string, bytes: Uint8Array): string | ReadFileResult {
  if (bytes.byteLength > MAX_READABLE_BYTES) return failure(`${path} is ${formatSize(bytes.byteLength)}, too large to read (the limit is ${formatSize(MAX_READABLE_BYTES)}). Use search_text to find what you need in it.`);
  const sample = bytes.subarray(0, 8000);
  if (sample.includes(0)) return failure(`${path} is a binary file (${formatSize(bytes.byteLength)}); read_file reads text files only.`);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return failure(`${path} is not UTF-8 text (${formatSize(bytes.byteLength)}); read_file reads UTF-8 files only.`);
  }
}

/** The file's lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function readWorkspaceFile(workspace: PatchWorkspace, path: string, args: ReadFileArgs, budget: number): Promise<ReadFileResult> {
  const file = await workspace.readFile(path);
  if (file.kind === 'missing') return failure(`${path} does not exist. Use find_files or list_dir to find the right path.`);
  if (file.kind === 'directory') return failure(`${path} is a folder; use list_dir to see what is in it.`);
  if (file.kind === 'other') return failure(`${path} is not a regular file (${file.description}).`);
  const decoded = file.kind === 'text' ? file.text : decodeText(path, file.bytes);
  if (typeof decoded !== 'string') return decoded;
  const lines = splitLines(decoded);
  const total = decoded === '' ? 0 : lines.length;
  if (total === 0) return { output: `${path} is empty.`, range: 'empty', isError: false };
  const ranged = args.startLine !== undefined || args.endLine !== undefined;
  const start = args.startLine ?? 1;
  if (start > total) return failure(`${path} has only ${total} lines; start_line ${start} is past its end.`);
  const end = Math.min(args.endLine ?? total, total);
  const numbered = lines.slice(start - 1, end).map((line, index) => `${start + index}: ${line}`);
  const header = `${path} lines ${start}-${end} of ${total}:`;
  const size = byteLength(decoded);
  if (!ranged && byteLength(numbered.join('\n')) + byteLength(header) > budget) {
    return failure(
      `${path} is ${formatSize(size)} (${total} lines), more than one read may return. Read a range with start_line and end_line (about ${Math.max(20, Math.floor((budget / Math.max(1, size)) * total * 0.9))} lines fit), or use search_text to find the part you need.`,
    );
  }
  const body = fitLines(numbered, budget - byteLength(header) - 1, 'lines', (kept) => `read on with start_line ${start + kept}`);
  return { output: `${header}\n${body.text}`, range: `${start}–${start + body.kept - 1}`, isError: false };
}
