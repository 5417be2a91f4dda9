// The dashboard's one-line descriptions of grouped key events (a rotation of many keys is one event per kind, with
// the first keys listed and a count): they must say how many, not read as one key.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the dashboard is plain JavaScript, served as it is
import { describeEvent } from '../../dashboard/js/components/events.js';

const describe1 = describeEvent as (event: { type: string; data: unknown }) => string;

describe('dashboard event descriptions', () => {
  it('say how many keys a grouped key event covers, naming the first ones', () => {
    const keys = [{ kid: 'k0' }, { kid: 'k1' }];
    expect(describe1({ type: 'key.added', data: { key: keys[0], keys, count: 60 } })).toBe(
      '60 keys were published: "k0", "k1" and 58 more.',
    );
    expect(describe1({ type: 'key.removed', data: { key: keys[0], keys, count: 2 } })).toBe(
      '2 keys are no longer published: "k0", "k1".',
    );
    expect(describe1({ type: 'key.changed', data: { changes: [{ kid: 'a' }], count: 4 } })).toBe(
      '4 kids now name different key material: "a" and 3 more.',
    );
  });

  it('still describe a single key event by its key', () => {
    expect(describe1({ type: 'key.added', data: { key: { kid: 'k0', alg: 'RS256' } } })).toBe(
      'Key "k0" was published (RS256).',
    );
  });
});
