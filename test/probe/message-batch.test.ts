import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createMessageBatch } from '../../src/probe/message-batch.js';

describe('createMessageBatch', () => {
  it('posts what one turn sent as one batch, in order, when the turn ends', async () => {
    const posted: (readonly number[])[] = [];
    const batch = createMessageBatch<number>((messages) => posted.push(messages));
    batch.send(1);
    batch.send(2);
    await Promise.resolve();
    batch.send(3);
    expect(posted).toEqual([]);
    await nextTurn();
    expect(posted).toEqual([[1, 2, 3]]);
    batch.send(4);
    await nextTurn();
    expect(posted).toEqual([[1, 2, 3], [4]]);
  });

  it('flush posts at once, and the end of the turn then posts nothing empty', async () => {
    const posted: (readonly string[])[] = [];
    const batch = createMessageBatch<string>((messages) => posted.push(messages));
    batch.send('closed');
    batch.flush();
    expect(posted).toEqual([['closed']]);
    await nextTurn();
    expect(posted).toEqual([['closed']]);
  });
});
