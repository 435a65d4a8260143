// The contract between a chat session and the layer that hosts it: what the VS Code side
// injects (key, settings, context, webview messages, logging) and what the session answers.

import type { ImageAttachment } from '../images/imageInput';
import type { ContextChip, ExtensionMessage, ModelControls } from '../protocol';
import type { ModelPrice, OpenFileContext, RequestSettings, ResponsesClient } from '../responses';
import type { ConversationStore, TurnRequestRecord } from './conversationStore';
import type { PatchHost } from './proposalController';
import type { ReadToolHost } from '../tools/toolHost';
import type { ActionModelSettings, ActionProfile } from '../tools/actionProfiles';

export interface ChatConnection {
  apiKey: string;
  baseURL: string;
  demo: boolean;
}

export interface ChatSettings extends RequestSettings {
  idleTimeoutSeconds: number;
  /** codewright.actions.<action>.reasoningEffort / .verbosity. */
  actions?: Partial<Record<ActionProfile, ActionModelSettings>>;
  /** codewright.maxToolRounds (default 12). */
  maxToolRounds?: number;
  prices?: Record<string, ModelPrice>;
  /** USD; once a turn's estimated cost reaches it, no further tool round starts. null: no cap. */
  maxCostPerTurn?: number | null;
}

export interface ChatContext {
  selection?: TurnRequestRecord['selection'];
  files: OpenFileContext[];
  chips: ContextChip[];
  /** Images pasted into the prompt box; they go with this prompt only. */
  images?: ImageAttachment[];
  /** The project's instruction files (AGENTS.md, …) as one block for the request's instructions. */
  projectInstructions?: string;
}

export interface ChatLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ChatSessionDeps {
  store: ConversationStore;
  settings(): ChatSettings;
  controls(): ModelControls;
  connection(): Promise<ChatConnection | undefined>;
  context(): ChatContext;
  /** Called after a prompt was sent with the current context (chips reset). */
  contextConsumed(): void;
  post(message: ExtensionMessage): void;
  /** Called when a request could not start because there is no key (the UI offers Set API Key). */
  missingKey(): void;
  log: ChatLogger;
  newId(): string;
  now?(): number;
  /** Test seam: how the OpenAI client is made (defaults to the real SDK). */
  createClient?(connection: ChatConnection): ResponsesClient;
  /** Milliseconds between webview updates while streaming. */
  batchIntervalMs?: number;
  /** Where apply_patch edits go. Without it the model is offered no tools. */
  patches?: PatchHost;
  /** What the read tools read and search. Without it the model is offered none. */
  readTools?: ReadToolHost;
}

export type SendResult = { ok: true; turnId: string } | { ok: false; error: string };
