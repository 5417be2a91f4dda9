/**
 * A provider that publishes private key material: the recorder alerts at once and stores nothing of the secret.
 * The raw database file and its write-ahead log are searched byte by byte for the secret values (as served, in
 * base64url, and decoded).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PRIVATE_MEMBERS } from '../../src/jwks/types.js';
import {
  HOUR,
  MINUTE,
  T0,
  addProvider,
  dataOf,
  ecKey,
  eventTypes,
  finding,
  jwks,
  poll,
  report,
  rsaKeyPair,
  tempStore,
  type Jwk,
  type TestStore,
} from './helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

/** Every secret string in `jwk`, and its base64url-decoded bytes. */
function secretsOf(jwk: Jwk): Buffer[] {
  const secrets: Buffer[] = [];
  for (const member of PRIVATE_MEMBERS) {
    const value = jwk[member];
    if (typeof value !== 'string') continue;
    secrets.push(Buffer.from(value, 'utf8'), Buffer.from(value, 'base64url'));
  }
  return secrets;
}

function databaseBytes(path: string): { file: Buffer; wal: Buffer } {
  return {
    file: readFileSync(path),
    wal: existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0),
  };
}

function leakFindings(index: number, kid: string): ReturnType<typeof finding>[] {
  // As the engine reports a leak: member names, never values.
  return [
    finding('jwk.private.members', {
      pointer: `/keys/${index}`,
      kid,
      message: `key "${kid}" carries private members d, p, q, dp, dq, qi`,
    }),
  ];
}

describe('a leaking JWKS', () => {
  it('alerts on first sight, resolves when fixed, and never stores the secret (database file and WAL)', () => {
    const t = tempStore();
    stores.push(t);
    const s = t.store;
    const id = addProvider(s);
    const { publicJwk, privateJwk } = rsaKeyPair('signing-2026');
    const other = ecKey('other');
    const secrets = secretsOf(privateJwk);
    expect(secrets.length).toBe(12);

    poll(s, id, T0, jwks(publicJwk, other));
    const leaking = jwks(privateJwk, other);
    // A careless rule message that quotes the secret must be scrubbed too.
    const careless = finding('jwk.private.members', {
      pointer: '/keys/0/d',
      message: `d is ${String(privateJwk['d'])}`,
      actual: String(privateJwk['p']),
    });
    const leak = poll(s, id, T0 + MINUTE, leaking, {
      report: report(leaking, { findings: [...leakFindings(0, 'signing-2026'), careless] }),
    });
    expect(eventTypes(leak)).toEqual(['key.private_material', 'conformance.failed']);
    expect(leak.events[0]?.data).toMatchObject({
      count: 1,
      keys: [{ index: 0, kid: 'signing-2026', members: ['d', 'p', 'q', 'dp', 'dq', 'qi'] }],
    });
    expect(leak.status).toBe('failing');

    // Still leaking: one incident, no new alert.
    expect(
      poll(s, id, T0 + 2 * MINUTE, leaking, {
        report: report(leaking, { findings: leakFindings(0, 'signing-2026') }),
      }).events.map((e) => e.type),
    ).not.toContain('key.private_material');

    // Fixed: the set went back to the content confirmed before the leak. That is a rollback, not replicas out of
    // sync, so the leak's incident resolves at once, and the rollback is confirmed like any change.
    const fixed = poll(s, id, T0 + 3 * MINUTE, jwks(publicJwk, other));
    expect(fixed.events.map((e) => [e.type, dataOf(e)['ruleId']])).toEqual([
      ['conformance.resolved', 'jwk.private.members'],
    ]);
    expect(eventTypes(poll(s, id, T0 + 3 * MINUTE + HOUR, jwks(publicJwk, other)))).toEqual([]);
    expect(s.history.listIncidents(id, { state: 'open' })).toEqual([]);

    // The redacted snapshot keeps a fingerprint marker in place of each secret.
    const leakySnapshot = s.history.listHistory(id).find((h) => h.firstSeenAt === T0 + MINUTE);
    const stored = s.history.getSnapshot(leakySnapshot?.snapshotId ?? -1);
    expect(JSON.stringify(stored?.document)).toMatch(/"d":"\[redacted sha256:[0-9a-f]{12}\]"/);
    expect(stored?.privateMemberCount).toBe(6);

    const { file, wal } = databaseBytes(t.path);
    expect(wal.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(file.includes(secret)).toBe(false);
      expect(wal.includes(secret)).toBe(false);
    }
    // After a checkpoint and close, the main file alone holds everything: still no secret.
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    const closed = readFileSync(t.path);
    for (const secret of secrets) expect(closed.includes(secret)).toBe(false);
  });

  it('does not alert again for a leak that comes back within the flap window, but does for another key leaking', () => {
    const t = tempStore();
    stores.push(t);
    const s = t.store;
    const id = addProvider(s);
    const { publicJwk, privateJwk } = rsaKeyPair('signing-2026');
    const second = rsaKeyPair('signing-2027');
    const other = ecKey('other');
    const leaking = jwks(privateJwk, other);
    const leakReport = { report: report(leaking, { findings: leakFindings(0, 'signing-2026') }) };
    poll(s, id, T0, jwks(publicJwk, other));
    expect(eventTypes(poll(s, id, T0 + MINUTE, leaking, leakReport))).toContain('key.private_material');
    poll(s, id, T0 + 2 * MINUTE, jwks(publicJwk, other));
    // Replicas alternating between a leaking and a clean set: the leak is known from the window, not new.
    const back = poll(s, id, T0 + 3 * MINUTE, leaking, leakReport);
    expect(eventTypes(back)).not.toContain('key.private_material');
    // A second key leaking is news, even while the first one's leak is known.
    const both = jwks(privateJwk, second.privateJwk);
    const again = poll(s, id, T0 + 4 * MINUTE, both, {
      report: report(both, { findings: [...leakFindings(0, 'signing-2026'), ...leakFindings(1, 'signing-2027')] }),
    });
    expect(eventTypes(again)).toContain('key.private_material');
    expect(again.events.find((e) => e.type === 'key.private_material')?.data).toMatchObject({
      count: 1,
      keys: [{ index: 1, kid: 'signing-2027' }],
    });
  });

  it('alerts on the very first poll of a provider that leaks a symmetric key', () => {
    const t = tempStore();
    stores.push(t);
    const id = addProvider(t.store);
    const k = randomBytes(32).toString('base64url');
    const oct = { kty: 'oct', kid: 'hmac', k, alg: 'HS256' };
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const value = jwks(oct, { ...publicKey.export({ format: 'jwk' }), kid: 'ec' });
    const first = poll(t.store, id, T0, value, {
      report: report(value, { findings: [finding('jwk.private.symmetric', { pointer: '/keys/0', kid: 'hmac' })] }),
    });
    expect(eventTypes(first)).toEqual(['key.private_material']);
    const { file, wal } = databaseBytes(t.path);
    for (const secret of [Buffer.from(k), Buffer.from(k, 'base64url')]) {
      expect(file.includes(secret)).toBe(false);
      expect(wal.includes(secret)).toBe(false);
    }
  });
});
