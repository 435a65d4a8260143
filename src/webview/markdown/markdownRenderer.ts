// Markdown → sanitized DOM for the chat webview.
//
// marked (GFM) turns text into HTML; DOMPurify, with an allow-list and hooks, turns that HTML into
// a DocumentFragment of an inert document. The policy it enforces:
// - no scripts, styles, forms, frames, objects, embeds, SVG or MathML; no event handlers or
//   `style`/`id`/`name` attributes; raw HTML that is not an allowed element shows as text, so
//   nothing (an unclosed <style>, <math>…<style>, `<!--`) can make later text disappear
//   (rawHtmlPolicy.ts); a <details> is always rendered open;
// - nothing is ever fetched: every image (markdown, reference-style or raw `<img>`) becomes a
//   link-like placeholder showing its alt text and URL, created in the inert document so no
//   `src` ever reaches the live page;
// - no link carries a navigable `href`: an http(s) target is kept in `data-cw-href` (the view's
//   click handler asks the extension, which asks the user, to open it), so neither the webview nor
//   the page hosting it can follow a link on its own; every other scheme becomes an inert `<a>`.

import DOMPurify, { type DOMPurify as DOMPurifyInstance, type Config as PurifyConfig } from 'dompurify';
import { Lexer, Parser, Renderer, getDefaults, type Links, type MarkedOptions, type Token, type Tokens } from 'marked';
import { capIndentation } from '../../common/markdown/indentationCap';
import { isOpenableExternalLink } from '../../common/protocol';
import { escapeHtml, highlightCode, highlightsInSlices } from './codeHighlight';
import { FLATTENED_CLASS, flattenDeepNesting } from './deepNesting';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, isModelClass, neutralizeRawHtml } from './rawHtmlPolicy';

export type CodeAction = 'copy' | 'insert' | 'newFile';

const CODE_ACTIONS: ReadonlyArray<{ action: CodeAction; label: string; icon: string }> = [
  { action: 'copy', label: 'Copy', icon: 'codicon-copy' },
  { action: 'insert', label: 'Insert at Cursor', icon: 'codicon-insert' },
  { action: 'newFile', label: 'New File with this Code', icon: 'codicon-new-file' },
];

/** Class names shared with media/markdown.css and the view's event delegation. */
export const MarkdownClass = {
  codeBlock: 'cw-code-block',
  codeToolbar: 'cw-code-toolbar',
  codeLanguage: 'cw-code-language',
  codeAction: 'cw-code-action',
  imageLink: 'cw-image-link',
  imageUrl: 'cw-image-url',
  inertLink: 'cw-inert-link',
  link: 'cw-link',
  flattened: FLATTENED_CLASS,
  taskCheckbox: 'cw-task',
} as const;

/** Longest image URL shown in full in a placeholder. */
const MAX_SHOWN_URL = 300;

/** Attribute on code-block buttons naming their `CodeAction`. */
export const CODE_ACTION_ATTRIBUTE = 'data-cw-code-action';
/**
 * Attribute holding an http(s) link's target. Set only by this module after sanitizing (DOMPurify
 * drops every `data-*` attribute of the input), so its value is always a checked http(s) URL.
 */
export const LINK_TARGET_ATTRIBUTE = 'data-cw-href';
/** Attribute on a code block naming its language ("" when none). */
export const CODE_LANGUAGE_ATTRIBUTE = 'data-cw-language';

const PURIFY_CONFIG: PurifyConfig & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  ALLOWED_ATTR: [...ALLOWED_ATTRIBUTES],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Only http(s) survives as a URL; everything else (command:, file:, vscode:, javascript:,
  // data:, relative paths) is dropped and the link rendered inert.
  ALLOWED_URI_REGEXP: /^https?:/i,
  // DOMPurify checks every attribute value not listed here against ALLOWED_URI_REGEXP.
  ADD_URI_SAFE_ATTR: ['align', 'start', 'colspan', 'rowspan'],
  KEEP_CONTENT: true,
  // Parse every piece in "in body" mode, so a chunk that starts with a comment, a stray end tag
  // or whitespace builds the same nodes as the same text in the middle of a one-shot render.
  FORCE_BODY: true,
  RETURN_DOM_FRAGMENT: true,
};

