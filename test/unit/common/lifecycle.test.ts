import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/common/describeError';
import { Disposable, disposeAll, toDisposal, type Disposal } from '../../../src/common/lifecycle';

class Owner extends Disposable {
  add<T extends Disposal>(disposal: T): T {
    return this.register(disposal);
  }
  get closed(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable', () => {
  it('releases everything it registered, newest first, exactly once', () => {
    const released: string[] = [];
    const owner = new Owner();
    owner.add(toDisposal(() => released.push('first')));
    owner.add(toDisposal(() => released.push('second')));
    owner.dispose();
    owner.dispose();
    expect(released).toEqual(['second', 'first']);
    expect(owner.closed).toBe(true);
  });

  it('returns what it registers, so a field can be created and registered in one line', () => {
    const owner = new Owner();
    const child = toDisposal(() => undefined);
    expect(owner.add(child)).toBe(child);
  });

  it('disposes at once what is registered after it was disposed', () => {
    const owner = new Owner();
    owner.dispose();
    let released = false;
    owner.add(toDisposal(() => (released = true)));
    expect(released).toBe(true);
  });

  it('still releases the rest when one disposal throws, then reports the first error', () => {
    const released: string[] = [];
    const owner = new Owner();
    owner.add(toDisposal(() => released.push('a')));
    owner.add(toDisposal(() => { throw new Error('boom'); }));
    owner.add(toDisposal(() => released.push('c')));
    expect(() => owner.dispose()).toThrow('boom');
    expect(released).toEqual(['c', 'a']);
  });
});

describe('disposeAll', () => {
  it('disposes each item even when an earlier one throws', () => {
    const released: number[] = [];
    const failing: Disposal = { dispose: () => { throw new Error('first failure'); } };
    expect(() => disposeAll([failing, toDisposal(() => released.push(2))])).toThrow('first failure');
    expect(released).toEqual([2]);
  });
});

describe('describeError', () => {
  it('gives the message of an Error and the text of anything else thrown', () => {
    expect(describeError(new TypeError('bad input'))).toBe('bad input');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(42)).toBe('42');
    expect(describeError(undefined)).toBe('undefined');
  });
});
