// Command-line applier: `node dist/apply-patch.js --cwd <dir> [--dry-run] [--allow-sensitive]`
// reads a patch on stdin and applies it all-or-nothing under <dir>.
// Exit codes: 0 applied (or would apply), 1 the patch was refused or writing it failed and every file
// was restored (nothing changed), 2 bad usage, 3 writing failed and restoring failed too (stderr lists
// the files left changed and where their originals are).

import { applyPlanToDisk } from '../node/patch/diskApplier';
import { NodeWorkspace } from '../node/patch/nodeWorkspace';
import { planPatch } from '../common/patch/patchPlanner';
import { formatPatchFailure, formatPatchSuccess } from '../common/patch/patchResult';
import { patchError } from '../common/patch/patchTypes';
import { describeError } from '../common/describeError';

const USAGE = `Usage: apply-patch --cwd <workspace folder> [--dry-run] [--allow-sensitive] < patch.txt
  --cwd <dir>          folder the patch paths are relative to (required)
  --dry-run            check everything, write nothing
  --allow-sensitive    also write sensitive targets: files that run code or configure what runs
                       (.git/, .vscode/, .github/, git hooks, CI, dev containers, package.json
                       scripts…) and secret-looking files; without it such a patch is refused`;

interface CliOptions {
  readonly cwd: string;
  readonly dryRun: boolean;
  readonly allowSensitive: boolean;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): CliOptions {
  let cwd: string | undefined;
  let dryRun = false;
  let allowSensitive = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--dry-run') dryRun = true;
    else if (argument === '--allow-sensitive') allowSensitive = true;
    else if (argument === '--cwd' || argument.startsWith('--cwd=')) {
      const value = argument === '--cwd' ? argv[++index] : argument.slice('--cwd='.length);
      if (value === undefined || value === '') throw new UsageError('--cwd needs a folder.');
      cwd = value;
    } else if (argument === '--help' || argument === '-h') {
      throw new UsageError('');
    } else {
      throw new UsageError(`Unknown argument ${JSON.stringify(argument)}.`);
    }
  }
  if (cwd === undefined) throw new UsageError('--cwd <folder> is required.');
  return { cwd, dryRun, allowSensitive };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `apply-patch: ${error.message}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let workspace: NodeWorkspace;
  try {
    workspace = await NodeWorkspace.open(options.cwd);
  } catch (error) {
    const reason = describeError(error);
    process.stderr.write(`apply-patch: --cwd ${JSON.stringify(options.cwd)} is not a usable folder (${reason}).\n`);
    return 2;
  }
  const patch = await readStdin();
  if (patch.trim() === '') {
    process.stderr.write(`apply-patch: stdin is empty; pipe a patch that starts with '*** Begin Patch'.\n${USAGE}\n`);
    return 2;
  }

  const plan = await planPatch(patch, workspace);
  if (!plan.ok) {
    process.stderr.write(`${formatPatchFailure(plan)}\n`);
    return 1;
  }
  if (!options.allowSensitive && plan.sensitive.length > 0) {
    const list = plan.sensitive.map((change) => `  ${change.path}: ${change.sensitiveReason ?? ''} (${change.sensitivePattern ?? ''})`).join('\n');
    process.stderr.write(
      `${formatPatchFailure(`The patch changes sensitive files that need explicit confirmation:\n${list}\nRe-run with --allow-sensitive to apply it.`)}\n`,
    );
    return 1;
  }
  if (options.dryRun) {
    process.stdout.write(`${formatPatchSuccess(plan.summary).replace(/^Success\./, 'Dry run: the patch applies cleanly.')}\nNothing was written (--dry-run).\n`);
    return 0;
  }
  const applied = await applyPlanToDisk(plan, workspace);
  if (!applied.ok) {
    process.stderr.write(`${formatPatchFailure(applied)}\n`);
    return applied.code === 'partial' ? 3 : 1;
  }
  process.stdout.write(`${formatPatchSuccess(plan.summary)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${formatPatchFailure(patchError('io', `apply-patch: unexpected failure: ${detail}`))}\n`);
    process.exitCode = 1;
  },
);
