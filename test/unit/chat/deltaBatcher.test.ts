import { describe, expect, it } from 'vitest';
import { DeltaBatcher, type BatchScheduler, type TurnDeltaBatch } from '../../../src/common/chat/deltaBatcher';

function manualScheduler() {
  const timers: (() => void)[] = [];
  const scheduler: BatchScheduler = {
    setTimeout: (callback) => {
      timers.push(callback);
      return timers.length;
    },
    clearTimeout: (handle) => {
      timers[(handle as number) - 1] = () => {};
    },
  };
  return { scheduler, tick: () => timers.splice(0).forEach((run) => run()) };
}

describe('streamed text batching', () => {
  it('posts on time during a burst of deltas that keeps the timer from firing', () => {
    const posts: TurnDeltaBatch[] = [];
    let clock = 0;
    const { scheduler } = manualScheduler();
    const batcher = new DeltaBatcher((batch) => posts.push(batch), 16, { ...scheduler, now: () => clock });
    for (let delta = 0; delta < 40; delta++) {
      batcher.add('t1', 'answer', 'x');
      clock += 1;
    }
    expect(posts.map((post) => post.answer?.length)).toEqual([17, 17]);
  });


  it('posts at most one message per turn per interval with only the new text', () => {
    const posts: TurnDeltaBatch[] = [];
    const { scheduler, tick } = manualScheduler();
    const batcher = new DeltaBatcher((batch) => posts.push(batch), 16, scheduler);
    for (const token of ['Hel', 'lo', ' wor', 'ld']) batcher.add('t1', 'answer', token);
    batcher.add('t1', 'reasoning', 'why');
    expect(posts).toEqual([]);
    tick();
    expect(posts).toEqual([{ turnId: 't1', answer: 'Hello world', reasoning: 'why' }]);
    batcher.add('t1', 'answer', '!');
    tick();
    expect(posts[1]).toEqual({ turnId: 't1', answer: '!' });
  });

  it('flushes pending text at once so a turn end never overtakes its text', () => {
    const posts: TurnDeltaBatch[] = [];
    const { scheduler, tick } = manualScheduler();
    const batcher = new DeltaBatcher((batch) => posts.push(batch), 16, scheduler);
    batcher.add('t1', 'answer', 'tail');
    batcher.flush();
    expect(posts).toEqual([{ turnId: 't1', answer: 'tail' }]);
    tick();
    expect(posts).toHaveLength(1);
  });

  it('drops pending text when it is sent as part of a snapshot, and ignores empty deltas', () => {
    const posts: TurnDeltaBatch[] = [];
    const { scheduler, tick } = manualScheduler();
    const batcher = new DeltaBatcher((batch) => posts.push(batch), 16, scheduler);
    batcher.add('t1', 'answer', '');
    batcher.add('t1', 'answer', 'x');
    batcher.discard();
    tick();
    batcher.flush();
    expect(posts).toEqual([]);
  });
});
