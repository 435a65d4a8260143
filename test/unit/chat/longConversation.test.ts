// Long conversations, unit by unit: when a chat counts as nearly full, what the compaction request
// carries, how a compaction replaces the turns it covers in later requests, how the summary for a
// new chat is cut to fit, and what the footer says about the context window and the prompt cache.
import { describe, expect, it } from 'vitest';
import { compactedNote, compactionFailedNote, compactionUnsupported, compactParams, contextRatio, needsCompaction } from '../../../src/common/chat/compaction';
import type { StoredConversation, StoredTurn } from '../../../src/common/chat/conversationStore';
import { continuedTitle, summaryRequest, summaryTranscript } from '../../../src/common/chat/conversationSummary';
import { turnFooter } from '../../../src/common/chat/turnOutcome';
import { buildTurnRequest, historyOf, type TurnRequestInput } from '../../../src/common/chat/turnRequest';
import { CodewrightError } from '../../../src/common/responses';
import { testChatSettings, testRequestSettings } from '../../harness/requestSettings';

function answered(id: string, prompt: string, answer: string, extra: Partial<StoredTurn> = {}): StoredTurn {
  return {
    view: { id, prompt, contextLabels: [], answer, reasoning: '', refusal: '', status: 'completed' },
    request: { prompt, displayPrompt: prompt, openFilePaths: [] },
    ...extra,
  };
}

function conversation(turns: StoredTurn[], extra: Partial<StoredConversation> = {}): StoredConversation {
  return { id: 'c1', title: 'Caching', createdAt: 0, updatedAt: 0, turns, ...extra };
}

const ENDPOINT = 'https://api.openai.com/v1';
const COMPACTION = { throughTurnId: 't2', items: [{ role: 'user', content: 'first' }, { id: 'cmp_1', type: 'compaction', encrypted_content: 'x' }] };

function input(turns: StoredTurn[], store: boolean, extra: Partial<TurnRequestInput> = {}): TurnRequestInput {
  const turn = turns[turns.length - 1];
  return { turn, mode: { kind: 'new' }, turns, settings: testRequestSettings({ store }), files: [], endpoint: ENDPOINT, ...extra };
}

const stored = (id: string, prompt: string, answer: string) =>
  answered(id, prompt, answer, { responseId: `resp_${id}`, storedAt: ENDPOINT, inputItems: [{ role: 'user', content: prompt }], outputItems: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] }] });
const pending = (id: string, prompt: string): StoredTurn => ({ ...answered(id, prompt, ''), view: { ...answered(id, prompt, '').view, status: 'streaming' } });

describe('when a chat counts as nearly full', () => {
  const full = { usedTokens: 330_000, windowTokens: 400_000, model: 'gpt-5' };

  it('is compacted once its last response held 80% of the window, with the same model, and not twice for the same turns', () => {
    expect(contextRatio(full)).toBeCloseTo(0.825);
    expect(needsCompaction(conversation([], { context: full }), 'gpt-5', 't1')).toBe(true);
    expect(needsCompaction(conversation([], { context: { ...full, usedTokens: 300_000 } }), 'gpt-5', 't1')).toBe(false);
    expect(needsCompaction(conversation([], { context: full }), 'gpt-5.1', 't1')).toBe(false);
    expect(needsCompaction(conversation([], { context: full, compaction: { throughTurnId: 't1', items: [] } }), 'gpt-5', 't1')).toBe(false);
    expect(needsCompaction(conversation([], { context: full, compaction: { throughTurnId: 't1', items: [] } }), 'gpt-5', 't2')).toBe(true);
    expect(needsCompaction(conversation([]), 'gpt-5', 't1')).toBe(false);
  });

  it('says in the turn what happened, and what to do when the endpoint cannot compact', () => {
    expect(compactedNote(full)).toBe("This chat filled 83% of gpt-5's 400k-token context window, so the conversation so far was compacted (the API keeps its gist in far fewer tokens) before this prompt went out.");
    const notFound = new CodewrightError('model-not-found', 'Not found', { status: 404 });
    expect(compactionUnsupported(notFound)).toBe(true);
    expect(compactionUnsupported(new CodewrightError('server', 'Boom', { status: 500 }))).toBe(false);
    expect(compactionFailedNote(full, notFound, true)).toContain('this endpoint cannot compact conversations. If an answer fails for lack of room, use New Chat with Summary');
  });
});

describe('the compaction request', () => {
  it('names the stored response to compact when the chat chains, and carries the history when it does not', () => {
    const turns = [stored('t1', 'first', 'one'), stored('t2', 'second', 'two'), pending('t3', 'third')];
    expect(compactParams('gpt-5', buildTurnRequest(input(turns, true)), 'c1')).toMatchObject({ model: 'gpt-5', previous_response_id: 'resp_t2', prompt_cache_key: 'c1' });
    const stateless = compactParams('gpt-5', buildTurnRequest(input(turns, false)), 'c1');
    expect(stateless?.previous_response_id).toBeUndefined();
    expect(stateless?.input).toHaveLength(4);
    expect(compactParams('gpt-5', buildTurnRequest(input([pending('t1', 'only')], false)), 'c1')).toBeUndefined();
  });
});

