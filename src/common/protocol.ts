// The one message protocol between the extension host and the chat webview.
// Both bundles import this file. Every message has a literal `type`; messages that need an
// answer carry a `requestId` and get a `reply`. Messages from the webview are untrusted input:
// `parseWebviewMessage` (webviewMessages.ts) validates them and returns undefined for anything
// malformed or unknown.

import type { SpecialMention } from './mentions/mentionQuery';
import type { ImageAttachment, ImageDetail } from './images/imageInput';
export type { ImageAttachment, ImageDetail };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export type ReasoningSummarySetting = 'auto' | 'concise' | 'detailed' | 'off';
export type Verbosity = 'low' | 'medium' | 'high';

/** Every effort some model accepts, least to most; each model takes a subset (src/common/responses/modelCapabilities.ts). */
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
export const VERBOSITIES: readonly Verbosity[] = ['low', 'medium', 'high'];
export const MODEL_SUGGESTIONS: readonly string[] = ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5-codex'];

/** The model controls shown in the panel header; changes persist to settings. */
export interface ModelControls {
  model: string;
  reasoningEffort: ReasoningEffort;
  verbosity: Verbosity;
  modelSuggestions: string[];
  /** The efforts and verbosities the chosen model accepts (the pickers offer only these). */
  efforts: ReasoningEffort[];
  verbosities: Verbosity[];
  /** USD per million input tokens for the chosen model (user overrides included); absent when unknown. */
  inputPricePerMillion?: number;
  /** About how many tokens every request of a chat starts with (instructions and tool definitions). */
  fixedInputTokens?: number;
  /** codewright.imageDetail: how images are sent (and estimated). */
  imageDetail?: ImageDetail;
}

/** One item of context that will be sent with the next prompt, shown as a removable chip. */
export interface ContextChip {
  id: string;
  /** `instructions`: one of the project's instruction files (AGENTS.md, …) going with the request;
   *  `problems`: the diagnostics text an @problems mention sends. */
  kind: 'selection' | 'file' | 'instructions' | 'problems';
  /** Workspace-relative path (or the editor's title for untitled documents). */
  label: string;
  /** e.g. "lines 10–24" for a selection, "3.2 KB" for a file, "not sent — looks secret" when held back. */
  detail: string;
  /**
   * Present when this item is NOT sent: why (it looks secret, or lies outside the workspace). The
   * chip then offers to add it (`addChip`) instead of removing it.
   */
  heldBack?: string;
  /** Present when this open file is NOT sent because of the context budget (size, count, binary):
   *  why, and what to do instead. The chip can only be dismissed. */
  overBudget?: string;
  /** About how many bytes this chip adds to the request when sent (UTF-8 bytes of a file, characters
   *  of a selection), for the composer's input estimate. */
  bytes?: number;
}

