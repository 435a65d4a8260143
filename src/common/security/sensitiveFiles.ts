// The ONE classification of files whose change needs the user's explicit confirmation, whatever
// the auto-apply setting: files that run code or configure what runs without a further explicit
// user action (git hooks and config, editor tasks and settings, CI, dev containers, package-manager
// config, a virtualenv's executables), and files that look secret (secretFiles.ts).
//
// A path is judged three ways, and any one is enough:
// - as the patch names it and as it resolves (a symlink is judged by its target too), relative to
//   its workspace folder, against the rules below (Unicode-aware case folding: `.GİT`, `.ＶSCODE`);
// - by its absolute real path: any `.git` or `.vscode` folder above it counts, even when that folder
//   is itself the workspace folder (a .code-workspace may open `.git` as a folder);
// - against folders the workspace names at run time: the git directory a `.git` file points to
//   (`gitdir: ./realgit`), a folder that is a git directory by its shape, and `core.hooksPath`.
//
// Deliberately NOT sensitive: a Makefile, shell scripts, source code — they run only when the user
// runs them, and they are what a coding assistant edits. package.json is sensitive only when its
// `scripts` change: `npm install` runs lifecycle scripts without anyone running them by name.

import { foldCase } from './caseFold';
import { compileGlob, type CompiledGlob } from './glob';
import { SecretFileMatcher, type SecretFileOptions } from './secretFiles';

export interface SensitiveRule {
  readonly pattern: string;
  /** Completes "needs confirmation because it is …". */
  readonly reason: string;
}

const HOOKS = 'git hooks, run by git commands';
/** Built-in rules; a pattern without `/` matches a name at any depth. */
export const BUILT_IN_SENSITIVE_RULES: readonly SensitiveRule[] = [
  { pattern: '**/.git', reason: 'a git pointer file (it decides where git reads its config and hooks)' },
  { pattern: '**/.git/**', reason: 'git configuration or hooks, which git runs' },
  { pattern: '**/.vscode/**', reason: 'editor settings, tasks or launch configurations, which can run commands' },
  { pattern: '*.code-workspace', reason: 'workspace settings and tasks, which can run commands' },
  { pattern: '**/.husky/**', reason: HOOKS },
  { pattern: '**/.githooks/**', reason: HOOKS },
  { pattern: '.pre-commit-config.yaml', reason: HOOKS },
  { pattern: '.gitmodules', reason: 'submodule configuration (git fetches and checks out what it names)' },
  { pattern: '.gitattributes', reason: 'git attributes, which select filter and diff programs git runs' },
  { pattern: '**/.devcontainer/**', reason: 'a dev container definition, whose commands run when the container starts' },
  { pattern: '.devcontainer.json', reason: 'a dev container definition, whose commands run when the container starts' },
  { pattern: '.npmrc', reason: 'npm configuration (scripts, registries, tokens)' },
  { pattern: '.yarnrc*', reason: 'yarn configuration (plugins and paths yarn runs)' },
  { pattern: '**/.github/**', reason: 'GitHub configuration: workflows and actions run with the repository’s credentials' },
  { pattern: '.gitlab-ci.yml', reason: 'a CI pipeline, run with the repository’s credentials' },
  { pattern: '**/.circleci/**', reason: 'a CI pipeline, run with the repository’s credentials' },
  { pattern: '**/.venv/bin/**', reason: 'a virtual environment’s executables, run by `python`, `pip` and the editor' },
];

const CONTROL_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['.git', 'inside a .git folder (git configuration and hooks)'],
  ['.vscode', 'inside a .vscode folder (editor settings and tasks)'],
]);

/** A folder found on disk whose files run code: a git directory, a hooks folder. */
export interface ExecutionFolder {
  /** Absolute real path, `/` or `\` separators. */
  readonly path: string;
  /** Completes "needs confirmation because it is inside …". */
  readonly reason: string;
}

export interface SensitiveTarget {
  /** The path as the patch names it, relative to its workspace folder. */
  readonly path: string;
  /** Where it resolves, relative to its workspace folder (symlinks followed). */
  readonly resolvedPath?: string;
  /** Its absolute real path. */
  readonly realPath?: string;
  /** Folders on disk that run code, from the workspace (see src/node/security/executionFolders.ts). */
  readonly executionFolders?: readonly ExecutionFolder[];
}

export interface SensitiveMatch {
  /** The rule that matched (a glob, `.git ancestor`, `package.json scripts`, …), as shown to the user. */
  readonly rule: string;
  readonly reason: string;
}

export interface SensitiveFileOptions {
  /** Extra globs (`codewright.sensitivePaths`). */
  readonly extraPatterns?: readonly string[];
  /** The secret-file setting: secret files need confirmation to be written too. */
  readonly secretFiles?: SecretFileOptions;
}

