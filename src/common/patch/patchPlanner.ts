// Turns a patch into every affected file's new content, or one precise error — all or nothing.
// Nothing is written here: the caller gets a plan to preview, confirm and apply (disk or editor).
//
// Hunks are applied in order to an in-memory overlay keyed by each file's real path, so a patch
// may touch one file twice (update, then move; add, then update), and a symlink and its target,
// or two spellings of one file on a case-insensitive file system, are recognised as one file.
//
// Planning runs on the extension host, so it never holds the event loop for long: it pauses (a
// zero-delay timer) whenever it has worked for PLANNING_SLICE_MS, between patch lines, hunks and
// chunks. A file edited by several Update File sections stays one line model (lineIndex.ts) that
// each section edits in place, re-indexing only the blocks its edits land in, instead of being
// joined, re-split and re-indexed per section.

import type { LineDocument } from './chunkApplier';
import { lineDocumentSteps, updateDocumentSteps } from './chunkApplier';
import { parsePatchSteps } from './patchParser';
import type { PathRole } from './patchPaths';
import { isWithinRoot, normalizePatchPath, pathKey, relativeToRoot } from './patchPaths';
import { packageScriptsChange, SensitiveFileClassifier, type SensitiveMatch } from '../security/sensitiveFiles';
import type { SecretFileOptions } from '../security/secretFiles';
import type { ParsedPatch, PatchError } from './patchTypes';
import { isPatchError, patchError } from './patchTypes';
import type { PatchWorkspace, WorkspaceFile } from './patchWorkspace';
import { decodeFileBytes, encodeText, sameBytes } from './textModel';
import { describeError } from '../describeError';

export type SummaryLetter = 'A' | 'M' | 'D';

export interface PatchSummaryEntry {
  readonly letter: SummaryLetter;
  readonly path: string;
}

/** The original content of a file a plan changes, as read when planning. */
export type OriginalContent =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'text'; readonly text: string };

/** The net effect of the patch on one file. */
export interface PlannedFileChange {
  /** Workspace-relative path with `/` separators (as the patch first named it). */
  readonly path: string;
  /** Absolute real path at planning time (symlinks resolved): where a disk writer writes. */
  readonly realPath: string;
  readonly kind: 'add' | 'update' | 'delete';
  /** undefined for `add`. */
  readonly original: OriginalContent | undefined;
  /** The original text without BOM when it was decodable (undefined for add and for undecodable deletes). */
  readonly originalText: string | undefined;
  /** undefined for `delete`. */
  readonly newText: string | undefined;
  /** `newText` encoded as the file was (UTF-8, with its BOM if it had one); undefined for `delete`. */
  readonly newBytes: Uint8Array | undefined;
  /** An Add File or a Move to landed on a file that already existed: it is replaced. */
  readonly replacesExisting: boolean;
  /** This file is the destination of `*** Move to:` from that path. */
  readonly movedFrom: string | undefined;
  /** This file was moved to that path (its change is a delete). */
  readonly movedTo: string | undefined;
  /** The sensitive-file rule the file matches (needs explicit confirmation), if any. */
  readonly sensitivePattern: string | undefined;
  /** What the file runs or configures ("runs on git commit, push and checkout (.husky)"). */
  readonly sensitiveReason: string | undefined;
}

export interface PatchPlan {
  readonly ok: true;
  readonly changes: readonly PlannedFileChange[];
  /** One entry per hunk, in patch order: what the model is told. */
  readonly summary: readonly PatchSummaryEntry[];
  /** The changes that need explicit confirmation. */
  readonly sensitive: readonly PlannedFileChange[];
}

export interface PlanOptions {
  /** Extra sensitive-path globs (from settings), added to the built-in list. */
  readonly sensitivePatterns?: readonly string[];
  /** The secret-file setting: writing a secret-looking file needs confirmation too. */
  readonly secretFiles?: SecretFileOptions;
}

