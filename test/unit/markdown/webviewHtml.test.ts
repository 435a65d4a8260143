import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildContentSecurityPolicy, buildWebviewHtml, createNonce } from '../../../src/common/webviewHtml';

const CSP_SOURCE = 'https://*.vscode-cdn.net';

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  if (!match) throw new Error('no CSP meta tag in the webview HTML');
  return match[1].replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
}

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';').map((piece) => piece.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    map.set(name, values);
  }
  return map;
}

describe('webview HTML', () => {
  afterEach(() => vi.restoreAllMocks());

  it('declares exactly the locked-down CSP: nothing by default, scripts only by nonce, resources only from the webview', () => {
    const nonce = createNonce();
    const html = buildWebviewHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: 'https://x/dist/webview.js', styleUris: [], title: 'Codewright' });
    const csp = directives(cspOf(html));
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'none'"],
      'script-src': [`'nonce-${nonce}'`],
      'style-src': [CSP_SOURCE],
      'img-src': [CSP_SOURCE, 'data:'],
      'font-src': [CSP_SOURCE],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
    expect(cspOf(html)).not.toMatch(/unsafe-(inline|eval|hashes)|strict-dynamic|https:\s|\*(?!\.vscode-cdn)/);
  });

  it('loads the bundle with the nonce and no inline script, and links every stylesheet', () => {
    const nonce = createNonce();
    const html = buildWebviewHtml({
      cspSource: CSP_SOURCE,
      nonce,
      scriptUri: 'https://x/dist/webview.js',
      styleUris: ['https://x/dist/codicons/codicon.css', 'https://x/media/markdown.css'],
      title: 'Codewright <Chat>',
    });
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts).toEqual([`<script nonce="${nonce}" src="https://x/dist/webview.js"></script>`]);
    expect(html).toContain('<link rel="stylesheet" href="https://x/dist/codicons/codicon.css">');
    expect(html).toContain('<link rel="stylesheet" href="https://x/media/markdown.css">');
    expect(html).toContain('<title>Codewright &lt;Chat&gt;</title>');
    expect(html).not.toMatch(/\son[a-z]+=|style=/i);
  });

  it('escapes resource URIs so they cannot break out of their attribute', () => {
    const html = buildWebviewHtml({ cspSource: CSP_SOURCE, nonce: createNonce(), scriptUri: 'https://x/a.js"><script>alert(1)</script>', styleUris: [], title: 't' });
    expect(html).not.toContain('"><script>alert(1)');
  });

  it('creates a different 32-byte nonce for every render', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(32);
  });

  it('takes the nonce only from the cryptographic random source', () => {
    const random = vi.spyOn(Math, 'random');
    const getRandomValues = vi.spyOn(globalThis.crypto, 'getRandomValues');
    createNonce();
    expect(getRandomValues).toHaveBeenCalledTimes(1);
    expect(random).not.toHaveBeenCalled();
  });

  it('produces the nonce from the bytes crypto returns', () => {
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      if (array instanceof Uint8Array) array.fill(7);
      return array;
    });
    expect(createNonce()).toBe(Buffer.alloc(32, 7).toString('base64'));
  });

  it('rejects a weak nonce or a CSP source that would inject directives, with an explanation', () => {
    expect(() => buildContentSecurityPolicy(CSP_SOURCE, 'abc')).toThrow(/createNonce\(\)/);
    expect(() => buildContentSecurityPolicy(CSP_SOURCE, "x' 'unsafe-inline")).toThrow(/nonce/);
    expect(() => buildContentSecurityPolicy("https://a; script-src *", createNonce())).toThrow(/webview.cspSource/);
  });
});
