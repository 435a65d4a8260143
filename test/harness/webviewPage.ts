// Serves the real chat webview bundle (dist/webview.js) in a page with the real CSP from
// buildWebviewHtml, plus a stand-in for the API VS Code injects into webviews
// (`acquireVsCodeApi`): posted messages land in `window.__posted`, and state set with
// `setState` can be pre-seeded (to test a view restored from its saved state). Served by the
// one static test server (staticServer.ts).

import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildWebviewHtml, createNonce } from '../../src/common/webviewHtml';
import { repoRoot } from './codeServer';
import { fileUnder, startAttackerServer, startStaticServer } from './staticServer';
import { launchChromium } from './workbench';

export { launchChromium, startAttackerServer };

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

const PAGE_FILES = ['/dist/webview.js', '/media/', '/dist/codicons/'];

export async function startWebviewPageServer(): Promise<WebviewPageServer> {
  const states = new Map<string, unknown>();
  let counter = 0;
  const root = repoRoot();
  const server = await startStaticServer((url, origin) => {
    if (url.pathname === '/') {
      const stub = `/host-stub.js?state=${encodeURIComponent(url.searchParams.get('state') ?? '')}`;
      return {
        type: 'text/html',
        body: buildWebviewHtml({
          cspSource: origin,
          nonce: createNonce(),
          scriptUri: stub,
          styleUris: ['/dist/codicons/codicon.css', '/media/markdown.css', '/media/chat.css'],
          title: 'Codewright test page',
        }),
      };
    }
    if (url.pathname === '/host-stub.js') return { type: 'text/javascript', body: hostStub(states.get(url.searchParams.get('state') ?? '')) };
    return fileUnder(root, url.pathname, PAGE_FILES);
  });
  return {
    origin: server.origin,
    pageUrl(initialState?: unknown) {
      if (initialState === undefined) return `${server.origin}/`;
      const key = `s${++counter}`;
      states.set(key, initialState);
      return `${server.origin}/?state=${key}`;
    },
    close: server.close,
  };
}
