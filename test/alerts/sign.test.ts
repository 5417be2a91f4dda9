/** Standard Webhooks v1 signing against the spec's test vector and the official library. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, isSecret, sign, signatureHeader, webhookHeaders } from '../../src/alerts/sign.js';

// The spec's vector (JS library tests, re-verified in shared/research/monitoring-anchors.md §5).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
} as const;

describe('sign', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('keys the HMAC with the base64-decoded secret, not the literal string', () => {
    const literal = sign(
      `whsec_${Buffer.from(VECTOR.secret).toString('base64')}`,
      VECTOR.id,
      VECTOR.timestamp,
      VECTOR.body,
    );
    expect(literal).not.toBe(VECTOR.signature);
  });

  it('agrees with the official library for a generated secret', () => {
    const secret = generateSecret();
    const at = new Date(1_800_000_000_000);
    expect(sign(secret, 'msg_abc', at.getTime() / 1000, '{"a":1}')).toBe(
      new Webhook(secret).sign('msg_abc', at, '{"a":1}'),
    );
  });

  it('refuses a webhook-id containing a dot', () => {
    expect(() => sign(VECTOR.secret, 'msg.1', VECTOR.timestamp, VECTOR.body)).toThrow(TypeError);
  });
});

describe('signatureHeader', () => {
  it('sends one space-separated v1 entry per secret, current first', () => {
    const other = generateSecret();
    const header = signatureHeader([VECTOR.secret, other], VECTOR.id, VECTOR.timestamp, VECTOR.body);
    const entries = header.split(' ');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toBe(VECTOR.signature);
    expect(entries[1]).toBe(sign(other, VECTOR.id, VECTOR.timestamp, VECTOR.body));
  });

  it('builds headers that the official library verifies with either secret', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([current, previous], 'msg_rot', now, '{"type":"x"}');
    expect(new Webhook(current).verify('{"type":"x"}', headers)).toEqual({ type: 'x' });
    expect(new Webhook(previous).verify('{"type":"x"}', headers)).toEqual({ type: 'x' });
    expect(() => new Webhook(generateSecret()).verify('{"type":"x"}', headers)).toThrow();
  });
});

describe('generateSecret', () => {
  it('makes whsec_ plus base64 of 32 random bytes, different every time', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isSecret(a)).toBe(true);
  });

  it('recognises the test vector secret and rejects malformed ones', () => {
    expect(isSecret(VECTOR.secret)).toBe(true);
    expect(isSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(isSecret('whsec_short')).toBe(false);
    expect(isSecret('whsec_!!!!')).toBe(false);
  });
});
