import { describe, expect, it } from 'vitest';
import { buildResponseRequest, compactThresholdFor, fromLatestCompaction, holdsCompaction } from '../../../src/common/responses';
import { testRequestSettings } from '../../harness/requestSettings';

const user = (text: string) => ({ role: 'user', content: [{ type: 'input_text', text }] });
const compaction = (id: string) => ({ type: 'compaction', id, encrypted_content: `enc-${id}` });
const call = (id: string) => ({ type: 'function_call', call_id: id, name: 'read_file', arguments: '{}' });
const output = (id: string) => ({ type: 'function_call_output', call_id: id, output: 'x' });

describe('server-side compaction within a turn', () => {
  it('asks for it at 80% of the window, leaving room for the longest answer asked for', () => {
    expect(compactThresholdFor(400_000, null)).toBe(320_000);
    expect(compactThresholdFor(400_000, 128_000)).toBe(272_000);
    expect(compactThresholdFor(10_000, 1_000)).toBe(8_000);
  });

  it('sends context_management with the threshold only when the turn request sets one', () => {
    const base = { instructions: 'Be brief.', prompt: '', openFiles: [], settings: testRequestSettings(), toolOutputs: [{ callId: 'c1', output: 'ok', kind: 'function' as const }] };
    expect(buildResponseRequest({ ...base, compactThreshold: 320_000 }).context_management).toEqual([{ type: 'compaction', compact_threshold: 320_000 }]);
    expect(buildResponseRequest(base)).not.toHaveProperty('context_management');
  });

  it('resends history from the latest compaction item on, keeping the user messages before it', () => {
    const history = [user('one'), call('a'), output('a'), compaction('c1'), call('b'), output('b'), user('two'), compaction('c2'), call('c')];
    expect(fromLatestCompaction(history)).toEqual([user('one'), user('two'), compaction('c2'), call('c')]);
    const plain = [user('one'), call('a'), output('a')];
    expect(fromLatestCompaction(plain)).toEqual(plain);
  });

  it('tells a response that compacted from one that did not', () => {
    expect(holdsCompaction([compaction('c1'), call('a')])).toBe(true);
    expect(holdsCompaction([call('a'), { type: 'message', role: 'assistant', content: [] }])).toBe(false);
  });
});
