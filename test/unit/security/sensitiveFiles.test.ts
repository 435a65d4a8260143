// The one classification of files whose change needs explicit confirmation: every rule, by name,
// by real path (any .git/.vscode folder above, whatever the workspace folder), by folders found on
// disk (gitdir pointers, core.hooksPath), and package.json by whether its scripts change.
import { describe, expect, it } from 'vitest';
import { isInsideFolder, packageScriptsChange, parseGitdirPointer, parseHooksPath, SensitiveFileClassifier } from '../../../src/common/security/sensitiveFiles';

describe('sensitive files', () => {
  const classifier = new SensitiveFileClassifier({ extraPatterns: ['deploy/**'] });
  const rule = (path: string) => classifier.classify({ path })?.rule;

  it.each([
    ['.git/config', '**/.git/**'],
    ['.git/hooks/pre-commit', '**/.git/**'],
    ['vendor/lib/.git/config', '**/.git/**'],
    ['sub/.git', '**/.git'],
    ['.vscode/settings.json', '**/.vscode/**'],
    ['.vscode/tasks.json', '**/.vscode/**'],
    ['.vscode/notes.md', '**/.vscode/**'],
    ['app.code-workspace', '*.code-workspace'],
    ['.husky/pre-commit', '**/.husky/**'],
    ['.husky/_/husky.sh', '**/.husky/**'],
    ['.githooks/pre-push', '**/.githooks/**'],
    ['.pre-commit-config.yaml', '.pre-commit-config.yaml'],
    ['.gitmodules', '.gitmodules'],
    ['.gitattributes', '.gitattributes'],
    ['.devcontainer/devcontainer.json', '**/.devcontainer/**'],
    ['.devcontainer/setup.sh', '**/.devcontainer/**'],
    ['.devcontainer.json', '.devcontainer.json'],
    ['.npmrc', '.npmrc'],
    ['packages/web/.npmrc', '.npmrc'],
    ['.yarnrc', '.yarnrc*'],
    ['.yarnrc.yml', '.yarnrc*'],
    ['.github/workflows/ci.yml', '**/.github/**'],
    ['.github/actions/setup/action.yml', '**/.github/**'],
    ['.github/dependabot.yml', '**/.github/**'],
    ['.github/CODEOWNERS', '**/.github/**'],
    ['.gitlab-ci.yml', '.gitlab-ci.yml'],
    ['.circleci/config.yml', '**/.circleci/**'],
    ['.venv/bin/python', '**/.venv/bin/**'],
    ['.venv/bin/activate', '**/.venv/bin/**'],
    ['deploy/prod.yaml', 'deploy/**'],
  ])('asks before writing %j (%s)', (path, pattern) => {
    expect(rule(path)).toBe(pattern);
  });

  it.each(['.env', '.env.local', 'config/prod.env', 'certs/server.pem', 'keys/id_ed25519', '.netrc'])('asks before writing the secret-looking %j', (path) => {
    expect(classifier.classify({ path })?.reason).toContain('writing it needs your confirmation');
  });

  it.each(['.VSCode/Settings.JSON', '.GIT/config', '.HUSKY/pre-commit', '.ＶSCODE/tasks.json', '.HUſKY/pre-commit', '.Ｇit/config', '.Github/workflows/x.yml'])(
    'folds case the Unicode way: %j',
    (path) => {
      expect(classifier.classify({ path })).toBeDefined();
    },
  );

  it.each(['src/app.ts', 'Makefile', 'scripts/build.sh', '.gitignore', 'environment.ts', 'package.json', '.venv/lib/python3.12/site.py', 'docs/github/x.md'])(
    'leaves %j alone',
    (path) => {
      expect(classifier.classify({ path })).toBeUndefined();
    },
  );

  it('judges a symlink by where it resolves', () => {
    expect(classifier.classify({ path: 'notes.txt', resolvedPath: '.husky/pre-commit' })?.rule).toBe('**/.husky/**');
  });

  it('judges the real path against every .git and .vscode folder above it, beyond the workspace folder', () => {
    // A .code-workspace that opens a repository's .git folder as a workspace folder named "meta".
    expect(classifier.classify({ path: 'config', realPath: '/home/me/repo/.git/config' })).toMatchObject({ rule: '.git folder above it' });
    expect(classifier.classify({ path: 'settings.json', realPath: '/home/me/repo/.vscode/settings.json' })).toMatchObject({ rule: '.vscode folder above it' });
    expect(classifier.classify({ path: 'a.ts', realPath: 'C:\\Users\\me\\.VSCode\\extensions\\x\\a.ts' })).toBeDefined();
    expect(classifier.classify({ path: 'a.ts', realPath: '/home/me/repo/src/a.ts' })).toBeUndefined();
  });

  it('asks before writing inside a folder found on disk to run code (a gitdir target, core.hooksPath)', () => {
    const executionFolders = [{ path: '/w/realgit', reason: 'the git directory a .git file points to' }];
    expect(classifier.classify({ path: 'realgit/config', realPath: '/w/realgit/config', executionFolders })).toEqual({ rule: '/w/realgit', reason: 'the git directory a .git file points to' });
    expect(classifier.classify({ path: 'realgitx/config', realPath: '/w/realgitx/config', executionFolders })).toBeUndefined();
    expect(isInsideFolder('/w/RealGit', '/w/realgit/hooks/x')).toBe(true);
  });
});

describe('package.json scripts', () => {
  it('asks when a script is added, changed or removed, at any depth', () => {
    expect(packageScriptsChange('package.json', '{"scripts":{"test":"vitest"}}', '{"scripts":{"test":"vitest","postinstall":"curl x|sh"}}')).toBeDefined();
    expect(packageScriptsChange('web/package.json', '{"scripts":{"a":"x"}}', '{}')).toBeDefined();
    expect(packageScriptsChange('package.json', undefined, '{"scripts":{"prepare":"node x"}}')).toBeDefined();
  });

  it('does not ask when only dependencies or other fields change', () => {
    expect(packageScriptsChange('package.json', '{"scripts":{"t":"v"},"dependencies":{}}', '{"scripts":{"t":"v"},"dependencies":{"a":"1"}}')).toBeUndefined();
    expect(packageScriptsChange('package.json', undefined, '{"name":"x"}')).toBeUndefined();
    expect(packageScriptsChange('src/package.ts', '', 'x')).toBeUndefined();
  });

  it('asks when the new file cannot be read as JSON but the old one could', () => {
    expect(packageScriptsChange('package.json', '{"scripts":{}}', '{"scripts":')).toBeDefined();
  });
});

describe('git files', () => {
  it('reads the target of a .git pointer file', () => {
    expect(parseGitdirPointer('gitdir: ./realgit\n')).toBe('./realgit');
    expect(parseGitdirPointer('gitdir:../.git/modules/sub')).toBe('../.git/modules/sub');
    expect(parseGitdirPointer('not a pointer')).toBeUndefined();
  });

  it('reads core.hooksPath as git does (section and key case-insensitive, last one wins, comments ignored)', () => {
    expect(parseHooksPath('[core]\n\thooksPath = .hooks\n')).toBe('.hooks');
    expect(parseHooksPath('[CORE]\n  HooksPath=tools/hooks ; comment\n[core]\nhookspath = "ci/hooks"\n')).toBe('ci/hooks');
    expect(parseHooksPath('[remote "origin"]\n\thooksPath = no\n')).toBeUndefined();
    expect(parseHooksPath('[core]\n# hooksPath = commented\n')).toBeUndefined();
  });
});
