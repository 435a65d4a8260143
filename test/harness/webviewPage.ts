// Serves the real chat webview bundle (dist/webview.js) in a page with the real CSP from
// buildWebviewHtml, plus a stand-in for the API VS Code injects into webviews
// (`acquireVsCodeApi`): posted messages land in `window.__posted`, and state set with
// `setState` can be pre-seeded (to test a view restored from its saved state).

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildWebviewHtml, createNonce } from '../../src/common/webviewHtml';
import { repoRoot } from './codeServer';
import { launchChromium } from './workbench';

export { launchChromium };

/** Bundles the webview app the way esbuild.mjs does, so a test always runs the current source. */
export async function buildWebviewBundle(): Promise<void> {
  await esbuild.build({
    entryPoints: [join(repoRoot(), 'src/webview/main.ts')],
    outfile: join(repoRoot(), 'dist/webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
}

function hostStub(initialState: unknown): string {
  return `
  window.__posted = [];
  window.__state = ${JSON.stringify(initialState ?? null)};
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state ?? undefined,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
  const app = document.createElement('script');
  app.nonce = document.currentScript.nonce;
  app.src = '/dist/webview.js';
  document.body.append(app);
`;
}

export interface WebviewPageServer {
  origin: string;
  /** URL of a page whose webview state starts as `initialState` (undefined: a fresh view). */
  pageUrl(initialState?: unknown): string;
  close(): Promise<void>;
}

export async function startWebviewPageServer(): Promise<WebviewPageServer> {
  const states = new Map<string, unknown>();
  let counter = 0;
  const root = repoRoot();
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', origin);
    const send = (type: string, body: string | Buffer) => {
      res.setHeader('content-type', type);
      res.end(body);
    };
    try {
      if (url.pathname === '/') {
        const stub = `/host-stub.js?state=${encodeURIComponent(url.searchParams.get('state') ?? '')}`;
        send(
          'text/html',
          buildWebviewHtml({
            cspSource: origin,
            nonce: createNonce(),
            scriptUri: stub,
            styleUris: ['/dist/codicons/codicon.css', '/media/markdown.css', '/media/chat.css'],
            title: 'Codewright test page',
          }),
        );
      } else if (url.pathname === '/host-stub.js') {
        send('text/javascript', hostStub(states.get(url.searchParams.get('state') ?? '')));
      } else if (url.pathname === '/dist/webview.js' || url.pathname.startsWith('/media/') || url.pathname.startsWith('/dist/codicons/')) {
        const type = url.pathname.endsWith('.css') ? 'text/css' : url.pathname.endsWith('.ttf') ? 'font/ttf' : 'text/javascript';
        send(type, readFileSync(join(root, url.pathname)));
      } else {
        res.statusCode = 404;
        res.end();
      }
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl(initialState?: unknown) {
      if (initialState === undefined) return `${origin}/`;
      const key = `s${++counter}`;
      states.set(key, initialState);
      return `${origin}/?state=${key}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A local server that counts every request: the stand-in for an exfiltration endpoint. */
export async function startAttackerServer(): Promise<{ url: string; hits: () => number; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    res.setHeader('content-type', 'image/png');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => paths.length,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