export interface TokenUsageView {
  inputTokens: number;
  cachedInputTokens: number;
  /** Input tokens written to the prompt cache (`input_tokens_details.cache_write_tokens`); absent when the usage does not report it. */
  cacheWriteTokens?: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface TurnFooter {
  model: string;
  reasoningEffort: ReasoningEffort;
  verbosity: Verbosity;
  usage?: TokenUsageView;
  /** Estimated cost in US dollars, when the model has a known price. */
  costUsd?: number;
  /** What cached input tokens saved against the full input price (USD). */
  cacheSavingsUsd?: number;
  /** Estimated spend of the whole conversation, and of today in this workspace (USD). */
  conversationCostUsd?: number;
  todayCostUsd?: number;
  elapsedMs: number;
  /** The output limit the request set (codewright.maxOutputTokens); absent: the model's own limit. */
  maxOutputTokens?: number;
  /** Rounds of read-tool calls the turn took (absent: none). */
  toolRounds?: number;
  /** How full the model's context window was after the turn's last response: its input + output
   *  tokens against the window the capability table gives the model. */
  context?: { usedTokens: number; windowTokens: number };
}

export type TurnStatus = 'streaming' | 'completed' | 'stopped' | 'incomplete' | 'failed' | 'refused';

/** What the webview needs to show an error and the one action that fixes it. */
export interface TurnErrorView {
  message: string;
  action?: 'set-api-key' | 'retry' | 'open-settings' | 'new-chat-with-summary';
  retryAfterSeconds?: number;
}

export type ProposalStatus =
  /** The model is still writing the patch. */
  | 'streaming'
  /** Checked against the workspace: ready to preview and apply. */
  | 'ready'
  /** The patch does not apply (the model was told why). */
  | 'invalid'
  | 'applied'
  | 'rejected'
  /** Applying failed (nothing was changed); the model was told why. */
  | 'failed';

export interface ProposalFileView {
  path: string;
  operation: 'add' | 'delete' | 'update' | 'move';
  movePath?: string;
  added: number;
  removed: number;
  /** Matches a sensitive pattern (.git/, .vscode/*.json, .env*, workflows…): applying asks first. */
  sensitive?: boolean;
  /** An Add File or Move lands on an existing file, which it replaces. */
  replacesExisting?: boolean;
}

/** An edit the model proposed through the apply_patch tool. */
export interface ProposalView {
  /** The tool call's call_id. */
  id: string;
  status: ProposalStatus;
  files: ProposalFileView[];
  /** Why the patch is invalid, or why applying failed. */
  error?: string;
  /** What the user said when rejecting. */
  rejectReason?: string;
  /** Why the model has not heard what became of this edit: automatic retries stopped (the user's
   *  next message tells it), or the answer ended before the patch was complete. */
  notSentToModel?: 'retries-stopped' | 'answer-ended';
}

export type ToolCallStatus =
  /** The model is still writing the call's arguments. */
  | 'streaming'
  | 'running'
  /** Waits for the user: the model wants to read a secret-looking file or .git. */
  | 'awaiting-consent'
  | 'done'
  /** The tool answered with an error (the model was told). */
  | 'error'
  | 'denied'
  /** Stopped by the user, or not run (tool-round limit). */
  | 'cancelled';

/** One read-tool call of the model, shown as one row in the answer. */
export interface ToolCallView {
  /** The call's call_id. */
  id: string;
  name: string;
  /** e.g. "Read `src/order.ts` 1–120", "Searched `applyDiscount` — 14 results in 6 files". */
  label: string;
  status: ToolCallStatus;
  /** Exactly what the model received. */
  output?: string;
  /** While status is 'awaiting-consent': the file and why it needs consent. */
  consent?: { path: string; reason: string };
}

export interface TurnView {
  id: string;
  /** The user's prompt as they typed it (or the action, e.g. "Explain selection"). */
  prompt: string;
  /** Labels of the context sent with this turn. */
  contextLabels: string[];
  answer: string;
  reasoning: string;
  refusal: string;
  status: TurnStatus;
  error?: TurnErrorView;
  /** Why the answer is incomplete, e.g. "max_output_tokens". */
  incompleteReason?: string;
  footer?: TurnFooter;
  /** Edits proposed in this turn, in the order the model made them. */
  proposals?: ProposalView[];
  /** The model's read-tool calls in this turn, in the order it made them. */
  toolCalls?: ToolCallView[];
  /** What the user should know about how this turn was sent, e.g. that the conversation was
   *  resent in full because the server no longer had it. */
  notes?: string[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

export interface ChatSnapshot {
  conversationId: string;
  turns: TurnView[];
  chips: ContextChip[];
  controls: ModelControls;
  history: ConversationSummary[];
  generating: boolean;
  /** Set when the extension talks to the local scripted demo server instead of OpenAI. */
  demo: boolean;
  hasApiKey: boolean;
}

/** One entry of the @-mention completion list. `positions`: indices of the matched characters. */
export type MentionItem =
  | { kind: 'file'; path: string; positions: number[] }
  | { kind: 'special'; name: SpecialMention; description: string; positions: number[] };

/** What the user chose in the @-mention list. A file is named by its workspace path. */
export type MentionChoice = { kind: 'file'; path: string } | { kind: SpecialMention };
export type { SpecialMention };

// ---- extension → webview ----

export type ExtensionMessage =
  | { type: 'snapshot'; snapshot: ChatSnapshot }
  | { type: 'turnStarted'; turn: TurnView }
  /** Only the text that arrived since the previous delta for this turn. */
  | { type: 'turnDelta'; turnId: string; answer?: string; reasoning?: string; refusal?: string }
  | { type: 'turnEnded'; turn: TurnView }
  /** A proposal appeared or changed (while streaming: at most every ~50 ms). */
  | { type: 'proposal'; turnId: string; proposal: ProposalView }
  /** A read-tool call appeared or changed (while its arguments stream: throttled). */
  | { type: 'toolCall'; turnId: string; call: ToolCallView }
  | { type: 'chips'; chips: ContextChip[] }
  | { type: 'controls'; controls: ModelControls }
  | { type: 'history'; history: ConversationSummary[] }
  | { type: 'generating'; generating: boolean }
  | { type: 'apiKeyState'; hasApiKey: boolean }
  | { type: 'focusPrompt' }
  /** The answer to a `mentionQuery` (`note`: e.g. that the file list is still being built or capped). */
  | { type: 'mentionResults'; requestId: number; items: MentionItem[]; note?: string }
  | { type: 'reply'; requestId: number; ok: boolean; error?: string };

// ---- webview → extension ----

export type WebviewMessage =
  | { type: 'ready' }
  /** `images` go with this prompt only (validated here: type by signature, size, base64). */
  | { type: 'send'; requestId: number; prompt: string; images?: ImageAttachment[] }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'continue'; turnId: string }
  | { type: 'newChat' }
  /** A new chat seeded with a model-written summary of the open one. */
  | { type: 'newChatWithSummary' }
  | { type: 'openConversation'; conversationId: string }
  | { type: 'deleteConversation'; conversationId: string }
  | { type: 'setControl'; control: 'model'; value: string }
  | { type: 'setControl'; control: 'reasoningEffort'; value: ReasoningEffort }
  | { type: 'setControl'; control: 'verbosity'; value: Verbosity }
  | { type: 'removeChip'; chipId: string }
  | { type: 'addChip'; chipId: string }
  | { type: 'addCurrentFile' }
  /** The text after `@` in the prompt box; answered with `mentionResults`. */
  | { type: 'mentionQuery'; requestId: number; query: string }
  /** A chosen @-mention becomes context (a chip); answered with `reply`. */
  | { type: 'addMention'; requestId: number; mention: MentionChoice }
  | { type: 'openLink'; href: string }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string }
  | { type: 'newFileWithCode'; code: string; language: string }
  | { type: 'setApiKey' }
  | { type: 'openSettings' }
  | { type: 'previewProposal'; proposalId: string }
  | { type: 'applyProposal'; proposalId: string }
  | { type: 'rejectProposal'; proposalId: string; reason?: string }
  /** The user's answer to "The model wants to read `.env`": Allow once, or Deny. */
  | { type: 'toolConsent'; callId: string; allow: boolean };

export type WebviewMessageType = WebviewMessage['type'];

/** Only http(s) links leave the webview, and only through VS Code's external-link confirmation. */
export function isOpenableExternalLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
