// VS Code undoes a deleted file by recreating it from the bytes it kept, with default permissions.
// These helpers remember a regular file's mode before it is deleted and put it back on the file
// Undo recreates — only when that file holds exactly the deleted bytes.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

/** A regular file's permission bits and a digest of its bytes. */
export interface FileModeRecord {
  readonly mode: number;
  readonly digest: string;
}

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The mode and content digest of the regular file at `fsPath` (not following a symlink), or undefined. */
export async function recordMode(fsPath: string): Promise<FileModeRecord | undefined> {
  try {
    const stat = await fs.lstat(fsPath);
    if (!stat.isFile()) return undefined;
    return { mode: stat.mode & 0o7777, digest: digestOf(await fs.readFile(fsPath)) };
  } catch {
    return undefined;
  }
}

/** Gives the file at `fsPath` the recorded mode when it holds the recorded bytes; returns whether it changed it. */
export async function restoreMode(fsPath: string, record: FileModeRecord): Promise<boolean> {
  const stat = await fs.lstat(fsPath);
  if (!stat.isFile() || (stat.mode & 0o7777) === record.mode) return false;
  if (digestOf(await fs.readFile(fsPath)) !== record.digest) return false;
  await fs.chmod(fsPath, record.mode);
  return true;
}
