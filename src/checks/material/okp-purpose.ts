// Asserts OKP keys are declared for what their curve can do: Ed25519/Ed448 only sign (use "sig", alg EdDSA,
// Ed25519 or Ed448), X25519/X448 only agree keys (use "enc", alg ECDH-ES*) (RFC 8037 §3.1, §3.2).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { OKP_KEY_AGREEMENT_CURVES, OKP_SIGNATURE_CURVES, isRegisteredAlgorithm } from '../../jwks/algorithms.js';
import { isKty } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

interface Purpose {
  readonly use: 'sig' | 'enc';
  readonly what: string;
  readonly algs: readonly string[];
  /** key_ops this curve can never perform. */
  readonly foreignOps: readonly string[];
  readonly spec: string;
}

const SIGNATURE: Purpose = {
  use: 'sig',
  what: 'signatures (EdDSA)',
  algs: ['EdDSA', 'Ed25519', 'Ed448'],
  foreignOps: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits'],
  spec: 'RFC 8037 §3.1',
};

const KEY_AGREEMENT: Purpose = {
  use: 'enc',
  what: 'key agreement (ECDH-ES)',
  algs: ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'],
  foreignOps: ['sign', 'verify'],
  spec: 'RFC 8037 §3.2',
};

function purposeOf(crv: string): Purpose | undefined {
  if (OKP_SIGNATURE_CURVES.includes(crv)) return SIGNATURE;
  if (OKP_KEY_AGREEMENT_CURVES.includes(crv)) return KEY_AGREEMENT;
  return undefined;
}

export const okpPurpose = defineRule({
  id: 'jwk.okp.purpose',
  title: 'Ed25519/Ed448 keys are for signatures only, X25519/X448 keys for ECDH-ES only',
  severity: 'error',
  spec: 'RFC 8037 §3.1, §3.2',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'OKP') || key.crv === undefined) return SKIP;
    const purpose = purposeOf(key.crv);
    if (purpose === undefined) return SKIP;
    const label = `${key.crv} ${keyLabel(key)}`;
    const findings: FindingDraft[] = [];
    if (key.use !== undefined && key.use !== purpose.use) {
      findings.push({
        message: `${label} has use ${JSON.stringify(key.use)}; ${key.crv} keys are for ${purpose.what} only, so use must be "${purpose.use}" (${purpose.spec})`,
        pointer: memberPointer(key, 'use'),
        expected: purpose.use,
        actual: key.use,
      });
    }
    // An unregistered alg is jwk.alg.registered's finding; only a registered one names a known purpose.
    if (key.alg !== undefined && isRegisteredAlgorithm(key.alg) && !purpose.algs.includes(key.alg)) {
      findings.push({
        message: `${label} has alg ${JSON.stringify(key.alg)}; ${key.crv} keys are for ${purpose.what} only (${purpose.spec})`,
        pointer: memberPointer(key, 'alg'),
        expected: purpose.algs.join(', '),
        actual: key.alg,
      });
    }
    const foreign = (key.keyOps ?? []).filter((op) => purpose.foreignOps.includes(op));
    if (foreign.length > 0) {
      findings.push({
        message: `${label} lists key_ops ${foreign.join(', ')}; ${key.crv} keys are for ${purpose.what} only (${purpose.spec})`,
        pointer: memberPointer(key, 'key_ops'),
        actual: foreign.join(', '),
      });
    }
    return findings;
  },
});
