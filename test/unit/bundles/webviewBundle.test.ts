// What the chat webview's bundle is made of. Every kilobyte of dist/webview.js is parsed before the
// panel can say 'ready', so code that only the extension host needs must not reach it.

import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function webviewInputs(): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [`${root}src/webview/main.ts`],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'iife',
    outfile: 'webview.js',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the webview bundle', () => {
  it('holds no part of the OpenAI SDK', async () => {
    const inputs = await webviewInputs();
    expect(inputs.filter((path) => path.includes('node_modules/openai/'))).toEqual([]);
  });
});
