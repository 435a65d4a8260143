import { describe, expect, it } from 'vitest';
import { ConversationStore, MAX_CONVERSATIONS, conversationTitle, type KeyValueStore, type StoredConversation } from '../../../src/common/chat/conversationStore';

class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
}

function conversation(id: string, status: 'completed' | 'streaming' = 'completed'): StoredConversation {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1,
    updatedAt: 1,
    turns: [
      {
        view: { id: `${id}-t`, prompt: 'q', contextLabels: [], answer: 'partial', reasoning: '', refusal: '', status },
        request: { prompt: 'q', displayPrompt: 'q', openFilePaths: [] },
      },
    ],
  };
}

describe('conversation history', () => {
  it('titles a chat by the first line of its first prompt, shortened', () => {
    expect(conversationTitle('  Why does\nthis fail?')).toBe('Why does');
    expect(conversationTitle('')).toBe('New chat');
    expect(conversationTitle('x'.repeat(100))).toHaveLength(60);
  });

  it('lists the most recently updated chat first', async () => {
    const store = new ConversationStore(new MemoryStore());
    await store.save(conversation('a'));
    await new Promise((resolve) => setTimeout(resolve, 2));
    await store.save(conversation('b'));
    expect(store.list().map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('does not save an empty chat', async () => {
    const store = new ConversationStore(new MemoryStore());
    await store.save({ ...conversation('a'), turns: [] });
    expect(store.list()).toEqual([]);
  });

  it('shows an answer that was streaming when the window closed as stopped, with Retry', async () => {
    const store = new ConversationStore(new MemoryStore());
    await store.save(conversation('a', 'streaming'));
    const loaded = store.load('a');
    expect(loaded?.turns[0].view.status).toBe('stopped');
    expect(loaded?.turns[0].view.answer).toBe('partial');
    expect(loaded?.turns[0].view.error?.action).toBe('retry');
  });

  it(`keeps at most ${MAX_CONVERSATIONS} chats, dropping the oldest and its data`, async () => {
    const memory = new MemoryStore();
    const store = new ConversationStore(memory);
    for (let i = 0; i <= MAX_CONVERSATIONS; i++) {
      await store.save({ ...conversation(`c${i}`), updatedAt: i });
    }
    expect(store.list()).toHaveLength(MAX_CONVERSATIONS);
    expect(store.load('c0')).toBeUndefined();
    expect(memory.data.has('codewright.conversation.c0')).toBe(false);
  });

  it('deletes a chat and reports unknown ids', async () => {
    const store = new ConversationStore(new MemoryStore());
    await store.save(conversation('a'));
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(store.load('a')).toBeUndefined();
  });
});
