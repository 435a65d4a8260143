// The estimate the composer shows before a prompt is sent: roughly how many input tokens the next
// request carries and what they cost at the chosen model's input price. An estimate, not a count:
// text is taken as 4 bytes per token, images by OpenAI's documented per-image accounting.

import type { ImageDetail } from '../images/imageInput';

export interface ImageSize {
  width?: number;
  height?: number;
}

/** Text sent as input: about 4 UTF-8 bytes per token for English and code. */
export function textTokens(bytes: number): number {
  return Math.ceil(Math.max(0, bytes) / 4);
}

/** Without its dimensions an image is estimated as a 1024×1024 picture. */
const ASSUMED_SIDE = 1024;

/** Tile-based accounting (gpt-5 and larger models): the image is fit into 2048×2048, its short
 *  side scaled to 768, then each 512-pixel tile costs `perTile` on top of `base`; `low` is `base`. */
function tileTokens(width: number, height: number, detail: ImageDetail, base: number, perTile: number): number {
  if (detail === 'low') return base;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shorten = Math.min(1, 768 / Math.min(w, h));
  w *= shorten;
  h *= shorten;
  return base + perTile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** Patch-based accounting (the mini and nano models): 32-pixel patches, at most 1536, times a
 *  per-model multiplier; `low` is taken as a 512×512 image. */
function patchTokens(width: number, height: number, detail: ImageDetail, multiplier: number): number {
  let w = detail === 'low' ? Math.min(width, 512) : width;
  let h = detail === 'low' ? Math.min(height, 512) : height;
  const cap = 1536;
  if (Math.ceil(w / 32) * Math.ceil(h / 32) > cap) {
    const shrink = Math.sqrt((32 * 32 * cap) / (w * h));
    w *= shrink;
    h *= shrink;
  }
  const patches = Math.min(cap, Math.ceil(w / 32) * Math.ceil(h / 32));
  return Math.ceil(patches * multiplier);
}

/** Input tokens one image costs on `model` at `detail` (`auto` is estimated as `high`, the upper bound). */
export function imageTokens(model: string, detail: ImageDetail, size: ImageSize = {}): number {
  const width = size.width && size.width > 0 ? size.width : ASSUMED_SIDE;
  const height = size.height && size.height > 0 ? size.height : ASSUMED_SIDE;
  if (/-nano\b/.test(model)) return patchTokens(width, height, detail, 2.46);
  if (/-mini\b/.test(model)) return patchTokens(width, height, detail, 1.62);
  return tileTokens(width, height, detail, 70, 140);
}

export interface InputEstimateParts {
  model: string;
  /** UTF-8 bytes of the text that goes with the prompt (files, selection, the prompt itself). */
  textBytes: number;
  images: readonly ImageSize[];
  imageDetail: ImageDetail;
  /** Tokens of the conversation so far that the request carries (its last request's input and visible output). */
  historyTokens?: number;
  /** USD per million input tokens; undefined when the model's price is unknown. */
  inputPricePerMillion?: number;
}

export interface InputEstimate {
  tokens: number;
  /** undefined when the model's price is unknown. */
  costUsd?: number;
}

export function estimateInput(parts: InputEstimateParts): InputEstimate {
  const images = parts.images.reduce((sum, image) => sum + imageTokens(parts.model, parts.imageDetail, image), 0);
  const tokens = textTokens(parts.textBytes) + images + Math.max(0, parts.historyTokens ?? 0);
  const costUsd = parts.inputPricePerMillion === undefined ? undefined : (tokens * parts.inputPricePerMillion) / 1_000_000;
  return { tokens, costUsd };
}

function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(tokens);
  if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(1)}k`;
  return `${(tokens / 1_000_000).toFixed(2)}M`;
}

function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.001) return '<$0.001';
  return usd < 1 ? `$${usd.toFixed(3)}` : `$${usd.toFixed(2)}`;
}

/** e.g. "≈ 12.3k tokens · $0.015 input", or without a price "≈ 12.3k input tokens". */
export function formatInputEstimate(estimate: InputEstimate): string {
  const tokens = formatTokens(estimate.tokens);
  return estimate.costUsd === undefined ? `≈ ${tokens} input tokens` : `≈ ${tokens} tokens · ${formatUsd(estimate.costUsd)} input`;
}
