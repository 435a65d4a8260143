// Turns a `TurnRequest` into the exact `responses.create` params. This is the only place
// that decides what goes on the wire, so the unit tests pin its JSON.
import { contextManagementParam } from './contextManagement';
import type {
  ResponseCreateParamsStreaming,
  ResponseInputContent,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import { bytesToBase64 } from '../images/base64';
import { base64ByteLength, imageDataUrl, imagesProblem } from '../images/imageInput';
import { CodewrightError } from './errors';
import { capabilitiesFor, editToolNote, mapEffort, mapVerbosity } from './modelCapabilities';
import type { OpenFileContext, RequestSettings, SelectionContext, TurnRequest } from './requestTypes';

/** The API rejects an `input_file` of 10 MB or more… */
export const MAX_INPUT_FILE_BYTES = 10 * 1024 * 1024;
/** …and more than 32 MB of files in one request. */
export const MAX_TOTAL_INPUT_FILE_BYTES = 32 * 1024 * 1024;

const utf8 = new TextEncoder();

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A fence longer than any backtick run inside the text, so the block cannot end early. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The selection as the model sees it: labelled with path, language and 1-based line range. */
export function formatSelection(selection: SelectionContext): string {
  const lines =
    selection.startLine === selection.endLine
      ? `line ${selection.startLine}`
      : `lines ${selection.startLine}-${selection.endLine}`;
  const fence = fenceFor(selection.text);
  const body = selection.text.endsWith('\n') ? selection.text : `${selection.text}\n`;
  return `Selected code from \`${selection.path}\` (${selection.languageId}), ${lines}:\n${fence}${selection.languageId}\n${body}${fence}`;
}

export { bytesToBase64 };

/** Source code goes as text/plain: the API accepts it for any text file, whereas many
 *  specific text/* types (text/x-typescript, …) are not on its list. PDFs keep their type. */
export function mimeTypeFor(path: string): string {
  return /\.pdf$/i.test(path) ? 'application/pdf' : 'text/plain';
}

function fileNameOf(path: string): string {
  return path.length > 0 ? path : 'untitled.txt';
}

function openFileParts(openFiles: OpenFileContext[]): ResponseInputContent[] {
  let total = 0;
  const parts: ResponseInputContent[] = [];
  for (const file of openFiles) {
    if (file.sendAs === 'text') {
      parts.push({ type: 'input_text', text: file.content });
      continue;
    }
    const bytes = utf8.encode(file.content);
    if (bytes.byteLength >= MAX_INPUT_FILE_BYTES) {
      throw new CodewrightError(
        'input-too-large',
        `The open file ${file.path} is ${formatMegabytes(bytes.byteLength)}; the API accepts files under 10 MB. Close it or send a selection instead.`,
      );
    }
    total += bytes.byteLength;
    if (total > MAX_TOTAL_INPUT_FILE_BYTES) {
      throw new CodewrightError(
        'input-too-large',
        `The open files add up to more than 32 MB (reached at ${file.path}), the API's limit per request. Close some files and retry.`,
      );
    }
    parts.push({
      type: 'input_file',
      filename: fileNameOf(file.path),
      file_data: `data:${mimeTypeFor(file.path)};base64,${bytesToBase64(bytes)}`,
    });
  }
  return parts;
}

/** The pasted images as `input_image` parts, checked again against the API's limits. */
function imageParts(turn: TurnRequest): ResponseInputContent[] {
  const images = turn.images ?? [];
  const problem = imagesProblem(images.map((image) => base64ByteLength(image.data)));
  if (problem) throw new CodewrightError('input-too-large', problem);
  const detail = turn.settings.imageDetail ?? 'auto';
  return images.map((image) => ({ type: 'input_image', image_url: imageDataUrl(image), detail }));
}

function inputItems(turn: TurnRequest): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  // A stored conversation is resent too when the server no longer has it.
  if (turn.history) items.push(...turn.history);
  for (const toolOutput of turn.toolOutputs ?? []) {
    if (toolOutput.kind === 'apply_patch') {
      items.push({ type: 'apply_patch_call_output', call_id: toolOutput.callId, status: toolOutput.status ?? 'completed', output: toolOutput.output });
      continue;
    }
    const type = toolOutput.kind === 'function' ? 'function_call_output' : 'custom_tool_call_output';
    items.push({ type, call_id: toolOutput.callId, output: toolOutput.output });
  }
  // Files first, then the selection, then the question: models answer best when the
  // question comes after the material it is about.
  const content: ResponseInputContent[] = [...openFileParts(turn.openFiles), ...imageParts(turn)];
  if (turn.selection) content.push({ type: 'input_text', text: formatSelection(turn.selection) });
  if (turn.prompt.length > 0) content.push({ type: 'input_text', text: turn.prompt });
  if (content.length > 0) items.push({ role: 'user', content });
  return items;
}

