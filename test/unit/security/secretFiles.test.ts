import { describe, expect, it } from 'vitest';
import { foldCase } from '../../../src/common/security/caseFold';
import { compileGlob } from '../../../src/common/security/glob';
import { BUILT_IN_SECRET_FILES, parseSecretFilesSetting, SecretFileMatcher } from '../../../src/common/security/secretFiles';

const matcher = new SecretFileMatcher();

describe('the secret-file list', () => {
  it.each([
    '.env',
    '.env.local',
    '.env.production',
    '.envrc',
    'config/prod.env',
    'deploy/server.pem',
    'certs/tls.key',
    'config/master.key',
    'signing/release.p12',
    'signing/release.pfx',
    'AuthKey_ABC123.p8',
    'android/app/release.keystore',
    'id_rsa',
    'id_ed25519',
    'id_ecdsa_sk',
    'keys/id_rsa_work',
    'keys/id_github',
    'id_rsa.bak',
    'id_ed25519.old',
    '/home/dev/.ssh/config',
    '/home/dev/.ssh/known_hosts',
    '.npmrc',
    'packages/web/.npmrc',
    '.netrc',
    '_netrc',
    '.git-credentials',
    '.pgpass',
    '.pypirc',
    '/home/dev/.aws/credentials',
    '.aws/config',
    '/home/dev/.docker/config.json',
    '/home/dev/.cargo/credentials.toml',
    '/home/dev/.config/gh/hosts.yml',
    '/home/dev/.kube/config',
    'credentials',
    'credentials.json',
    'gcp-credentials.json',
    'client_secret_1234.apps.googleusercontent.com.json',
    'service-account.json',
    'config/secrets.yml',
    'infra/prod.tfvars',
    'infra/terraform.tfstate',
    'C:\\Users\\dev\\.aws\\credentials',
  ])('counts %j as secret', (path) => {
    expect(matcher.match(path), path).toBeDefined();
  });

  it.each([
    'src/id_card.ts',
    'src/id_utils.py',
    'id_rsa.pub',
    'src/credentials.ts',
    'src/auth/credentialsStore.ts',
    'src/environment.ts',
    'docs/env.md',
    '.env/lib/python3.12/site-packages/six.py',
    'certs/ca.crt',
    'certs/server.cer',
    'src/keyboard.ts',
    'src/monkey.ts',
    'README.md',
    'package.json',
    '.gitignore',
    'src/secrets.ts',
    'test/tokenizer.key.test.ts',
  ])('does not count %j as secret', (path) => {
    expect(matcher.match(path), path).toBeUndefined();
  });

  it('says why a file looks secret', () => {
    expect(matcher.match('.env')?.reason).toMatch(/environment file/);
    expect(matcher.match('deploy/server.pem')?.reason).toMatch(/private key/);
    expect(matcher.match('id_ed25519')?.reason).toMatch(/SSH key/);
    expect(matcher.match('.npmrc')?.reason).toMatch(/credentials/);
  });

  it('judges names ignoring case, Unicode form and compatibility spellings', () => {
    for (const path of ['.ENV', '.Env.Local', 'SERVER.PEM', 'ID_RSA', '.NPMRC', '.ＥＮＶ', 'Ｃredentials.json', '/home/dev/.AWS/Credentials']) {
      expect(matcher.match(path), path).toBeDefined();
    }
    // The Kelvin sign folds to k; the long s to s; a decomposed é equals the composed one.
    expect(matcher.match('tls.\u212Aey')).toBeDefined();
    expect(matcher.match('.netrc'.replace('n', 'N'))).toBeDefined();
    expect(new SecretFileMatcher({ extraPatterns: ['café.txt'] }).match('cafe\u0301.txt')).toBeDefined();
    expect(new SecretFileMatcher({ extraPatterns: ['ſecret.txt'] }).match('SECRET.txt')).toBeDefined();
    expect(new SecretFileMatcher({ extraPatterns: ['straße.cfg'] }).match('STRASSE.cfg')).toBeDefined();
  });

  it('adds the globs from the setting to the built-in list, with their own reason', () => {
    const custom = new SecretFileMatcher({ extraPatterns: ['config/local.json', '*.secret', 'vault/**'] });
    expect(custom.match('config/local.json')?.reason).toMatch(/codewright\.secretFiles/);
    expect(custom.match('a/b/token.secret')).toBeDefined();
    expect(custom.match('vault/x/y.txt')).toBeDefined();
    // A pattern with a slash is anchored at the workspace folder.
    expect(custom.match('other/config/local.json')).toBeUndefined();
    expect(custom.match('.env')).toBeDefined();
  });

  it('exempts files the setting names with "!", and only those', () => {
    const custom = new SecretFileMatcher(parseSecretFilesSetting(['!.env.example', 'deploy.cfg', '', '  ', 42, '!']));
    expect(custom.match('.env.example')).toBeUndefined();
    expect(custom.match('api/.env.example')).toBeUndefined();
    expect(custom.match('.env')).toBeDefined();
    expect(custom.match('deploy.cfg')).toBeDefined();
  });

  it('parses the setting into added and exempted globs, skipping blanks and non-strings', () => {
    expect(parseSecretFilesSetting([' *.secret ', '!.env.sample', '', 3, null, '!  '])).toEqual({
      extraPatterns: ['*.secret'],
      exemptPatterns: ['.env.sample'],
    });
  });

  it('does not count folders or empty paths', () => {
    expect(matcher.match('')).toBeUndefined();
    expect(matcher.match('.ssh/')).toBeUndefined();
  });

  it('compiles every built-in pattern', () => {
    for (const rule of BUILT_IN_SECRET_FILES) expect(compileGlob(rule.pattern).valid, rule.pattern).toBe(true);
  });
});

