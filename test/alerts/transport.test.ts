/** The webhook transport's own guards, before anything is sent. */
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../src/alerts/transport.js';

describe('createTransport', () => {
  it('rejects a timeout longer than a Node timer can wait, which would fire after 1 ms', () => {
    const options = { allowPrivateNetworks: false, userAgent: 'test' };
    expect(() => createTransport({ ...options, timeoutMs: 2 ** 31 })).toThrow(TypeError);
    expect(() => createTransport({ ...options, timeoutMs: 0 })).toThrow(TypeError);
  });
});
