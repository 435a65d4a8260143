// Reusable pieces for browser tests of webview code in headless Chromium: a bundle built from
// source with esbuild, served from a local page under the real CSP from buildWebviewHtml (as a
// <meta> and as a response header), and a local "attacker" server that counts every request.
// Pages come from the one static test server (test/harness/staticServer.ts), which the chat-app
// tests (test/harness/webviewPage.ts) use too.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { buildContentSecurityPolicy, buildWebviewHtml, createNonce } from '../../src/common/webviewHtml';
import { startAttackerServer, startStaticServer } from '../harness/staticServer';
import { launchChromium } from '../harness/workbench';

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
  const server = await startStaticServer((url, origin) => {
    if (url.pathname === '/') {
      const nonce = createNonce();
      return {
        type: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': buildContentSecurityPolicy(origin, nonce) },
        body: buildWebviewHtml({ cspSource: origin, nonce, scriptUri: '/bundle.js', styleUris: Object.keys(styles), title: options.title ?? 'test page' }),
      };
    }
    if (url.pathname === '/bundle.js') return { type: 'text/javascript; charset=utf-8', body: options.script };
    const css = Object.hasOwn(styles, url.pathname) ? styles[url.pathname] : undefined;
    return css === undefined ? undefined : { type: 'text/css; charset=utf-8', body: css };
  });
  return { origin: server.origin, url: `${server.origin}/`, paths: server.paths, close: server.close };
}
