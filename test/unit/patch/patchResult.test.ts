import { describe, expect, it } from 'vitest';
import { formatPatchFailure, formatPatchRejected, formatPatchSuccess } from '../../../src/common/patch/patchResult';
import { patchError } from '../../../src/common/patch/patchTypes';

describe('tool output for the model', () => {
  it('lists the files with A, M and D in patch order', () => {
    expect(
      formatPatchSuccess([
        { letter: 'A', path: 'src/new.ts' },
        { letter: 'M', path: 'src/app.ts' },
        { letter: 'D', path: 'old.ts' },
        { letter: 'M', path: 'src/app.ts' },
      ]),
    ).toBe('Success. Updated the following files:\nA src/new.ts\nM src/app.ts\nD old.ts');
  });

  it('states that no file was changed after an error', () => {
    expect(formatPatchFailure(patchError('ambiguous', 'The chunk matches 2 places.\n'))).toBe('The chunk matches 2 places.\nNo files were changed.');
  });

  it('says the user rejected the patch, with their reason when given', () => {
    expect(formatPatchRejected('  use a constant instead ')).toBe('The user rejected this patch. No files were changed. Their reason: use a constant instead');
    expect(formatPatchRejected()).toMatch(/^The user rejected this patch\. No files were changed\. Ask them how to proceed/);
  });
});
