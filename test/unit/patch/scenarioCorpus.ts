// Loads the scenario corpus in test/patch-scenarios/<name>/:
//   input/            the workspace before the patch (byte-exact)
//   patch.txt         the tool input
//   expected/         the complete workspace afterwards, or
//   expected-error.txt  lines that must each occur in the error (and then nothing may change)
//   scenario.json     optional extras, see ScenarioOptions
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCENARIO_ROOT = fileURLToPath(new URL('../../patch-scenarios', import.meta.url));

export interface ScenarioSymlink {
  /** Workspace-relative path of the link. */
  readonly path: string;
  /** Link target; `{outside}` is replaced by a folder outside the workspace. */
  readonly target: string;
}

export interface ScenarioOptions {
  readonly description?: string;
  /** Whether the Lark grammar accepts patch.txt (default accept; parser leniencies are rejected by it). */
  readonly grammar?: 'accept' | 'reject';
  /** Exact sensitive paths the plan must report (default none). */
  readonly sensitive?: readonly string[];
  /** Paths the plan must report as replacing an existing file. */
  readonly replaces?: readonly string[];
  /** The `A|M|D path` lines of the success message. */
  readonly summary?: readonly string[];
  readonly symlinks?: readonly ScenarioSymlink[];
  /** Files created in the outside folder (which must stay unchanged). */
  readonly outsideFiles?: Readonly<Record<string, string>>;
}

export interface Scenario {
  readonly name: string;
  readonly dir: string;
  readonly patch: string;
  readonly expectedErrorLines: readonly string[] | undefined;
  readonly options: ScenarioOptions;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = path.join(SCENARIO_ROOT, name);
      const errorFile = path.join(dir, 'expected-error.txt');
      const optionsFile = path.join(dir, 'scenario.json');
      const expectedErrorLines = existsSync(errorFile)
        ? readFileSync(errorFile, 'utf8')
            .split('\n')
            .filter((line) => line.trim() !== '')
        : undefined;
      const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as ScenarioOptions) : {};
      return { name, dir, patch: readFileSync(path.join(dir, 'patch.txt'), 'utf8'), expectedErrorLines, options };
    });
}
