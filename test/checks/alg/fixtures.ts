/**
 * Realistic public JWKs for the algorithm, set and profile rule tests, generated with node:crypto on first use
 * and cached for the test file (no key material in the repo). `slot` gives distinct keys of the same kind.
 */
import { KeyObject, generateKeyPairSync, randomBytes } from 'node:crypto';
import { resolveSeverity } from '../../../src/checks/engine.js';
import { SKIP, type Rule, type RuleInputs, type RuleScope, type Severity } from '../../../src/checks/types.js';

export type KeyKind =
  | 'rsa1024'
  | 'rsa2048'
  | 'rsa3072'
  | 'p256'
  | 'p384'
  | 'p521'
  | 'secp256k1'
  | 'ed25519'
  | 'ed448'
  | 'x25519'
  | 'x448'
  | 'mldsa44';

export type Jwk = Record<string, unknown>;

/** ML-DSA-44 public key length (FIPS 204); node 20 cannot generate ML-DSA, so AKP keys are random bytes. */
const ML_DSA_44_PUBLIC_OCTETS = 1312;

const cache = new Map<string, Jwk>();

function generate(kind: KeyKind): KeyObject | Jwk {
  switch (kind) {
    case 'rsa1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    case 'rsa2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    case 'rsa3072':
      return generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey;
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    case 'p521':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey;
    case 'secp256k1':
      return generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    case 'ed25519':
      return generateKeyPairSync('ed25519').publicKey;
    case 'ed448':
      return generateKeyPairSync('ed448').publicKey;
    case 'x25519':
      return generateKeyPairSync('x25519').publicKey;
    case 'x448':
      return generateKeyPairSync('x448').publicKey;
    case 'mldsa44':
      return { kty: 'AKP', alg: 'ML-DSA-44', pub: randomBytes(ML_DSA_44_PUBLIC_OCTETS).toString('base64url') };
  }
}

function exportJwk(made: KeyObject | Jwk): Jwk {
  return made instanceof KeyObject ? { ...made.export({ format: 'jwk' }) } : { ...made };
}

/** A public JWK of `kind` (the same key for the same kind and slot), with `extra` members merged over it. */
export function jwk(kind: KeyKind, extra: Jwk = {}, slot = 0): Jwk {
  const id = `${kind}#${slot}`;
  const base = cache.get(id) ?? exportJwk(generate(kind));
  cache.set(id, base);
  return { ...base, ...extra };
}

/** The JWK without the named members. */
export function without(key: Jwk, ...names: string[]): Jwk {
  return Object.fromEntries(Object.entries(key).filter(([name]) => !names.includes(name)));
}

export interface Outcome {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly pointer?: string;
  readonly kid?: string;
  readonly thumbprint?: string;
}

/**
 * Runs a rule the way the engine does: 'off' when the profile switches it off, 'skip' when it returns SKIP,
 * otherwise one outcome per draft with the severity the finding would get.
 */
export function evaluate<S extends RuleScope>(
  rule: Rule<S>,
  input: RuleInputs[S] & { readonly profile: RuleInputs['key']['profile'] },
): 'off' | 'skip' | Outcome[] {
  const resolved = resolveSeverity(rule, input.profile);
  if (resolved === 'off') return 'off';
  const drafts = rule.run(input);
  if (drafts === SKIP) return 'skip';
  return drafts.map((draft) => ({
    ruleId: rule.id,
    severity: draft.severity ?? resolved,
    ...(draft.pointer === undefined ? {} : { pointer: draft.pointer }),
    ...(draft.kid === undefined ? {} : { kid: draft.kid }),
    ...(draft.thumbprint === undefined ? {} : { thumbprint: draft.thumbprint }),
  }));
}

/** The severities of the findings, or 'off' / 'skip'. */
export function severities<S extends RuleScope>(
  rule: Rule<S>,
  input: RuleInputs[S] & { readonly profile: RuleInputs['key']['profile'] },
): 'off' | 'skip' | Severity[] {
  const result = evaluate(rule, input);
  return typeof result === 'string' ? result : result.map((o) => o.severity);
}