/** Builds the streaming `responses.create` params for one turn. Throws a `CodewrightError`
 *  for inputs the API would reject (files over its limits, an empty turn, both previousResponseId and history). */
export function buildResponseRequest(turn: TurnRequest): ResponseCreateParamsStreaming {
  const { settings } = turn;
  if (turn.previousResponseId && turn.history && turn.history.length > 0) {
    throw new CodewrightError('bad-request', 'A conversation continues either from previousResponseId or from its resent history, not both.');
  }
  if (!settings.store && turn.previousResponseId) {
    throw new CodewrightError(
      'bad-request',
      'With codewright.store off nothing is kept server-side, so the conversation must be resent as history instead of previousResponseId.',
    );
  }
  if (settings.maxOutputTokens !== null && (!Number.isInteger(settings.maxOutputTokens) || settings.maxOutputTokens < 16)) {
    throw new CodewrightError('bad-request', `codewright.maxOutputTokens must be a whole number of at least 16 (got ${settings.maxOutputTokens}).`, {
      action: 'open-settings',
    });
  }
  const input = inputItems(turn);
  if (input.length === 0) {
    throw new CodewrightError('bad-request', 'Nothing to send: the turn has no prompt, selection, files or tool outputs.');
  }

  // Only what the model accepts goes out (the nearest accepted value otherwise; see parameterNotes).
  const effort = mapEffort(settings.model, settings.reasoningEffort).value;
  const verbosity = mapVerbosity(settings.model, settings.verbosity).value;
  const summary = settings.reasoningSummary === 'off' ? undefined : settings.reasoningSummary;
  const params: ResponseCreateParamsStreaming = {
    model: settings.model,
    instructions: turn.instructions,
    input,
    store: settings.store,
    stream: true,
  };
  if (effort !== undefined || summary !== undefined) params.reasoning = { ...(effort !== undefined && { effort }), ...(summary !== undefined && { summary }) };
  if (verbosity !== undefined) params.text = { verbosity };
  if (turn.promptCacheKey) params.prompt_cache_key = turn.promptCacheKey;
  // Background responses are stored responses: without store there is nothing to resume.
  if (settings.background === true && settings.store) params.background = true;
  const retention = settings.promptCacheRetention ?? 'default';
  if (retention !== 'default' && capabilitiesFor(settings.model).extendedCacheRetention) params.prompt_cache_retention = retention;
  if (settings.maxOutputTokens !== null) params.max_output_tokens = settings.maxOutputTokens;
  if (settings.store && turn.previousResponseId) params.previous_response_id = turn.previousResponseId;
  // Without server-side state the reasoning items must travel with the conversation, and
  // only their encrypted form can.
  if (!settings.store) params.include = ['reasoning.encrypted_content'];
  if (turn.tools && turn.tools.length > 0) params.tools = turn.tools;
  if (turn.toolChoice !== undefined) params.tool_choice = turn.toolChoice;
  if (turn.compactThreshold !== undefined) params.context_management = contextManagementParam(turn.compactThreshold);
  return params;
}

/** What the request changed from the settings to fit the model, one sentence each (shown with the turn). */
export function parameterNotes(settings: RequestSettings): string[] {
  const notes = [mapEffort(settings.model, settings.reasoningEffort).note, mapVerbosity(settings.model, settings.verbosity).note, editToolNote(settings.model, settings.editTool)];
  const retention = settings.promptCacheRetention ?? 'default';
  if (retention !== 'default' && !capabilitiesFor(settings.model).extendedCacheRetention) {
    notes.push(`${settings.model} has no choice of prompt cache retention; codewright.promptCacheRetention was not sent.`);
  }
  return notes.filter((note): note is string => note !== undefined);
}
