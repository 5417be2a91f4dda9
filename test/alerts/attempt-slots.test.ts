/** The slots shared by the delivery loop's attempts: a cap overall and a smaller one per endpoint (review D2). */
import { describe, expect, it } from 'vitest';
import { createAttemptSlots } from '../../src/alerts/attempt-slots.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createAttemptSlots', () => {
  it('lets one endpoint hold only its share while another still has room', async () => {
    const slots = createAttemptSlots(4, 2);
    const held = [deferred(), deferred()];
    for (const d of held) void slots.hold(1, () => d.promise);
    expect(slots.hasRoom(1)).toBe(false);
    expect(slots.hasRoom(2)).toBe(true);
    expect(() => slots.hold(1, () => Promise.resolve())).toThrow(TypeError);

    held[0]!.resolve();
    await held[0]!.promise;
    await Promise.resolve();
    expect(slots.hasRoom(1)).toBe(true);
  });

  it('is full at the overall cap, whatever the endpoints', () => {
    const slots = createAttemptSlots(2, 2);
    void slots.hold(1, () => deferred().promise);
    void slots.hold(2, () => deferred().promise);
    expect(slots.full).toBe(true);
    expect(slots.hasRoom(3)).toBe(false);
  });

  it('gives the slot back when the work fails, or throws before it starts', async () => {
    const slots = createAttemptSlots(1, 1);
    await expect(slots.hold(1, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(slots.full).toBe(false);
    expect(() =>
      slots.hold(1, () => {
        throw new Error('store closed');
      }),
    ).toThrow('store closed');
    expect(slots.full).toBe(false);
  });
});
