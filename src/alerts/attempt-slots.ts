/**
 * Slots for the delivery loop's attempts in flight, in two lanes, so that receivers that hang cannot starve the
 * others however many they are (review D2: with one cap overall and two slots per endpoint, two hanging receivers
 * held all four slots and a healthy pager got two messages per 15 s timeout).
 *
 * - The responsive lane: at most `total` attempts, at most `perEndpoint` to one endpoint.
 * - The stalled lane: attempts in flight for `stallAfterMs` or longer leave the responsive lane for this one, and
 *   every attempt to a stalled endpoint (one with such an attempt in flight, or whose last answer was that slow or
 *   never came) starts here. At most `stalledTotal` attempts, and one per endpoint.
 *
 * A receiver that hangs so holds responsive slots for `stallAfterMs` at most, and once known to hang, none at all:
 * the responsive lane is the others' within `stallAfterMs` of the hang. Only when more attempts have stalled than
 * the stalled lane holds do the extra ones keep their responsive slots (the bound on sockets is `total +
 * stalledTotal`); a receiver known to hang never adds to them, so that lasts one deadline at most.
 */
export interface AttemptSlots {
  /** True when an attempt to `webhookId` may start now. */
  hasRoom(webhookId: number): boolean;
  /** True when no attempt to any endpoint may start now. */
  readonly full: boolean;
  /** True when only an endpoint known to stall may start an attempt now (the responsive lane is full). */
  readonly responsiveFull: boolean;
  /** Holds a slot of `webhookId` until `work` settles; `work` starts synchronously. Only after `hasRoom`. */
  hold<T>(webhookId: number, work: () => Promise<T>): Promise<T>;
  /** How the latest attempt to `webhookId` went: an answer slower than `stallAfterMs`, or none, marks it stalled. */
  noteAnswer(webhookId: number, stalled: boolean): void;
}

export interface AttemptSlotsOptions {
  /** Attempts in the responsive lane. */
  readonly total: number;
  /** Attempts to one responsive endpoint. */
  readonly perEndpoint: number;
  /** Attempts in the stalled lane (one per endpoint). */
  readonly stalledTotal: number;
  /** How long an attempt may last before it counts as stalled. */
  readonly stallAfterMs: number;
  readonly now: () => number;
}

/** Endpoints remembered as stalled; the memory starts over past this many (it is only a hint for the lanes). */
const MAX_REMEMBERED_STALLED = 4_096;

interface HeldSlot {
  readonly webhookId: number;
  readonly startedAt: number;
  /** Started in the stalled lane (its endpoint was stalled then). */
  readonly stalledFromStart: boolean;
}

export function createAttemptSlots(options: AttemptSlotsOptions): AttemptSlots {
  const held = new Set<HeldSlot>();
  const stalledEndpoints = new Set<number>();

  const isStalledSlot = (slot: HeldSlot, now: number): boolean =>
    slot.stalledFromStart || now - slot.startedAt >= options.stallAfterMs;

  /** The lanes now: in-flight counts are small (at most total + stalledTotal), so they are counted, not kept. */
  function lanes(): { responsive: number; stalled: number } {
    const now = options.now();
    let stalled = 0;
    for (const slot of held) if (isStalledSlot(slot, now)) stalled++;
    // Stalled attempts beyond the stalled lane's size keep the responsive slots they hold.
    const overflow = Math.max(0, stalled - options.stalledTotal);
    return { responsive: held.size - stalled + overflow, stalled };
  }

  function endpointState(webhookId: number): { count: number; stalled: boolean } {
    const now = options.now();
    let count = 0;
    let stalled = stalledEndpoints.has(webhookId);
    for (const slot of held) {
      if (slot.webhookId !== webhookId) continue;
      count++;
      if (isStalledSlot(slot, now)) stalled = true;
    }
    return { count, stalled };
  }

  function laneFor(webhookId: number): 'responsive' | 'stalled' | undefined {
    const endpoint = endpointState(webhookId);
    const used = lanes();
    if (endpoint.stalled) return endpoint.count === 0 && used.stalled < options.stalledTotal ? 'stalled' : undefined;
    return endpoint.count < options.perEndpoint && used.responsive < options.total ? 'responsive' : undefined;
  }

  return {
    hasRoom: (webhookId) => laneFor(webhookId) !== undefined,
    get full() {
      const used = lanes();
      return used.responsive >= options.total && used.stalled >= options.stalledTotal;
    },
    get responsiveFull() {
      return lanes().responsive >= options.total;
    },
    hold(webhookId, work) {
      const lane = laneFor(webhookId);
      if (lane === undefined) throw new TypeError(`no free attempt slot for webhook ${webhookId}`);
      const slot: HeldSlot = { webhookId, startedAt: options.now(), stalledFromStart: lane === 'stalled' };
      held.add(slot);
      try {
        return work().finally(() => held.delete(slot));
      } catch (error) {
        held.delete(slot);
        throw error;
      }
    },
    noteAnswer(webhookId, stalled) {
      if (!stalled) {
        stalledEndpoints.delete(webhookId);
        return;
      }
      if (stalledEndpoints.size >= MAX_REMEMBERED_STALLED) stalledEndpoints.clear();
      stalledEndpoints.add(webhookId);
    },
  };
}
