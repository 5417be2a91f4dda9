/**
 * Test-time key pairs and X.509 certificates for x5c fixtures: self-signed leaves, leaves issued by a test CA,
 * three-certificate chains, expired / not-yet-valid / about-to-expire certificates, and certificates for a
 * different key. Everything is generated on first use and cached for the life of the test process.
 */
import { generateKeyPairSync, webcrypto, type JsonWebKey, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { rsaPublicIntegers } from '../../src/checks/material/der.js';
import { FIXED_NOW } from './inputs.js';

// @peculiar/x509 signs through WebCrypto; node's implementation is the standard one (DOM `Crypto` typing).
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type TestKeyType =
  | 'rsa-1024'
  | 'rsa-2048'
  | 'rsa-pss-2048'
  | 'ec-P-256'
  | 'ec-P-384'
  | 'ec-P-521'
  | 'ec-secp256k1'
  | 'ed25519'
  | 'x25519';

export interface TestKey {
  readonly type: TestKeyType;
  /** The public key as node exports it (`publicKey.export({ format: 'jwk' })`). */
  readonly jwk: JsonWebKey;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

export interface X5c {
  /** Standard base64 DER, leaf first, ready for a JWK's `x5c`. */
  readonly x5c: string[];
  readonly der: Uint8Array[];
}

export type KeyUsageName = keyof typeof x509.KeyUsageFlags;

export interface CertOptions {
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** keyUsage bits of the leaf; omitted = no keyUsage extension. */
  readonly keyUsage?: readonly KeyUsageName[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Default validity: well around FIXED_NOW, further than any expiry-warning window. */
const DEFAULT_NOT_BEFORE = new Date(FIXED_NOW.getTime() - 150 * DAY_MS);
const DEFAULT_NOT_AFTER = new Date(FIXED_NOW.getTime() + 580 * DAY_MS);

const keyCache = new Map<string, TestKey>();
const certCache = new Map<string, Promise<X5c>>();

/** A key pair of `type`; `slot` picks distinct pairs of the same type (slot 1 = "a different key"). */
export function testKey(type: TestKeyType, slot = 0): TestKey {
  const cacheKey = `${type}#${slot}`;
  const cached = keyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const { publicKey, privateKey } = generate(type);
  const key: TestKey = { type, jwk: publicJwk(publicKey), publicKey, privateKey };
  keyCache.set(cacheKey, key);
  return key;
}

function publicJwk(publicKey: KeyObject): JsonWebKey {
  if (publicKey.asymmetricKeyType !== 'rsa-pss') return publicKey.export({ format: 'jwk' });
  // node exports no JWK for RSASSA-PSS keys; the SPKI carries the same RSAPublicKey (RFC 4055 §1.2).
  const integers = rsaPublicIntegers(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })));
  if (integers === undefined) throw new TypeError('RSASSA-PSS SPKI did not parse');
  const unsigned = (bytes: Uint8Array): string =>
    Buffer.from(bytes.subarray(bytes.findIndex((b) => b !== 0))).toString('base64url');
  return { kty: 'RSA', n: unsigned(integers.n), e: unsigned(integers.e) };
}

function generate(type: TestKeyType): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (type) {
    case 'rsa-1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 });
    case 'rsa-2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'rsa-pss-2048':
      return generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    case 'ec-P-256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ec-P-384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ec-P-521':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'ec-secp256k1':
      return generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    case 'x25519':
      return generateKeyPairSync('x25519');
  }
}

