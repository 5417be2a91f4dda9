import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diffKeys, keyViewsOf, rotationState, type KeyView } from '../../src/jwks/diff.js';
import { jwkThumbprint } from '../../src/jwks/thumbprint.js';

type Jwk = Record<string, unknown>;

function ec(kid?: string, extra: Jwk = {}): Jwk {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    ...publicKey.export({ format: 'jwk' }),
    ...(kid !== undefined && { kid }),
    alg: 'ES256',
    use: 'sig',
    ...extra,
  };
}

const A = ec('a');
const B = ec('b');
const C = ec('c');

function views(...keys: unknown[]): KeyView[] {
  return keyViewsOf({ keys });
}

describe('keyViewsOf', () => {
  it('identifies each key by its RFC 7638 thumbprint and keeps its labels', () => {
    const [view] = views(A);
    expect(view).toMatchObject({
      index: 0,
      id: jwkThumbprint(A),
      thumbprint: jwkThumbprint(A),
      kid: 'a',
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
    });
  });

  it('names the private members present, never their values', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const leaky = { ...privateKey.export({ format: 'jwk' }), kid: 'leak' };
    const [view] = views(leaky);
    expect(view?.privateMembers).toEqual(['d']);
    expect(JSON.stringify(view)).not.toContain(String(leaky['d']));
  });

  it('gives an element without a thumbprint a content id', () => {
    const [broken, scalar] = views({ kty: 'RSA', kid: 'no-n' }, 'not a key');
    expect(broken?.id).toMatch(/^content:[0-9a-f]{32}$/);
    expect(broken?.thumbprint).toBeUndefined();
    expect(scalar?.id).toMatch(/^content:/);
  });

  it('takes the key size from the engine summaries by index', () => {
    const [view] = keyViewsOf({ keys: [A] }, [{ index: 0, bits: 256, privateMembers: [] }]);
    expect(view?.bits).toBe(256);
  });

  it('returns nothing for a document without a keys array', () => {
    expect(keyViewsOf({ keys: {} })).toEqual([]);
    expect(keyViewsOf(null)).toEqual([]);
  });
});

describe('diffKeys', () => {
  it('reports keys added and removed by thumbprint', () => {
    const diff = diffKeys(views(A, B), views(B, C));
    expect(diff.added.map((k) => k.kid)).toEqual(['c']);
    expect(diff.removed.map((k) => k.kid)).toEqual(['a']);
    expect(diff.rotationState).toBe('overlap');
  });

  it('sees no change when the same keys come in another order', () => {
    const diff = diffKeys(views(A, B), views(B, A));
    expect(diff).toMatchObject({
      added: [],
      removed: [],
      kidReused: [],
      materialReused: [],
      metadataChanged: [],
      rotationState: 'no_change',
    });
  });

  it('reports a kid reused with different material', () => {
    const reused = ec('a');
    const diff = diffKeys(views(A), views(reused));
    expect(diff.kidReused).toHaveLength(1);
    expect(diff.kidReused[0]).toMatchObject({
      kid: 'a',
      before: { id: jwkThumbprint(A) },
      after: { id: jwkThumbprint(reused) },
    });
    expect(diff.rotationState).toBe('disjoint');
  });

  it('reports material reused under a new kid', () => {
    const renamed = { ...A, kid: 'a2' };
    const diff = diffKeys(views(A), views(renamed));
    expect(diff.materialReused).toHaveLength(1);
    expect(diff.materialReused[0]?.after.kid).toBe('a2');
    expect(diff.rotationState).toBe('no_change');
  });

  it('reports metadata-only changes of alg, use, key_ops and x5c', () => {
    const changed = { ...A, alg: 'ES384', use: 'enc', key_ops: ['verify'], x5c: ['MIIB'] };
    const diff = diffKeys(views(A), views(changed));
    expect(diff.metadataChanged[0]?.members).toEqual(['alg', 'use', 'key_ops', 'x5c']);
    expect(diff.added).toEqual([]);
  });

  it('treats key_ops as a set', () => {
    const diff = diffKeys(views({ ...A, key_ops: ['verify', 'sign'] }), views({ ...A, key_ops: ['sign', 'verify'] }));
    expect(diff.metadataChanged).toEqual([]);
  });

  it('reports a kid that appears on a key as a metadata change', () => {
    const anonymous = { ...A };
    delete anonymous['kid'];
    expect(diffKeys(views(anonymous), views(A)).metadataChanged[0]?.members).toEqual(['kid']);
  });
});

describe('rotationState', () => {
  const ids = (...values: string[]): Set<string> => new Set(values);

  it('is no_change for the same identities', () => {
    expect(rotationState(ids('a', 'b'), ids('b', 'a'))).toBe('no_change');
  });

  it('is safe_overlap when every old key stays and new ones are added', () => {
    expect(rotationState(ids('a'), ids('a', 'b'))).toBe('safe_overlap');
  });

  it('is overlap when some old keys are dropped', () => {
    expect(rotationState(ids('a', 'b'), ids('b', 'c'))).toBe('overlap');
    expect(rotationState(ids('a', 'b'), ids('b'))).toBe('overlap');
  });

  it('is disjoint when nothing is shared', () => {
    expect(rotationState(ids('a'), ids('b'))).toBe('disjoint');
    expect(rotationState(ids('a'), ids())).toBe('disjoint');
  });
});
