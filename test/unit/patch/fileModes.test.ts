// The mode a deleted file had is put back on the file Undo recreates — only when it holds the same bytes.
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordMode, restoreMode } from '../../../src/node/patch/fileModes';

describe('file modes kept across a deleting edit and its undo', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'codewright-modes-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a recreated file with the same bytes its recorded mode back', async () => {
    const path = join(dir, 'run.sh');
    writeFileSync(path, '#!/bin/sh\n', { mode: 0o750 });
    await chmod(path, 0o750);
    const record = await recordMode(path);
    expect(record?.mode).toBe(0o750);
    rmSync(path);
    writeFileSync(path, '#!/bin/sh\n', { mode: 0o644 });
    await chmod(path, 0o644);
    expect(await restoreMode(path, record!)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o750);
  });

  it('leaves a file with other bytes at that path as it is', async () => {
    const path = join(dir, 'run.sh');
    writeFileSync(path, '#!/bin/sh\n');
    await chmod(path, 0o755);
    const record = await recordMode(path);
    writeFileSync(path, 'something else\n');
    await chmod(path, 0o644);
    expect(await restoreMode(path, record!)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('records nothing for a symbolic link or a missing file', async () => {
    writeFileSync(join(dir, 'target'), 'x');
    symlinkSync('target', join(dir, 'link'));
    expect(await recordMode(join(dir, 'link'))).toBeUndefined();
    expect(await recordMode(join(dir, 'missing'))).toBeUndefined();
  });
});