/** The WebCrypto signing algorithm for a key type, or undefined for key types that cannot sign in WebCrypto. */
function signingAlgorithm(type: TestKeyType): (Algorithm & Record<string, unknown>) | undefined {
  switch (type) {
    case 'rsa-1024':
    case 'rsa-2048':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ec-P-256':
      return { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    case 'ec-P-384':
      return { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
    case 'ec-P-521':
      return { name: 'ECDSA', namedCurve: 'P-521', hash: 'SHA-512' };
    case 'ed25519':
      return { name: 'Ed25519' };
    case 'rsa-pss-2048':
    case 'ec-secp256k1':
    case 'x25519':
      return undefined;
  }
}

async function signingKey(key: TestKey): Promise<{ privateKey: CryptoKey; algorithm: Algorithm }> {
  const algorithm = signingAlgorithm(key.type);
  if (algorithm === undefined) throw new TypeError(`${key.type} keys cannot sign certificates here`);
  const pkcs8 = key.privateKey.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
  return { privateKey: privateKey as unknown as CryptoKey, algorithm };
}

function spki(key: TestKey): ArrayBuffer {
  const der = key.publicKey.export({ type: 'spki', format: 'der' });
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

interface IssueParams {
  readonly subject: TestKey;
  readonly subjectName: string;
  readonly issuer: TestKey;
  readonly issuerName: string;
  readonly ca: boolean;
  readonly options: CertOptions;
}

async function issue(params: IssueParams): Promise<Uint8Array> {
  const { privateKey, algorithm } = await signingKey(params.issuer);
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(params.ca, undefined, true)];
  const usage = params.options.keyUsage;
  if (usage !== undefined) {
    const flags = usage.reduce((all, name) => all | x509.KeyUsageFlags[name], 0);
    extensions.push(new x509.KeyUsagesExtension(flags, true));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: `CN=${params.subjectName}`,
    issuer: `CN=${params.issuerName}`,
    notBefore: params.options.notBefore ?? DEFAULT_NOT_BEFORE,
    notAfter: params.options.notAfter ?? DEFAULT_NOT_AFTER,
    publicKey: spki(params.subject),
    signingKey: privateKey,
    signingAlgorithm: algorithm,
    extensions,
  });
  return new Uint8Array(cert.rawData);
}

function toX5c(der: Uint8Array[]): X5c {
  return { x5c: der.map((d) => Buffer.from(d).toString('base64')), der };
}

function cached(cacheKey: string, make: () => Promise<Uint8Array[]>): Promise<X5c> {
  let entry = certCache.get(cacheKey);
  if (entry === undefined) {
    entry = make().then(toX5c);
    certCache.set(cacheKey, entry);
  }
  return entry;
}

const CA_TYPE: TestKeyType = 'ec-P-256';
const ROOT_SLOT = 100;
const INTERMEDIATE_SLOT = 101;

/** A self-signed certificate for `key` (its type must be able to sign). */
export function selfSignedX5c(key: TestKey, options: CertOptions = {}): Promise<X5c> {
  return cached(`self:${key.type}:${JSON.stringify(options)}:${key.jwk.x ?? key.jwk.n ?? ''}`, async () => [
    await issue({ subject: key, subjectName: 'leaf', issuer: key, issuerName: 'leaf', ca: false, options }),
  ]);
}

/** [leaf, root]: a leaf for `key` (any type, X25519 included) issued by a test root CA. */
export function issuedX5c(key: TestKey, options: CertOptions = {}): Promise<X5c> {
  return cached(`issued:${key.type}:${JSON.stringify(options)}:${key.jwk.x ?? key.jwk.n ?? ''}`, async () => {
    const root = testKey(CA_TYPE, ROOT_SLOT);
    return [
      await issue({ subject: key, subjectName: 'leaf', issuer: root, issuerName: 'root', ca: false, options }),
      await rootDer(),
    ];
  });
}

/** [leaf, intermediate, root]: each certificate signed by the next. */
export function chainX5c(key: TestKey, options: CertOptions = {}): Promise<X5c> {
  return cached(`chain:${key.type}:${JSON.stringify(options)}:${key.jwk.x ?? key.jwk.n ?? ''}`, async () => {
    const root = testKey(CA_TYPE, ROOT_SLOT);
    const intermediate = testKey(CA_TYPE, INTERMEDIATE_SLOT);
    return [
      await issue({
        subject: key,
        subjectName: 'leaf',
        issuer: intermediate,
        issuerName: 'intermediate',
        ca: false,
        options,
      }),
      await issue({
        subject: intermediate,
        subjectName: 'intermediate',
        issuer: root,
        issuerName: 'root',
        ca: true,
        options: {},
      }),
      await rootDer(),
    ];
  });
}

async function rootDer(): Promise<Uint8Array> {
  const [der] = (
    await cached('root', async () => {
      const root = testKey(CA_TYPE, ROOT_SLOT);
      return [
        await issue({ subject: root, subjectName: 'root', issuer: root, issuerName: 'root', ca: true, options: {} }),
      ];
    })
  ).der;
  if (der === undefined) throw new TypeError('root certificate missing');
  return der;
}

/** Self-signed, expired a year before FIXED_NOW. */
export function expiredX5c(key: TestKey): Promise<X5c> {
  return selfSignedX5c(key, {
    notBefore: new Date(FIXED_NOW.getTime() - 730 * DAY_MS),
    notAfter: new Date(FIXED_NOW.getTime() - 365 * DAY_MS),
  });
}

/** Self-signed, valid only from a month after FIXED_NOW. */
export function notYetValidX5c(key: TestKey): Promise<X5c> {
  return selfSignedX5c(key, {
    notBefore: new Date(FIXED_NOW.getTime() + 30 * DAY_MS),
    notAfter: new Date(FIXED_NOW.getTime() + 400 * DAY_MS),
  });
}

/** Self-signed, expiring `days` days after FIXED_NOW. */
export function expiringX5c(key: TestKey, days: number): Promise<X5c> {
  return selfSignedX5c(key, { notAfter: new Date(FIXED_NOW.getTime() + days * DAY_MS) });
}

/** A certificate for a DIFFERENT key pair of the same type as `key` (for key-mismatch fixtures). */
export function otherKeyX5c(key: TestKey): Promise<X5c> {
  const other = testKey(key.type, 1);
  return signingAlgorithm(key.type) === undefined ? issuedX5c(other) : selfSignedX5c(other);
}
