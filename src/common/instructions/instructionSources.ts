// Which instruction files the project already has apply to a request, read through an injected
// file system (the VS Code layer provides it, with the path rules of the read tools):
// - `AGENTS.md` at a workspace folder's root, and the nearest one above each file in play;
// - `.github/copilot-instructions.md`;
// - `.github/instructions/*.instructions.md` whose front-matter `applyTo` glob matches a file in play.
// The order is fixed by kind and path, never by the order files were opened, so the instructions
// (the start of every request's cached prompt) stay byte-identical while nothing changed.

import { compileGlob } from '../security/glob';
import { parseFrontMatter } from './frontMatter';

export type InstructionKind = 'copilot' | 'agents' | 'scoped';

/** codewright.instructions.*: each source can be turned off. */
export interface InstructionSettings {
  agentsMd: boolean;
  copilotInstructions: boolean;
  instructionFiles: boolean;
}

export const ALL_INSTRUCTIONS_ON: InstructionSettings = { agentsMd: true, copilotInstructions: true, instructionFiles: true };

/** Changes when the file changes: its modification time and size. */
export interface FileStamp {
  mtime: number;
  size: number;
}

/** Workspace paths in and out (`src/a.ts`; `folder/src/a.ts` in a multi-root workspace). */
export interface InstructionFileSystem {
  /** The stamp of a regular file (a link counts by its target), or undefined when there is none. */
  stat(path: string): Promise<FileStamp | undefined>;
  /** Names of the entries directly inside a folder ([] when it does not exist). */
  listNames(path: string): Promise<string[]>;
  /** Why the file must not be read (it leads outside the workspace, it looks secret), or undefined. */
  refusal(path: string): Promise<string | undefined>;
  /** The file's text, at most `maxBytes` of it (UTF-8). */
  read(path: string, maxBytes: number): Promise<string>;
}

export interface InstructionFile {
  path: string;
  kind: InstructionKind;
  /** The instructions (front matter removed), as read: possibly cut at the read limit. */
  text: string;
  /** The file's size on disk, in bytes. */
  bytes: number;
  /** The `applyTo` globs of a scoped file. */
  applyTo?: string[];
}

export interface RefusedInstructionFile {
  path: string;
  reason: string;
}

export interface FoundInstructions {
  files: InstructionFile[];
  refused: RefusedInstructionFile[];
}

/** Nothing beyond this is read of one file (the request carries far less; see instructionBlock.ts). */
export const MAX_INSTRUCTION_READ_BYTES = 64 * 1024;

const AGENTS_MD = 'AGENTS.md';
const COPILOT_INSTRUCTIONS = '.github/copilot-instructions.md';
const SCOPED_FOLDER = '.github/instructions';
const SCOPED_SUFFIX = '.instructions.md';

function join(root: string, path: string): string {
  return root === '' ? path : `${root}/${path}`;
}

/** The workspace folder a path belongs to ('' in a single-folder workspace) and the path inside it. */
export function splitRoot(path: string, roots: readonly string[]): { root: string; rest: string } | undefined {
  // A file outside the workspace (added by hand) is labelled with its absolute path: it has no folder here.
  if (/^(\/|\\|[a-zA-Z]:)/.test(path) || path.split(/[\\/]/).includes('..')) return undefined;
  if (roots.length === 1 && roots[0] === '') return { root: '', rest: path };
  const root = roots.find((candidate) => path.startsWith(`${candidate}/`));
  return root === undefined ? undefined : { root, rest: path.slice(root.length + 1) };
}

/** Whether a scoped file's globs apply: to a file in play, or (with none in play) to every file. */
export function appliesTo(globs: readonly string[], relativePaths: readonly string[]): boolean {
  if (relativePaths.length === 0) return globs.some((glob) => /^(\*\*\/?)+\*?$/.test(glob.trim()));
  const compiled = globs.map((glob) => compileGlob(glob));
  return relativePaths.some((path) => compiled.some((glob) => glob.test(path)));
}

interface CachedFile {
  stamp: FileStamp;
  text: string;
  applyTo: string[];
}

/** Finds and reads the instruction files; re-reads a file only when its stamp changed. */
export class InstructionFinder {
  private readonly cache = new Map<string, CachedFile>();

  constructor(private readonly fs: InstructionFileSystem) {}

