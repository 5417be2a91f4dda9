/**
 * Test PKI: a certificate authority and server certificates made at test time (no key material in the repo).
 *
 *   const ca = await getTestCa();                         // one per process, cached
 *   const leaf = await issueCertificate(ca);              // SAN localhost, 127.0.0.1, ::1; valid now
 *   const expired = await issueCertificate(ca, { validity: 'expired' });
 *   https.createServer({ cert: leaf.cert, key: leaf.key }) ... fetcher({ ca: [ca.cert] })
 *
 * ECDSA P-256 by default: key generation takes about a millisecond, where RSA-2048 takes tens. Ask for
 * `keyAlgorithm: 'rsa-2048'` when a test needs an RSA chain (for example an x5c member).
 */
import * as x509 from '@peculiar/x509';

// Node's WebCrypto, reached through the global so the DOM typings of @peculiar/x509 line up.
const webcrypto = globalThis.crypto;
x509.cryptoProvider.set(webcrypto);

export type KeyAlgorithm = 'ec-p256' | 'rsa-2048';

export interface CertificateAuthority {
  /** The CA certificate, PEM: what a client adds to its trusted roots. */
  readonly cert: string;
  /** The CA certificate, base64 DER (the form of an x5c member). */
  readonly certBase64: string;
  readonly subject: string;
  /** @internal signing material for issueCertificate */
  readonly keys: CryptoKeyPair;
  readonly certificate: x509.X509Certificate;
  readonly keyAlgorithm: KeyAlgorithm;
}

export interface IssuedCertificate {
  /** The certificate, PEM. */
  readonly cert: string;
  /** The private key, PKCS#8 PEM. */
  readonly key: string;
  /** PEM of the CA that signed it (the certificate itself when self-signed). */
  readonly ca: string;
  /** x5c order: base64 DER of the certificate, then of the CA unless self-signed (RFC 7517 §4.7). */
  readonly x5c: readonly string[];
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export type Validity = 'valid' | 'expired' | 'not-yet-valid';

export interface IssueOptions {
  /** Default 'localhost'. */
  readonly commonName?: string;
  /** SAN DNS names; default ['localhost']. */
  readonly dnsNames?: readonly string[];
  /** SAN IP addresses; default ['127.0.0.1', '::1']. */
  readonly ipAddresses?: readonly string[];
  /** Shortcut for a certificate whose names match none of the loopback names (dnsNames ['wrong.invalid'], no IPs). */
  readonly wrongHostname?: boolean;
  /** 'expired': ended yesterday; 'not-yet-valid': starts tomorrow. Ignored when notBefore/notAfter are given. */
  readonly validity?: Validity;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Sign with its own key instead of the CA's. */
  readonly selfSigned?: boolean;
  /** Default: the CA's algorithm. */
  readonly keyAlgorithm?: KeyAlgorithm;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Longer than the 30-day certificate-expiry warning, so a healthy fake IdP reads as healthy.
const CA_LIFETIME_DAYS = 400;
const LEAF_LIFETIME_DAYS = 365;
/** Back-date "valid" certificates a little so a clock skew between generation and use cannot fail a test. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

function keyParams(algorithm: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  return algorithm === 'rsa-2048'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

function signingAlgorithm(algorithm: KeyAlgorithm): Algorithm | EcdsaParams {
  return algorithm === 'rsa-2048' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' };
}

async function generateKeys(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(keyParams(algorithm), true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function base64Der(certificate: x509.X509Certificate): string {
  return Buffer.from(certificate.rawData).toString('base64');
}

/** A new CA (not cached): use it for "signed by a CA the client does not trust". */
export async function createCertificateAuthority(
  options: { commonName?: string; keyAlgorithm?: KeyAlgorithm } = {},
): Promise<CertificateAuthority> {
  const keyAlgorithm = options.keyAlgorithm ?? 'ec-p256';
  const keys = await generateKeys(keyAlgorithm);
  const subject = `CN=${options.commonName ?? 'jwks-monitor test CA'}, O=jwks-monitor tests`;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: subject,
    keys,
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + CA_LIFETIME_DAYS * DAY_MS),
    signingAlgorithm: signingAlgorithm(keyAlgorithm),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: certificate.toString('pem'),
    certBase64: base64Der(certificate),
    subject,
    keys,
    certificate,
    keyAlgorithm,
  };
}

let cachedCa: Promise<CertificateAuthority> | undefined;

/** The process-wide test CA (made once, then reused: every test server and client of a run can share it). */
export function getTestCa(): Promise<CertificateAuthority> {
  cachedCa ??= createCertificateAuthority();
  return cachedCa;
}

/** X.509 times have one-second resolution; rounding here makes the returned dates equal the certificate's. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function validityWindow(options: IssueOptions): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  const window =
    options.validity === 'expired'
      ? { notBefore: new Date(now - 2 * LEAF_LIFETIME_DAYS * DAY_MS), notAfter: new Date(now - DAY_MS) }
      : options.validity === 'not-yet-valid'
        ? { notBefore: new Date(now + DAY_MS), notAfter: new Date(now + LEAF_LIFETIME_DAYS * DAY_MS) }
        : { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + LEAF_LIFETIME_DAYS * DAY_MS) };
  return {
    notBefore: wholeSeconds(options.notBefore ?? window.notBefore),
    notAfter: wholeSeconds(options.notAfter ?? window.notAfter),
  };
}

/** A TLS server certificate for the loopback names, signed by `ca` (or by itself with `selfSigned`). */
export async function issueCertificate(
  ca: CertificateAuthority,
  options: IssueOptions = {},
): Promise<IssuedCertificate> {
  const keyAlgorithm = options.keyAlgorithm ?? ca.keyAlgorithm;
  const keys = await generateKeys(keyAlgorithm);
  const subject = `CN=${options.commonName ?? (options.wrongHostname ? 'wrong.invalid' : 'localhost')}`;
  const dnsNames = options.dnsNames ?? (options.wrongHostname ? ['wrong.invalid'] : ['localhost']);
  const ipAddresses = options.ipAddresses ?? (options.wrongHostname ? [] : ['127.0.0.1', '::1']);
  const { notBefore, notAfter } = validityWindow(options);
  const selfSigned = options.selfSigned === true;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension([
      ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ]),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (!selfSigned) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey));
  const certificate = await x509.X509CertificateGenerator.create({
    subject,
    issuer: selfSigned ? subject : ca.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: selfSigned ? keys.privateKey : ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(selfSigned ? keyAlgorithm : ca.keyAlgorithm),
    extensions,
  });
  const cert = certificate.toString('pem');
  return {
    cert,
    key: await privateKeyPem(keys.privateKey),
    ca: selfSigned ? cert : ca.cert,
    x5c: selfSigned ? [base64Der(certificate)] : [base64Der(certificate), ca.certBase64],
    subject,
    issuer: selfSigned ? subject : ca.subject,
    notBefore,
    notAfter,
  };
}
