// Raw HTML inside markdown whose parser state spans blocks (an open `<details>`, a comment, a
// `<script>`): while it is open, rendering the text in pieces would build a different DOM.
import { LINK_DEFINITION_START } from './blockSyntax';

/** Elements whose open tag changes how later blocks parse until it is closed: formatting
 * elements are reconstructed in every following paragraph, block containers swallow the blocks
 * after them, foreign content switches the parser's mode. Unknown tags (`List<String>`) and
 * elements that the next block closes anyway are harmless and not tracked. */
const CROSS_BLOCK_ELEMENTS = new Set([
  'a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u',
  'address', 'article', 'aside', 'blockquote', 'button', 'caption', 'center', 'colgroup', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'li', 'listing', 'main', 'menu', 'nav', 'object', 'ol',
  'pre', 'search', 'section', 'select', 'summary', 'table', 'tbody', 'td', 'template', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'svg', 'math', 'applet', 'marquee', 'frameset', 'label', 'optgroup', 'option',
]);
const VOID_ELEMENTS = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is raw text up to their end tag (`plaintext` never ends). */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const HTML_TOKEN = /\\.|<!--|<[!?]|<(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)([^>]*)(>?)/g;

/** Removes inline code spans (same-length backtick runs on one line) so `<div>` in code is not HTML. */
function withoutCodeSpans(line: string): string {
  if (!line.includes('`')) return line;
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1(?!`)/g, ' ');
}

/**
 * Tracks raw HTML in the markdown that keeps the browser's HTML parser in a state spanning
 * blocks (an open `<details>`, `<b>`, comment or `<script>`). While that state is not clean,
 * rendering the text in pieces would build a different DOM than rendering it at once.
 */
export class RawHtmlBalance {
  private readonly open = new Map<string, number>();
  private openCount = 0;
  /**
   * 'awaitingGt': raw HTML ended inside a tag or a `<!…`/`<?…` construct; the parser swallows
   * everything up to the next `>`, which may be the first tag of the next block.
   */
  private mode: 'data' | 'comment' | 'awaitingGt' | { rawText: string } = 'data';

  isClean(): boolean {
    return this.openCount === 0 && this.mode === 'data';
  }

  /**
   * `rawHtmlLine`: the line is part of an HTML block, so marked passes it through unescaped. In
   * markdown text `-->` is escaped to `--&gt;` and cannot end a comment opened earlier.
   */
  scanLine(line: string, rawHtmlLine: boolean): void {
    if (!line.includes('<') && this.mode === 'data') return;
    // Backticks are literal inside an HTML block; only markdown text has code spans.
    const text = (value: string) => (rawHtmlLine ? value : withoutCodeSpans(value));
    let rest = this.mode === 'data' ? text(line) : line;
    let sameLineAsOpen = false;
    while (rest !== '') {
      if (this.mode === 'awaitingGt') {
        if (!rawHtmlLine) {
          // A link definition renders nothing; any other markdown output starts with a tag,
          // whose `>` ends the construct.
          if (LINK_DEFINITION_START.test(line.trimStart())) return;
          this.mode = 'data';
          rest = text(rest);
          continue;
        }
        const end = rest.indexOf('>');
        if (end === -1) return;
        this.mode = 'data';
        rest = text(rest.slice(end + 1));
        continue;
      }
      if (this.mode === 'comment') {
        if (!rawHtmlLine && !sameLineAsOpen) return;
        const end = rest.indexOf('-->');
        if (end === -1) return;
        this.mode = 'data';
        rest = text(rest.slice(end + 3));
        continue;
      }
      if (typeof this.mode === 'object') {
        const name = this.mode.rawText;
        if (name === 'plaintext') return;
        const end = rest.toLowerCase().indexOf(`</${name}`);
        if (end === -1) return;
        this.mode = 'data';
        rest = text(rest.slice(end + name.length + 2));
        continue;
      }
      rest = this.scanData(rest, rawHtmlLine);
      sameLineAsOpen = true;
    }
  }

  /**
   * Scans data-mode text; returns the text after a comment or raw-text start ("" when done).
   * In an HTML block nothing closes an element for us, so every non-void element counts; in
   * markdown text the paragraph's `</p>` closes all but the cross-block elements.
   */
  private scanData(text: string, rawHtmlLine: boolean): string {
    HTML_TOKEN.lastIndex = 0;
    for (let match = HTML_TOKEN.exec(text); match; match = HTML_TOKEN.exec(text)) {
      const token = match[0];
      if (token.startsWith('\\')) {
        // A backslash escapes only in markdown text; in an HTML block it is a literal character.
        if (rawHtmlLine) HTML_TOKEN.lastIndex = match.index + 1;
        continue;
      }
      const after = text.slice(match.index + token.length);
      if (token === '<!--') {
        this.mode = 'comment';
        return after;
      }
      if (token === '<!' || token === '<?') {
        // Declarations, CDATA and processing instructions are bogus comments up to `>` in HTML;
        // in markdown text marked escapes them unless they are complete.
        if (!rawHtmlLine) continue;
        const end = after.indexOf('>');
        if (end === -1) {
          this.mode = 'awaitingGt';
          return '';
        }
        HTML_TOKEN.lastIndex = match.index + token.length + end + 1;
        continue;
      }
      const unterminated = rawHtmlLine && match[4] !== '>';
      const closing = match[1] === '/';
      const name = match[2].toLowerCase();
      if (!closing && RAW_TEXT_ELEMENTS.has(name)) {
        this.mode = { rawText: name };
        return after;
      }
      const tracked = rawHtmlLine ? !VOID_ELEMENTS.has(name) && name !== 'p' : CROSS_BLOCK_ELEMENTS.has(name);
      const selfClosingForeign = (name === 'svg' || name === 'math') && /\/\s*$/.test(match[3]);
      if ((!tracked && !(closing && this.open.has(name))) || selfClosingForeign) {
        if (unterminated) {
          this.mode = 'awaitingGt';
          return '';
        }
        continue;
      }
      const count = this.open.get(name) ?? 0;
      if (closing) {
        if (count > 0) {
          this.open.set(name, count - 1);
          this.openCount -= 1;
        }
      } else {
        this.open.set(name, count + 1);
        this.openCount += 1;
      }
      if (unterminated) {
        this.mode = 'awaitingGt';
        return '';
      }
    }
    return '';
  }
}
