// Streams an answer's markdown into a container element.
//
// Finished blocks (as decided by MarkdownBlockSplitter) are rendered once, sanitized and appended;
// their nodes are never touched again — except when a link reference definition arrives later
// that one of them may use: then exactly those blocks are rendered again, so the final DOM equals
// a one-shot render. Only the still-open tail is re-rendered. The DOM changes only in frames the
// view renders (at most one per animation frame, and per minFrameIntervalMs): there the blocks
// finished since the last one are appended, then the tail is rendered.
// An open top-level code fence streams as plain text (new lines appended as text nodes) and is
// highlighted when it closes (long code a slice per frame, see codeHighlight.ts).
//
// While streaming, finished blocks sit in page elements (answerPages.ts) of up to 32 blocks each:
// a browser lays out a changed element by walking all its children, so with thousands of blocks
// directly in the container every frame's layout would cost time proportional to the whole
// answer. An answer that fits in one page is unwrapped when it finishes (at most CHUNKS_PER_PAGE
// blocks move), so a short answer's DOM is exactly a one-shot render. A longer one keeps its
// pages: moving every block out of them would make the browser lay out and paint the whole
// answer again in the frame that finishes it, and off-screen pages are skipped by
// content-visibility (media/markdown.css). A finished snapshot of the same text gets the same
// pages; without the page wrappers the DOM is exactly a one-shot render (renderAll).

import type { Links } from 'marked';
import { IndentationCapper } from '../../common/markdown/indentationCap';
import { MarkdownBlockSplitter, normalizeLinkLabel, referenceLabelCandidates } from '../../common/markdown/markdownBlockSplitter';
import { handleAnswerEvents } from './answerEvents';
import {
  MarkdownRenderer,
  createLinkDefinitions,
  fenceLanguage,
  type MarkdownWindow,
} from './markdownRenderer';
import { createDeferredHighlighter, type DeferredHighlighter } from './deferredHighlight';
import { AnswerPages } from './answerPages';
import { SegmentedTail } from './segmentedTail';
import type { FenceTailDisplay, FinishedChunk, StreamingMarkdownStats, StreamingMarkdownViewOptions } from './streamingTypes';

export type { CodeAction } from './markdownRenderer';
export type { StreamingMarkdownStats, StreamingMarkdownViewOptions } from './streamingTypes';

/** A finished block this long is not put in a page (see addFinishedChunk). */
const LARGE_CHUNK_CHARS = 8_000;
/**
 * A tail that stays open for long (one huge list or table) costs more to re-render every frame.
 * After a render slower than this, the next one waits until TAIL_BUDGET_FACTOR times its duration
 * has passed, so tail rendering never takes more than about a quarter of the time.
 */
const SLOW_TAIL_RENDER_MS = 8;
const TAIL_BUDGET_FACTOR = 4;

const renderersByWindow = new WeakMap<MarkdownWindow, MarkdownRenderer>();

function sharedRenderer(window: MarkdownWindow): MarkdownRenderer {
  let renderer = renderersByWindow.get(window);
  if (!renderer) {
    renderer = new MarkdownRenderer(window);
    renderersByWindow.set(window, renderer);
  }
  return renderer;
}

function windowOf(element: Element): MarkdownWindow {
  const view = element.ownerDocument.defaultView;
  if (!view) throw new Error('StreamingMarkdownView needs a container that belongs to a document with a window.');
  return view as MarkdownWindow;
}

export class StreamingMarkdownView {
  readonly stats: StreamingMarkdownStats = { finishedChunkRenders: 0, referenceRerenders: 0, tailRenders: 0, fenceTailUpdates: 0, segmentedTailUpdates: 0 };

