/** Payload shape and routing: which endpoints an event goes to, and what it looks like on the wire. */
import { describe, expect, it } from 'vitest';
import { eventBody, MAX_PAYLOAD_BYTES, testBody } from '../../src/alerts/payload.js';
import { isSilenced, isSubscribed, type Subscription } from '../../src/alerts/routing.js';

const provider = { id: 7, name: 'idp', url: 'https://idp.test/jwks' };
const event = {
  id: 42,
  type: 'key.added',
  providerId: 7,
  createdAt: Date.UTC(2026, 5, 1),
  data: { provider, key: { kid: 'a' } },
};
const all: Subscription = { eventTypes: [], providerIds: [], tags: [], sinceEventId: 0 };
const facts = { tags: ['prod'], silencedRuleIds: new Set(['jwks.kid.required']) };

describe('eventBody', () => {
  it('wraps the event data as {type, timestamp, data} with the event id', () => {
    expect(JSON.parse(eventBody(event))).toEqual({
      type: 'key.added',
      timestamp: '2026-06-01T00:00:00.000Z',
      data: { provider, key: { kid: 'a' }, eventId: 42 },
    });
  });

  it('links to the provider in the dashboard when PUBLIC_URL is set', () => {
    const body: unknown = JSON.parse(eventBody(event, { publicUrl: 'https://monitor.example/' }));
    expect(body).toMatchObject({
      data: { provider: { ...provider, dashboardUrl: 'https://monitor.example/#/providers/7' } },
    });
  });

  it('sends a thin payload when an event would exceed 20 KB', () => {
    const big = { ...event, data: { provider, blob: 'x'.repeat(MAX_PAYLOAD_BYTES) } };
    const body = eventBody(big);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(JSON.parse(body)).toEqual({
      type: 'key.added',
      timestamp: '2026-06-01T00:00:00.000Z',
      data: { provider, eventId: 42, truncated: true },
    });
  });

  it('makes a webhook.test body', () => {
    expect(JSON.parse(testBody(3, Date.UTC(2026, 5, 1)))).toMatchObject({
      type: 'webhook.test',
      data: { webhook: { id: 3 } },
    });
  });
});

describe('isSubscribed', () => {
  it('delivers everything to an endpoint with no filters', () => {
    expect(isSubscribed(all, event, facts)).toBe(true);
  });

  it('filters by event type', () => {
    expect(isSubscribed({ ...all, eventTypes: ['key.removed'] }, event, facts)).toBe(false);
    expect(isSubscribed({ ...all, eventTypes: ['key.added'] }, event, facts)).toBe(true);
  });

  it('filters by provider id or tag', () => {
    expect(isSubscribed({ ...all, providerIds: [8] }, event, facts)).toBe(false);
    expect(isSubscribed({ ...all, providerIds: [7] }, event, facts)).toBe(true);
    expect(isSubscribed({ ...all, tags: ['staging'] }, event, facts)).toBe(false);
    expect(isSubscribed({ ...all, providerIds: [8], tags: ['prod'] }, event, facts)).toBe(true);
  });

  it('matches a deleted provider by the id its payload names', () => {
    expect(isSubscribed({ ...all, providerIds: [7] }, { ...event, providerId: undefined }, undefined)).toBe(true);
  });

  it('skips events older than the endpoint', () => {
    expect(isSubscribed({ ...all, sinceEventId: 42 }, event, facts)).toBe(false);
  });
});

describe('isSilenced', () => {
  it('silences conformance events of a silenced rule only', () => {
    const failed = { ...event, type: 'conformance.failed', data: { provider, ruleId: 'jwks.kid.required' } };
    expect(isSilenced(failed, facts)).toBe(true);
    expect(isSilenced({ ...failed, data: { provider, ruleId: 'jwks.kid.unique' } }, facts)).toBe(false);
    expect(isSilenced(event, facts)).toBe(false);
  });
});

describe('isSilenced for events that speak for a rule (D4)', () => {
  const silencing = (...ruleIds: string[]) => ({ tags: [], silencedRuleIds: new Set(ruleIds) });
  const flapping = {
    ...event,
    type: 'rotation.flapping',
    data: { provider, since: '2026-06-01T00:00:00.000Z', contents: 2 },
  };
  const leak = (members: string[][], count = members.length) => ({
    ...event,
    type: 'key.private_material',
    data: { provider, count, keys: members.map((m, index) => ({ index, members: m })) },
  });

  it('silences rotation.flapping with its rule', () => {
    expect(isSilenced(flapping, silencing('rotation.flapping'))).toBe(true);
    expect(isSilenced(flapping, silencing('rotation.too-fast'))).toBe(false);
  });

  it('silences a leak of "k" alone with jwk.private.symmetric, and any other member with jwk.private.members', () => {
    expect(isSilenced(leak([['k']]), silencing('jwk.private.symmetric'))).toBe(true);
    expect(isSilenced(leak([['K']]), silencing('jwk.private.symmetric'))).toBe(true);
    expect(isSilenced(leak([['d', 'p']]), silencing('jwk.private.symmetric'))).toBe(false);
    expect(isSilenced(leak([['D', 'x5c/0', 'private_key']]), silencing('jwk.private.members'))).toBe(true);
    expect(isSilenced(leak([['k']]), silencing('jwk.private.members'))).toBe(false);
  });

  it('sends a leak on while one listed key, or a key left out of the list, is not covered', () => {
    const both = silencing('jwk.private.symmetric', 'jwk.private.members');
    expect(isSilenced(leak([['k'], ['d']]), silencing('jwk.private.symmetric'))).toBe(false);
    expect(isSilenced(leak([['k'], ['d']]), both)).toBe(true);
    expect(isSilenced(leak([['k']], 11), both)).toBe(false);
  });
});
