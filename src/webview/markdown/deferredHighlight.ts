// Highlights long code blocks a slice at a time, on animation frames (see codeHighlight.ts for
// why and how the code is sliced). A block shows its code as plain text until then; each frame
// replaces the start of that text with the next highlighted slices, and the last step gives the
// block the `hljs` class, so the finished block is what a one-pass render builds (the same
// markup; a text node may be split where two slices meet).
// (Closures rather than a class: the webview bundle has a size budget, and they minify smaller.)

import { highlightSlices } from './codeHighlight';
import type { SlicedCode } from './markdownRenderer';

/** highlight.js time per frame; at least one step always runs, so every block gets finished. */
const FRAME_BUDGET_MS = 4;

export interface DeferredHighlighterOptions {
  requestFrame: (callback: () => void) => void;
  now: () => number;
  /** Whether a block is still shown (a block replaced since is dropped). */
  isShown: (code: HTMLElement) => boolean;
  /** Sanitized DOM for a slice of highlight.js output. */
  toFragment: (html: string) => DocumentFragment;
}

export interface DeferredHighlighter {
  /** Queues blocks rendered as plain text; the next frames highlight them. */
  add(blocks: readonly SlicedCode[]): void;
  /** Forgets every waiting block (the view shows other content now). */
  clear(): void;
}

/** One block's highlighting, one highlight.js pass per call; returns true once the block is finished. */
type Step = () => boolean;

export function createDeferredHighlighter(options: DeferredHighlighterOptions): DeferredHighlighter {
  let steps: Step[] = [];
  let frameRequested = false;
  /** Bumped by clear(), so a frame requested before does nothing. */
  let generation = 0;

  const runFrame = (): void => {
    const started = options.now();
    do {
      const step = steps[0];
      if (!step) break;
      if (step()) steps.shift();
    } while (options.now() - started < FRAME_BUDGET_MS);
    scheduleFrame();
  };
  const scheduleFrame = (): void => {
    if (frameRequested || steps.length === 0) return;
    frameRequested = true;
    const requestedIn = generation;
    options.requestFrame(() => {
      if (requestedIn !== generation) return;
      frameRequested = false;
      runFrame();
    });
  };
  const stepsOf = ({ code, text, language }: SlicedCode): Step => {
    const only = code.firstChild;
    // Rendered as one text node; anything else is replaced by the code as text.
    const rest = only && only === code.lastChild && only.nodeType === only.TEXT_NODE ? (only as Text) : code.ownerDocument.createTextNode(text);
    if (rest !== only) code.replaceChildren(rest);
    const slices = highlightSlices(text, language);
    return () => {
      if (!options.isShown(code)) return true;
      const next = slices.next();
      if (next.done) {
        // Not normalize(): merging thousands of text nodes makes the browser lay the whole block out again (30 ms for 20 KB).
        rest.remove();
        code.className = `hljs language-${language}`;
        return true;
      }
      if (next.value) {
        code.insertBefore(options.toFragment(next.value.html), rest);
        rest.deleteData(0, next.value.chars);
      }
      return false;
    };
  };

  return {
    add(blocks) {
      steps.push(...blocks.map(stepsOf));
      scheduleFrame();
    },
    clear() {
      steps = [];
      generation += 1;
      frameRequested = false;
    },
  };
}