/** Longest stretch of planning work between two pauses. */
// 10 ms, not more: V8's major garbage collection can pause the thread for tens of milliseconds on a
// large plan's heap, and that pause lands inside a slice.
export const PLANNING_SLICE_MS = 10;

/** Pauses the planner after each PLANNING_SLICE_MS of work, so other events get their turn. */
class Pacer {
  private sliceStart = Date.now();

  async pause(): Promise<void> {
    if (Date.now() - this.sliceStart < PLANNING_SLICE_MS) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.sliceStart = Date.now();
  }

  /** Runs a step generator, pausing between steps when the slice is used up. */
  async run<T>(steps: Generator<void, T>): Promise<T> {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await this.pause();
    }
  }
}

/** A file's new content as text or as lines, converted (once, step by step) only when the other form is needed. */
class EditedContent {
  private constructor(
    private text: string | undefined,
    private document: LineDocument | undefined,
  ) {}

  static ofText(text: string): EditedContent {
    return new EditedContent(text, undefined);
  }

  static ofDocument(document: LineDocument): EditedContent {
    return new EditedContent(undefined, document);
  }

  /** The text; `textOf` must have run since the last change (see planHunks). */
  get asText(): string {
    if (this.text === undefined) throw new Error('the edited text was not joined before it was read');
    return this.text;
  }

  async textOf(pacer: Pacer): Promise<string> {
    this.text ??= await pacer.run((this.document as LineDocument).textSteps());
    return this.text;
  }

  async documentOf(pacer: Pacer): Promise<LineDocument> {
    this.document ??= await pacer.run(lineDocumentSteps(this.text as string));
    return this.document;
  }
}

type CurrentState =
  | { readonly exists: false }
  /** `content` undefined: untouched, still the original. */
  | { readonly exists: true; readonly content: EditedContent | undefined; readonly bom: boolean };

interface VirtualFile {
  readonly path: string;
  readonly realPath: string;
  readonly original: WorkspaceFile;
  readonly sensitive: SensitiveMatch | undefined;
  current: CurrentState;
  replacesExisting: boolean;
  movedFrom: string | undefined;
  movedTo: string | undefined;
}

function existsAsFile(file: WorkspaceFile): file is Extract<WorkspaceFile, { kind: 'bytes' | 'text' }> {
  return file.kind === 'bytes' || file.kind === 'text';
}

class PatchOverlay {
  private readonly files = new Map<string, VirtualFile>();
  private readonly classifier: SensitiveFileClassifier;

  constructor(
    private readonly workspace: PatchWorkspace,
    options: PlanOptions,
  ) {
    this.classifier = new SensitiveFileClassifier({ extraPatterns: options.sensitivePatterns ?? [], secretFiles: options.secretFiles });
  }

  get all(): IterableIterator<VirtualFile> {
    return this.files.values();
  }

  async load(rawPath: string, role: PathRole): Promise<VirtualFile | PatchError> {
    const normalized = normalizePatchPath(rawPath, role);
    if (!normalized.ok) return normalized;
    const path = normalized.path;
    const real = await this.workspace.realPath(path);
    if (real.kind === 'refused') return patchError('path', `The ${role} ${JSON.stringify(rawPath)} is not allowed: ${real.reason}`, path);
    if (real.kind === 'dangling-symlink') {
      return patchError(
        'path',
        `The ${role} ${JSON.stringify(rawPath)} is not allowed: ${JSON.stringify(real.linkPath)} is a symbolic link whose target does not exist, so writing there would create a file wherever it points.`,
        path,
      );
    }
    const root = await this.workspace.rootRealPath(path);
    if (!isWithinRoot(root, real.realPath, this.workspace.caseInsensitive)) {
      return patchError(
        'path',
        `The ${role} ${JSON.stringify(rawPath)} is not allowed: through a symbolic link it resolves to ${JSON.stringify(real.realPath)}, which is outside the workspace folder.`,
        path,
      );
    }
    const key = pathKey(real.realPath.replace(/\\/g, '/'), this.workspace.caseInsensitive);
    const known = this.files.get(key);
    if (known) return known;
    const original = await this.workspace.readFile(path);
    const sensitive = this.classifier.classify({
      path,
      resolvedPath: relativeToRoot(root, real.realPath),
      realPath: real.realPath,
      executionFolders: (await this.workspace.executionFolders?.(path)) ?? [],
    });
    const file: VirtualFile = {
      path,
      realPath: real.realPath,
      original,
      sensitive,
      current: existsAsFile(original) ? { exists: true, content: undefined, bom: false } : { exists: false },
      replacesExisting: false,
      movedFrom: undefined,
      movedTo: undefined,
    };
    this.files.set(key, file);
    return file;
  }
}

