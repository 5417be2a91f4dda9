/**
 * Alert hygiene, end to end from recorded polls (src/history/record-poll.ts) to the receiver: one alert per change,
 * not per poll; nothing for a first poll; silenced rules stay quiet; a leak alert names members, never values.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PRIVATE_MEMBERS } from '../../src/jwks/types.js';
import { MINUTE, T0, ecKey, finding, jwks, poll, report, rsaKeyPair, type Jwk } from '../history/helpers.js';
import { harness, type AlertsHarness } from './helpers.js';

const harnesses: AlertsHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.cleanup();
});

async function setup(): Promise<AlertsHarness> {
  const h = await harness();
  harnesses.push(h);
  h.alerts.webhooks.create({ url: h.receiver.url() });
  return h;
}

function types(h: AlertsHarness): string[] {
  return h.receiver.messages.map((m) => m.type);
}

/** Every private value of `jwk`, as served (base64url text) and decoded. */
function secretsOf(jwk: Jwk): Buffer[] {
  const secrets: Buffer[] = [];
  for (const member of PRIVATE_MEMBERS) {
    const value = jwk[member];
    if (typeof value === 'string') secrets.push(Buffer.from(value, 'utf8'), Buffer.from(value, 'base64url'));
  }
  return secrets;
}

describe('alert hygiene', () => {
  it('sends one rotation.flapping for replicas out of sync, not a storm', async () => {
    const h = await setup();
    const [a, b] = [ecKey('a'), ecKey('b')];
    poll(h.store, h.providerId, T0, jwks(a));
    // Two replicas answer in turn for 40 minutes; the outbox is drained after every poll.
    for (let i = 1; i <= 40; i++) {
      poll(h.store, h.providerId, T0 + i * MINUTE, i % 2 === 0 ? jwks(a) : jwks(a, b));
      h.clock.advance(MINUTE);
      await h.alerts.runDue();
    }
    expect(types(h).filter((t) => t === 'rotation.flapping')).toHaveLength(1);
    expect(types(h)).not.toContain('rotation.detected');
    expect(types(h)).not.toContain('key.added');
    expect(h.receiver.messages.length).toBeLessThanOrEqual(2); // the event, and its conformance finding
  });

  it('sends nothing for a provider first poll, even one with findings', async () => {
    const h = await setup();
    const value = jwks(ecKey('a'));
    poll(h.store, h.providerId, T0, value, { report: report(value, { findings: [finding('jwks.kid.unique')] }) });
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(0);
  });

  it('sends one provider.down until the provider recovers', async () => {
    const h = await setup();
    for (let i = 0; i < 10; i++)
      poll(h.store, h.providerId, T0 + i * MINUTE, undefined, { outcome: 'FETCH_CONNECT', errorMessage: 'refused' });
    await h.alerts.runDue();
    expect(types(h)).toEqual(['provider.down']);
  });

  it('never alerts on a silenced rule, also when it is silenced after the poll', async () => {
    const h = await setup();
    h.store.providers.update(h.providerId, { silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'known' }] }, T0);
    const value = jwks(ecKey('a'));
    poll(h.store, h.providerId, T0, value);
    poll(h.store, h.providerId, T0 + MINUTE, value, {
      report: report(value, { findings: [finding('jwks.kid.required'), finding('jwks.kid.unique')] }),
    });
    await h.alerts.runDue();
    expect(h.receiver.messages.map((m) => [m.type, m.data['ruleId']])).toEqual([
      ['conformance.failed', 'jwks.kid.unique'],
    ]);

    // A rule silenced between the poll that found it and the dispatch stays quiet too.
    poll(h.store, h.providerId, T0 + 2 * MINUTE, value, {
      report: report(value, { findings: [finding('jwks.kid.unique'), finding('jwks.alg.present')] }),
    });
    h.store.providers.update(
      h.providerId,
      {
        silencedRules: [
          { ruleId: 'jwks.kid.required', reason: 'known' },
          { ruleId: 'jwks.alg.present', reason: 'later' },
        ],
      },
      T0,
    );
    const recorded = h.store.events.listEvents({ type: 'conformance.failed' }).map((e) => e.data);
    expect(recorded).toContainEqual(expect.objectContaining({ ruleId: 'jwks.alg.present' }));
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(1);
  });

  it('sends a leak alert naming the key index, kid and members, and no byte of any secret', async () => {
    const h = await setup();
    const { publicJwk, privateJwk } = rsaKeyPair('signing-2026');
    const other = ecKey('other');
    const secrets = secretsOf(privateJwk);
    expect(secrets).toHaveLength(12);

    poll(h.store, h.providerId, T0, jwks(publicJwk, other));
    const leaking = jwks(privateJwk, other);
    // A careless finding that quotes the secret: the recorder scrubs it before it becomes an event.
    const careless = finding('jwk.private.members', {
      pointer: '/keys/0/d',
      kid: 'signing-2026',
      message: `d is ${String(privateJwk['d'])}`,
      actual: String(privateJwk['p']),
    });
    for (let i = 1; i <= 3; i++)
      poll(h.store, h.providerId, T0 + i * MINUTE, leaking, { report: report(leaking, { findings: [careless] }) });
    await h.alerts.runDue();

    const leak = h.receiver.messages.find((m) => m.type === 'key.private_material');
    expect(leak?.data).toMatchObject({
      count: 1,
      keys: [{ index: 0, kid: 'signing-2026', members: expect.arrayContaining(['d', 'p', 'q', 'dp', 'dq', 'qi']) }],
    });
    expect(types(h).filter((t) => t === 'key.private_material')).toHaveLength(1);
    expect(h.receiver.messages.length).toBeGreaterThan(1);
    for (const message of h.receiver.messages)
      for (const secret of secrets) expect(message.raw.includes(secret)).toBe(false);
  });
});
