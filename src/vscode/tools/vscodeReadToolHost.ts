// The read tools' access to VS Code: the same workspace the edits use (editor buffers first),
// findFiles with the user's excludes, VS Code's own ripgrep for text search (else the Node search in
// its worker), and the language
// servers through the vscode.execute*Provider commands. Paths in and out are workspace paths.
import * as vscode from 'vscode';
import type { PatchWorkspace } from '../../common/patch';
import { SecretFileMatcher } from '../../common/security/secretFiles';
import type { SearchTextArgs } from '../../common/tools/toolArguments';
import type { CodeLocation, DirListing, FoundFiles, Problem, ReadToolHost, SymbolHit, TextMatches } from '../../common/tools/toolHost';
import { listInWorker } from '../../node/tools/readToolWorkerClient';
import { findBundledRipgrep, searchText, type SearchRoot } from '../../node/tools/textSearch';
import { readSettings } from '../settings';

interface Folder {
  folder: vscode.WorkspaceFolder;
  /** What workspace paths start with: the folder's name in a multi-root workspace, else ''. */
  prefix: string;
}

function folders(): Folder[] {
  const all = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return all.map((folder) => ({ folder, prefix: multi ? folder.name : '' }));
}

/** The folder a workspace path belongs to and the path inside it. */
function route(path: string): { folder: Folder; rest: string } | undefined {
  const all = folders();
  if (all.length === 0) return undefined;
  if (all[0].prefix === '') return { folder: all[0], rest: path };
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const folder = all.find((candidate) => candidate.prefix === name);
  return folder ? { folder, rest: slash < 0 ? '' : path.slice(slash + 1) } : undefined;
}

function uriOf(path: string): vscode.Uri | undefined {
  const routed = route(path);
  return routed && (routed.rest === '' ? routed.folder.folder.uri : vscode.Uri.joinPath(routed.folder.folder.uri, ...routed.rest.split('/')));
}

/** A URI as a workspace path, or undefined when it lies outside every workspace folder. */
function workspacePath(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const entry = folder && folders().find((candidate) => candidate.folder.uri.toString() === folder.uri.toString());
  if (!entry) return undefined;
  const relative = vscode.workspace.asRelativePath(uri, false);
  return entry.prefix === '' ? relative : `${entry.prefix}/${relative}`;
}

