// Which paths a patch may touch. A patch path is relative to the workspace folder; anything that
// could land outside it, or that Windows would read as something else (an alternate data stream,
// a device, a short-name alias, a name with trailing dots or spaces), is rejected outright —
// before the file system is asked anything. Real-path (symlink) checks happen in the planner
// through the workspace callback, with `isWithinRoot` below.

import type { PatchError } from './patchTypes';
import { patchError } from './patchTypes';

export type PathRole = 'path' | 'Move to destination';

export type NormalizedPath = { readonly ok: true; readonly path: string } | PatchError;

const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$|clock\$)(\..*)?$/i;
const WINDOWS_SHORT_NAME = /~\d/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function reject(raw: string, role: PathRole, why: string): PatchError {
  const shown = JSON.stringify(raw);
  return patchError('path', `The ${role} ${shown} is not allowed: ${why}. Paths must be relative to the workspace folder, like src/app.ts.`, raw);
}

/**
 * Validates a path as written in the patch and returns its normal form: segments joined by `/`,
 * no `.` or empty segments, `..` resolved (and rejected if it climbs out of the workspace).
 */
export function normalizePatchPath(raw: string, role: PathRole = 'path'): NormalizedPath {
  if (raw.length === 0) return reject(raw, role, 'it is empty');
  if (raw.includes('\u0000')) return reject(raw, role, 'it contains a NUL character');
  if (CONTROL_CHARACTER.test(raw)) return reject(raw, role, 'it contains a control character');
  if (raw.startsWith('/') || raw.startsWith('\\')) return reject(raw, role, 'it is an absolute path');
  if (/^[A-Za-z]:/.test(raw)) return reject(raw, role, 'it starts with a drive letter');
  if (raw.startsWith('~')) return reject(raw, role, "'~' (the home folder) is outside the workspace");
  if (raw.includes('\\')) return reject(raw, role, "it contains '\\'; use '/' between folders");
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return reject(raw, role, "its '..' leads outside the workspace folder");
      segments.pop();
      continue;
    }
    if (segment.includes(':')) return reject(raw, role, `the name ${JSON.stringify(segment)} contains ':' (an alternate data stream on Windows)`);
    if (/[. ]$/.test(segment)) return reject(raw, role, `the name ${JSON.stringify(segment)} ends with a dot or a space, which Windows silently drops`);
    if (WINDOWS_DEVICE_NAME.test(segment)) return reject(raw, role, `${JSON.stringify(segment)} is a reserved device name on Windows`);
    if (WINDOWS_SHORT_NAME.test(segment)) return reject(raw, role, `${JSON.stringify(segment)} looks like a Windows 8.3 short name, which can alias another file`);
    segments.push(segment);
  }
  if (segments.length === 0) return reject(raw, role, 'it names the workspace folder itself, not a file');
  return { ok: true, path: segments.join('/') };
}

function comparable(absolute: string, caseInsensitive: boolean): string {
  let path = absolute.replace(/\\/g, '/');
  while (path.length > 1 && path.endsWith('/') && !/^[A-Za-z]:\/$/.test(path)) path = path.slice(0, -1);
  return caseInsensitive ? path.toLowerCase() : path;
}

/** Whether `candidate` (an absolute real path) is the root or inside it. */
export function isWithinRoot(root: string, candidate: string, caseInsensitive: boolean): boolean {
  const base = comparable(root, caseInsensitive);
  const path = comparable(candidate, caseInsensitive);
  if (path === base) return true;
  return path.startsWith(base.endsWith('/') ? base : `${base}/`);
}

/** `candidate` relative to `root` with `/` separators (both absolute, candidate inside root). */
export function relativeToRoot(root: string, candidate: string): string {
  const base = comparable(root, false);
  const path = comparable(candidate, false);
  if (path.length <= base.length) return '';
  return path.slice(base.endsWith('/') ? base.length : base.length + 1);
}

/** Key under which two spellings of one file compare equal. */
export function pathKey(path: string, caseInsensitive: boolean): string {
  return caseInsensitive ? path.toLowerCase() : path;
}

// Which targets need explicit confirmation is decided in one place: src/common/security/sensitiveFiles.ts.
