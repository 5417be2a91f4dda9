/**
 * Short-Weierstrass parameters (y² = x³ + ax + b over GF(p)) of the EC curves JOSE uses, so the on-curve verdict
 * is computed here and does not depend on which curves an OpenSSL build supports. Values from FIPS 186-5 /
 * NIST SP 800-186 §3.2.1 (P-256, P-384, P-521) and SEC 2 v2 §2.4.1 (secp256k1).
 */

export interface WeierstrassCurve {
  /** Octets of each coordinate in a JWK (RFC 7518 §6.2.1.2: the full field size, leading zeros kept). */
  readonly coordinateOctets: number;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
}

/** The NIST curves all use a = -3 (SP 800-186 §3.2.1). */
const NIST_A = -3n;

export const EC_CURVES: Readonly<Record<string, WeierstrassCurve>> = {
  'P-256': {
    coordinateOctets: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    a: NIST_A,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    coordinateOctets: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    a: NIST_A,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    coordinateOctets: 66,
    p: (1n << 521n) - 1n,
    a: NIST_A,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
  secp256k1: {
    coordinateOctets: 32,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    a: 0n,
    b: 7n,
  },
};

export function ecCurve(crv: string): WeierstrassCurve | undefined {
  return Object.hasOwn(EC_CURVES, crv) ? EC_CURVES[crv] : undefined;
}

/** OKP public key sizes (RFC 8037 §2; RFC 8032 §5.1.5, §5.2.5; RFC 7748 §5). */
export const OKP_KEY_OCTETS: Readonly<Record<string, number>> = {
  Ed25519: 32,
  Ed448: 57,
  X25519: 32,
  X448: 56,
};

export function okpKeyOctets(crv: string): number | undefined {
  return Object.hasOwn(OKP_KEY_OCTETS, crv) ? OKP_KEY_OCTETS[crv] : undefined;
}

function mod(value: bigint, p: bigint): bigint {
  const r = value % p;
  return r < 0n ? r + p : r;
}

/** Whether affine (x, y), both already < p, satisfies the curve equation. */
export function isOnCurve(curve: WeierstrassCurve, x: bigint, y: bigint): boolean {
  const { p, a, b } = curve;
  const left = mod(y * y, p);
  const right = mod(mod(x * x, p) * x + a * x + b, p);
  return left === right;
}