/** Keys of an exclude setting (files.exclude, search.exclude) that are switched on. */
function excludeGlobs(section: 'files' | 'search', scope: vscode.Uri | undefined): string[] {
  const value = vscode.workspace.getConfiguration(section, scope).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

function toLocation(entry: vscode.Location | vscode.LocationLink): CodeLocation | undefined {
  const uri = 'targetUri' in entry ? entry.targetUri : entry.uri;
  const range = 'targetUri' in entry ? (entry.targetSelectionRange ?? entry.targetRange) : entry.range;
  const path = workspacePath(uri);
  return path === undefined ? undefined : { path, line: range.start.line + 1, column: range.start.character + 1 };
}

const SEVERITY: Record<number, Problem['severity']> = { 0: 'error', 1: 'warning', 2: 'info', 3: 'hint' };

/** One VS Code diagnostic as the tools and @problems report it (1-based line and column). */
export function problemOf(path: string, diagnostic: vscode.Diagnostic): Problem {
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : diagnostic.code !== undefined ? String(diagnostic.code) : undefined;
  return {
    path,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    severity: SEVERITY[diagnostic.severity] ?? 'info',
    message: diagnostic.message,
    ...(code !== undefined ? { code } : {}),
    ...(diagnostic.source ? { source: diagnostic.source } : {}),
  };
}

/** How long find_files may search before it answers with what it found (as search_text's total limit). */
export const FIND_FILES_LIMIT_MS = 30_000;

export class VsCodeReadToolHost implements ReadToolHost {
  private ripgrep: Promise<string | undefined> | undefined;

  /** The read tools' worker: list_dir's walk, and the Node search where VS Code has no ripgrep (built by esbuild.mjs beside extension.js). */
  private readonly worker: string;

  constructor(
    private readonly patchWorkspace: () => Promise<PatchWorkspace | undefined>,
    extensionUri: vscode.Uri,
    /** Starts find_files' time limit; calls `expire` when it is up and returns a cancel (tests fire it at once). */
    private readonly startFindFilesLimit: (expire: () => void) => () => void = (expire) => {
      const timer = setTimeout(expire, FIND_FILES_LIMIT_MS);
      return () => clearTimeout(timer);
    },
  ) {
    this.worker = vscode.Uri.joinPath(extensionUri, 'dist', 'readToolWorker.js').fsPath;
  }

  workspace(): Promise<PatchWorkspace | undefined> {
    return this.patchWorkspace();
  }

  secrets(): SecretFileMatcher {
    return new SecretFileMatcher(readSettings().secretFiles);
  }

  async listDir(path: string, depth: number, signal: AbortSignal): Promise<DirListing> {
    const all = folders();
    if (path === '' && all.length > 1) {
      return { entries: all.map((entry) => ({ path: entry.prefix, kind: 'folder' as const })), excluded: 0 };
    }
    const routed = route(path);
    if (!routed) throw new Error(`${path} is not in a workspace folder.`);
    const scope = routed.folder.folder.uri;
    return listInWorker(scope.fsPath, routed.rest, depth, { excludes: excludeGlobs('files', scope), signal }, { script: this.worker });
  }

  async findFiles(glob: string, maxResults: number, signal: AbortSignal): Promise<FoundFiles> {
    const source = new vscode.CancellationTokenSource();
    const cancel = (): void => source.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    // VS Code's file search has no limit of its own: a huge workspace or a slow disk must not hold the turn.
    let timedOut = false;
    const stopLimit = this.startFindFilesLimit(() => {
      timedOut = true;
      source.cancel();
    });
    const paths: string[] = [];
    try {
      for (const entry of folders()) {
        if (source.token.isCancellationRequested) break;
        const pattern = entry.prefix !== '' && glob.startsWith(`${entry.prefix}/`) ? glob.slice(entry.prefix.length + 1) : glob;
        const excludes = [...excludeGlobs('files', entry.folder.uri), ...excludeGlobs('search', entry.folder.uri)];
        const exclude = excludes.length > 0 ? new vscode.RelativePattern(entry.folder, `{${excludes.join(',')}}`) : null;
        let uris: vscode.Uri[] = [];
        try {
          uris = await vscode.workspace.findFiles(new vscode.RelativePattern(entry.folder, pattern), exclude, maxResults + 1 - paths.length, source.token);
        } catch (error) {
          // A cancelled search may reject instead of resolving with what it found.
          if (!source.token.isCancellationRequested) throw error;
        }
        for (const uri of uris) {
          const path = workspacePath(uri);
          if (path !== undefined) paths.push(path);
        }
        if (paths.length > maxResults) break;
      }
    } finally {
      stopLimit();
      signal.removeEventListener('abort', cancel);
      source.dispose();
    }
    paths.sort();
    const found: FoundFiles = { paths: paths.slice(0, maxResults), more: paths.length > maxResults };
    if (timedOut) found.stoppedAfterMs = FIND_FILES_LIMIT_MS;
    return found;
  }

  async searchText(args: SearchTextArgs, signal: AbortSignal): Promise<TextMatches> {
    this.ripgrep ??= findBundledRipgrep(vscode.env.appRoot);
    // files.exclude and search.exclude are resource settings: each folder searches with its own.
    const roots: SearchRoot[] = folders().map(({ prefix, folder }) => ({
      prefix,
      fsPath: folder.uri.fsPath,
      excludes: [...excludeGlobs('files', folder.uri), ...excludeGlobs('search', folder.uri)],
    }));
    return searchText(roots, args, { signal }, { ripgrep: await this.ripgrep, worker: this.worker });
  }

  async workspaceSymbols(query: string): Promise<SymbolHit[]> {
    const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
    const hits: SymbolHit[] = [];
    for (const symbol of found.slice(0, 500)) {
      const path = workspacePath(symbol.location.uri);
      if (path === undefined) continue;
      hits.push({ name: symbol.name, kind: vscode.SymbolKind[symbol.kind] ?? 'Symbol', container: symbol.containerName || undefined, path, line: symbol.location.range.start.line + 1 });
    }
    return hits;
  }

  definitions(path: string, line: number, column: number): Promise<CodeLocation[]> {
    return this.locations('vscode.executeDefinitionProvider', path, line, column);
  }

  references(path: string, line: number, column: number): Promise<CodeLocation[]> {
    return this.locations('vscode.executeReferenceProvider', path, line, column);
  }

  async problems(path: string | undefined): Promise<Problem[]> {
    const uri = path === undefined ? undefined : uriOf(path);
    if (path !== undefined && !uri) return [];
    const pairs: [vscode.Uri, readonly vscode.Diagnostic[]][] = uri ? [[uri, vscode.languages.getDiagnostics(uri)]] : vscode.languages.getDiagnostics();
    const problems: Problem[] = [];
    for (const [uri, diagnostics] of pairs) {
      const shown = workspacePath(uri);
      if (shown === undefined) continue;
      for (const diagnostic of diagnostics) problems.push(problemOf(shown, diagnostic));
    }
    return problems;
  }

  private async locations(command: string, path: string, line: number, column: number): Promise<CodeLocation[]> {
    const uri = uriOf(path);
    if (!uri) return [];
    const found = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>(command, uri, new vscode.Position(line - 1, column - 1))) ?? [];
    return found.map(toLocation).filter((location): location is CodeLocation => location !== undefined);
  }
}
