// The page elements that hold a streaming answer's finished blocks (see the note at the top of
// streamingMarkdownView.ts for why they exist): up to CHUNKS_PER_PAGE blocks each, a large block
// directly in the container, and a hidden end marker kept last while the answer streams.
// Pages sit in volumes of up to PAGES_PER_VOLUME pages: every frame the browser still looks at each
// off-screen page (pre-paint and paint walk them), which made a 200 KB answer's frames cost about
// twice a 50 KB one's; an off-screen volume is skipped whole.

const CHUNKS_PER_PAGE = 32;
const PAGES_PER_VOLUME = 16;
const PAGE_CLASS = 'cw-md-page';
const VOLUME_CLASS = 'cw-md-volume';

export class AnswerPages {
  private pages: HTMLElement[] = [];
  private chunksInLastPage = 0;
  private endMarker: HTMLElement | undefined;

  constructor(private readonly container: HTMLElement) {}

  /** Adds a finished block's nodes after the blocks so far (before the tail, whose first node is `tailStart`). */
  addBlock(nodes: Node[], large: boolean, tailStart: Node | undefined): void {
    if (large) {
      // A large block sits in the container itself (unwrapping a page never moves it); the next block starts a new page.
      if (nodes[0]?.parentNode !== this.container) this.insertAtEnd(...nodes);
      this.chunksInLastPage = CHUNKS_PER_PAGE;
      return;
    }
    this.currentPage(tailStart).append(...nodes);
    this.chunksInLastPage += 1;
  }

  /** Adds nodes after everything shown so far (before the streaming end marker). */
  insertAtEnd(...nodes: Node[]): void {
    const end = this.streamingEnd();
    for (const node of nodes) this.container.insertBefore(node, end);
  }

  /** The answer is complete: a one-page answer is unwrapped (then it equals a one-shot render) and the end marker goes. */
  finish(): void {
    if (this.pages.length === 1) this.unwrapOnlyPage();
    this.endMarker?.remove();
    this.endMarker = undefined;
  }

  /** Forgets the pages (the caller empties the container). */
  reset(): void {
    this.pages = [];
    this.chunksInLastPage = 0;
    this.endMarker = undefined;
  }

  private currentPage(tailStart: Node | undefined): HTMLElement {
    let page = this.pages[this.pages.length - 1];
    if (!page || this.chunksInLastPage >= CHUNKS_PER_PAGE) {
      const end = tailStart ?? this.streamingEnd();
      let volume = page?.parentElement;
      // Only pages that follow each other share a volume (a large block between them starts a new one).
      if (!volume || volume.childElementCount >= PAGES_PER_VOLUME || volume.nextSibling !== end) {
        volume = this.element(VOLUME_CLASS);
        this.container.insertBefore(volume, end);
      }
      page = this.element(PAGE_CLASS);
      volume.append(page);
      this.pages.push(page);
      this.chunksInLastPage = 0;
    }
    return page;
  }

  private element(className: string): HTMLElement {
    const element = this.container.ownerDocument.createElement('div');
    element.className = className;
    return element;
  }

  /**
   * A hidden element kept last until finish(), so a tail render never flips the last page to
   * `:last-child` and back (the last page's CSS rules then restyled that whole page every frame).
   */
  private streamingEnd(): HTMLElement {
    if (!this.endMarker) {
      this.endMarker = this.container.ownerDocument.createElement('span');
      this.endMarker.className = 'cw-md-end';
      this.endMarker.hidden = true;
      this.container.append(this.endMarker);
    }
    return this.endMarker;
  }

  /** Moves a short answer's blocks out of its one page: the container then matches a one-shot render. */
  private unwrapOnlyPage(): void {
    const [page] = this.pages;
    const nodes = this.container.ownerDocument.createDocumentFragment();
    nodes.append(...Array.from(page!.childNodes));
    const volume = page!.parentElement!;
    page!.replaceWith(nodes);
    volume.replaceWith(...Array.from(volume.childNodes));
    this.pages = [];
    this.chunksInLastPage = 0;
  }
}
