// The read tools' host for tests and the benchmark: a folder on disk through the same Node code
// the extension uses (NodeWorkspace, the walk, ripgrep or the Node search). The language-server
// answers are whatever the test scripts, since no language server runs here.
import { NodeWorkspace } from '../../src/node/patch/nodeWorkspace';
import { SecretFileMatcher } from '../../src/common/security/secretFiles';
import type { SearchTextArgs } from '../../src/common/tools/toolArguments';
import type { CodeLocation, DirListing, FoundFiles, Problem, ReadToolHost, SymbolHit, TextMatches } from '../../src/common/tools/toolHost';
import { listInWorker } from '../../src/node/tools/readToolWorkerClient';
import { findFilesOnDisk } from '../../src/node/tools/findFiles';
import { searchText, type SearchEngine } from '../../src/node/tools/textSearch';
import { existsSync } from 'node:fs';
import { readToolWorkerScript } from './readToolWorkerScript';

/** The ripgrep code-server ships, when the e2e setup installed it. */
export function installedRipgrep(): string | undefined {
  const candidate = `${process.env.HOME ?? ''}/.cache/codewright-tools/code-server/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep-universal/bin/${process.platform}-${process.arch}/rg`;
  return existsSync(candidate) ? candidate : undefined;
}

export interface ScriptedLanguageServer {
  symbols?: SymbolHit[];
  definitions?: Record<string, CodeLocation[]>;
  references?: Record<string, CodeLocation[]>;
  problems?: Problem[];
}

export class NodeReadToolHost implements ReadToolHost {
  readonly searches: SearchTextArgs[] = [];

  constructor(
    readonly root: string,
    private readonly options: { excludes?: string[]; ripgrep?: string; language?: ScriptedLanguageServer; secretFiles?: string[]; search?: Pick<SearchEngine, 'limits' | 'onWorker'> } = {},
  ) {}

  async workspace() {
    return NodeWorkspace.open(this.root);
  }

  secrets() {
    return new SecretFileMatcher({ extraPatterns: this.options.secretFiles ?? [] });
  }

  listDir(path: string, depth: number, signal: AbortSignal): Promise<DirListing> {
    return listInWorker(this.root, path, depth, { excludes: this.options.excludes, signal }, { script: readToolWorkerScript() });
  }

  findFiles(glob: string, maxResults: number, signal: AbortSignal): Promise<FoundFiles> {
    return findFilesOnDisk([{ prefix: '', fsPath: this.root }], glob, maxResults, { excludes: this.options.excludes, signal });
  }

  searchText(args: SearchTextArgs, signal: AbortSignal): Promise<TextMatches> {
    this.searches.push(args);
    return searchText([{ prefix: '', fsPath: this.root }], args, { excludes: this.options.excludes, signal }, { ...this.options.search, ripgrep: this.options.ripgrep, worker: readToolWorkerScript() });
  }

  async workspaceSymbols(query: string): Promise<SymbolHit[]> {
    return (this.options.language?.symbols ?? []).filter((symbol) => symbol.name.toLowerCase().includes(query.toLowerCase()));
  }

  async definitions(path: string, line: number, column: number): Promise<CodeLocation[]> {
    return this.options.language?.definitions?.[`${path}:${line}:${column}`] ?? [];
  }

  async references(path: string, line: number, column: number): Promise<CodeLocation[]> {
    return this.options.language?.references?.[`${path}:${line}:${column}`] ?? [];
  }

  async problems(path: string | undefined): Promise<Problem[]> {
    return (this.options.language?.problems ?? []).filter((problem) => path === undefined || problem.path === path);
  }
}
