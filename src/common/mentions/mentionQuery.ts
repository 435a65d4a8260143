// What the prompt box's `@` means: the mention being typed at the caret, and the special mentions
// (@selection, @problems, @open-editors) beside workspace files. Pure, so the webview and the
// tests share one definition.

import { fuzzyMatch, normalizeQuery, preparePath } from './fuzzyMatch';

/** The `@…` token the caret is in: where it starts (the `@`), where it ends, and what follows `@`. */
export interface ActiveMention {
  /** Index of the `@`. */
  readonly start: number;
  /** Index just after the token (the token runs on past the caret up to the next space). */
  readonly end: number;
  /** The text between `@` and the caret. */
  readonly query: string;
}

/** Longest text after `@` that still counts as a mention being typed. */
export const MAX_MENTION_QUERY = 200;

/**
 * The mention the caret is in, or undefined. A mention starts with `@` at the start of the text or
 * after whitespace or an opening bracket or quote (so `me@example.com` and `a@b` are not
 * mentions), and runs to the next whitespace.
 */
export function activeMention(text: string, caret: number): ActiveMention | undefined {
  if (caret < 1 || caret > text.length) return undefined;
  let start = caret - 1;
  while (start >= 0 && !/\s/.test(text.charAt(start)) && text.charAt(start) !== '@') start--;
  if (start < 0 || text.charAt(start) !== '@') return undefined;
  if (start > 0 && !/[\s([{"'`]/.test(text.charAt(start - 1))) return undefined;
  const query = text.slice(start + 1, caret);
  if (query.length > MAX_MENTION_QUERY) return undefined;
  let end = caret;
  while (end < text.length && !/\s/.test(text.charAt(end))) end++;
  return { start, end, query };
}

/** The text after choosing a mention: the token replaced by `@label` and one space; the caret after it. */
export function insertMention(text: string, mention: ActiveMention, label: string): { text: string; caret: number } {
  const after = text.slice(mention.end);
  const inserted = `@${label}${after.startsWith(' ') ? '' : ' '}`;
  const caret = mention.start + inserted.length + (after.startsWith(' ') ? 1 : 0);
  return { text: text.slice(0, mention.start) + inserted + after, caret };
}

export type SpecialMention = 'selection' | 'problems' | 'open-editors';

export const SPECIAL_MENTIONS: readonly { readonly name: SpecialMention; readonly description: string }[] = [
  { name: 'selection', description: 'The code selected in the editor' },
  { name: 'problems', description: 'Errors and warnings in the workspace (Problems panel)' },
  { name: 'open-editors', description: 'Every file open in an editor tab' },
];

export function isSpecialMention(value: unknown): value is SpecialMention {
  return SPECIAL_MENTIONS.some((special) => special.name === value);
}

/** The special mentions that match `query`, best first (all of them for an empty query). */
export function matchSpecialMentions(query: string): { name: SpecialMention; description: string; positions: readonly number[] }[] {
  if (normalizeQuery(query) === '') return SPECIAL_MENTIONS.map((special) => ({ ...special, positions: [] }));
  return SPECIAL_MENTIONS.flatMap((special) => {
    const match = fuzzyMatch(query, preparePath(special.name));
    return match ? [{ ...special, score: match.score, positions: match.positions }] : [];
  })
    .sort((a, b) => b.score - a.score)
    .map(({ name, description, positions }) => ({ name, description, positions }));
}
