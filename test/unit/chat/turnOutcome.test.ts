import { describe, expect, it } from 'vitest';
import { newTurnView } from '../../../src/common/chat/turnOutcome';

describe('a new turn', () => {
  it('lists as its context only what the request carries, not files held back or over the budget', () => {
    const view = newTurnView('t1', { prompt: 'Why?', displayPrompt: 'Why?', openFilePaths: ['src/a.ts'] }, [
      { id: 'selection', kind: 'selection', label: 'src/a.ts', detail: 'lines 1–3' },
      { id: 'file:a', kind: 'file', label: 'src/a.ts', detail: '1.2 KB' },
      { id: 'file:env', kind: 'file', label: '.env', detail: 'not sent — looks secret', heldBack: 'It looks like a secret file.' },
      { id: 'file:log', kind: 'file', label: 'big.log', detail: 'not sent — larger than 256.0 KB', overBudget: 'It is 8.0 MB.' },
    ]);
    expect(view.contextLabels).toEqual(['src/a.ts (lines 1–3)', 'src/a.ts']);
  });
});