function notAFile(file: VirtualFile, action: string): PatchError | undefined {
  if (file.current.exists) return undefined;
  if (file.original.kind === 'directory') {
    return patchError('not-a-file', `Cannot ${action} ${file.path}: it is a directory, not a file.`, file.path);
  }
  if (file.original.kind === 'other') {
    return patchError('not-a-file', `Cannot ${action} ${file.path}: ${file.original.description}.`, file.path);
  }
  return undefined;
}

/** The current lines of an existing virtual file, decoding and splitting the original on first use. */
async function currentDocument(file: VirtualFile, pacer: Pacer): Promise<{ document: LineDocument; bom: boolean } | PatchError> {
  const current = file.current;
  if (!current.exists) return patchError('missing', `${file.path} does not exist.`, file.path);
  if (current.content !== undefined) return { document: await current.content.documentOf(pacer), bom: current.bom };
  if (file.original.kind === 'text') return { document: await pacer.run(lineDocumentSteps(file.original.text)), bom: false };
  if (file.original.kind === 'bytes') {
    const decoded = decodeFileBytes(file.original.bytes, file.path);
    return isPatchError(decoded) ? decoded : { document: await pacer.run(lineDocumentSteps(decoded.text)), bom: decoded.bom };
  }
  return patchError('missing', `${file.path} does not exist.`, file.path);
}

/** Parses (if needed) and plans a patch against the workspace. Reads only; never writes. */
export async function planPatch(
  patch: string | ParsedPatch,
  workspace: PatchWorkspace,
  options: PlanOptions = {},
): Promise<PatchPlan | PatchError> {
  const pacer = new Pacer();
  let parsed: ParsedPatch;
  if (typeof patch === 'string') {
    const result = await pacer.run(parsePatchSteps(patch));
    if (!result.ok) return result;
    parsed = result.patch;
  } else {
    parsed = patch;
  }
  try {
    return await planHunks(parsed, workspace, options, pacer);
  } catch (error) {
    // The workspace callback failed (permissions, I/O): still one precise error, nothing changed.
    const reason = describeError(error);
    return patchError('io', `Reading the workspace failed: ${reason}`);
  }
}

