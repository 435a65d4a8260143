// The chat webview's HTML shell and its Content Security Policy.
//
// Nothing may load except the extension's own scripts (by a fresh nonce), styles and fonts (by
// the webview's resource origin) and images from that origin or `data:`. No 'unsafe-inline' (the
// renderer strips every style attribute, so none is needed), no 'unsafe-eval'. `base-uri` and
// `form-action` are not covered by `default-src`, so they are closed explicitly: an injected
// `<base href>` or `<form action>` then has no effect even if it got past the sanitizer.

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads the extension's resources from. */
  cspSource: string;
  /** A fresh `createNonce()` for every render of the HTML. */
  nonce: string;
  /** The webview bundle (a `webview.asWebviewUri` of dist/webview.js). */
  scriptUri: string;
  /** Stylesheets, in order (codicons, markdown.css, chat.css…). */
  styleUris: readonly string[];
  title: string;
}

const NONCE_BYTES = 32;
const NONCE_PATTERN = /^[A-Za-z0-9+/]{32,}={0,2}$/;

/** A base64 nonce of 32 bytes from the platform's cryptographic random source. */
export function createNonce(): string {
  const bytes = new Uint8Array(NONCE_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The policy for a webview whose resource origin is `cspSource`. */
export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
  assertCspSource(cspSource);
  assertNonce(nonce);
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ') + ';';
}

/** The complete HTML document of the chat webview. */
export function buildWebviewHtml(options: WebviewHtmlOptions): string {
  const csp = buildContentSecurityPolicy(options.cspSource, options.nonce);
  const styles = options.styleUris.map((uri) => `    <link rel="stylesheet" href="${escapeAttribute(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
    <title>${escapeText(options.title)}</title>
  </head>
  <body>
    <script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.scriptUri)}"></script>
  </body>
</html>
`;
}

function assertNonce(nonce: string): void {
  if (!NONCE_PATTERN.test(nonce)) {
    throw new Error('The webview nonce must be base64 of at least 24 random bytes; create it with createNonce() for every render.');
  }
}

// VS Code's cspSource can hold several source expressions (code-server: `'self' https://*.vscode-cdn.net`);
// it must never be able to end the directive or inject another one.
function assertCspSource(cspSource: string): void {
  if (!/^[^;,\r\n"<>]+$/.test(cspSource) || cspSource.trim() === '') {
    throw new Error(`The webview cspSource "${cspSource}" is not a single CSP source expression; pass webview.cspSource unchanged.`);
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
