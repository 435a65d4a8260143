// Syntax highlighting of fenced code (highlight.js, a fixed set of languages).
//
// Highlighting 20 KB of code takes highlight.js tens of milliseconds: done in one go it is a
// frame the panel cannot paint. Code longer than HIGHLIGHT_SLICE_CHARS is therefore highlighted in
// slices of whole lines (a very long line is cut too), which the view runs a few per frame
// (deferredHighlight.ts). A slice only
// ends where highlight.js is back at the language's top level (not inside a comment, string or
// other construct that spans lines; the slice grows until it is), so every slice starts from a
// clean state. The slices depend only on the code, and the one-pass render (renderAll) joins the
// same slices, so a block highlighted over several frames ends exactly as a one-pass render.

import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, definition] of Object.entries(LANGUAGES)) {
  if (!hljs.getLanguage(name)) hljs.registerLanguage(name, definition);
}

/** Code up to this long is highlighted in one pass when it is rendered; longer code in slices about this long. */
export const HIGHLIGHT_SLICE_CHARS = 3_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Whether highlight.js knows `language` (a fence's language label). */
export function canHighlight(language: string): boolean {
  return language !== '' && hljs.getLanguage(language) !== undefined;
}

/** Whether `code` is highlighted in slices across frames rather than when it is rendered. */
export function highlightsInSlices(code: string, language: string): boolean {
  return code.length > HIGHLIGHT_SLICE_CHARS && canHighlight(language);
}

/** Syntax-highlighted HTML for code (all its slices), or escaped plain text for unknown languages. */
export function highlightCode(code: string, language: string): { html: string; highlighted: boolean } {
  if (!canHighlight(language)) return { html: escapeHtml(code), highlighted: false };
  let html = '';
  for (const step of highlightSlices(code, language)) html += step?.html ?? '';
  return { html, highlighted: true };
}

/** One finished slice: how many characters of the code it covers, and their highlighted HTML. */
export interface HighlightedSlice {
  chars: number;
  html: string;
}

/**
 * Highlights `code` slice by slice; each step does one highlight.js pass and yields the finished
 * slice, or undefined when the pass ended inside a multi-line construct and the slice must grow.
 */
export function* highlightSlices(code: string, language: string): Generator<HighlightedSlice | undefined> {
  const topLevel = hljs.getLanguage(language);
  let start = 0;
  while (start < code.length) {
    for (let size = HIGHLIGHT_SLICE_CHARS; ; size *= 2) {
      const end = sliceEnd(code, start + size);
      const result = hljs.highlight(code.slice(start, end), { language, ignoreIllegals: true });
      if (end === code.length || result._top === topLevel) {
        yield { chars: end - start, html: result.value };
        start = end;
        break;
      }
      yield undefined;
    }
  }
}

/**
 * Where a slice reaching to about `index` ends: after the first line break from there; on a line
 * too long for that (minified code), after a space, or anywhere (never inside a surrogate pair).
 */
function sliceEnd(code: string, index: number): number {
  if (index >= code.length) return code.length;
  const ahead = code.slice(index, index + HIGHLIGHT_SLICE_CHARS);
  const lineBreak = ahead.indexOf('\n');
  if (lineBreak >= 0) return index + lineBreak + 1;
  const space = ahead.indexOf(' ');
  if (space >= 0) return index + space + 1;
  const end = Math.min(code.length, index + HIGHLIGHT_SLICE_CHARS);
  return /[\uD800-\uDBFF]/.test(code[end - 1] ?? '') ? end - 1 : end;
}