async function planHunks(parsed: ParsedPatch, workspace: PatchWorkspace, options: PlanOptions, pacer: Pacer): Promise<PatchPlan | PatchError> {
  const overlay = new PatchOverlay(workspace, options);
  const summary: PatchSummaryEntry[] = [];
  for (const hunk of parsed.hunks) {
    await pacer.pause();
    const file = await overlay.load(hunk.path, 'path');
    if (isPatchError(file)) return file;
    if (hunk.type === 'add') {
      const problem = notAFile(file, 'add');
      if (problem) return problem;
      if (file.current.exists) file.replacesExisting = true;
      file.current = { exists: true, content: EditedContent.ofText(hunk.lines.map((line) => `${line}\n`).join('')), bom: false };
      summary.push({ letter: 'A', path: file.path });
      continue;
    }
    if (hunk.type === 'delete') {
      const problem = notAFile(file, 'delete');
      if (problem) return problem;
      if (!file.current.exists) {
        return patchError('missing', `Failed to delete ${file.path}: the file does not exist.`, file.path);
      }
      file.current = { exists: false };
      summary.push({ letter: 'D', path: file.path });
      continue;
    }
    const problem = notAFile(file, 'update');
    if (problem) return problem;
    if (!file.current.exists) {
      return patchError(
        'missing',
        `Failed to update ${file.path}: the file does not exist (use '*** Add File: ${file.path}' to create it).`,
        file.path,
      );
    }
    const source = await currentDocument(file, pacer);
    if (isPatchError(source)) return source;
    const updated = await pacer.run(updateDocumentSteps(source.document, hunk.chunks, file.path));
    if (isPatchError(updated)) return updated;
    const newText = EditedContent.ofDocument(updated);
    if (hunk.movePath === undefined) {
      file.current = { exists: true, content: newText, bom: source.bom };
      summary.push({ letter: 'M', path: file.path });
      continue;
    }
    const destination = await overlay.load(hunk.movePath, 'Move to destination');
    if (isPatchError(destination)) return destination;
    if (destination === file) {
      // Same file under another spelling: an in-place update.
      file.current = { exists: true, content: newText, bom: source.bom };
      summary.push({ letter: 'M', path: file.path });
      continue;
    }
    const destinationProblem = notAFile(destination, 'move a file onto');
    if (destinationProblem) return destinationProblem;
    if (destination.current.exists) destination.replacesExisting = true;
    destination.current = { exists: true, content: newText, bom: source.bom };
    destination.movedFrom = file.path;
    file.current = { exists: false };
    file.movedTo = destination.path;
    summary.push({ letter: 'M', path: destination.path });
  }

  const changes: PlannedFileChange[] = [];
  for (const file of overlay.all) {
    await pacer.pause();
    if (file.current.exists) await file.current.content?.textOf(pacer);
    const change = netChange(file);
    if (change) changes.push(change);
  }
  return { ok: true, changes, summary, sensitive: changes.filter((change) => change.sensitivePattern !== undefined) };
}

function originalTextOf(file: VirtualFile): string | undefined {
  if (file.original.kind === 'text') return file.original.text;
  if (file.original.kind !== 'bytes') return undefined;
  const decoded = decodeFileBytes(file.original.bytes, file.path);
  return isPatchError(decoded) ? undefined : decoded.text;
}

function netChange(file: VirtualFile): PlannedFileChange | undefined {
  const original = existsAsFile(file.original) ? file.original : undefined;
  const current = file.current;
  const common = {
    path: file.path,
    realPath: file.realPath,
    original,
    replacesExisting: file.replacesExisting,
    movedFrom: file.movedFrom,
    movedTo: file.movedTo,
    sensitivePattern: file.sensitive?.rule,
    sensitiveReason: file.sensitive?.reason,
  };
  if (!current.exists) {
    if (!original) return undefined;
    return { ...common, kind: 'delete', originalText: originalTextOf(file), newText: undefined, newBytes: undefined };
  }
  if (current.content === undefined) return undefined;
  const newText = current.content.asText;
  const newBytes = encodeText(newText, current.bom);
  if (!original) {
    return withScriptsCheck({ ...common, kind: 'add', originalText: undefined, newText, newBytes });
  }
  const originalText = originalTextOf(file);
  if (original.kind === 'bytes' ? sameBytes(original.bytes, newBytes) : original.text === newText) {
    if (file.movedFrom === undefined) return undefined;
  }
  return withScriptsCheck({ ...common, kind: 'update', originalText, newText, newBytes });
}

/** A package.json whose npm scripts change is sensitive by what changes, not by its name. */
function withScriptsCheck(change: PlannedFileChange): PlannedFileChange {
  if (change.sensitivePattern !== undefined) return change;
  const scripts = packageScriptsChange(change.path, change.originalText, change.newText);
  return scripts ? { ...change, sensitivePattern: scripts.rule, sensitiveReason: scripts.reason } : change;
}
