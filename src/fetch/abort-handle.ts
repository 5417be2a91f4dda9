/**
 * A cheap abort handle: an EventEmitter is far cheaper to make than an AbortController, which every fetch (for its
 * timeouts) and every poll in a worker would otherwise need, though few are ever aborted. It is what exchange.ts
 * listens to, and a CallerSignal a fetch can be given.
 */
import { EventEmitter } from 'node:events';
import type { CallerSignal } from './types.js';

export class AbortHandle extends EventEmitter implements CallerSignal {
  aborted = false;
  reason: Error | undefined;

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** Every listener is called once: an abort comes once. */
  addEventListener(_type: 'abort', listener: () => void, _options?: { once: true }): void {
    this.once('abort', listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.off('abort', listener);
  }
}
