// The one gate every read tool passes: the path rules of the patch engine (workspace folders
// only, no absolute paths or `..` out, multi-root names), the real path (a symbolic link may not
// lead out of its folder), and the consent rule for secret-looking files and `.git`.
import { isWithinRoot, normalizePatchPath, relativeToRoot, type PatchWorkspace } from '../patch';
import type { SecretFileMatcher } from '../security/secretFiles';

export type ReadPath =
  | { ok: true; path: string; consent?: string }
  | { ok: false; error: string };

function insideGit(path: string): boolean {
  return path.split('/').some((segment) => segment.toLowerCase() === '.git');
}

/** Why reading `path` needs the user's consent, or undefined. */
export function consentReason(path: string, secrets: SecretFileMatcher): string | undefined {
  if (insideGit(path)) return 'it is inside .git (repository internals, credentials and hooks)';
  const match = secrets.match(path);
  return match ? `it looks like a secret (${match.reason})` : undefined;
}

/**
 * Checks a path the model named. `allowRoot` lets "" and "." name the workspace root (list_dir).
 * The answer is the normalised path and, when it needs the user's consent, why.
 */
export async function resolveReadPath(raw: string, workspace: PatchWorkspace, secrets: SecretFileMatcher, allowRoot = false): Promise<ReadPath> {
  const trimmed = raw.trim().replace(/^\.\/+/, '');
  if (allowRoot && (trimmed === '' || trimmed === '.' || trimmed === './')) return { ok: true, path: '' };
  const normalized = normalizePatchPath(trimmed);
  if (!normalized.ok) return { ok: false, error: normalized.message };
  const path = normalized.path;
  const real = await workspace.realPath(path);
  if (real.kind === 'refused') return { ok: false, error: `The path ${JSON.stringify(path)} is not allowed: ${real.reason}` };
  if (real.kind === 'dangling-symlink') return { ok: false, error: `The path ${JSON.stringify(path)} is a symbolic link to nothing (${real.linkPath}).` };
  const root = await workspace.rootRealPath(path);
  if (!isWithinRoot(root, real.realPath, workspace.caseInsensitive)) {
    return { ok: false, error: `The path ${JSON.stringify(path)} leads outside the workspace folder (through a symbolic link); only workspace files can be read.` };
  }
  // A link named notes.txt may point at .env: both names are checked.
  const reason = consentReason(path, secrets) ?? consentReason(relativeToRoot(root, real.realPath), secrets);
  return reason ? { ok: true, path, consent: reason } : { ok: true, path };
}
