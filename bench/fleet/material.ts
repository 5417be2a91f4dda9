/**
 * Key material for the fake IdP fleet: a pool of real public keys per type (RSA-2048, RSA-2048 with a self-signed
 * x5c certificate, EC P-256, EC P-384, Ed25519) and a TLS server certificate with its CA. RSA key generation
 * costs about 0.27 s a key on this machine, so the pool is made once and cached under bench/results/; it is
 * remade when its format changes or a certificate comes within 60 days of expiry.
 *
 * Every provider's document draws its keys from these pools under its own kid. The monitor caches key verdicts
 * by the whole member (kid included) and OpenSSL caches nothing, so a shared pool costs the monitor what
 * distinct keys would.
 */
import { createHash, generateKeyPair, webcrypto, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { getTestCa, issueCertificate } from '../../test/helpers/pki.js';
import { isRecord } from './stats.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const generate = promisify(generateKeyPair);

export const KEY_TYPES = ['rsa', 'rsaX5c', 'p256', 'p384', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export const ALG_OF: Readonly<Record<KeyType, string>> = {
  rsa: 'RS256',
  rsaX5c: 'RS256',
  p256: 'ES256',
  p384: 'ES384',
  ed25519: 'EdDSA',
};

/** Distinct keys per type: enough that neighbouring generations of one document never share material. */
const POOL_SIZES: Readonly<Record<KeyType, number>> = { rsa: 32, rsaX5c: 16, p256: 32, p384: 8, ed25519: 16 };

const FORMAT = 1;
const DAY_MS = 24 * 60 * 60 * 1000;
const CERT_LIFETIME_DAYS = 365;
const RENEW_BEFORE_DAYS = 60;

export type PublicJwk = Readonly<Record<string, string | readonly string[]>>;

export interface FleetMaterial {
  readonly format: number;
  readonly createdAt: string;
  /** Earliest notAfter of any certificate in here (epoch ms). */
  readonly expiresAt: number;
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly keys: Readonly<Record<KeyType, readonly PublicJwk[]>>;
}

function publicMembers(jwk: JsonWebKey): PublicJwk {
  const out: Record<string, string> = {};
  for (const name of ['kty', 'crv', 'n', 'e', 'x', 'y'] as const) {
    const value = jwk[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

async function keyPair(type: KeyType): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (type) {
    case 'rsa':
    case 'rsaX5c':
      return generate('rsa', { modulusLength: 2048 });
    case 'p256':
      return generate('ec', { namedCurve: 'P-256' });
    case 'p384':
      return generate('ec', { namedCurve: 'P-384' });
    case 'ed25519':
      return generate('ed25519');
  }
}

/** A self-signed certificate for an RSA key, as Microsoft-style JWKS publish them (x5c + x5t). */
async function selfSigned(
  pair: { publicKey: KeyObject; privateKey: KeyObject },
  serial: number,
  notAfter: Date,
): Promise<{ x5c: string[]; x5t: string }> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
    algorithm,
    false,
    ['sign'],
  );
  const publicKey = await webcrypto.subtle.importKey(
    'spki',
    pair.publicKey.export({ type: 'spki', format: 'der' }),
    algorithm,
    true,
    ['verify'],
  );
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial + 1).toString(16).padStart(2, '0'),
    name: `CN=bench-idp-signing-${serial}`,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter,
    signingAlgorithm: algorithm,
    keys: { publicKey, privateKey } as unknown as CryptoKeyPair,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
  });
  const der = Buffer.from(cert.rawData);
  return { x5c: [der.toString('base64')], x5t: createHash('sha1').update(der).digest('base64url') };
}

async function generateMaterial(): Promise<FleetMaterial> {
  const notAfter = new Date(Date.now() + CERT_LIFETIME_DAYS * DAY_MS);
  const keys = {} as Record<KeyType, PublicJwk[]>;
  await Promise.all(
    KEY_TYPES.map(async (type) => {
      keys[type] = await Promise.all(
        Array.from({ length: POOL_SIZES[type] }, async (_, i) => {
          const pair = await keyPair(type);
          const jwk = publicMembers(pair.publicKey.export({ format: 'jwk' }));
          return type === 'rsaX5c' ? { ...jwk, ...(await selfSigned(pair, i, notAfter)) } : jwk;
        }),
      );
    }),
  );
  const ca = await getTestCa();
  // ECDSA P-256 server certificate: the fleet shares the two cores with the monitor, and a client's handshake
  // costs about the same against an RSA or an ECDSA certificate (performance-anchors.md §3).
  const leaf = await issueCertificate(ca, { notAfter });
  return {
    format: FORMAT,
    createdAt: new Date().toISOString(),
    expiresAt: Math.min(notAfter.getTime(), leaf.notAfter.getTime()),
    tls: { ca: leaf.ca, cert: leaf.cert, key: leaf.key },
    keys,
  };
}

function isMaterial(value: unknown): value is FleetMaterial {
  if (!isRecord(value) || value.format !== FORMAT || typeof value.expiresAt !== 'number') return false;
  const { tls, keys } = value;
  if (!isRecord(tls) || typeof tls.ca !== 'string' || typeof tls.cert !== 'string' || typeof tls.key !== 'string')
    return false;
  return isRecord(keys) && KEY_TYPES.every((t) => Array.isArray(keys[t]) && keys[t].length === POOL_SIZES[t]);
}

/** The cached material at `path`, or new material written there. */
export async function loadMaterial(path: string): Promise<{ material: FleetMaterial; generatedMs: number }> {
  if (existsSync(path)) {
    try {
      const cached: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (isMaterial(cached) && cached.expiresAt - Date.now() > RENEW_BEFORE_DAYS * DAY_MS)
        return { material: cached, generatedMs: 0 };
    } catch {
      // unreadable cache: make it again
    }
  }
  const started = performance.now();
  const material = await generateMaterial();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(material));
  return { material, generatedMs: performance.now() - started };
}
