// Persists conversations per workspace through a Memento-like key/value store (VS Code's
// workspaceState in the extension, a Map in tests). Written when a turn starts and ends,
// never per token. The API key is never part of what is stored.

import type { ActionProfile } from '../tools/actionProfiles';
import type { ConversationSummary, TurnView } from '../protocol';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** What a turn sent, kept so Retry can send it again and the next turn can chain from it. */
export interface TurnRequestRecord {
  prompt: string;
  /** Label for the transcript (e.g. "Explain selection") when the prompt was generated. */
  displayPrompt: string;
  selection?: { path: string; languageId: string; startLine: number; endLine: number; text: string };
  openFilePaths: string[];
  /** Explain or Fix (CodeLens, palette, quick fix): narrows the tools and sets the action's effort. */
  action?: ActionProfile;
  /** This turn asks for a summary of an earlier chat, to seed this one ("New Chat with Summary"):
   *  sent without tools, and later requests carry only its answer, not the transcript it was given. */
  summaryOf?: { conversationId: string; title: string };
}

export interface StoredTurn {
  view: TurnView;
  request: TurnRequestRecord;
  /** The id of the response that produced this turn's answer (store: true chains). */
  responseId?: string;
  /** The endpoint that stored that response; absent when it was not stored. */
  storedAt?: string;
  /** The input items this turn sent and the items the model returned: the conversation as it is
   *  resent when nothing is kept server-side (store: false), or the server lost it. */
  inputItems?: unknown[];
  outputItems?: unknown[];
  /** The model's tool calls in this turn; `output` is set once the call was answered (applied, rejected, failed). */
  toolCalls?: StoredToolCall[];
  /** Rounds of read-tool calls this turn ran (codewright.maxToolRounds caps them). */
  toolRounds?: number;
  /** The project's instruction files as the turn's prompt sent them; its tool rounds, Continue and
   *  Retry send the same, so the cached prompt prefix holds. */
  projectInstructions?: string;
}

export interface StoredToolCall {
  callId: string;
  name: string;
  /** 'function' for the read tools (answered with function_call_output); apply_patch is custom,
   *  or 'apply_patch' for the API's built-in tool (answered with apply_patch_call_output). */
  kind?: 'custom' | 'function' | 'apply_patch';
  /** Built-in apply_patch: the proposal all calls of the response share (the first call's id). */
  group?: string;
  input: string;
  output?: string;
  /** Built-in apply_patch: the output reports a failure (status 'failed'). */
  failed?: boolean;
  /** The output reached the model (it was sent with a later request). */
  delivered?: boolean;
}

export interface StoredConversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: StoredTurn[];
  /** Nothing of this chat is kept server-side although codewright.store is on (the organization
   *  refused stored responses: Zero Data Retention). */
  stateless?: boolean;
  /** How full the model's context window was after this chat's last response. */
  context?: { usedTokens: number; windowTokens: number; model: string };
  /** The API's compaction of the conversation through turn `throughTurnId` (its user messages and
   *  one opaque compaction item): later requests send these items instead of those turns. */
  compaction?: { throughTurnId: string; items: unknown[] };
}

const INDEX_KEY = 'codewright.conversations';
const CURRENT_KEY = 'codewright.currentConversation';
const conversationKey = (id: string) => `codewright.conversation.${id}`;
export const MAX_CONVERSATIONS = 200;
const TITLE_LENGTH = 60;

export function conversationTitle(prompt: string): string {
  const firstLine = prompt.trim().split(/\r?\n/, 1)[0] ?? '';
  const title = firstLine.replace(/\s+/g, ' ').trim();
  if (title === '') return 'New chat';
  return title.length > TITLE_LENGTH ? `${title.slice(0, TITLE_LENGTH - 1)}…` : title;
}

/** One entry: the day and what that day's requests are estimated to have cost. */
const SPEND_KEY = 'codewright.spendToday';

export class ConversationStore {
  constructor(private readonly store: KeyValueStore) {}

  /** Estimated spend recorded for `day` (YYYY-MM-DD, local time) across this workspace's chats. */
  spentOn(day: string): number {
    const entry = this.store.get<{ day?: unknown; usd?: unknown }>(SPEND_KEY);
    return entry?.day === day && typeof entry.usd === 'number' && Number.isFinite(entry.usd) ? entry.usd : 0;
  }

  /** Adds `usd` to `day`'s spend (a new day starts from zero); returns the day's total. */
  async addSpend(day: string, usd: number): Promise<number> {
    const total = this.spentOn(day) + Math.max(0, usd);
    await this.store.update(SPEND_KEY, { day, usd: total });
    return total;
  }

  list(): ConversationSummary[] {
    const index = this.store.get<ConversationSummary[]>(INDEX_KEY);
    return Array.isArray(index) ? [...index].sort((a, b) => b.updatedAt - a.updatedAt) : [];
  }

  load(id: string): StoredConversation | undefined {
    const conversation = this.store.get<StoredConversation>(conversationKey(id));
    if (!conversation || !Array.isArray(conversation.turns)) return undefined;
    // A turn that was streaming when the window went away can never finish: show it as stopped.
    for (const turn of conversation.turns) {
      if (turn.view.status === 'streaming') {
        turn.view.status = 'stopped';
        turn.view.error = { message: 'The answer was interrupted when the window closed.', action: 'retry' };
      }
    }
    return conversation;
  }

  async save(conversation: StoredConversation): Promise<void> {
    if (conversation.turns.length === 0) return;
    conversation.updatedAt = Date.now();
    await this.store.update(conversationKey(conversation.id), conversation);
    const summary: ConversationSummary = {
      id: conversation.id,
      title: conversation.title,
      updatedAt: conversation.updatedAt,
      turnCount: conversation.turns.length,
    };
    const index = this.list().filter((entry) => entry.id !== conversation.id);
    index.unshift(summary);
    const dropped = index.splice(MAX_CONVERSATIONS);
    for (const old of dropped) await this.store.update(conversationKey(old.id), undefined);
    await this.store.update(INDEX_KEY, index);
  }

  /** The chat that was open last, restored when the window reloads. */
  currentId(): string | undefined {
    const id = this.store.get<string>(CURRENT_KEY);
    return typeof id === 'string' ? id : undefined;
  }

  async setCurrent(id: string): Promise<void> {
    await this.store.update(CURRENT_KEY, id);
  }

  async delete(id: string): Promise<boolean> {
    const index = this.list();
    const remaining = index.filter((entry) => entry.id !== id);
    if (remaining.length === index.length) return false;
    await this.store.update(conversationKey(id), undefined);
    await this.store.update(INDEX_KEY, remaining);
    return true;
  }
}
