import { describe, expect, it } from 'vitest';
import { neutralizeRawHtml } from '../../../src/webview/markdown/rawHtmlPolicy';

describe('neutralizeRawHtml', () => {
  it('removes each complete comment and shows an unclosed one as text', () => {
    expect(neutralizeRawHtml('<!--a--><b>x</b><!--c-->')).toBe('<b>x</b>');
    expect(neutralizeRawHtml('<!--a<!--b-->c<!--d')).toBe('c&lt;!--d');
    expect(neutralizeRawHtml('<!--x--!>y<!-->z<!--->w')).toBe('yzw');
  });

  it('ends every comment at its own first end marker when one scan serves many openers', () => {
    expect(neutralizeRawHtml('<!--1--> <!--2--> <!--3-->')).toBe('  ');
    expect(neutralizeRawHtml('<!--a--!> <!--b--> <!--c')).toBe('  &lt;!--c');
  });

  it('shows a long line of unclosed comment openers entirely as text', () => {
    const line = '<!--'.repeat(20_000);
    const out = neutralizeRawHtml(line);
    expect(out).toBe('&lt;!--'.repeat(20_000));
  });
});
