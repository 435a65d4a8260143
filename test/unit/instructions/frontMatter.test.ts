import { describe, expect, it } from 'vitest';
import { parseFrontMatter, splitGlobList } from '../../../src/common/instructions/frontMatter';

describe('instruction file front matter', () => {
  it('reads applyTo and returns the text after the front matter', () => {
    const parsed = parseFrontMatter("---\ndescription: TS rules\napplyTo: '**/*.ts'\n---\nUse strict types.\n");
    expect(parsed).toEqual({ applyTo: ['**/*.ts'], body: 'Use strict types.\n' });
  });

  it('splits a comma-separated applyTo but keeps the commas of {a,b} alternatives', () => {
    expect(parseFrontMatter('---\napplyTo: "src/**/*.{ts,tsx}, test/**"\n---\nx').applyTo).toEqual(['src/**/*.{ts,tsx}', 'test/**']);
    expect(splitGlobList("'a', \"b\",,c")).toEqual(['a', 'b', 'c']);
  });

  it('reads a flow list as applyTo', () => {
    expect(parseFrontMatter("---\napplyTo: ['**/*.py', docs/**]\n---\nx").applyTo).toEqual(['**/*.py', 'docs/**']);
  });

  it('handles CRLF line ends and a byte order mark', () => {
    expect(parseFrontMatter('\uFEFF---\r\napplyTo: **\r\n---\r\nbody\r\n')).toEqual({ applyTo: ['**'], body: 'body\r\n' });
  });

  it('treats a file without front matter, or with an unclosed one, as all body and no applyTo', () => {
    expect(parseFrontMatter('# Rules\n---\n')).toEqual({ applyTo: [], body: '# Rules\n---\n' });
    expect(parseFrontMatter('---\napplyTo: **\nno end')).toEqual({ applyTo: [], body: '---\napplyTo: **\nno end' });
  });
});
