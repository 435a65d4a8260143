// Reusable pieces for browser tests of webview code in headless Chromium: a bundle built from
// source with esbuild, served from a local page under the real CSP from buildWebviewHtml (as a
// <meta> and as a response header), and a local "attacker" server that counts every request.
// The chat-app tests use the same launcher and attacker server (test/harness/webviewPage.ts).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { buildContentSecurityPolicy, buildWebviewHtml, createNonce } from '../../src/common/webviewHtml';
import { launchChromium, startAttackerServer } from '../harness/webviewPage';

export { startAttackerServer };
export type AttackerServer = Awaited<ReturnType<typeof startAttackerServer>>;

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CODEWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium, installing the Debian package first if it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    execFileSync('bash', [join(REPO_ROOT, 'test/harness/apt-deps.sh')], { stdio: 'inherit' });
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is still missing at ${CHROMIUM} after test/harness/apt-deps.sh; install it or set CODEWRIGHT_CHROMIUM.`);
  }
  return launchChromium();
}

/** Bundles a browser entry point (an IIFE, the way the webview bundle is built) into a string. */
export async function bundleForBrowser(entryPoint: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entryPoint],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export interface CspPageServer {
  origin: string;
  /** The page: the HTML from buildWebviewHtml, with a fresh nonce per request. */
  url: string;
  /** Every path requested from this server (to show nothing else was loaded). */
  paths: string[];
  close(): Promise<void>;
}

/**
 * Serves `script` as the page's only script and `styles` (path → CSS) as its stylesheets, under
 * the CSP the extension uses, with this server's origin standing in for `webview.cspSource`.
 */
export async function serveCspPage(options: { script: string; styles?: Record<string, string>; title?: string }): Promise<CspPageServer> {
  const styles = options.styles ?? {};
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const path = new URL(req.url ?? '/', origin).pathname;
    paths.push(req.url ?? '');
    if (path === '/') {
      const nonce = createNonce();
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', buildContentSecurityPolicy(origin, nonce));
      res.end(buildWebviewHtml({ cspSource: origin, nonce, scriptUri: '/bundle.js', styleUris: Object.keys(styles), title: options.title ?? 'test page' }));
    } else if (path === '/bundle.js') {
      res.setHeader('content-type', 'text/javascript; charset=utf-8');
      res.end(options.script);
    } else if (path in styles) {
      res.setHeader('content-type', 'text/css; charset=utf-8');
      res.end(styles[path]);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
