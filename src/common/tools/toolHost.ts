// What the read tools need from the editor and the file system. The VS Code layer implements it
// (src/vscode/tools); paths in and out are workspace paths as the model writes them: relative to
// the folder, `/`-separated, starting with the folder's name in a multi-root workspace.
import type { PatchWorkspace } from '../patch';
import type { SecretFileMatcher } from '../security/secretFiles';
import type { SearchTextArgs } from './toolArguments';

export interface DirEntry {
  /** Path relative to the listed folder, `/`-separated. */
  path: string;
  kind: 'file' | 'folder' | 'symlink' | 'other';
  size?: number;
}

export interface DirListing {
  entries: DirEntry[];
  /** Entries left out because files.exclude or .gitignore exclude them. */
  excluded: number;
}

export interface FoundFiles {
  paths: string[];
  /** More files matched than were returned. */
  more: boolean;
  /** The search was stopped by its time limit after this long: `paths` is what it found until then. */
  stoppedAfterMs?: number;
}

/** Lines of context a search returns on each side of a match (as `rg --context 1`). */
export const SEARCH_CONTEXT_LINES = 1;

export interface TextMatch {
  path: string;
  /** 1-based. */
  line: number;
  text: string;
  /** The lines right before the match (up to SEARCH_CONTEXT_LINES, nearest last), matching or not. */
  before?: string[];
  /** The lines right after the match (up to SEARCH_CONTEXT_LINES, nearest first), matching or not. */
  after?: string[];
}

/** Why a search stopped before it had looked everywhere (its matches are then only those found so far). */
export interface SearchStop {
  /** slow-pattern: the regular expression ran too long over a file; time-limit: the whole search did. */
  reason: 'slow-pattern' | 'time-limit';
  seconds: number;
}

export interface TextMatches {
  matches: TextMatch[];
  /** Every matching line the search saw (at least `matches.length`); more may exist when `capped`. */
  total: number;
  capped: boolean;
  /** Set when the search ran out of time; `matches` and `total` are then partial. */
  stopped?: SearchStop;
}

export interface SymbolHit {
  name: string;
  kind: string;
  container?: string;
  path: string;
  line: number;
}

export interface CodeLocation {
  path: string;
  line: number;
  column: number;
}

export interface Problem {
  path: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  code?: string;
  source?: string;
}

export interface ReadToolHost {
  /** The workspace the edits go to (editor buffers first); undefined without a folder. */
  workspace(): Promise<PatchWorkspace | undefined>;
  /** The one secret-file list, with the user's additions. */
  secrets(): SecretFileMatcher;
  /** `path` passed the read-path gate ("" is the root). */
  listDir(path: string, depth: number, signal: AbortSignal): Promise<DirListing>;
  findFiles(glob: string, maxResults: number, signal: AbortSignal): Promise<FoundFiles>;
  searchText(args: SearchTextArgs, signal: AbortSignal): Promise<TextMatches>;
  workspaceSymbols(query: string, signal: AbortSignal): Promise<SymbolHit[]>;
  definitions(path: string, line: number, column: number): Promise<CodeLocation[]>;
  references(path: string, line: number, column: number): Promise<CodeLocation[]>;
  problems(path: string | undefined): Promise<Problem[]>;
}