/** The language label of a fence info string, restricted to characters safe in a class name. */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s+/)[0] ?? '';
  return word.replace(/[^\w+#.-]/g, '').slice(0, 40);
}

/** A fenced code block's text and language, exactly as in the markdown source. */
export interface CodeBlockSource {
  code: string;
  language: string;
}

/**
 * What the renderer itself emits, told apart from the model's raw HTML by a class name with a
 * random part the model cannot guess; it is removed again right after sanitizing.
 */
interface OwnMarkup {
  ownClass: string;
  /** The fences of the markdown being rendered, in order. */
  fences: CodeBlockSource[];
  /** Whether long code is left for highlighting in slices (see codeHighlight.ts) in this render. */
  sliceLongCode: boolean;
  /** The fences of this render left unhighlighted for that (indexes into `fences`). */
  slicedFences: Set<number>;
}

/** A rendered code block whose code still shows as plain text, to be highlighted in slices (deferredHighlight.ts). */
export interface SlicedCode {
  code: HTMLElement;
  text: string;
  language: string;
}

const FENCE_CLASS_PREFIX = 'cw-fence-';

class ChatMarkdownRenderer extends Renderer {
  constructor(private readonly own: OwnMarkup) {
    super();
  }

  override code({ text, lang }: Tokens.Code): string {
    const language = fenceLanguage(lang);
    const source = text.replace(/\n$/, '');
    const index = this.own.fences.push({ code: source, language }) - 1;
    const sliced = this.own.sliceLongCode && highlightsInSlices(source + '\n', language);
    if (sliced) this.own.slicedFences.add(index);
    const { html, highlighted } = sliced ? { html: escapeHtml(source + '\n'), highlighted: false } : highlightCode(source + '\n', language);
    const classes = [highlighted ? 'hljs' : '', language ? `language-${language}` : ''].filter(Boolean).join(' ');
    return `<pre class="${this.own.ownClass} ${FENCE_CLASS_PREFIX}${index}"><code${classes ? ` class="${classes}"` : ''}>${html}</code></pre>\n`;
  }

  /** Raw HTML from the model (block or inline): what could hide the text after it shows as text. */
  override html({ text }: Tokens.HTML | Tokens.Tag): string {
    return neutralizeRawHtml(text);
  }

  /** Text marked leaves raw (after an inline <pre>, <code> or <kbd>) follows the same rule as raw HTML. */
  override text(token: Tokens.Text | Tokens.Escape): string {
    if ('escaped' in token && token.escaped && !('tokens' in token && token.tokens)) return neutralizeRawHtml(token.text);
    return super.text(token);
  }

  override checkbox({ checked }: Tokens.Checkbox): string {
    const icon = checked ? 'codicon-pass-filled' : 'codicon-circle-large-outline';
    const label = checked ? 'done' : 'not done';
    return `<span class="${this.own.ownClass} ${MarkdownClass.taskCheckbox} codicon ${icon}" role="img" aria-label="${label}"></span> `;
  }
}

export interface RenderedMarkdown {
  fragment: DocumentFragment;
  /** Link definitions this markdown added to the shared map (marked-normalized labels). */
  definedLabels: string[];
  /** marked's top-level block tokens for it. */
  tokens: Token[];
  /** Long code blocks left as plain text (only with `sliceLongCode`), for the caller to highlight in slices. */
  slicedCode: SlicedCode[];
}

/** The browser window DOMPurify works in (the webview's own, or happy-dom's in tests). */
export type MarkdownWindow = Window & typeof globalThis;

/** Creates an empty link-definition map to share between the chunks of one answer. */
export function createLinkDefinitions(): Links {
  return Object.create(null) as Links;
}

/**
 * Renders markdown to sanitized DOM. One instance per window; it owns a DOMPurify instance with
 * this module's hooks (hooks are per instance, so other users of DOMPurify are unaffected).
 */
export class MarkdownRenderer {
  private readonly purify: DOMPurifyInstance;
  private readonly options: MarkedOptions;
  /** Original hrefs of anchors, captured before DOMPurify drops disallowed ones (for the tooltip). */
  private readonly originalHrefs = new WeakMap<Element, string>();
  /**
   * Elements this module builds while sanitizing (image placeholders). Whether DOMPurify's walk
   * visits them differs between DOM implementations; when it does, their attributes are kept as built.
   */
  private readonly ownElements = new WeakSet<Node>();
  private readonly own: OwnMarkup = { ownClass: `cw-own-${randomHex()}`, fences: [], sliceLongCode: false, slicedFences: new Set() };
  /** Where each code block's toolbar actions take their text from: the source, never the DOM. */
  private readonly codeSources = new WeakMap<Element, () => CodeBlockSource>();

  constructor(private readonly window: MarkdownWindow) {
    this.purify = DOMPurify(window);
    this.options = { ...getDefaults(), gfm: true, breaks: false, async: false, renderer: new ChatMarkdownRenderer(this.own) };
    this.installHooks();
    // Parsed once: with a set config DOMPurify skips re-reading it on every sanitize (a render per frame).
    this.purify.setConfig(PURIFY_CONFIG);
  }

  /** The document rendered nodes belong to once inserted. */
  get document(): Document {
    return this.window.document;
  }

  /**
   * Renders `markdown` using (and adding to) the shared link definitions `links`; marked keeps
   * the first definition of a label, as CommonMark does. With `sliceLongCode`, code too long to
   * highlight within a frame is left as plain text and returned in `slicedCode`.
   */
  render(markdown: string, links: Links, options: { sliceLongCode?: boolean } = {}): RenderedMarkdown {
    const lexer = new Lexer(this.options);
    const before = new Set(Object.keys(links));
    lexer.tokens.links = links;
    const tokens = lexer.lex(markdown);
    const definedLabels = Object.keys(links).filter((label) => !before.has(label));
    this.own.fences = [];
    this.own.slicedFences = new Set();
    this.own.sliceLongCode = options.sliceLongCode ?? false;
    const html = new Parser(this.options).parse(tokens);
    const fragment = this.purify.sanitize(html, PURIFY_CONFIG);
    flattenDeepNesting(fragment);
    const slicedCode = this.claimOwnMarkup(fragment);
    return { fragment, definedLabels, tokens, slicedCode };
  }

  /** Sanitized DOM for a slice of highlight.js output (spans with its classes, and text). */
  highlightedFragment(html: string): DocumentFragment {
    return this.purify.sanitize(html, PURIFY_CONFIG);
  }

  /** Renders a complete text in one pass (no shared definitions): the reference for streaming. */
  renderAll(markdown: string): DocumentFragment {
    // Nesting is capped before marked sees it (a thousand levels would take it seconds to lex); a stream is capped as it arrives.
    return this.render(capIndentation(markdown.replace(/\r\n?/g, '\n')), createLinkDefinitions()).fragment;
  }

  /**
   * Builds the wrapper, toolbar and `<pre><code>` of a code block from plain text (no parsing);
   * its actions take their text from `source` (a fence still streaming in).
   */
  createCodeBlock(ownerDocument: Document, language: string, codeText: string, source: () => CodeBlockSource): { block: HTMLElement; code: HTMLElement } {
    const pre = ownerDocument.createElement('pre');
    const code = ownerDocument.createElement('code');
    if (language) code.className = `language-${language}`;
    code.textContent = codeText;
    pre.append(code);
    const block = this.wrapCodeBlock(ownerDocument, pre, language);
    this.codeSources.set(block, source);
    return { block, code };
  }

  /** The source of the fenced code block `block`; undefined for anything else (raw-HTML `<pre>` has no toolbar). */
  codeBlockSource(block: Element): CodeBlockSource | undefined {
    return this.codeSources.get(block)?.();
  }

  private installHooks(): void {
    this.purify.addHook('uponSanitizeElement', (node, data) => {
      if (data.tagName === 'img' && node.parentNode) {
        const image = node as Element;
        // Inserted before the current node, so DOMPurify's walk has already passed it: it is
        // built here from text nodes and one policy-checked link, nothing to sanitize.
        node.parentNode.insertBefore(this.createImagePlaceholder(image), node);
      }
    });
    this.purify.addHook('uponSanitizeAttribute', (node, data) => {
      if (this.ownElements.has(node)) {
        data.forceKeepAttr = true;
        return;
      }
      if (data.attrName !== 'class') return;
      const classes = data.attrValue.split(/\s+/).filter(Boolean);
      // The model's HTML keeps only syntax-highlighting classes: it cannot hide text or look like the panel's controls.
      data.attrValue = (classes.includes(this.own.ownClass) ? classes : classes.filter(isModelClass)).join(' ');
      if (data.attrValue === '') data.keepAttr = false;
    });
    this.purify.addHook('beforeSanitizeAttributes', (node) => {
      if (node.nodeName === 'A') {
        const href = (node as Element).getAttribute('href');
        if (href !== null) this.originalHrefs.set(node as Element, href);
      }
    });
    this.purify.addHook('afterSanitizeAttributes', (node) => {
      // An unclosed <details> would fold everything after it away.
      if (node.nodeName === 'DETAILS') (node as Element).setAttribute('open', '');
      if (node.nodeName !== 'A' || this.ownElements.has(node)) return;
      const anchor = node as Element;
      const href = anchor.getAttribute('href');
      if (href !== null && isOpenableExternalLink(href)) makeLink(anchor, href, anchor.getAttribute('title') ?? href);
      else makeInert(anchor, this.originalHrefs.get(anchor) ?? href ?? '');
    });
  }

  private createImagePlaceholder(image: Element): Element {
    const ownerDocument = image.ownerDocument;
    const src = image.getAttribute('src') ?? '';
    const alt = image.getAttribute('alt') ?? '';
    const link = ownerDocument.createElement('a');
    link.className = MarkdownClass.imageLink;
    const icon = ownerDocument.createElement('span');
    icon.className = 'codicon codicon-file-media';
    icon.setAttribute('aria-hidden', 'true');
    link.append(icon);
    if (alt) link.append(ownerDocument.createTextNode(alt + ' '));
    const url = ownerDocument.createElement('span');
    url.className = MarkdownClass.imageUrl;
    // A data: URL can be megabytes of base64; the start is enough to see what it is.
    url.textContent = src.length > MAX_SHOWN_URL ? `${src.slice(0, MAX_SHOWN_URL)}…` : src;
    link.append(url);
    if (isOpenableExternalLink(src)) {
      makeLink(link, src, `Image not loaded: ${src}`);
    } else {
      makeInert(link, src);
    }
    for (const element of [link, ...Array.from(link.querySelectorAll('*'))]) this.ownElements.add(element);
    return link;
  }

  /** Drops the marker class from the renderer's own elements and gives each fence its toolbar; returns the sliced code blocks. */
  private claimOwnMarkup(fragment: DocumentFragment): SlicedCode[] {
    const sliced: SlicedCode[] = [];
    for (const element of Array.from(fragment.querySelectorAll(`.${this.own.ownClass}`))) {
      element.classList.remove(this.own.ownClass);
      const fenceClass = Array.from(element.classList).find((name) => name.startsWith(FENCE_CLASS_PREFIX));
      if (fenceClass) {
        element.classList.remove(fenceClass);
        const index = Number(fenceClass.slice(FENCE_CLASS_PREFIX.length));
        const source = this.own.fences[index];
        if (source && element.nodeName === 'PRE') {
          this.addCodeToolbar(element as HTMLElement, source);
          const code = element.firstElementChild;
          if (this.own.slicedFences.has(index) && code?.nodeName === 'CODE') sliced.push({ code: code as HTMLElement, text: source.code + '\n', language: source.language });
        }
      }
      if (element.classList.length === 0) element.removeAttribute('class');
    }
    return sliced;
  }

  private addCodeToolbar(pre: HTMLElement, source: CodeBlockSource): void {
    const parent = pre.parentNode;
    const next = pre.nextSibling;
    const block = this.wrapCodeBlock(pre.ownerDocument, pre, source.language);
    this.codeSources.set(block, () => source);
    parent?.insertBefore(block, next);
  }

  private wrapCodeBlock(ownerDocument: Document, pre: HTMLElement, language: string): HTMLElement {
    const block = ownerDocument.createElement('div');
    block.className = MarkdownClass.codeBlock;
    block.setAttribute(CODE_LANGUAGE_ATTRIBUTE, language);
    const toolbar = ownerDocument.createElement('div');
    toolbar.className = MarkdownClass.codeToolbar;
    const label = ownerDocument.createElement('span');
    label.className = MarkdownClass.codeLanguage;
    label.textContent = language;
    toolbar.append(label);
    for (const { action, label: title, icon } of CODE_ACTIONS) {
      const button = ownerDocument.createElement('button');
      button.type = 'button';
      button.className = `${MarkdownClass.codeAction} codicon ${icon}`;
      button.setAttribute(CODE_ACTION_ATTRIBUTE, action);
      button.setAttribute('title', title);
      button.setAttribute('aria-label', title);
      toolbar.append(button);
    }
    block.append(toolbar, pre);
    return block;
  }
}

function randomHex(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint32Array(4)), (part) => part.toString(16).padStart(8, '0')).join('');
}

/**
 * An http(s) link the user can activate (click, or Enter when focused) but nothing can follow on
 * its own: no `href`, the target in LINK_TARGET_ATTRIBUTE, keyboard-focusable as a link.
 */
function makeLink(anchor: Element, href: string, title: string): void {
  anchor.removeAttribute('href');
  anchor.removeAttribute('rel');
  anchor.setAttribute(LINK_TARGET_ATTRIBUTE, href);
  anchor.setAttribute('role', 'link');
  anchor.setAttribute('tabindex', '0');
  anchor.classList.add(MarkdownClass.link);
  anchor.setAttribute('title', title);
}

/** A link that goes nowhere: no href (not focusable, not navigable), labelled as blocked. */
function makeInert(anchor: Element, originalHref: string): void {
  anchor.removeAttribute('href');
  anchor.removeAttribute('rel');
  anchor.classList.add(MarkdownClass.inertLink);
  anchor.setAttribute('aria-disabled', 'true');
  const shown = originalHref.length > 200 ? `${originalHref.slice(0, 200)}…` : originalHref;
  anchor.setAttribute('title', shown ? `Blocked link (only http and https links open): ${shown}` : 'Blocked link');
}
