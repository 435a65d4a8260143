// The one local HTTP server the browser tests and benchmarks serve pages from: a test says what
// each path answers, the server records every request (to show what a page loaded) and answers
// 404 to anything else. The "attacker" endpoint that counts exfiltration attempts is one too.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

/** What one path answers. */
export interface StaticResource {
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** Answers a request (`origin` is the server's own, e.g. for a CSP); undefined or a throw → 404. */
export type ResourceLookup = (url: URL, origin: string) => StaticResource | undefined;

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every path (with query) requested, in order. */
  paths: string[];
  close(): Promise<void>;
}

export async function startStaticServer(lookup: ResourceLookup): Promise<StaticServer> {
  const paths: string[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    let resource: StaticResource | undefined;
    try {
      resource = lookup(new URL(req.url ?? '/', origin), origin);
    } catch {
      resource = undefined;
    }
    if (!resource) {
      res.statusCode = 404;
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(resource.headers ?? {})) res.setHeader(name, value);
    res.setHeader('content-type', resource.type);
    res.end(resource.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
  '.svg': 'image/svg+xml',
};

/** A file under `root`, if `pathname` starts with one of `allowedPrefixes` (and stays inside `root`). */
export function fileUnder(root: string, pathname: string, allowedPrefixes: readonly string[]): StaticResource | undefined {
  if (!allowedPrefixes.some((prefix) => pathname === prefix || (prefix.endsWith('/') && pathname.startsWith(prefix)))) return undefined;
  const file = normalize(join(root, pathname));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  const extension = /\.[a-z0-9]+$/i.exec(pathname)?.[0] ?? '';
  return { type: CONTENT_TYPES[extension] ?? 'application/octet-stream', body: readFileSync(file) };
}

/** A local server that counts every request: the stand-in for an exfiltration endpoint. */
export async function startAttackerServer(): Promise<{ url: string; hits: () => number; paths: string[]; close(): Promise<void> }> {
  const server = await startStaticServer(() => ({ type: 'image/png', body: '' }));
  return { url: server.origin, hits: () => server.paths.length, paths: server.paths, close: server.close };
}
