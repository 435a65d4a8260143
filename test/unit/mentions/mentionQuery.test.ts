import { describe, expect, it } from 'vitest';
import { activeMention, insertMention, matchSpecialMentions } from '../../../src/common/mentions/mentionQuery';

describe('the @-mention being typed in the prompt box', () => {
  it('starts at an @ at the start of the text or after a space, and runs to the caret', () => {
    expect(activeMention('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(activeMention('look at @src/ma', 15)).toEqual({ start: 8, end: 15, query: 'src/ma' });
    expect(activeMention('(@comp', 6)).toEqual({ start: 1, end: 6, query: 'comp' });
  });

  it('is not a mention inside an e-mail address or a word', () => {
    expect(activeMention('mail me@example.com', 19)).toBeUndefined();
    expect(activeMention('a@b', 3)).toBeUndefined();
  });

  it('ends at whitespace: after a space following the token nothing is being mentioned', () => {
    expect(activeMention('@src ', 5)).toBeUndefined();
    expect(activeMention('@src\nnext', 9)).toBeUndefined();
    expect(activeMention('no at sign', 5)).toBeUndefined();
    expect(activeMention('', 0)).toBeUndefined();
  });

  it('covers the rest of the token after the caret, so choosing replaces all of it', () => {
    expect(activeMention('see @comp.ts now', 7)).toEqual({ start: 4, end: 12, query: 'co' });
  });

  it('replaces the token with the chosen label and one space, caret after it', () => {
    expect(insertMention('see @co', { start: 4, end: 7, query: 'co' }, 'src/composer.ts')).toEqual({ text: 'see @src/composer.ts ', caret: 21 });
    expect(insertMention('@pro and more', { start: 0, end: 4, query: 'pro' }, 'problems')).toEqual({ text: '@problems and more', caret: 10 });
  });

  it('offers every special mention for a bare @, and only the matching ones after letters', () => {
    expect(matchSpecialMentions('').map((special) => special.name)).toEqual(['selection', 'problems', 'open-editors']);
    expect(matchSpecialMentions('prob').map((special) => special.name)).toEqual(['problems']);
    expect(matchSpecialMentions('open').map((special) => special.name)).toEqual(['open-editors']);
    expect(matchSpecialMentions('oe')[0]?.name).toBe('open-editors');
    expect(matchSpecialMentions('xyz')).toEqual([]);
  });
});
