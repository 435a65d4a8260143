import { describe, expect, it } from 'vitest';
import { isWithinRoot, normalizePatchPath, relativeToRoot } from '../../../src/common/patch/patchPaths';

function rejection(raw: string): string {
  const result = normalizePatchPath(raw);
  if (result.ok) throw new Error(`${raw} should be rejected`);
  expect(result.code).toBe('path');
  return result.message;
}

describe('normalizePatchPath', () => {
  it.each([
    ['src/app.ts', 'src/app.ts'],
    ['./src//app.ts', 'src/app.ts'],
    ['src/../lib/x.ts', 'lib/x.ts'],
    ['a b/c-d_e.f.ts', 'a b/c-d_e.f.ts'],
    ['.env', '.env'],
    ['docs/console.md', 'docs/console.md'],
  ])('accepts %j as %j', (raw, normal) => {
    expect(normalizePatchPath(raw)).toEqual({ ok: true, path: normal });
  });

  it.each([
    ['', 'it is empty'],
    ['a\u0000b', 'NUL character'],
    ['a\nb', 'control character'],
    ['/etc/passwd', 'absolute path'],
    ['\\\\server\\share\\x', 'absolute path'],
    ['C:\\x', 'drive letter'],
    ['c:x', 'drive letter'],
    ['~/x', "'~'"],
    ['~user/x', "'~'"],
    ['..', "'..' leads outside"],
    ['a/../../b', "'..' leads outside"],
    ['src\\x.ts', "use '/' between folders"],
    ['file.txt::$DATA', "contains ':'"],
    ['dir./x', 'ends with a dot or a space'],
    ['x.txt ', 'ends with a dot or a space'],
    ['nul', 'reserved device name'],
    ['a/COM1.log', 'reserved device name'],
    ['LPT\u00b9', 'reserved device name'],
    ['PROGRA~1/x', '8.3 short name'],
    ['.', 'names the workspace folder itself'],
    ['a/..', 'names the workspace folder itself'],
  ])('rejects %j (%s)', (raw, reason) => {
    expect(rejection(raw)).toContain(reason);
  });

  it('names the Move to destination in its message', () => {
    const result = normalizePatchPath('../x', 'Move to destination');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^The Move to destination "\.\.\/x" is not allowed/);
  });
});

describe('isWithinRoot', () => {
  it('accepts the root and paths below it, not siblings sharing a prefix', () => {
    expect(isWithinRoot('/w/proj', '/w/proj', false)).toBe(true);
    expect(isWithinRoot('/w/proj', '/w/proj/a/b', false)).toBe(true);
    expect(isWithinRoot('/w/proj/', '/w/proj/a', false)).toBe(true);
    expect(isWithinRoot('/w/proj', '/w/project/a', false)).toBe(false);
    expect(isWithinRoot('/w/proj', '/w', false)).toBe(false);
    expect(isWithinRoot('/', '/anything', false)).toBe(true);
  });

  it('compares Windows paths with either separator, ignoring case where the file system does', () => {
    expect(isWithinRoot('C:\\Work\\Proj', 'c:\\work\\proj\\src\\a.ts', true)).toBe(true);
    expect(isWithinRoot('C:\\Work\\Proj', 'c:\\work\\proj\\src\\a.ts', false)).toBe(false);
    expect(isWithinRoot('C:\\Work\\Proj', 'C:/Work/Proj2/a.ts', true)).toBe(false);
  });

  it('gives the workspace-relative form of a real path', () => {
    expect(relativeToRoot('/w/proj', '/w/proj/.git/config')).toBe('.git/config');
    expect(relativeToRoot('C:\\w', 'C:\\w\\a\\b')).toBe('a/b');
  });
});
