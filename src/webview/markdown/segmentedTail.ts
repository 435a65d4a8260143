// Renders a long table or list that is still streaming without re-rendering it from its start
// every frame.
//
// While the splitter reports that the whole unfinished tail is one top-level table or list
// (OpenBlockTail), finished rows or items are rendered once, in groups, and their <tr>/<li> nodes
// are appended to the element of the first group; only the last, growing row or item is rendered
// again each frame. When the block finishes, the remaining rows or items are appended the same
// way, so the block is never rendered whole, and the result equals a one-shot render:
// - a GFM table row renders the same whatever rows surround it (given the same header);
// - a tight list item renders the same whatever items surround it. Looseness is a property of the
//   whole list, so every group must lex as one tight list, and no group may end with a blank line
//   (that makes the whole list loose). A group marked lexes differently from what the splitter
//   reported (a blank line, a new list, a link definition, a different bullet) gives up: the tail
//   is then rendered whole, as before, and the finished block rendered once from its text.

import type { Links, Token, Tokens } from 'marked';
import type { OpenBlockTail } from '../../common/markdown/markdownBlockSplitter';
import { createLinkDefinitions, type MarkdownRenderer } from './markdownRenderer';

/** The splitter, as far as this module reads it. */
export interface SegmentedTailSource {
  openBlockTail(): OpenBlockTail | undefined;
  tailTextBetween(from: number, to?: number): string;
  tailLength(): number;
}

/** The marker kind of a list item line: its bullet, or the delimiter after its number. */
function markerKind(text: string): string | undefined {
  const match = /^ {0,3}(?:([-+*])|\d{1,9}([.)]))/.exec(text);
  return match ? (match[1] ?? `1${match[2]}`) : undefined;
}

export class SegmentedTail {
  /** The first group's rendered nodes (the table or list element), shown as the tail; undefined until started. */
  nodes: Node[] | undefined;
  private kind: OpenBlockTail['kind'] = 'list';
  /** The <tbody> of the table, or the <ul>/<ol>, that rows or items are appended to. */
  private container: Element | undefined;
  /** The header and delimiter rows of a table (every group is rendered under them). */
  private header = '';
  private marker: string | undefined;
  /** Texts of the groups rendered so far, in order, and how many rows or items they hold. */
  private groups: string[] = [];
  private stableItems = 0;
  private stableEndLine = 0;
  private liveNodes: Node[] = [];
  private failed = false;

  constructor(
    private readonly renderer: MarkdownRenderer,
    private readonly links: () => Links,
    /** A tail shorter than this is rendered whole (it is cheap, and most tails are). */
    private readonly minChars: number,
  ) {}

  reset(): void {
    this.removeLive();
    this.nodes = undefined;
    this.container = undefined;
    this.groups = [];
    this.stableItems = 0;
    this.stableEndLine = 0;
    this.liveNodes = [];
    this.failed = false;
  }

  /** Brings the shown block up to date; false when the tail has to be rendered whole. */
  update(source: SegmentedTailSource): boolean {
    const block = source.openBlockTail();
    if (this.failed || !block || (!this.nodes && source.tailLength() < this.minChars)) {
      if (!block) this.reset();
      return false;
    }
    if (!this.nodes) this.start(source, block);
    const complete = block.kind === 'table' ? block.starts.length : block.starts.length - 1;
    if (complete > this.stableItems && !this.addGroup(source, block, complete)) return this.fail();
    if (!this.nodes) return false;
    this.removeLive();
    this.showLive(source.tailTextBetween(this.stableEndLine));
    return true;
  }

  /**
   * Called with the finished chunk that ends the block (the tail's whole text): appends the rows
   * or items not shown yet and returns the block's nodes, or undefined when they would not equal
   * a one-shot render of `text` (then render it whole). Always resets.
   */
  adopt(text: string): Node[] | undefined {
    const nodes = this.nodes;
    const adopted = nodes && !this.failed && this.appendRest(text) ? nodes : undefined;
    this.reset();
    return adopted;
  }

  private start(source: SegmentedTailSource, block: OpenBlockTail): void {
    this.kind = block.kind;
    this.header = block.kind === 'table' ? source.tailTextBetween(0, 2) : '';
    this.marker = block.kind === 'list' ? markerKind(source.tailTextBetween(0, 1)) : undefined;
    this.stableEndLine = block.kind === 'table' ? 2 : 0;
  }