  /**
   * The instruction files for a request about `filesInPlay` (workspace paths). `roots` are the
   * workspace folders' path prefixes ([''] for a single folder).
   */
  async find(roots: readonly string[], filesInPlay: readonly string[], settings: InstructionSettings): Promise<FoundInstructions> {
    const inPlay = new Map<string, string[]>();
    for (const path of filesInPlay) {
      const split = splitRoot(path, roots);
      if (split) inPlay.set(split.root, [...(inPlay.get(split.root) ?? []), split.rest]);
    }
    // A multi-root workspace reads the folders the request is about (all of them when it is about none).
    const relevant = roots.length === 1 || inPlay.size === 0 ? roots : roots.filter((root) => inPlay.has(root));
    const found: FoundInstructions = { files: [], refused: [] };
    const seen = new Set<string>();
    for (const root of relevant) {
      const relativePaths = [...new Set(inPlay.get(root) ?? [])].sort();
      const candidates: { path: string; kind: InstructionKind }[] = [];
      if (settings.copilotInstructions) candidates.push({ path: join(root, COPILOT_INSTRUCTIONS), kind: 'copilot' });
      if (settings.agentsMd) {
        for (const path of await this.agentsFiles(root, relativePaths)) candidates.push({ path, kind: 'agents' });
      }
      if (settings.instructionFiles) {
        const names = (await this.fs.listNames(join(root, SCOPED_FOLDER))).filter((name) => name.endsWith(SCOPED_SUFFIX)).sort();
        for (const name of names) candidates.push({ path: join(root, `${SCOPED_FOLDER}/${name}`), kind: 'scoped' });
      }
      for (const candidate of candidates) await this.collect(candidate, relativePaths, found, seen);
    }
    // Files no longer found (deleted, turned off, another folder's) leave the cache.
    for (const path of this.cache.keys()) if (!seen.has(path)) this.cache.delete(path);
    return found;
  }

  /** The root AGENTS.md and the nearest one above each file in play, root first, then by path. */
  private async agentsFiles(root: string, relativePaths: readonly string[]): Promise<string[]> {
    const nearest = new Set<string>();
    const checked = new Map<string, boolean>();
    const exists = async (folder: string) => {
      const path = join(root, folder === '' ? AGENTS_MD : `${folder}/${AGENTS_MD}`);
      if (!checked.has(path)) checked.set(path, (await this.fs.stat(path)) !== undefined);
      return checked.get(path) === true ? path : undefined;
    };
    for (const file of relativePaths) {
      const segments = file.split('/').slice(0, -1);
      for (let depth = segments.length; depth > 0; depth--) {
        const found = await exists(segments.slice(0, depth).join('/'));
        if (found) {
          nearest.add(found);
          break;
        }
      }
    }
    const rootFile = join(root, AGENTS_MD);
    return [rootFile, ...[...nearest].filter((path) => path !== rootFile).sort()];
  }

  private async collect(candidate: { path: string; kind: InstructionKind }, relativePaths: readonly string[], found: FoundInstructions, seen: Set<string>): Promise<void> {
    const stamp = await this.fs.stat(candidate.path);
    if (!stamp) return;
    const refusal = await this.fs.refusal(candidate.path);
    if (refusal) {
      found.refused.push({ path: candidate.path, reason: refusal });
      return;
    }
    const file = await this.read(candidate.path, stamp);
    seen.add(candidate.path);
    if (candidate.kind === 'scoped' && !appliesTo(file.applyTo, relativePaths)) return;
    if (file.text.trim() === '') return;
    found.files.push({ path: candidate.path, kind: candidate.kind, text: file.text, bytes: stamp.size, ...(candidate.kind === 'scoped' ? { applyTo: file.applyTo } : {}) });
  }

  private async read(path: string, stamp: FileStamp): Promise<CachedFile> {
    const cached = this.cache.get(path);
    if (cached && cached.stamp.mtime === stamp.mtime && cached.stamp.size === stamp.size) return cached;
    const raw = await this.fs.read(path, MAX_INSTRUCTION_READ_BYTES);
    const parsed = parseFrontMatter(raw);
    const file: CachedFile = { stamp, text: parsed.body, applyTo: parsed.applyTo };
    this.cache.set(path, file);
    return file;
  }
}
