import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from './cliHarness';

let scratch: string;
let cli: string;
let workspace: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'apply-patch-cli-'));
  cli = await buildCli(scratch);
  workspace = path.join(scratch, 'ws');
  await fs.mkdir(workspace);
  await fs.writeFile(path.join(workspace, 'a.txt'), 'a\n');
});

afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

const PATCH = '*** Begin Patch\n*** Update File: a.txt\n-a\n+b\n*** End Patch\n';

describe('apply-patch command line', () => {
  it('rejects an unknown flag with usage and exit code 2', async () => {
    const result = await runCli(cli, ['--cwd', workspace, '--force'], PATCH);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('apply-patch: Unknown argument "--force".');
    expect(result.stderr).toContain('Usage: apply-patch --cwd <workspace folder>');
  });

  it('requires --cwd', async () => {
    const result = await runCli(cli, [], PATCH);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cwd <folder> is required.');
  });

  it('requires --cwd to have a value', async () => {
    const result = await runCli(cli, ['--cwd'], PATCH);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cwd needs a folder.');
  });

  it('rejects a --cwd that is not a folder', async () => {
    const missing = await runCli(cli, ['--cwd', path.join(scratch, 'nope')], PATCH);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a usable folder');
    const file = await runCli(cli, ['--cwd', path.join(workspace, 'a.txt')], PATCH);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('is not a directory');
  });

  it('rejects empty input', async () => {
    const result = await runCli(cli, ['--cwd', workspace], '  \n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("stdin is empty; pipe a patch that starts with '*** Begin Patch'");
  });

  it('checks without writing in --dry-run, then applies', async () => {
    const dry = await runCli(cli, [`--cwd=${workspace}`, '--dry-run'], PATCH);
    expect(dry).toEqual({ code: 0, stdout: 'Dry run: the patch applies cleanly. Updated the following files:\nM a.txt\nNothing was written (--dry-run).\n', stderr: '' });
    expect(await fs.readFile(path.join(workspace, 'a.txt'), 'utf8')).toBe('a\n');
    const real = await runCli(cli, ['--cwd', workspace], PATCH);
    expect(real).toEqual({ code: 0, stdout: 'Success. Updated the following files:\nM a.txt\n', stderr: '' });
    expect(await fs.readFile(path.join(workspace, 'a.txt'), 'utf8')).toBe('b\n');
  });

  it('prints the error and that no files were changed, with exit code 1', async () => {
    const result = await runCli(cli, ['--cwd', workspace], '*** Begin Patch\n*** Update File: a.txt\n-zzz\n+y\n*** End Patch\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Failed to find the expected lines in a\.txt \(chunk at patch line 3\):\n {2}zzz\n[^]*\nNo files were changed\.\n$/);
  });
});
