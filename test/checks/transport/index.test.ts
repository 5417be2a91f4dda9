import { describe, expect, it } from 'vitest';
import { transportRules } from '../../../src/checks/transport/index.js';

describe('transportRules', () => {
  it('holds every transport rule that judges a fetch once, all of scope transport', () => {
    expect(transportRules.map((rule) => rule.id).sort()).toEqual([
      'transport.body.size',
      'transport.cache-control',
      'transport.content-type.discovery',
      'transport.content-type.jwks',
      'transport.cors',
      'transport.https',
      'transport.latency',
      'transport.redirect',
      'transport.status',
      'transport.tls.certificate',
      'transport.tls.version',
    ]);
    expect(new Set(transportRules.map((rule) => rule.scope))).toEqual(new Set(['transport']));
  });
});