  private readonly renderer: MarkdownRenderer;
  private readonly requestFrame: (callback: () => void) => void;
  private splitter = new MarkdownBlockSplitter();
  /** Nesting is capped as text arrives, as renderAll caps the whole (see indentationCap.ts). */
  private capper = new IndentationCapper();
  private links: Links = createLinkDefinitions();
  private chunksWaitingForLabel = new Map<string, Set<FinishedChunk>>();
  private tailNodes: Node[] = [];
  /** Pages holding finished blocks while streaming (see the note at the top). */
  private readonly pages: AnswerPages;
  private fenceTail: FenceTailDisplay | undefined;
  private tailDirty = false;
  /** Blocks the splitter finished since the last rendered frame, in order. */
  private pendingChunks: string[] = [];
  private lastFrameAt = -Infinity;
  private readonly minFrameIntervalMs: number;
  private readonly delay: (ms: number, callback: () => void) => void;
  private readonly onRendered: (() => void) | undefined;
  private frameRequested = false;
  /** A trailing "\r" held back until we know whether "\n" follows. */
  private pendingCarriageReturn = false;
  private finished = false;
  /** Bumped on reset so a frame scheduled for old content does nothing. */
  private generation = 0;
  private readonly now: () => number;
  private lastTailRenderMs = 0;
  private lastTailRenderEnd = 0;
  private readonly removeEventHandlers: () => void;
  private readonly segmented: SegmentedTail;
  /** Highlights long finished code blocks a slice per frame (see codeHighlight.ts). */
  private readonly highlighter: DeferredHighlighter;

  constructor(
    private readonly container: HTMLElement,
    options: StreamingMarkdownViewOptions = {},
  ) {
    const window = windowOf(container);
    this.renderer = options.renderer ?? sharedRenderer(window);
    this.requestFrame = options.requestFrame ?? ((callback) => window.requestAnimationFrame(() => callback()));
    this.now = options.now ?? (() => window.performance.now());
    this.minFrameIntervalMs = options.minFrameIntervalMs ?? 0;
    this.delay = options.delay ?? ((ms, callback) => void window.setTimeout(callback, ms));
    this.onRendered = options.onRendered;
    this.removeEventHandlers = handleAnswerEvents(container, this.renderer, options);
    this.highlighter = createDeferredHighlighter({
      requestFrame: this.requestFrame,
      now: this.now,
      isShown: (code) => container.contains(code),
      toFragment: (html) => this.renderer.highlightedFragment(html),
    });
    this.pages = new AnswerPages(container);
    this.segmented = new SegmentedTail(this.renderer, () => this.links, options.segmentTailAfterChars ?? 2_000);
  }

  /** Renders `markdown` in one pass into a new fragment: what a finished stream equals once its page wrappers (if any) are taken away. */
  static renderAll(markdown: string, window: MarkdownWindow, renderer: MarkdownRenderer = sharedRenderer(window)): DocumentFragment {
    return renderer.renderAll(markdown);
  }

  /**
   * Appends streamed text. It is shown on the next frame the view renders: blocks that finished
   * since the last one in one go, then the tail. Nothing in the DOM changes between those frames,
   * so the browser restyles, lays out and paints once per rendered frame, however many batches arrive.
   */
  append(delta: string): void {
    if (this.finished) throw new Error('StreamingMarkdownView.append called after finish(); use setText() to show new content.');
    const text = this.capper.push(this.normalizeLineEndings(delta));
    if (text === '') return;
    const chunks = this.splitter.append(text);
    if (chunks.length > 0) this.pendingChunks.push(...chunks);
    this.tailDirty = true;
    this.scheduleFrame();
  }

  /** Ends the stream: everything left is rendered as finished, synchronously. */
  finish(): void {
    if (this.finished) return;
    const rest = this.capper.push(this.pendingCarriageReturn ? '\n' : '') + this.capper.end();
    this.pendingCarriageReturn = false;
    const chunks = this.pendingChunks.splice(0);
    if (rest) chunks.push(...this.splitter.append(rest));
    chunks.push(...this.splitter.finish());
    this.addFinishedChunks(chunks);
    this.pages.finish();
    this.tailDirty = false;
    this.finished = true;
  }

  /** Replaces everything with `markdown` (a snapshot); further `append` calls continue it. */
  setText(markdown: string, options: { finished?: boolean } = {}): void {
    this.reset();
    this.append(markdown);
    if (options.finished) this.finish();
    else this.flush();
  }

  /** Renders what arrived since the last frame now instead of on the next one. */
  flush(): void {
    if (!this.tailDirty || this.finished) return;
    this.tailDirty = false;
    this.lastFrameAt = this.now();
    if (this.pendingChunks.length > 0) this.addFinishedChunks(this.pendingChunks.splice(0));
    this.renderTail();
    this.onRendered?.();
  }

  /** Removes the listeners; the rendered DOM stays. */
  dispose(): void {
    this.generation += 1;
    this.highlighter.clear();
    this.removeEventHandlers();
  }

