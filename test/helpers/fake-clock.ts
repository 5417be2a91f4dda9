import type { Clock, TimerHandle } from '../../src/scheduler/clock.js';

/** A clock that moves only when told; timers fire in due order during advance(). */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
  readonly timerCount: number;
}

export function fakeClock(start = Date.UTC(2026, 5, 1)): FakeClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: FakeClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++nextId;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(handle: TimerHandle) {
      timers.delete(handle.id);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let first: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers)
          if (entry[1].at <= until && (first === undefined || entry[1].at < first[1].at)) first = entry;
        if (first === undefined) break;
        timers.delete(first[0]);
        now = first[1].at;
        first[1].fn();
      }
      now = until;
    },
    set(ms) {
      now = ms;
    },
    get timerCount() {
      return timers.size;
    },
  };
  return clock;
}
