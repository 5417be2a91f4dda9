/**
 * Which alerts a poll's history produces: conformance events follow a rule (not a subject) starting and stopping
 * to fire, and silenced rules never alert, whichever event type speaks for them. Regression tests for review
 * findings D3, D4 and D5 (/tmp/s9/review/alerts.md).
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SilencedRule } from '../../src/history/types.js';
import {
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

function setup(silencedRules: SilencedRule[] = []): { t: TestStore; id: number } {
  const t = tempStore();
  stores.push(t);
  return { t, id: addProvider(t.store, { silencedRules }) };
}

function allEvents(t: TestStore, id: number): [string, unknown][] {
  return t.store.events
    .listEvents({ providerId: id, limit: 1000 })
    .map((e): [string, unknown] => [e.type, dataOf(e)['ruleId']]);
}

function conformanceEvents(t: TestStore, id: number, ruleId: string): [string, unknown][] {
  return allEvents(t, id).filter(([type, rule]) => type.startsWith('conformance.') && rule === ruleId);
}

const A = ecKey('a');
const B = ecKey('b');
const C = ecKey('c');

/** A per-key rule firing on each of `kids` (as a weak-key rule fires on every 2048-bit RSA key of a rotation). */
function perKey(value: { keys: Jwk[] }, kids: string[]): ReturnType<typeof report> {
  return report(value, {
    findings: kids.map((kid) =>
      finding('alg.legacy-strength', {
        severity: 'info',
        pointer: `/keys/${value.keys.findIndex((k) => k['kid'] === kid)}`,
        kid,
        thumbprint: `tp-${kid}`,
      }),
    ),
  });
}

describe('conformance events follow the rule, not the subject (D3)', () => {
  it('send nothing for a per-key rule that fires on the old and the new key throughout a rotation', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A), { report: perKey(jwks(A), ['a']) });
    poll(t.store, id, T0 + MINUTE, jwks(A), { report: perKey(jwks(A), ['a']) });
    for (const at of [2, 3])
      poll(t.store, id, T0 + at * MINUTE, jwks(A, B), { report: perKey(jwks(A, B), ['a', 'b']) });
    for (const at of [4, 5]) poll(t.store, id, T0 + at * MINUTE, jwks(B), { report: perKey(jwks(B), ['b']) });

    expect(allEvents(t, id).map(([type]) => type)).toContain('rotation.detected');
    expect(conformanceEvents(t, id, 'alg.legacy-strength')).toEqual([]);
    expect(
      t.store.history.listIncidents(id, { state: 'open' }).filter((i) => i.ruleId === 'alg.legacy-strength'),
    ).toMatchObject([{ kid: 'b' }]);
  });

  it('send conformance.resolved once the last open incident of the rule resolves, with that incident', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A, B));
    const failed = poll(t.store, id, T0 + MINUTE, jwks(A, B), { report: perKey(jwks(A, B), ['a', 'b']) });
    expect(failed.events.map((e) => [e.type, dataOf(e)['count']])).toEqual([['conformance.failed', 2]]);

    const partly = poll(t.store, id, T0 + 2 * MINUTE, jwks(A, B), { report: perKey(jwks(A, B), ['b']) });
    expect(partly.events).toEqual([]);

    const fixed = poll(t.store, id, T0 + 3 * MINUTE, jwks(A, B));
    expect(fixed.events).toHaveLength(1);
    expect(fixed.events[0]).toMatchObject({
      type: 'conformance.resolved',
      data: { ruleId: 'alg.legacy-strength', count: 1, findings: [{ kid: 'b' }] },
    });
  });

  it('send conformance.failed for a rule that stopped and fires again, and for another rule meanwhile', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A, B));
    poll(t.store, id, T0 + MINUTE, jwks(A, B), { report: perKey(jwks(A, B), ['a']) });
    poll(t.store, id, T0 + 2 * MINUTE, jwks(A, B));
    const again = poll(t.store, id, T0 + 3 * MINUTE, jwks(A, B), {
      report: report(jwks(A, B), {
        findings: [...perKey(jwks(A, B), ['b']).findings, finding('jwks.kid.unique', { pointer: '/keys' })],
      }),
    });
    expect(again.events.map((e) => [e.type, dataOf(e)['ruleId']])).toEqual([
      ['conformance.failed', 'alg.legacy-strength'],
      ['conformance.failed', 'jwks.kid.unique'],
    ]);
  });
});

