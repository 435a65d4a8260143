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
  /** What the file runs or configures, shown beside its path in the confirmation dialog. */
  readonly reason: string;
}

const HOOKS = (folder: string): string => `runs on git commit, push and checkout (${folder})`;
const DEV_CONTAINER = 'runs when the dev container is built or started (dev container definition)';
/** Built-in rules; a pattern without `/` matches a name at any depth. Each reason says what the file runs or configures. */
export const BUILT_IN_SENSITIVE_RULES: readonly SensitiveRule[] = [
  { pattern: '**/.git', reason: 'tells git where its configuration and hooks are (a .git pointer file)' },
  { pattern: '**/.git/**', reason: 'configures git and holds the hooks git runs (.git)' },
  { pattern: '**/.vscode/**', reason: 'configures the editor: its settings, tasks and launch configurations can run commands (.vscode)' },
  { pattern: '*.code-workspace', reason: 'configures the editor: workspace settings and tasks can run commands (.code-workspace)' },
  { pattern: '**/.husky/**', reason: HOOKS('.husky') },
  { pattern: '**/.githooks/**', reason: HOOKS('.githooks') },
  { pattern: '.pre-commit-config.yaml', reason: 'runs on git commit (pre-commit hooks)' },
  { pattern: '.gitmodules', reason: 'tells git which repositories to fetch and check out (.gitmodules)' },
  { pattern: '.gitattributes', reason: 'selects the filter and diff programs git runs (.gitattributes)' },
  { pattern: '**/.devcontainer/**', reason: DEV_CONTAINER },
  { pattern: '.devcontainer.json', reason: DEV_CONTAINER },
  { pattern: '.npmrc', reason: 'configures npm: script shell, registries and tokens (.npmrc)' },
  { pattern: '.yarnrc*', reason: 'configures yarn: the plugins and paths it runs (.yarnrc)' },
  { pattern: '**/.github/**', reason: 'runs in GitHub Actions with the repository’s credentials, or configures them (.github)' },
  { pattern: '.gitlab-ci.yml', reason: 'runs in GitLab CI with the repository’s credentials (.gitlab-ci.yml)' },
  { pattern: '**/.circleci/**', reason: 'runs in CircleCI with the repository’s credentials (.circleci)' },
  { pattern: '**/.venv/bin/**', reason: 'runs as `python`, `pip` and the editor’s Python tools (.venv/bin)' },
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
  return { rule: 'package.json "scripts"', reason: 'runs on `npm install`: lifecycle scripts run without being asked for by name (package.json "scripts")' };
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