describe('a request after a compaction', () => {
  const turns = [stored('t1', 'first', 'one'), stored('t2', 'second', 'two'), pending('t3', 'third')];

  it('sends the compaction items instead of the turns it covers, and does not chain to a response from before it', () => {
    const { request } = buildTurnRequest(input(turns, true, { compaction: COMPACTION }));
    expect(request.previousResponseId).toBeUndefined();
    expect(request.history).toEqual(COMPACTION.items);
  });

  it('chains again from the first answer after it, or resends the items with the turns after it when nothing is stored', () => {
    const later = [...turns.slice(0, 2), stored('t3', 'third', 'three'), pending('t4', 'fourth')];
    expect(buildTurnRequest(input(later, true, { compaction: COMPACTION })).request.previousResponseId).toBe('resp_t3');
    const { request } = buildTurnRequest(input(later, false, { compaction: COMPACTION }));
    expect(request.history).toEqual([...COMPACTION.items, ...historyOf(later[2])]);
  });
});

describe('the summary that seeds a new chat', () => {
  it('holds the prompts, answers and proposed edits, newest kept whole when the budget is short', () => {
    const chat = conversation([
      answered('t1', 'How do I cache?', 'Use a Map.'),
      { ...answered('t2', 'Add eviction', 'Done.'), view: { ...answered('t2', 'Add eviction', 'Done.').view, proposals: [{ id: 'p', callId: 'c', status: 'applied', files: [{ path: 'src/cache.ts' }] } as never] } },
    ]);
    const full = summaryTranscript(chat, 10_000);
    expect(full).toContain('## User\nHow do I cache?');
    expect(full).toContain('## Assistant\nUse a Map.');
    expect(full).toContain('(Edit applied: src/cache.ts)');
    const short = summaryTranscript(chat, 90);
    expect(short).toContain('(1 earlier exchange left out for length.)');
    expect(short).not.toContain('How do I cache?');
    expect(short).toContain('Add eviction');
  });

  it('cuts the middle out of a single exchange longer than the budget', () => {
    const chat = conversation([answered('t1', 'x'.repeat(5_000), 'ok')]);
    const text = summaryTranscript(chat, 1_000);
    expect(text.length).toBeLessThan(1_100);
    expect(text).toMatch(/characters left out/);
  });

  it('is asked for only when the chat has an answer, and names the chat it continues', () => {
    expect(summaryRequest(conversation([pending('t1', 'hi')]), 400_000)).toBeUndefined();
    const request = summaryRequest(conversation([answered('t1', 'hi', 'hello')]), 400_000);
    expect(request).toMatchObject({ displayPrompt: 'Summary of “Caching”', summaryOf: { conversationId: 'c1', title: 'Caching' }, openFilePaths: [] });
    expect(request?.prompt).toMatch(/^Summarize the conversation[\s\S]*<transcript>\n## User\nhi\n\n## Assistant\nhello\n<\/transcript>$/);
    expect(continuedTitle('Caching')).toBe('Caching (continued)');
    expect(continuedTitle('Caching (continued)')).toBe('Caching (continued)');
  });

  it('travels in later requests as its answer only, never as the transcript or by chaining to its response', () => {
    const summary = stored('t1', 'Summarize … long transcript …', '- Goal: cache');
    summary.request.summaryOf = { conversationId: 'old', title: 'Caching' };
    expect(historyOf(summary)).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: '(Summary of the earlier chat “Caching”, which this chat continues.)' }] },
      { role: 'assistant', content: '- Goal: cache' },
    ]);
    const { request } = buildTurnRequest(input([summary, pending('t2', 'next')], true));
    expect(request.previousResponseId).toBeUndefined();
    expect(JSON.stringify(request.history)).not.toContain('long transcript');
  });
});

describe('the footer', () => {
  it('shows how full the window is after the last response, and the tokens written to the prompt cache', () => {
    const settings = testChatSettings();
    const footer = turnFooter(settings, 1000, { inputTokens: 10_000, cachedInputTokens: 4_000, cacheWriteTokens: 6_000, outputTokens: 500, reasoningTokens: 0, totalTokens: 10_500 });
    expect(footer.context).toEqual({ usedTokens: 10_500, windowTokens: 400_000 });
    expect(footer.usage).toEqual({ inputTokens: 10_000, cachedInputTokens: 4_000, cacheWriteTokens: 6_000, outputTokens: 500, reasoningTokens: 0 });
    const next = turnFooter(settings, 1000, { inputTokens: 12_000, cachedInputTokens: 10_000, outputTokens: 100, reasoningTokens: 0, totalTokens: 12_100 }, footer);
    expect(next.context).toEqual({ usedTokens: 12_100, windowTokens: 400_000 });
    expect(next.usage?.cacheWriteTokens).toBe(6_000);
    expect(turnFooter(settings, 10, undefined, footer).context).toEqual(footer.context);
  });
});
