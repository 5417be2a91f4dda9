/**
 * Slots for the delivery loop's attempts in flight: at most `total` at once, and at most `perEndpoint` to one
 * endpoint. An attempt to a slow or blackholed receiver may last the whole timeout; without the second cap a few
 * such attempts held every slot and alerts to every other endpoint waited behind them (review D2).
 */
export interface AttemptSlots {
  /** True when an attempt to `webhookId` may start now. */
  hasRoom(webhookId: number): boolean;
  readonly full: boolean;
  /** Holds a slot of `webhookId` until `work` settles; `work` starts synchronously. Only after `hasRoom`. */
  hold<T>(webhookId: number, work: () => Promise<T>): Promise<T>;
}

export function createAttemptSlots(total: number, perEndpoint: number): AttemptSlots {
  let used = 0;
  const byEndpoint = new Map<number, number>();
  const hasRoom = (webhookId: number): boolean => used < total && (byEndpoint.get(webhookId) ?? 0) < perEndpoint;

  function release(webhookId: number): void {
    used--;
    const held = byEndpoint.get(webhookId) ?? 0;
    if (held <= 1) byEndpoint.delete(webhookId);
    else byEndpoint.set(webhookId, held - 1);
  }

  return {
    hasRoom,
    get full() {
      return used >= total;
    },
    hold(webhookId, work) {
      if (!hasRoom(webhookId)) throw new TypeError(`no free attempt slot for webhook ${webhookId}`);
      used++;
      byEndpoint.set(webhookId, (byEndpoint.get(webhookId) ?? 0) + 1);
      try {
        return work().finally(() => release(webhookId));
      } catch (error) {
        release(webhookId);
        throw error;
      }
    },
  };
}
