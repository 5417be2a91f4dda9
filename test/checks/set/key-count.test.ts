import { describe, expect, it } from 'vitest';
import { jwksKeyCount } from '../../../src/checks/set/key-count.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk, severities } from '../alg/fixtures.js';

/** `count` distinct-looking key objects; the rule only counts them, so one key reused with new kids suffices. */
function keys(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => jwk('p256', { kid: `k${i}` }));
}

describe('jwks.key-count', () => {
  it('passes a set within the default thresholds', () => {
    expect(evaluate(jwksKeyCount, setInput(keys(3)))).toEqual([]);
  });

  it('warns above keyCountWarnAbove', () => {
    expect(evaluate(jwksKeyCount, setInput(keys(11)))).toEqual([
      { ruleId: 'jwks.key-count', severity: 'warning', pointer: '/keys' },
    ]);
  });

  it('errors above keyCountErrorAbove', () => {
    expect(
      severities(jwksKeyCount, setInput(keys(5), { options: { keyCountWarnAbove: 2, keyCountErrorAbove: 4 } })),
    ).toEqual(['error']);
  });

  it('errors below a configured minimum', () => {
    expect(severities(jwksKeyCount, setInput(keys(1), { options: { minKeys: 2 } }))).toEqual(['error']);
    expect(evaluate(jwksKeyCount, setInput(keys(2), { options: { minKeys: 2 } }))).toEqual([]);
  });

  it('uses a configured maximum instead of the default thresholds', () => {
    expect(severities(jwksKeyCount, setInput(keys(4), { options: { maxKeys: 3 } }))).toEqual(['error']);
    expect(evaluate(jwksKeyCount, setInput(keys(12), { options: { maxKeys: 20 } }))).toEqual([]);
  });

  it('counts only key objects', () => {
    expect(severities(jwksKeyCount, setInput([...keys(1), 'x', null], { options: { minKeys: 2 } }))).toEqual(['error']);
  });

  it('is skipped for an empty set (jwks.doc.empty reports it)', () => {
    expect(evaluate(jwksKeyCount, setInput([], { options: { minKeys: 1 } }))).toBe('skip');
  });
});
