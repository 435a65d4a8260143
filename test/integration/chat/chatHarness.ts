// The test bench of a chat session: an in-memory store, a fixed context, and a session wired to
// the fake Responses server through the real SDK, recording everything it posts to the webview.
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { modelControlsFor } from '../../../src/common/chat/modelChoices';
import { ChatSession, type ChatConnection, type ChatContext, type ChatSettings } from '../../../src/common/chat/chatSession';
import { ConversationStore, type KeyValueStore } from '../../../src/common/chat/conversationStore';
import type { ExtensionMessage, TurnView } from '../../../src/common/protocol';
import { createResponsesClient } from '../../../src/common/responses';
import { FakeResponsesServer, type FakeServerOptions } from '../../fake-server/fakeResponsesServer';
import { testChatSettings } from '../../harness/requestSettings';
import type { PatchHost, SensitiveFileChange } from '../../../src/common/chat/proposalController';
import type { PatchPlan } from '../../../src/common/patch';
import { memoryWorkspace } from '../../unit/patch/memoryWorkspace';
import type { ReadToolHost } from '../../../src/common/tools/toolHost';

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
}

export const API_KEY = 'sk-test-chat-session-0123456789';

export interface Harness {
  session: ChatSession;
  posted: ExtensionMessage[];
  store: MemoryStore;
  settings: ChatSettings;
  missingKey: ReturnType<typeof vi.fn>;
  contextConsumed: ReturnType<typeof vi.fn>;
  ended(turnId?: string): Promise<TurnView>;
}

export const baseContext: ChatContext = {
  selection: { path: 'src/math.ts', languageId: 'typescript', startLine: 3, endLine: 4, text: 'export function add(a, b) {\n  return a + b;' },
  files: [{ path: 'src/math.ts', languageId: 'typescript', content: 'export function add(a, b) {\n  return a + b;\n}\n' }],
  chips: [
    { id: 'selection', kind: 'selection', label: 'src/math.ts', detail: 'lines 3–4' },
    { id: 'file:src/math.ts', kind: 'file', label: 'src/math.ts', detail: '44 B' },
  ],
};

export interface HarnessOptions {
  store?: MemoryStore;
  connection?: ChatConnection | null;
  settings?: Partial<ChatSettings>;
  patches?: PatchHost;
  readTools?: ReadToolHost;
}

/** A chat session wired to `server` through the real SDK, with everything it posts recorded. */
export function createHarness(server: FakeResponsesServer, sessions: ChatSession[], options: HarnessOptions = {}): Harness {
  const posted: ExtensionMessage[] = [];
  const store = options.store ?? new MemoryStore();
  const settings: ChatSettings = testChatSettings(options.settings);
  const connection = options.connection === undefined ? { apiKey: API_KEY, baseURL: server.baseURL, demo: false } : options.connection;
  const missingKey = vi.fn();
  const contextConsumed = vi.fn();
  let counter = 0;
  const session = new ChatSession({
    store: new ConversationStore(store),
    settings: () => settings,
    controls: () => modelControlsFor(settings),
    connection: async () => connection ?? undefined,
    context: () => baseContext,
    contextConsumed,
    post: (message) => posted.push(structuredClone(message)),
    missingKey,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    newId: () => `id-${++counter}`,
    createClient: (c) => createResponsesClient({ apiKey: c.apiKey, baseURL: c.baseURL, maxRetries: 0 }),
    patches: options.patches,
    readTools: options.readTools,
  });
  sessions.push(session);
  const ended = async (turnId?: string) => {
    await session.idle();
    const endings = posted.filter((m): m is Extract<ExtensionMessage, { type: 'turnEnded' }> => m.type === 'turnEnded');
    const last = turnId ? endings.filter((m) => m.turn.id === turnId).pop() : endings.pop();
    if (!last) throw new Error('no turn ended');
    return last.turn;
  };
  return { session, posted, store, settings, missingKey, contextConsumed, ended };
}

export function streamedAnswer(posted: ExtensionMessage[], turnId: string): string {
  return posted
    .filter((m): m is Extract<ExtensionMessage, { type: 'turnDelta' }> => m.type === 'turnDelta' && m.turnId === turnId)
    .map((m) => m.answer ?? '')
    .join('');
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const ORIGINAL = 'export function add(a, b) {\n  return a + b;\n}\n';
export const GOOD_PATCH = '*** Begin Patch\n*** Update File: src/math.ts\n@@\n export function add(a, b) {\n-  return a + b;\n+  return Number(a) + Number(b);\n }\n*** End Patch';
export const BAD_PATCH = '*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  return a - b;\n+  return 0;\n*** End Patch';

/** A workspace in memory that records previews, confirmations and applied plans. */
export class RecordingPatchHost implements PatchHost {
  readonly files: Record<string, string>;
  applied: PatchPlan[] = [];
  previews: string[] = [];
  confirmAnswer = true;
  confirmations: string[][] = [];
  confirmationReasons: string[][] = [];
  allowed: { ok: true } | { ok: false; reason: string } = { ok: true };
  constructor(
    files: Record<string, string>,
    readonly folders: readonly string[] = ['workspace'],
  ) {
    this.files = { ...files };
  }
  async workspace() {
    return memoryWorkspace({ files: this.files });
  }
  folderNames() {
    return this.folders;
  }
  sensitivePatterns() {
    return [];
  }
  editsAllowed() {
    return this.allowed;
  }
  async confirmSensitive(files: readonly SensitiveFileChange[]) {
    this.confirmations.push(files.map((file) => file.path));
    this.confirmationReasons.push(files.map((file) => file.reason));
    return this.confirmAnswer;
  }
  async preview(proposalId: string) {
    this.previews.push(proposalId);
  }
  async apply(plan: PatchPlan) {
    this.applied.push(plan);
    for (const change of plan.changes) {
      if (change.newText === undefined) delete this.files[change.path];
      else this.files[change.path] = change.newText;
    }
    return { ok: true as const };
  }
}

/** What a test file of chat sessions shares: one fake server for the file, and a harness maker
 *  whose sessions are disposed after each test. Call at the top level of the file. */
export function useChatServer(serverOptions: FakeServerOptions = {}): { server(): FakeResponsesServer; harness(options?: HarnessOptions): Harness } {
  let server: FakeResponsesServer | undefined;
  const sessions: ChatSession[] = [];
  beforeAll(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: API_KEY, ...serverOptions });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.dispose();
  });
  const current = (): FakeResponsesServer => {
    if (!server) throw new Error('useChatServer: the server starts in beforeAll; use it inside a test');
    return server;
  };
  return { server: current, harness: (options = {}) => createHarness(current(), sessions, options) };
}