function segmentsOf(path: string): string[] {
  return foldCase(path.replace(/\\/g, '/'))
    .split('/')
    .filter((segment) => segment !== '');
}

/** Whether `candidate` is `folder` or inside it, comparing folded segments. */
export function isInsideFolder(folder: string, candidate: string): boolean {
  const outer = segmentsOf(folder);
  const inner = segmentsOf(candidate);
  return outer.length > 0 && outer.length <= inner.length && outer.every((segment, index) => segment === inner[index]);
}

export class SensitiveFileClassifier {
  private readonly rules: readonly { rule: SensitiveRule; glob: CompiledGlob }[];
  private readonly secrets: SecretFileMatcher;

  constructor(options: SensitiveFileOptions = {}) {
    const extra = (options.extraPatterns ?? []).map((pattern) => ({ pattern, reason: 'listed in your codewright.sensitivePaths setting' }));
    this.rules = [...BUILT_IN_SENSITIVE_RULES, ...extra]
      .filter((rule) => rule.pattern.trim() !== '')
      .map((rule) => ({ rule, glob: compileGlob(rule.pattern) }));
    this.secrets = new SecretFileMatcher(options.secretFiles ?? {});
  }

  /** Why writing `target` needs confirmation, or undefined when it does not. */
  classify(target: SensitiveTarget): SensitiveMatch | undefined {
    const relative = [target.path, ...(target.resolvedPath !== undefined && target.resolvedPath !== target.path ? [target.resolvedPath] : [])];
    for (const path of relative) {
      const byRule = this.matchRules(path);
      if (byRule) return byRule;
    }
    if (target.realPath !== undefined) {
      for (const segment of segmentsOf(target.realPath).slice(0, -1)) {
        const reason = CONTROL_FOLDERS.get(segment);
        if (reason) return { rule: `${segment} folder above it`, reason };
      }
      const folder = target.executionFolders?.find((candidate) => isInsideFolder(candidate.path, target.realPath ?? ''));
      if (folder) return { rule: folder.path, reason: folder.reason };
    }
    return undefined;
  }

  private matchRules(path: string): SensitiveMatch | undefined {
    const folded = foldCase(path.replace(/\\/g, '/'));
    const found = this.rules.find((candidate) => candidate.glob.testFolded(folded));
    if (found) return { rule: found.rule.pattern, reason: found.rule.reason };
    const secret = this.secrets.match(path);
    return secret ? { rule: secret.pattern, reason: `${secret.reason}; writing it needs your confirmation` } : undefined;
  }
}

/** `package.json` (at any depth) whose `scripts` differ between the two texts (undefined: no file). */
export function packageScriptsChange(path: string, before: string | undefined, after: string | undefined): SensitiveMatch | undefined {
  const name = foldCase(path.replace(/\\/g, '/')).split('/').pop();
  if (name !== 'package.json' || after === undefined) return undefined;
  const scripts = (text: string | undefined): string | undefined => {
    if (text === undefined) return JSON.stringify(undefined);
    try {
      const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
      const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).scripts : undefined;
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  };
  const afterScripts = scripts(after);
  // A package.json npm cannot parse runs nothing; one whose scripts cannot be compared is asked about.
  if (afterScripts !== undefined && afterScripts === scripts(before)) return undefined;
  if (afterScripts === undefined && scripts(before) === undefined) return undefined;
  return { rule: 'package.json "scripts"', reason: 'npm scripts, which `npm install` runs (lifecycle scripts) without being asked to by name' };
}

/** The git directory a `.git` file points to (`gitdir: <path>`), as written; undefined if it is not such a file. */
export function parseGitdirPointer(text: string): string | undefined {
  const match = /^gitdir:[ \t]*(.+?)[ \t]*$/m.exec(text.replace(/^\uFEFF/, ''));
  return match?.[1];
}

/** `core.hooksPath` from a git config file's text, as written (the last one wins, as in git). */
export function parseHooksPath(config: string): string | undefined {
  let section = '';
  let hooksPath: string | undefined;
  for (const rawLine of config.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)[#;].*$/, '').trim();
    const header = /^\[\s*([^\s\]"]+)(?:\s+"[^"]*")?\s*\]/.exec(line);
    if (header) {
      section = (header[1] ?? '').toLowerCase();
      continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (section === 'core' && entry && (entry[1] ?? '').toLowerCase() === 'hookspath') {
      hooksPath = (entry[2] ?? '').replace(/^"(.*)"$/, '$1').trim();
    }
  }
  return hooksPath === '' ? undefined : hooksPath;
}
