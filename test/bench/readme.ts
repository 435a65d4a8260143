// `npm run bench:readme`: rewrites the README's Benchmarks section from bench/results.json, so
// the numbers there are never hand-copied. Everything between the two markers is generated.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchmarksSection, END, START } from './readmeSection';
import { readResults } from './results';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

function main(): void {
  const results = readResults();
  if (!results) throw new Error('bench/results.json does not exist yet: run `npm run bench` first.');
  const readme = readFileSync(README, 'utf8');
  const heading = readme.indexOf('\n## Benchmarks\n');
  if (heading < 0) throw new Error('README.md has no "## Benchmarks" section.');
  const bodyStart = heading + '\n## Benchmarks\n'.length;
  const next = readme.indexOf('\n## ', bodyStart);
  const bodyEnd = next < 0 ? readme.length : next + 1;
  const start = readme.indexOf(START.slice(0, 20), bodyStart);
  const end = readme.indexOf(END, bodyStart);
  // Text outside the markers stays; without markers the whole section body is replaced.
  const [before, after] = start >= 0 && end > start && end < bodyEnd ? [readme.slice(0, start), readme.slice(end + END.length)] : [`${readme.slice(0, bodyStart)}\n`, `\n${readme.slice(bodyEnd)}`];
  writeFileSync(README, `${before}${benchmarksSection(results)}${after.startsWith('\n') ? after : `\n${after}`}`);
  console.log('README.md: Benchmarks section regenerated from bench/results.json');
}

main();
