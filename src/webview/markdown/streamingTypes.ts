// The options, counters and bookkeeping records of StreamingMarkdownView.

import type { CodeAction, MarkdownRenderer } from './markdownRenderer';

export interface StreamingMarkdownViewOptions {
  /** An http(s) link was activated; the app posts `openLink`. Other schemes never get here. */
  onLink?: (href: string) => void;
  /** A code-block button was pressed; the app posts `copyCode`/`insertCode`/`newFileWithCode`. */
  onCodeAction?: (action: CodeAction, code: string, language: string) => void;
  /** Schedules the tail render; defaults to the window's requestAnimationFrame. */
  requestFrame?: (callback: () => void) => void;
  /** Shares one renderer (and its DOMPurify instance) between views; created if omitted. */
  renderer?: MarkdownRenderer;
  /** Milliseconds clock for throttling slow tail renders; defaults to performance.now. */
  now?: () => number;
  /** A tail that is one table or list this long renders row by row (SegmentedTail); default 2,000 characters. */
  segmentTailAfterChars?: number;
  /**
   * The least time between two frames that change the DOM while streaming (ms; default 0: every
   * animation frame). Each such frame costs the browser a restyle, layout and paint whatever
   * little changed, so the chat panel renders less often than the display refreshes (turnView.ts).
   */
  minFrameIntervalMs?: number;
  /** Runs `callback` after `ms` (waiting out minFrameIntervalMs); defaults to the window's setTimeout. */
  delay?: (ms: number, callback: () => void) => void;
  /** Called after a frame changed the DOM (e.g. to keep the transcript scrolled to the bottom). */
  onRendered?: () => void;
}

/** Counters that make the incremental behaviour observable (tests, benchmark). */
export interface StreamingMarkdownStats {
  /** Finished chunks rendered (each once). */
  finishedChunkRenders: number;
  /** Finished chunks rendered again because a link definition they may use arrived. */
  referenceRerenders: number;
  /** Markdown re-renders of the open tail (at most one per frame). */
  tailRenders: number;
  /** Frames in which an open code fence was extended by appending text. */
  fenceTailUpdates: number;
  /** Frames in which an open table or list was extended row by row (only its last row re-rendered). */
  segmentedTailUpdates: number;
}

export interface FinishedChunk {
  text: string;
  nodes: Node[];
  /** Labels in this chunk that no definition known so far resolves. */
  unresolvedLabels: Set<string>;
}

export interface FenceTailDisplay {
  fenceId: number;
  block: HTMLElement;
  code: HTMLElement;
  renderedLines: number;
  /** The fence's code lines so far, from the source (what the toolbar actions use). */
  source: string;
  partial: Text;
}
