import { describe, expect, it } from 'vitest';
import { packBytes } from '../../src/jwks/pack.js';

describe('packBytes', () => {
  it('copies the parts, in order, into one buffer of their exact total size', () => {
    const parts = [Buffer.from('AQAB', 'base64url'), new Uint8Array(), Uint8Array.of(7, 8)];
    const views = packBytes(parts);
    expect(views.map((v) => [...v])).toEqual([[1, 0, 1], [], [7, 8]]);
    expect(new Set(views.map((v) => v.buffer)).size).toBe(1);
    expect(views[0]?.buffer.byteLength).toBe(5);
  });

  it('does not share memory with its inputs', () => {
    const part = Uint8Array.of(1, 2, 3);
    const [copy] = packBytes([part]);
    part[0] = 9;
    expect(copy?.[0]).toBe(1);
  });
});
