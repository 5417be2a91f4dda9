/**
 * The slots shared by the delivery loop's attempts (review D2): a responsive lane with a cap overall and a smaller
 * one per endpoint, and a lane of its own for attempts to receivers that hang.
 */
import { describe, expect, it } from 'vitest';
import { createAttemptSlots, type AttemptSlots } from '../../src/alerts/attempt-slots.js';

const STALL_MS = 5_000;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function slotsAt(
  total: number,
  perEndpoint: number,
  stalledTotal = 8,
): { slots: AttemptSlots; clock: { now: number } } {
  const clock = { now: 0 };
  const slots = createAttemptSlots({ total, perEndpoint, stalledTotal, stallAfterMs: STALL_MS, now: () => clock.now });
  return { slots, clock };
}

/** Starts an attempt that never settles. */
function hang(slots: AttemptSlots, webhookId: number): void {
  void slots.hold(webhookId, () => deferred().promise);
}

describe('createAttemptSlots', () => {
  it('lets one endpoint hold only its share while another still has room', async () => {
    const { slots } = slotsAt(4, 2);
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

  it('is full at the overall cap, whatever the endpoints, until attempts stall', () => {
    const { slots } = slotsAt(2, 2, 0);
    hang(slots, 1);
    hang(slots, 2);
    expect(slots.full).toBe(true);
    expect(slots.hasRoom(3)).toBe(false);
  });

  it('says when only the stalled lane has room, so the sender scans no deeper for the few endpoints that hang', () => {
    const { slots, clock } = slotsAt(2, 1);
    hang(slots, 1);
    hang(slots, 2);
    slots.noteAnswer(3, true);
    expect(slots.responsiveFull).toBe(true);
    expect(slots.full).toBe(false);
    expect(slots.hasRoom(3)).toBe(true);
    clock.now = STALL_MS;
    expect(slots.responsiveFull).toBe(false);
  });

  it('gives the slot back when the work fails, or throws before it starts', async () => {
    const { slots } = slotsAt(1, 1, 0);
    await expect(slots.hold(1, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(slots.full).toBe(false);
    expect(() =>
      slots.hold(1, () => {
        throw new Error('store closed');
      }),
    ).toThrow('store closed');
    expect(slots.full).toBe(false);
  });

  // Review D2: two hanging receivers held all four slots for as long as they hung.
  it('moves attempts in flight for the stall time out of the responsive lane, one per endpoint', () => {
    const { slots, clock } = slotsAt(4, 2);
    for (const endpoint of [1, 1, 2, 2]) hang(slots, endpoint);
    expect(slots.hasRoom(3)).toBe(false);

    clock.now = STALL_MS;
    expect(slots.hasRoom(3)).toBe(true);
    // The hanging endpoints are stalled: no further attempt while one is in flight.
    expect(slots.hasRoom(1)).toBe(false);
    expect(slots.hasRoom(2)).toBe(false);
  });

  it('keeps endpoints whose last answer stalled to the stalled lane, however many they are', () => {
    const { slots } = slotsAt(4, 2, 3);
    for (let endpoint = 1; endpoint <= 10; endpoint++) slots.noteAnswer(endpoint, true);
    for (let endpoint = 1; endpoint <= 10; endpoint++) if (slots.hasRoom(endpoint)) hang(slots, endpoint);
    expect(slots.hasRoom(4)).toBe(false);
    for (let other = 11; other <= 14; other++) {
      expect(slots.hasRoom(other)).toBe(true);
      hang(slots, other);
    }
    expect(slots.full).toBe(true);
  });

  it('forgets the stall at the next prompt answer', () => {
    const { slots } = slotsAt(4, 2, 1);
    slots.noteAnswer(2, true);
    hang(slots, 2);
    slots.noteAnswer(1, true);
    expect(slots.hasRoom(1)).toBe(false);
    slots.noteAnswer(1, false);
    expect(slots.hasRoom(1)).toBe(true);
  });
});
