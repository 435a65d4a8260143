// Raw HTML in model output is rendered only when it cannot hide what follows it. Every `<` that
// does not start a complete tag of an allowed element (or a complete comment) is escaped, so it
// shows as text. Elements whose content the HTML parser swallows — <style>, <script>, <textarea>,
// <title>, <xmp>, <plaintext>, <noscript>, <iframe>, <template>, <select>, <svg>, <math> … — are
// never allowed, so an unclosed one (or a `<p title="` whose quote never closes, or an unclosed
// `<!--`) shows as text instead of making the rest of the answer disappear.

/** Elements model output may use; DOMPurify enforces the same list. */
export const ALLOWED_TAGS: readonly string[] = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'u', 'ul', 'var',
];

/** Passed through only to become a "not loaded" placeholder (see markdownRenderer). */
const PLACEHOLDER_TAGS = ['img'];

const RENDERED = new Set([...ALLOWED_TAGS, ...PLACEHOLDER_TAGS]);

/** Attributes model output may use; DOMPurify enforces the same list. */
export const ALLOWED_ATTRIBUTES: readonly string[] = ['href', 'title', 'class', 'align', 'start', 'colspan', 'rowspan', 'role', 'aria-label', 'aria-hidden'];
const PLACEHOLDER_ATTRIBUTES = ['src', 'alt'];

/**
 * Class names model HTML may carry: only syntax highlighting (`language-*`, `hljs`, `hljs-*` and
 * highlight.js sub-scopes such as `function_`). Anything else could hide text (a "visually-hidden"
 * span inside a code block) or dress output up as the panel's own controls.
 */
export function isModelClass(name: string): boolean {
  return /^(?:language-[\w+#.-]+|hljs|hljs-[\w-]+|[a-z]+_+)$/.test(name);
}
const ACCEPTED_ATTRIBUTES = new Set([...ALLOWED_ATTRIBUTES, ...PLACEHOLDER_ATTRIBUTES]);

// CommonMark's grammar of a complete tag, except that a tag may not span lines. A string
// it accepts is read by the HTML tokenizer as exactly one tag ending at the same `>`; anything
// else is escaped. A tag stays on one line, so a stray quote cannot turn the paragraphs after it
// into an attribute value.
const ATTRIBUTE_SOURCE = String.raw`[ \t]+([A-Za-z_:][A-Za-z0-9_.:-]*)(?:[ \t]*=[ \t]*(?:[^\s"'=<>\x60]+|'[^'\n]*'|"[^"\n]*"))?`;
const ATTRIBUTE = new RegExp(ATTRIBUTE_SOURCE, 'g');
const OPEN_TAG = new RegExp(String.raw`<([A-Za-z][A-Za-z0-9-]*)((?:${ATTRIBUTE_SOURCE})*)[ \t]*/?>`, 'y');
const CLOSE_TAG = /<\/([A-Za-z][A-Za-z0-9-]*)[ \t]*>/y;

/**
 * A bare attribute name must be a known one: words that a stray quote turned into attribute names
 * would be dropped silently. Unknown attributes with a value (style=…, onclick=…) are dropped by
 * DOMPurify, and the element still renders.
 */
function attributesAccepted(attributes: string): boolean {
  if (attributes === '') return true;
  for (const match of attributes.matchAll(ATTRIBUTE)) {
    if (!match[0].includes('=') && !ACCEPTED_ATTRIBUTES.has(match[1].toLowerCase())) return false;
  }
  return true;
}

/**
 * Finds where comments end in one piece of HTML. The search is only ever asked for positions
 * further on, so the last answer is reused while it still lies ahead: a line of ten thousand
 * unclosed `<!--` costs one scan instead of one scan per `<!--` (which was quadratic).
 */
class CommentEnds {
  /** Where the last search started, and what it found there (-1: nothing up to the end). */
  private searchedFrom = -1;
  private found = -1;

  constructor(private readonly html: string) {}

  /** The first "-->" or "--!>" at or after `from`, or -1. `from` never decreases between calls. */
  firstFrom(from: number): number {
    if (this.searchedFrom >= 0 && from >= this.searchedFrom && (this.found < 0 || this.found >= from)) return this.found;
    const arrow = this.html.indexOf('-->', from);
    const bang = this.html.indexOf('--!>', from);
    this.searchedFrom = from;
    this.found = arrow < 0 ? bang : bang < 0 ? arrow : Math.min(arrow, bang);
    return this.found;
  }
}

/** Length of the complete comment starting at `start`, or 0 when it never ends. */
function commentLength(html: string, start: number, ends: CommentEnds): number {
  // The HTML tokenizer ends a comment at the first "-->" or "--!>"; "<!-->" and "<!--->" are empty comments.
  if (html.startsWith('<!-->', start)) return 5;
  if (html.startsWith('<!--->', start)) return 6;
  const end = ends.firstFrom(start + 4);
  if (end < 0) return 0;
  return end + (html.startsWith('-->', end) ? 3 : 4) - start;
}

/** Length of the allowed, complete tag or comment at `start` (a `<`), or 0 when it must be escaped. */
function renderedMarkupLength(html: string, start: number, ends: CommentEnds): number {
  if (html.startsWith('<!--', start)) return commentLength(html, start, ends);
  OPEN_TAG.lastIndex = start;
  const open = OPEN_TAG.exec(html);
  if (open) return RENDERED.has(open[1].toLowerCase()) && attributesAccepted(open[2]) ? open[0].length : 0;
  CLOSE_TAG.lastIndex = start;
  const close = CLOSE_TAG.exec(html);
  return close && RENDERED.has(close[1].toLowerCase()) ? close[0].length : 0;
}

/**
 * `html` (a raw-HTML piece of markdown) with every `<` that would not render as allowed markup
 * escaped, and complete comments removed (they would be invisible anyway, and a comment next to
 * text that looks like markup makes DOMPurify drop the whole element as a mutation-XSS suspect).
 */
export function neutralizeRawHtml(html: string): string {
  const parts: string[] = [];
  let index = 0;
  const commentEnds = new CommentEnds(html);
  while (index < html.length) {
    const next = html.indexOf('<', index);
    const textEnd = next < 0 ? html.length : next;
    // Text stays text; its `>` is escaped too, so no parser can pair it with an escaped `<`.
    if (textEnd > index) parts.push(escapeGreaterThan(html.slice(index, textEnd)));
    if (next < 0) break;
    const length = mayStartMarkup(html.charCodeAt(next + 1)) ? renderedMarkupLength(html, next, commentEnds) : 0;
    if (length === 0) {
      parts.push('&lt;');
      index = next + 1;
    } else {
      if (!html.startsWith('<!--', next)) parts.push(html.slice(next, next + length));
      index = next + length;
    }
  }
  return parts.join('');
}

function escapeGreaterThan(text: string): string {
  return text.includes('>') ? text.replace(/>/g, '&gt;') : text;
}

/** Only a letter, `/` or `!` after `<` can start a tag or comment (a cheap test before the regexes). */
function mayStartMarkup(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 47 || code === 33;
}
