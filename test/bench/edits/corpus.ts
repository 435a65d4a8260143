// The edit corpus: a fixed number of cases per category, generated from a seed over real files.

import type { Category, EditCase } from './editCase';
import { CATEGORIES } from './editCase';
import type { SourcePool } from './sourceFiles';
import { makeAddDeleteMove, makeMultiFile, makeRepeated, makeStale } from './structureCategories';
import type { CaseMaker } from './textCategories';
import { makeBom, makeClean, makeCrlf, makeNoFinalNewline, makeTypographic, makeWhitespace } from './textCategories';
import { Random } from './textFile';

export const DEFAULT_SEED = 20261127;
export const CASES_PER_CATEGORY = 32;

const MAKERS: Record<Category, CaseMaker> = {
  clean: makeClean,
  whitespace: makeWhitespace,
  typographic: makeTypographic,
  crlf: makeCrlf,
  bom: makeBom,
  no_final_newline: makeNoFinalNewline,
  repeated: makeRepeated,
  stale: makeStale,
  multi_file: makeMultiFile,
  add_delete_move: makeAddDeleteMove,
};

export function buildCorpus(pool: SourcePool, seed = DEFAULT_SEED, perCategory = CASES_PER_CATEGORY): EditCase[] {
  const cases: EditCase[] = [];
  CATEGORIES.forEach((category, categoryIndex) => {
    // One generator per category, so changing one category leaves the others' cases unchanged.
    const random = new Random(seed * 31 + categoryIndex);
    let made = 0;
    for (let attempt = 0; made < perCategory; attempt++) {
      if (attempt > perCategory * 50) throw new Error(`could not generate ${perCategory} ${category} cases`);
      const edit = MAKERS[category](random, pool, `${category}-${String(made + 1).padStart(2, '0')}`);
      if (!edit) continue;
      cases.push(edit);
      made++;
    }
  });
  return cases;
}