  private reset(): void {
    this.generation += 1;
    this.highlighter.clear();
    this.frameRequested = false;
    this.splitter = new MarkdownBlockSplitter();
    this.capper = new IndentationCapper();
    this.links = createLinkDefinitions();
    this.chunksWaitingForLabel = new Map();
    this.tailNodes = [];
    this.pages.reset();
    this.fenceTail = undefined;
    this.segmented.reset();
    this.tailDirty = false;
    this.pendingChunks = [];
    this.lastFrameAt = -Infinity;
    this.pendingCarriageReturn = false;
    this.finished = false;
    this.lastTailRenderMs = 0;
    this.container.replaceChildren();
  }

  private normalizeLineEndings(delta: string): string {
    let text = this.pendingCarriageReturn ? '\r' + delta : delta;
    this.pendingCarriageReturn = text.endsWith('\r');
    if (this.pendingCarriageReturn) text = text.slice(0, -1);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }

  private scheduleFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    const generation = this.generation;
    this.requestFrame(() => {
      if (generation !== this.generation) return;
      this.frameRequested = false;
      this.renderFrame();
    });
  }

  /** At most every minFrameIntervalMs: the finished blocks, then the tail unless it was slow to render lately. */
  private renderFrame(): void {
    if (!this.tailDirty || this.finished) return;
    const now = this.now();
    if (now - this.lastFrameAt < this.minFrameIntervalMs) {
      // A timer, not a frame per display refresh: a frame that only waits still costs the browser one.
      const generation = this.generation;
      this.frameRequested = true;
      this.delay(this.lastFrameAt + this.minFrameIntervalMs - now, () => {
        if (generation !== this.generation) return;
        this.frameRequested = false;
        this.scheduleFrame();
      });
      return;
    }
    if (this.lastTailRenderMs >= SLOW_TAIL_RENDER_MS && now - this.lastTailRenderEnd < this.lastTailRenderMs * (TAIL_BUDGET_FACTOR - 1)) {
      // Only the slow tail waits; finished blocks still appear.
      if (this.pendingChunks.length > 0) {
        this.lastFrameAt = now;
        this.addFinishedChunks(this.pendingChunks.splice(0));
        this.onRendered?.();
      }
      this.scheduleFrame();
      return;
    }
    this.flush();
  }

  /** The tail showed (part of) what is now finished: it makes way for the chunks, or becomes the first. */
  private addFinishedChunks(chunks: string[]): void {
    // A table or list shown row by row is finished by appending its last rows, not rendered again.
    const adopted = chunks.length > 0 ? this.segmented.adopt(chunks[0]) : undefined;
    // Adopted nodes stay where they are: moving a big table or list lays it all out again.
    if (adopted) this.tailNodes = this.tailNodes.filter((node) => !adopted.includes(node));
    this.clearTail();
    chunks.forEach((chunk, index) => this.addFinishedChunk(chunk, index === 0 ? adopted : undefined));
  }

  private addFinishedChunk(text: string, renderedNodes?: Node[]): void {
    let definedLabels: string[] = [];
    let nodes = renderedNodes;
    if (!nodes) {
      const rendered = this.renderer.render(text, this.links, { sliceLongCode: true });
      this.highlighter.add(rendered.slicedCode);
      definedLabels = rendered.definedLabels;
      nodes = this.withAnchor(rendered.fragment);
      this.stats.finishedChunkRenders += 1;
    }
    const chunk: FinishedChunk = { text, nodes, unresolvedLabels: new Set() };
    this.pages.addBlock(nodes, text.length >= LARGE_CHUNK_CHARS, this.tailNodes[0]);
    this.trackUnresolvedLabels(chunk);
    if (definedLabels.length > 0) this.rerenderChunksWaitingFor(definedLabels, chunk);
  }

  private trackUnresolvedLabels(chunk: FinishedChunk): void {
    chunk.unresolvedLabels.clear();
    for (const label of referenceLabelCandidates(chunk.text)) {
      if (this.links[label]) continue;
      chunk.unresolvedLabels.add(label);
      let waiting = this.chunksWaitingForLabel.get(label);
      if (!waiting) {
        waiting = new Set();
        this.chunksWaitingForLabel.set(label, waiting);
      }
      waiting.add(chunk);
    }
  }

  /** A late `[label]: url` changes how earlier `[text][label]` renders: redo just those chunks. */
  private rerenderChunksWaitingFor(definedLabels: string[], definingChunk: FinishedChunk): void {
    const affected = new Set<FinishedChunk>();
    for (const defined of definedLabels) {
      const label = normalizeLinkLabel(defined);
      const waiting = this.chunksWaitingForLabel.get(label);
      if (!waiting) continue;
      this.chunksWaitingForLabel.delete(label);
      for (const chunk of waiting) if (chunk !== definingChunk && chunk.unresolvedLabels.has(label)) affected.add(chunk);
    }
    for (const chunk of affected) {
      const { fragment, slicedCode } = this.renderer.render(chunk.text, this.links, { sliceLongCode: true });
      this.highlighter.add(slicedCode);
      this.stats.referenceRerenders += 1;
      const nodes = this.withAnchor(fragment);
      const first = chunk.nodes[0];
      first.parentNode?.insertBefore(fragment, first);
      for (const old of chunk.nodes) old.parentNode?.removeChild(old);
      chunk.nodes = nodes;
      this.trackUnresolvedLabels(chunk);
    }
  }

  /**
   * The fragment's nodes; a chunk that renders to nothing (only link definitions) gets an empty
   * text node, invisible in the markup, so a later re-render knows where its output belongs.
   */
  private withAnchor(fragment: DocumentFragment): Node[] {
    if (!fragment.firstChild) fragment.append(this.container.ownerDocument.createTextNode(''));
    return Array.from(fragment.childNodes);
  }

  private clearTail(): void {
    this.removeTailNodes();
    this.fenceTail = undefined;
    this.segmented.reset();
  }

  private removeTailNodes(): void {
    for (const node of this.tailNodes) node.parentNode?.removeChild(node);
    this.tailNodes = [];
  }

  private renderTail(): void {
    const fence = this.splitter.openFenceTail();
    if (fence) {
      this.renderFenceTail(fence.id, fence.language, fence.partialLineMayClose ? '' : fence.partialLine);
      return;
    }
    const started = this.now();
    if (this.segmented.update(this.splitter)) {
      const nodes = this.segmented.nodes ?? [];
      if (this.tailNodes[0] !== nodes[0]) {
        this.removeTailNodes();
        this.fenceTail = undefined;
        this.tailNodes = nodes;
        this.pages.insertAtEnd(...nodes);
      }
      this.noteTailRender(started);
      this.stats.segmentedTailUpdates += 1;
      return;
    }
    this.clearTail();
    const text = this.splitter.tailText();
    if (text === '') return;
    // The tail's own definitions apply to the tail only until it is finished.
    const links = Object.assign(createLinkDefinitions(), this.links);
    const { fragment } = this.renderer.render(text, links);
    this.noteTailRender(started);
    this.stats.tailRenders += 1;
    this.tailNodes = Array.from(fragment.childNodes);
    this.pages.insertAtEnd(fragment);
  }

  private noteTailRender(started: number): void {
    this.lastTailRenderEnd = this.now();
    this.lastTailRenderMs = this.lastTailRenderEnd - started;
  }

  private renderFenceTail(fenceId: number, info: string, partialLine: string): void {
    let display = this.fenceTail;
    if (!display || display.fenceId !== fenceId) {
      this.clearTail();
      const language = fenceLanguage(info);
      const partial = this.container.ownerDocument.createTextNode('');
      const source = () => ({ code: (created.source + partial.data).replace(/\n$/, ''), language });
      const { block, code } = this.renderer.createCodeBlock(this.container.ownerDocument, language, '', source);
      code.append(partial);
      const created: FenceTailDisplay = { fenceId, block, code, renderedLines: 0, source: '', partial };
      display = created;
      this.fenceTail = display;
      this.tailNodes = [block];
      this.pages.insertAtEnd(block);
    }
    const newLines = this.splitter.openFenceCodeLinesFrom(display.renderedLines);
    if (newLines.length > 0) {
      display.source += newLines.join('');
      // Each frame's lines in a block of their own (media/markdown.css): the browser then lays out
      // and paints only them, not every line of the fence so far, which grew with each frame.
      const lines = this.container.ownerDocument.createElement('span');
      lines.className = 'cw-code-lines';
      lines.textContent = newLines.join('');
      display.code.insertBefore(lines, display.partial);
      display.renderedLines += newLines.length;
    }
    if (display.partial.data !== partialLine) display.partial.data = partialLine;
    this.stats.fenceTailUpdates += 1;
  }
}