describe('glob patterns', () => {
  it.each([
    ['*.ts', 'a/b/c.ts', true],
    ['*.ts', 'a/b/c.tsx', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/x/a.ts', false],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/x/y/a.ts', true],
    ['/src/*.ts', 'src/a.ts', true],
    ['**/.aws/credentials', '.aws/credentials', true],
    ['**/.aws/credentials', 'home/u/.aws/credentials', true],
    ['vault/**', 'vault/a/b', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file12.txt', false],
    ['*.{pem,key}', 'a.key', true],
    ['*.{pem,key}', 'a.keys', false],
    ['log[0-9].txt', 'log7.txt', true],
    ['log[!0-9].txt', 'logx.txt', true],
    ['log[!0-9].txt', 'log7.txt', false],
    ['a+b(c).txt', 'a+b(c).txt', true],
    ['a.b', 'axb', false],
    ['{a,b', '{a,b', true],
    ['[abc', '[abc', true],
    ['src/**', 'src/a/b.ts', true],
    ['**/node_modules/**', 'a/node_modules/b/c.js', true],
    ['**', 'anything/at/all', true],
    ['a**b.txt', 'axxb.txt', true],
    ['a**b.txt', 'ax/xb.txt', false],
  ])('%j matches %j: %s', (pattern, path, expected) => {
    expect(compileGlob(pattern).test(path)).toBe(expected);
  });

  it('matches a hostile pattern against a long name without backtracking for ages', () => {
    // With a backtracking RegExp this pair takes hours; the glob matcher is pattern × path at worst.
    const hostile = compileGlob(`${'*a'.repeat(40)}*b`);
    expect(hostile.test('a'.repeat(4_000))).toBe(false);
    expect(hostile.test(`${'a'.repeat(100)}b`)).toBe(true);
  });

  it('refuses patterns with too many alternatives instead of expanding them', () => {
    const explosive = compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}');
    expect(explosive.valid).toBe(false);
    expect(explosive.test('aaaaaaaaa')).toBe(false);
    expect(compileGlob('{a,{b,c}}/x').test('c/x')).toBe(true);
  });

  it('folds case the same way for patterns and paths', () => {
    expect(foldCase('ẞ')).toBe(foldCase('ss'));
    expect(foldCase('\u212A')).toBe('k');
    expect(foldCase('e\u0301')).toBe(foldCase('é'));
    expect(foldCase('ＡＢＣ')).toBe('abc');
    expect(foldCase('ΣΑΣ')).toBe(foldCase('σας'));
  });
});