describe('lifting a silence (D5)', () => {
  it('sends conformance.failed for a rule that is still firing, once', () => {
    const { t, id } = setup([{ ruleId: 'jwks.kid.unique', reason: 'migration' }]);
    const dup = jwks(A, { ...C, kid: 'a' });
    const firing = report(dup, { findings: [finding('jwks.kid.unique', { pointer: '/keys/1/kid' })] });
    poll(t.store, id, T0, dup, { report: firing });
    expect(poll(t.store, id, T0 + MINUTE, dup, { report: firing }).events).toEqual([]);

    t.store.providers.update(id, { silencedRules: [] }, T0 + 90_000);
    const lifted = poll(t.store, id, T0 + 2 * MINUTE, dup, { report: firing });
    expect(lifted.events).toHaveLength(1);
    expect(lifted.events[0]).toMatchObject({
      type: 'conformance.failed',
      data: { ruleId: 'jwks.kid.unique', count: 1, findings: [{ pointer: '/keys/1/kid' }] },
    });
    expect(lifted.status).toBe('failing');
    expect(poll(t.store, id, T0 + 3 * MINUTE, dup, { report: firing }).events).toEqual([]);
  });
});

describe('silenced rules never alert (D4)', () => {
  it('send no rotation.flapping while rotation.flapping is silenced', () => {
    const { t, id } = setup([{ ruleId: 'rotation.flapping', reason: 'two replicas' }]);
    poll(t.store, id, T0, jwks(A));
    for (let i = 1; i <= 6; i++) poll(t.store, id, T0 + i * MINUTE, i % 2 === 0 ? jwks(A) : jwks(A, B));
    expect(allEvents(t, id)).toEqual([]);
    expect(t.store.history.listIncidents(id, { state: 'open' })).toMatchObject([
      { ruleId: 'rotation.flapping', silenced: true },
    ]);
  });

  it('send no key.private_material for a symmetric secret while jwk.private.symmetric is silenced', () => {
    const { t, id } = setup([{ ruleId: 'jwk.private.symmetric', reason: 'lab' }]);
    const oct = { kty: 'oct', kid: 'hmac', k: randomBytes(32).toString('base64url'), alg: 'HS256' };
    poll(t.store, id, T0, jwks(A));
    const leak = poll(t.store, id, T0 + MINUTE, jwks(A, oct), {
      report: report(jwks(A, oct), {
        findings: [finding('jwk.private.symmetric', { pointer: '/keys/1', kid: 'hmac' })],
      }),
    });
    expect(leak.events).toEqual([]);
  });

  it('send no key.private_material for private key members while jwk.private.members is silenced', () => {
    const { t, id } = setup([{ ruleId: 'jwk.private.members', reason: 'test IdP' }]);
    const { privateJwk } = rsaKeyPair('leaky');
    const first = poll(t.store, id, T0, jwks(privateJwk, A));
    expect(first.events).toEqual([]);
  });

  it('still list the keys whose leak no silenced rule covers', () => {
    const { t, id } = setup([{ ruleId: 'jwk.private.symmetric', reason: 'lab' }]);
    const oct = { kty: 'oct', kid: 'hmac', k: randomBytes(32).toString('base64url'), alg: 'HS256' };
    const { privateJwk } = rsaKeyPair('leaky');
    const first = poll(t.store, id, T0, jwks(oct, privateJwk));
    expect(eventTypes(first)).toEqual(['key.private_material']);
    expect(first.events[0]?.data).toMatchObject({ count: 1, keys: [{ index: 1, kid: 'leaky' }] });
  });
});
