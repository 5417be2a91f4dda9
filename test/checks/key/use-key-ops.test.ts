import { describe, expect, it } from 'vitest';
import { loadRfcFixture } from '../../jwks/rfc-fixtures.js';
import { evaluate } from './evaluate.js';

const rsa = (members: Record<string, unknown> = {}): Record<string, unknown> => {
  const { use: _use, ...jwk } = loadRfcFixture('rfc7520-3.3-rsa-public.json');
  return { ...jwk, ...members };
};

describe('jwk.use.value', () => {
  it('passes sig and enc, and is skipped without use', () => {
    expect(evaluate(rsa({ use: 'sig' })).of('jwk.use.value')).toEqual([]);
    expect(evaluate(rsa({ use: 'enc' })).of('jwk.use.value')).toEqual([]);
    expect(evaluate(rsa()).skipped).toContain('jwk.use.value');
  });

  it('warns about any other value', () => {
    expect(evaluate(rsa({ use: 'signature' })).of('jwk.use.value')).toMatchObject([
      { severity: 'warning', pointer: '/keys/0/use', actual: 'signature' },
    ]);
    expect(evaluate(rsa({ use: 'SIG' })).of('jwk.use.value')).toHaveLength(1);
  });
});

describe('jwk.key_ops.valid', () => {
  it('passes unique registered operations, and is skipped without key_ops', () => {
    expect(evaluate(rsa({ key_ops: ['verify'] })).of('jwk.key_ops.valid')).toEqual([]);
    expect(evaluate(rsa()).skipped).toContain('jwk.key_ops.valid');
  });

  it('flags a duplicated operation as an error', () => {
    expect(evaluate(rsa({ key_ops: ['verify', 'verify'] })).of('jwk.key_ops.valid')).toMatchObject([
      { severity: 'error', pointer: '/keys/0/key_ops/1' },
    ]);
  });

  it('warns about an unregistered operation', () => {
    expect(evaluate(rsa({ key_ops: ['verify', 'Verify'] })).of('jwk.key_ops.valid')).toMatchObject([
      { severity: 'warning', pointer: '/keys/0/key_ops/1', actual: 'Verify' },
    ]);
  });
});

describe('jwk.key_ops.combination', () => {
  it('passes public operations alone', () => {
    for (const ops of [['verify'], ['encrypt'], ['wrapKey'], ['deriveKey']]) {
      expect(evaluate(rsa({ key_ops: ops })).of('jwk.key_ops.combination')).toEqual([]);
    }
  });

  it('warns about unrelated operations on one key', () => {
    const findings = evaluate(rsa({ key_ops: ['verify', 'encrypt'] })).of('jwk.key_ops.combination');
    expect(findings).toMatchObject([{ severity: 'warning', pointer: '/keys/0/key_ops', actual: 'verify, encrypt' }]);
  });

  it('warns about private-key operations on a key in a published set', () => {
    const findings = evaluate(rsa({ key_ops: ['sign', 'verify'] })).of('jwk.key_ops.combination');
    expect(findings).toMatchObject([{ actual: 'sign' }]);
  });

  it('accepts the permitted pairs in private-key mode', () => {
    const privateMode = { options: { privateKeyMode: true } };
    for (const ops of [
      ['sign', 'verify'],
      ['encrypt', 'decrypt'],
      ['wrapKey', 'unwrapKey'],
    ]) {
      expect(evaluate(rsa({ key_ops: ops }), privateMode).of('jwk.key_ops.combination')).toEqual([]);
    }
  });
});

describe('jwk.use-key_ops.consistency', () => {
  it('is skipped unless both use and key_ops are present', () => {
    expect(evaluate(rsa({ use: 'sig' })).skipped).toContain('jwk.use-key_ops.consistency');
    expect(evaluate(rsa({ key_ops: ['verify'] })).skipped).toContain('jwk.use-key_ops.consistency');
  });

  it('warns when both are present even if they agree', () => {
    expect(evaluate(rsa({ use: 'sig', key_ops: ['verify'] })).of('jwk.use-key_ops.consistency')).toMatchObject([
      { severity: 'warning' },
    ]);
    expect(evaluate(rsa({ use: 'enc', key_ops: ['wrapKey'] })).of('jwk.use-key_ops.consistency')).toHaveLength(1);
  });

  it('flags use and key_ops that contradict each other as an error', () => {
    const findings = evaluate(rsa({ use: 'sig', key_ops: ['encrypt'] })).of('jwk.use-key_ops.consistency');
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'error']);
    expect(findings[1]).toMatchObject({ actual: 'encrypt' });
    expect(evaluate(rsa({ use: 'enc', key_ops: ['verify'] })).of('jwk.use-key_ops.consistency')).toHaveLength(2);
  });
});
