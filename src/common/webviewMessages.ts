// Validation of what the chat webview posts to the extension host (the types are in protocol.ts).
// Messages from the webview are untrusted input: `parseWebviewMessage` returns undefined for
// anything malformed or unknown, and images are checked by their bytes, not by what the webview says.

import { isSpecialMention, MAX_MENTION_QUERY } from './mentions/mentionQuery';
import { imagePixelSize } from './images/imagePixels';
import { base64ByteLength, base64ToBytes, imageProblem, imagesProblem, isImageMimeType, MAX_IMAGE_BYTES, MAX_IMAGES_PER_PROMPT, type ImageAttachment } from './images/imageInput';
import { REASONING_EFFORTS, VERBOSITIES, type ExtensionMessage, type MentionChoice, type ReasoningEffort, type Verbosity, type WebviewMessage } from './protocol';

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
