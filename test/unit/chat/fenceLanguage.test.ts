import { describe, expect, it } from 'vitest';
import { languageIdForFence } from '../../../src/common/chat/fenceLanguage';

const KNOWN = new Set(['typescript', 'typescriptreact', 'javascript', 'python', 'shellscript', 'csharp', 'cpp', 'yaml', 'plaintext', 'Dockerfile', 'dockerfile', 'go', 'rust', 'markdown']);

describe('the language of a code block opened as a new file', () => {
  it('uses a fence label that already is a VS Code language id', () => {
    expect(languageIdForFence('typescript', KNOWN)).toBe('typescript');
    expect(languageIdForFence('go', KNOWN)).toBe('go');
  });

  it('maps file extensions and highlighter names to the language id VS Code knows', () => {
    expect(languageIdForFence('ts', KNOWN)).toBe('typescript');
    expect(languageIdForFence('tsx', KNOWN)).toBe('typescriptreact');
    expect(languageIdForFence('py', KNOWN)).toBe('python');
    expect(languageIdForFence('bash', KNOWN)).toBe('shellscript');
    expect(languageIdForFence('C#', KNOWN)).toBe('csharp');
    expect(languageIdForFence('c++', KNOWN)).toBe('cpp');
    expect(languageIdForFence('yml', KNOWN)).toBe('yaml');
    expect(languageIdForFence('rs', KNOWN)).toBe('rust');
  });

  it('ignores case, attributes after the first word and Pandoc-style braces', () => {
    expect(languageIdForFence('TypeScript', KNOWN)).toBe('typescript');
    expect(languageIdForFence('ts title="area.ts"', KNOWN)).toBe('typescript');
    expect(languageIdForFence('{.python}', KNOWN)).toBe('python');
    expect(languageIdForFence('Dockerfile', KNOWN)).toBe('Dockerfile');
  });

  it('falls back to plain text for unknown, empty or absurd labels', () => {
    expect(languageIdForFence('', KNOWN)).toBeUndefined();
    expect(languageIdForFence('   ', KNOWN)).toBeUndefined();
    expect(languageIdForFence('klingon', KNOWN)).toBeUndefined();
    expect(languageIdForFence('kotlin', KNOWN)).toBeUndefined();
    expect(languageIdForFence('kt', KNOWN)).toBeUndefined();
    expect(languageIdForFence('x'.repeat(41), KNOWN)).toBeUndefined();
  });
});
