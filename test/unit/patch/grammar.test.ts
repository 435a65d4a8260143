// The Lark grammar sent with the apply_patch tool, checked with a real Lark (Debian's python3-lark,
// Earley parser): it must accept every well-formed patch of the corpus in canonical form and
// reject the malformed ones. Install with `bash test/harness/apt-deps.sh` if the check says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLY_PATCH_LARK_GRAMMAR, APPLY_PATCH_TOOL } from '../../../src/common/patch/applyPatchGrammar';
import { loadScenarios } from './scenarioCorpus';

const PYTHON = '/usr/bin/python3';

const CHECKER = `
import json, sys
import lark
grammar = open(sys.argv[1], encoding='utf-8').read()
parser = lark.Lark(grammar, parser='earley', start='start')
results = {}
for name, file in json.load(open(sys.argv[2], encoding='utf-8')).items():
    text = open(file, encoding='utf-8', newline='').read()
    try:
        parser.parse(text)
        results[name] = 'accept'
    except lark.exceptions.LarkError as error:
        results[name] = 'reject: ' + str(error).splitlines()[0]
print(json.dumps(results))
`;

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'patch-grammar-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function larkVerdicts(patches: Record<string, string>): Record<string, string> {
  const grammarFile = path.join(scratch, 'apply_patch.lark');
  const listFile = path.join(scratch, 'patches.json');
  const checker = path.join(scratch, 'check.py');
  writeFileSync(grammarFile, APPLY_PATCH_LARK_GRAMMAR);
  writeFileSync(checker, CHECKER);
  const files: Record<string, string> = {};
  Object.entries(patches).forEach(([name, text], index) => {
    const file = path.join(scratch, `patch-${index}.txt`);
    writeFileSync(file, text);
    files[name] = file;
  });
  writeFileSync(listFile, JSON.stringify(files));
  const output = execFileSync(PYTHON, [checker, grammarFile, listFile], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(output) as Record<string, string>;
}

describe('the apply_patch Lark grammar', () => {
  it('can be checked: Debian python3 has the lark module', () => {
    const probe = spawnSync(PYTHON, ['-c', 'import lark; print(lark.__version__)'], { encoding: 'utf8' });
    expect(
      probe.status,
      `${PYTHON} cannot import lark (${probe.stderr || probe.error?.message}). Run: bash test/harness/apt-deps.sh (installs python3-lark)`,
    ).toBe(0);
  });

  it('is what the custom tool definition sends', () => {
    expect(APPLY_PATCH_TOOL).toMatchObject({
      type: 'custom',
      name: 'apply_patch',
      format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
    });
    expect(APPLY_PATCH_LARK_GRAMMAR).not.toMatch(/\/\(\.\*\)\/|\/\.\*\//);
  });

  it('accepts every canonical patch of the corpus and rejects the malformed ones', () => {
    const scenarios = loadScenarios();
    const verdicts = larkVerdicts(Object.fromEntries(scenarios.map((scenario) => [scenario.name, scenario.patch])));
    const mismatches = scenarios
      .map((scenario) => ({ name: scenario.name, want: scenario.options.grammar ?? 'accept', got: verdicts[scenario.name] ?? 'missing' }))
      .filter(({ want, got }) => (want === 'accept' ? got !== 'accept' : !got.startsWith('reject')));
    expect(mismatches).toEqual([]);
    expect(Object.values(verdicts).filter((verdict) => verdict === 'accept').length).toBeGreaterThan(40);
  });

  it('accepts the envelope features one by one and rejects near misses', () => {
    const wrap = (...lines: string[]): string => `*** Begin Patch\n${lines.join('\n')}\n*** End Patch\n`;
    const verdicts = larkVerdicts({
      'empty added line': wrap('*** Add File: a', '+', '+x'),
      'end patch without final newline': '*** Begin Patch\n*** Delete File: a\n*** End Patch',
      'chunk header with context': wrap('*** Update File: a', '@@ class A', ' x', '-y', '+z'),
      'empty context line': wrap('*** Update File: a', '@@', ' x', '', '-y'),
      'bare space context line': wrap('*** Update File: a', ' ', '-y'),
      'end of file then another chunk': wrap('*** Update File: a', '-y', '*** End of File', '@@', '+z'),
      'nested @@ lines': wrap('*** Update File: a', '@@ class A', '@@     def f():', '-y', '@@ class B', '@@ def g():', '+z'),
      'move': wrap('*** Update File: a', '*** Move to: b', '@@', ' x'),
      'reject: no hunk': wrap(),
      'reject: second chunk without @@': wrap('*** Update File: a', '-y', '*** End of File', '-z'),
      'reject: unknown header': wrap('*** Rename File: a'),
      'reject: update without chunk': wrap('*** Update File: a'),
      'reject: text after end': `${wrap('*** Delete File: a')}trailing\n`,
      'reject: missing path': wrap('*** Delete File: '),
    });
    for (const [name, verdict] of Object.entries(verdicts)) {
      expect(verdict.startsWith('reject') ? 'reject' : 'accept', name).toBe(name.startsWith('reject:') ? 'reject' : 'accept');
    }
  });
});
