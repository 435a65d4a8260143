// The layer rules in eslint.config.mjs, run through ESLint's Node API on small in-memory files
// placed (by name only) in each layer: what the README's Layout promises is what the lint enforces.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages ESLint reports for `code` as if it were the file at `file` (relative to the repo root). */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return result.messages.map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('layer rules', () => {
  it("fail the lint when src/common imports 'vscode'", async () => {
    const messages = await lint('src/common/layerProbe.ts', "import * as vscode from 'vscode';\nexport const name = vscode.version;\n");
    expect(messages).toEqual([expect.stringContaining("codewright/layer-imports: src/common must not import 'vscode'")]);
  });

  it('fail the lint when src/common imports a Node built-in, with or without the node: prefix', async () => {
    const messages = await lint('src/common/chat/layerProbe.ts', "import { readFile } from 'node:fs/promises';\nimport * as path from 'path';\nexport const both = [readFile, path];\n");
    expect(messages).toHaveLength(2);
    expect(messages.every((message) => message.includes('must not import the Node built-in'))).toBe(true);
  });

  it('fail the lint when src/common touches a DOM or Node global', async () => {
    const messages = await lint('src/common/layerProbe.ts', 'export const title = document.title;\nexport const cwd = process.cwd();\n');
    expect(messages).toEqual([
      expect.stringContaining("no-restricted-globals: Unexpected use of 'document'"),
      expect.stringContaining("no-restricted-globals: Unexpected use of 'process'"),
    ]);
  });

  it('let src/common import other common modules and npm packages', async () => {
    const messages = await lint('src/common/chat/layerProbe.ts', "import { describeError } from '../describeError';\nimport type OpenAI from 'openai';\nexport type Client = OpenAI;\nexport const describe = describeError;\n");
    expect(messages).toEqual([]);
  });

  it('fail the lint when the webview imports from src/vscode or src/node', async () => {
    const messages = await lint(
      'src/webview/markdown/layerProbe.ts',
      "import { logger } from '../../vscode/log';\nimport { NodeWorkspace } from '../../node/patch/nodeWorkspace';\nexport const both = [logger, NodeWorkspace];\n",
    );
    expect(messages).toEqual([
      expect.stringContaining('src/webview must not import from src/vscode'),
      expect.stringContaining('src/webview must not import from src/node'),
    ]);
  });

  it('let the webview import src/common and browser libraries', async () => {
    const messages = await lint('src/webview/layerProbe.ts', "import DOMPurify from 'dompurify';\nimport { isOpenableExternalLink } from '../common/protocol';\nexport const both = [DOMPurify, isOpenableExternalLink, document.title];\n");
    expect(messages).toEqual([]);
  });

  it('fail the lint when the webview imports a package that is not one of its browser libraries', async () => {
    const messages = await lint('src/webview/layerProbe.ts', "import OpenAI from 'openai';\nexport const client = OpenAI;\n");
    expect(messages).toEqual([expect.stringContaining("src/webview may import only the browser libraries dompurify, highlight.js, marked; add 'openai'")]);
  });

  it("fail the lint when src/node imports 'vscode', and let src/vscode do it", async () => {
    const code = "import * as vscode from 'vscode';\nexport const version = vscode.version;\n";
    expect(await lint('src/node/patch/layerProbe.ts', code)).toEqual([expect.stringContaining("src/node must not import 'vscode'")]);
    expect(await lint('src/vscode/layerProbe.ts', code)).toEqual([]);
    expect(await lint('src/extension.ts', code)).toEqual([]);
  });

  it('fail the lint on an explicit any', async () => {
    const messages = await lint('src/common/layerProbe.ts', 'export function loose(value: any): string {\n  return String(value);\n}\n');
    expect(messages).toEqual([expect.stringContaining('@typescript-eslint/no-explicit-any')]);
  });
});
