import { describe, expect, it } from 'vitest';
import { AbortHandle } from '../../src/fetch/abort-handle.js';

describe('AbortHandle as a fetch caller signal', () => {
  it('calls each listener once, with the reason set, and not a removed one', () => {
    const handle = new AbortHandle();
    const heard: string[] = [];
    const kept = (): void => void heard.push(`kept:${handle.reason?.message}`);
    const removed = (): void => void heard.push('removed');
    handle.addEventListener('abort', kept, { once: true });
    handle.addEventListener('abort', removed, { once: true });
    handle.removeEventListener('abort', removed);
    expect(handle.aborted).toBe(false);
    handle.abort(new Error('stopping'));
    handle.abort(new Error('again'));
    expect(handle.aborted).toBe(true);
    expect(heard).toEqual(['kept:stopping']);
    expect(handle.listenerCount('abort')).toBe(0);
  });
});
