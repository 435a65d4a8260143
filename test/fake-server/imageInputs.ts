// What the Responses API answers for `input_image` parts it cannot take: an image_url that is
// neither an http(s) URL nor a base64 data URL of PNG, JPEG, WEBP or GIF, or a detail it does not
// know. Answered with a 400 before any reply is served, as the API does.
import { asRecord, type JsonRecord } from './json';
import type { ScriptedError } from './replies';

const DATA_URL = /^data:(image\/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/]*={0,2})$/;
const DETAILS = ['auto', 'low', 'high', 'original'];

function invalidImage(param: string, message: string): ScriptedError {
  return { type: 'invalid_request_error', code: 'invalid_image_format', param, message };
}

function partError(part: JsonRecord, param: string): ScriptedError | undefined {
  if (part.detail !== undefined && !DETAILS.includes(String(part.detail))) {
    return { type: 'invalid_request_error', code: 'invalid_value', param: `${param}.detail`, message: `Invalid value: '${String(part.detail)}'. Supported values are: ${DETAILS.map((d) => `'${d}'`).join(', ')}.` };
  }
  const url = part.image_url;
  if (typeof url !== 'string') return part.file_id ? undefined : invalidImage(`${param}.image_url`, 'Missing image_url or file_id for input_image.');
  if (/^https?:\/\//.test(url)) return undefined;
  const match = DATA_URL.exec(url);
  if (!match || (match[2] ?? '').length % 4 !== 0) {
    return invalidImage(`${param}.image_url`, "You uploaded an unsupported image. Please make sure your image has one of the following formats: ['png', 'jpeg', 'gif', 'webp'].");
  }
  return undefined;
}

/** The 400 the API gives for the first bad `input_image` of the request's input, if any. */
export function imageInputError(request: JsonRecord): ScriptedError | undefined {
  const input = Array.isArray(request.input) ? request.input : [];
  for (const [itemIndex, item] of input.entries()) {
    const content = asRecord(item)?.content;
    if (!Array.isArray(content)) continue;
    for (const [partIndex, raw] of content.entries()) {
      const part = asRecord(raw);
      if (part?.type !== 'input_image') continue;
      const error = partError(part, `input[${itemIndex}].content[${partIndex}]`);
      if (error) return error;
    }
  }
  return undefined;
}