  private fail(): false {
    this.removeLive();
    this.failed = true;
    return false;
  }

  /** Renders rows or items stableItems..complete once and appends them. */
  private addGroup(source: SegmentedTailSource, block: OpenBlockTail, complete: number): boolean {
    const endLine = block.kind === 'table' ? block.starts[complete - 1] + 1 : block.starts[complete];
    const text = source.tailTextBetween(this.stableEndLine, endLine);
    // A blank line between two items makes the whole list loose.
    if (block.kind === 'list' && /\n[ \t]*\n$/.test(text)) return false;
    const rendered = this.renderGroup(text, complete - this.stableItems);
    if (!rendered) return false;
    this.removeLive();
    this.append(rendered);
    this.groups.push(text);
    this.stableItems = complete;
    this.stableEndLine = endLine;
    return true;
  }

  /** The rendered fragment of `text` (under the table header) when it is exactly `items` rows or tight items of this block. */
  private renderGroup(text: string, items: number | undefined): DocumentFragment | undefined {
    if (this.kind === 'list' && markerKind(text) !== this.marker) return undefined;
    const { fragment, definedLabels, tokens } = this.renderer.render(this.header + text, Object.assign(createLinkDefinitions(), this.links()));
    if (definedLabels.length > 0 || !this.isOneBlock(tokens, items)) return undefined;
    return fragment;
  }

  private isOneBlock(tokens: Token[], items: number | undefined): boolean {
    const blocks = tokens.filter((token) => token.type !== 'space');
    if (blocks.length !== 1) return false;
    const [block] = blocks;
    if (this.kind === 'table') return block.type === 'table' && (items === undefined || (block as Tokens.Table).rows.length === items);
    return block.type === 'list' && !(block as Tokens.List).loose && (items === undefined || (block as Tokens.List).items.length === items);
  }

  /** Appends a group's rows or items to the block (the first group becomes the block). */
  private append(fragment: DocumentFragment): Node[] {
    if (!this.nodes) {
      this.nodes = Array.from(fragment.childNodes);
      const root = this.nodes.find((node): node is Element => node.nodeType === 1);
      this.container = (this.kind === 'table' ? root?.querySelector(':scope > tbody') : root) ?? undefined;
      return [];
    }
    const source = this.childrenHolder(fragment);
    const added = Array.from(source?.childNodes ?? []);
    // A list's items come with the "\n" that follows "<ul>"; the block has it already.
    if (this.kind === 'list' && added[0]?.nodeType === 3) added.shift()?.remove();
    this.container?.append(...added);
    return added;
  }

  private childrenHolder(fragment: DocumentFragment): Element | undefined {
    const root = Array.from(fragment.children)[0];
    return (this.kind === 'table' ? root?.querySelector(':scope > tbody') : root) ?? undefined;
  }

  /** Shows the growing last row or item: inside the block when it renders as one, else after it. */
  private showLive(text: string): void {
    if (text.trim() === '') return;
    const rendered = this.renderGroup(text, undefined);
    if (rendered && this.childrenHolder(rendered)) {
      this.liveNodes = this.append(rendered);
      return;
    }
    const { fragment } = this.renderer.render(text, Object.assign(createLinkDefinitions(), this.links()));
    this.liveNodes = Array.from(fragment.childNodes);
    const last = this.nodes?.[this.nodes.length - 1];
    last?.parentNode?.insertBefore(fragment, last.nextSibling);
  }

  private removeLive(): void {
    for (const node of this.liveNodes) node.parentNode?.removeChild(node);
    this.liveNodes = [];
  }

  /** Appends what `text` holds after the groups; false when the result would differ from a one-shot render. */
  private appendRest(text: string): boolean {
    this.removeLive();
    // The groups hold the table's rows only; its header lines come first.
    if (!text.startsWith(this.header)) return false;
    let offset = this.header.length;
    for (const group of this.groups) {
      if (!text.startsWith(group, offset)) return false;
      offset += group.length;
    }
    const rest = text.slice(offset);
    if (rest.trim() === '') return true;
    const rows = this.kind === 'table' ? rest.split('\n').findIndex((line) => line.trim() === '') : undefined;
    const rendered = this.renderGroup(rest, rows === -1 ? rest.split('\n').length : rows);
    if (!rendered || !this.childrenHolder(rendered)) return false;
    this.append(rendered);
    return true;
  }
}
