// The one message protocol between the extension host and the chat webview.
// Both bundles import this file. Every message has a literal `type`; messages that need an
// answer carry a `requestId` and get a `reply`. Messages from the webview are untrusted input:
// `parseWebviewMessage` validates them and returns undefined for anything malformed or unknown.

import { isSpecialMention, MAX_MENTION_QUERY, type SpecialMention } from './mentions/mentionQuery';
import { imagePixelSize } from './images/imagePixels';
import { base64ByteLength, base64ToBytes, imageProblem, imagesProblem, isImageMimeType, MAX_IMAGE_BYTES, MAX_IMAGES_PER_PROMPT, type ImageAttachment, type ImageDetail } from './images/imageInput';
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

const MAX_TEXT = 1_000_000;
const MAX_ID = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}
function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}
function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A workspace path as the mention list shows it: relative, `/`-separated; the host checks it against the path rules. */
function isMentionPath(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 4096 && !value.includes('\0');
}

function parseMentionChoice(raw: unknown): MentionChoice | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.kind === 'file') return isMentionPath(raw.path) ? { kind: 'file', path: raw.path } : undefined;
  return isSpecialMention(raw.kind) ? { kind: raw.kind } : undefined;
}

function isPixels(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 100_000);
}

/** One image as the webview posts it: a name, an accepted type that the bytes really are, strict
 *  base64 within the size limits. Anything else is dropped whole. */
function parseImage(raw: unknown): ImageAttachment | undefined {
  if (!isRecord(raw) || !isText(raw.name, 300) || !isImageMimeType(raw.mimeType) || !isPixels(raw.width) || !isPixels(raw.height)) return undefined;
  // Checked before decoding, so an oversized string costs nothing.
  if (typeof raw.data !== 'string' || raw.data.length > Math.ceil(MAX_IMAGE_BYTES / 3) * 4) return undefined;
  const bytes = base64ToBytes(raw.data);
  if (!bytes || imageProblem(raw.name, raw.mimeType, bytes) !== undefined) return undefined;
  const image: ImageAttachment = { name: raw.name, mimeType: raw.mimeType, data: raw.data };
  // The header's size wins over what the webview says (the token estimate uses it).
  const size = imagePixelSize(bytes, raw.mimeType) ?? (raw.width !== undefined && raw.height !== undefined ? { width: raw.width, height: raw.height } : undefined);
  if (size) {
    image.width = size.width;
    image.height = size.height;
  }
  return image;
}

function parseImages(raw: unknown): ImageAttachment[] | undefined {
  if (!Array.isArray(raw) || raw.length > MAX_IMAGES_PER_PROMPT) return undefined;
  const images: ImageAttachment[] = [];
  for (const item of raw) {
    const image = parseImage(item);
    if (!image) return undefined;
    images.push(image);
  }
  return imagesProblem(images.map((image) => base64ByteLength(image.data))) === undefined ? images : undefined;
}

/**
 * Validates a message posted by the webview. Returns undefined for unknown types and for
 * messages whose fields have the wrong shape; the caller logs and ignores those.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
    case 'newChatWithSummary':
    case 'addCurrentFile':
    case 'setApiKey':
    case 'openSettings':
      return { type: raw.type };
    case 'send': {
      if (!isRequestId(raw.requestId) || !isText(raw.prompt)) return undefined;
      if (raw.images === undefined) return { type: 'send', requestId: raw.requestId, prompt: raw.prompt };
      const images = parseImages(raw.images);
      return images ? { type: 'send', requestId: raw.requestId, prompt: raw.prompt, images } : undefined;
    }
    case 'mentionQuery':
      return isRequestId(raw.requestId) && isText(raw.query, MAX_MENTION_QUERY) ? { type: 'mentionQuery', requestId: raw.requestId, query: raw.query } : undefined;
    case 'addMention': {
      const mention = parseMentionChoice(raw.mention);
      return isRequestId(raw.requestId) && mention ? { type: 'addMention', requestId: raw.requestId, mention } : undefined;
    }
    case 'retry':
    case 'continue':
      return isId(raw.turnId) ? { type: raw.type, turnId: raw.turnId } : undefined;
    case 'openConversation':
    case 'deleteConversation':
      return isId(raw.conversationId) ? { type: raw.type, conversationId: raw.conversationId } : undefined;
    case 'setControl':
      if (raw.control === 'model' && isText(raw.value, 200) && raw.value.trim() !== '') {
        return { type: 'setControl', control: 'model', value: raw.value.trim() };
      }
      if (raw.control === 'reasoningEffort' && REASONING_EFFORTS.includes(raw.value as ReasoningEffort)) {
        return { type: 'setControl', control: 'reasoningEffort', value: raw.value as ReasoningEffort };
      }
      if (raw.control === 'verbosity' && VERBOSITIES.includes(raw.value as Verbosity)) {
        return { type: 'setControl', control: 'verbosity', value: raw.value as Verbosity };
      }
      return undefined;
    case 'previewProposal':
    case 'applyProposal':
      return isId(raw.proposalId) ? { type: raw.type, proposalId: raw.proposalId } : undefined;
    case 'rejectProposal':
      if (!isId(raw.proposalId)) return undefined;
      if (raw.reason === undefined) return { type: 'rejectProposal', proposalId: raw.proposalId };
      return isText(raw.reason, 2000) ? { type: 'rejectProposal', proposalId: raw.proposalId, reason: raw.reason } : undefined;
    case 'toolConsent':
      return isId(raw.callId) && typeof raw.allow === 'boolean' ? { type: 'toolConsent', callId: raw.callId, allow: raw.allow } : undefined;
    case 'removeChip':
    case 'addChip':
      return isId(raw.chipId) ? { type: raw.type, chipId: raw.chipId } : undefined;
    case 'openLink':
      return isText(raw.href, 8192) ? { type: 'openLink', href: raw.href } : undefined;
    case 'copyCode':
    case 'insertCode':
      return isText(raw.code) ? { type: raw.type, code: raw.code } : undefined;
    case 'newFileWithCode':
      return isText(raw.code) && isText(raw.language, 100)
        ? { type: 'newFileWithCode', code: raw.code, language: raw.language }
        : undefined;
    default:
      return undefined;
  }
}

/** The answer to a `send` that failed validation, so the panel does not wait for a reply forever
 *  (its checks of the images should have caught this first); undefined for any other message. */
export function replyToInvalidSend(raw: unknown): ExtensionMessage | undefined {
  if (!isRecord(raw) || raw.type !== 'send' || !isRequestId(raw.requestId)) return undefined;
  return {
    type: 'reply',
    requestId: raw.requestId,
    ok: false,
    error: 'Not sent: an attached image is not a PNG, JPEG, WEBP or still GIF within the size limits. Remove it and send again.',
  };
}

/** Only http(s) links leave the webview, and only through VS Code's external-link confirmation. */
export function isOpenableExternalLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
