/**
 * A minimal, bounds-checked DER reader for the two facts node:crypto does not expose: a certificate's keyUsage
 * extension (RFC 5280 §4.2.1.3; Node's `X509Certificate.keyUsage` is the *extended* key usage list) and the
 * RSA integers inside an RSASSA-PSS SubjectPublicKeyInfo (which node cannot export as a JWK). Every function
 * returns undefined on malformed input instead of throwing.
 */

interface Tlv {
  readonly tag: number;
  /** Offset of the first content octet. */
  readonly start: number;
  /** Offset just past the last content octet. */
  readonly end: number;
}

const TAG_BOOLEAN = 0x01;
const TAG_INTEGER = 0x02;
const TAG_BIT_STRING = 0x03;
const TAG_OCTET_STRING = 0x04;
const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;
/** tbsCertificate's `extensions [3] EXPLICIT` (RFC 5280 §4.1). */
const TAG_EXTENSIONS = 0xa3;
const LONG_LENGTH_FLAG = 0x80;
/** Lengths above 2^32 cannot occur in a certificate we were able to parse. */
const MAX_LENGTH_OCTETS = 4;
/** id-ce-keyUsage, 2.5.29.15, DER content octets. */
const KEY_USAGE_OID = [0x55, 0x1d, 0x0f] as const;

/** KeyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageBit = (typeof KEY_USAGE_BITS)[number];

function readTlv(der: Uint8Array, offset: number, limit: number): Tlv | undefined {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined || offset + 2 > limit) return undefined;
  let length = first;
  let start = offset + 2;
  if (first & LONG_LENGTH_FLAG) {
    const count = first & ~LONG_LENGTH_FLAG;
    // count 0 is the indefinite form, which DER forbids.
    if (count === 0 || count > MAX_LENGTH_OCTETS) return undefined;
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const octet = der[start + i];
      if (octet === undefined) return undefined;
      length = length * 256 + octet;
    }
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

/** The direct children of a constructed value. */
function children(der: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = readTlv(der, offset, parent.end);
    if (child === undefined) return undefined;
    out.push(child);
    offset = child.end;
  }
  return out;
}

function contentEquals(der: Uint8Array, tlv: Tlv, expected: readonly number[]): boolean {
  return tlv.end - tlv.start === expected.length && expected.every((octet, i) => der[tlv.start + i] === octet);
}

/**
 * The keyUsage bits a certificate asserts: undefined when the DER could not be walked, `null` when the
 * certificate has no keyUsage extension, else the set of bits.
 */
export function certificateKeyUsage(der: Uint8Array): ReadonlySet<KeyUsageBit> | null | undefined {
  const certificate = readTlv(der, 0, der.length);
  if (certificate?.tag !== TAG_SEQUENCE) return undefined;
  const tbs = children(der, certificate)?.[0];
  if (tbs?.tag !== TAG_SEQUENCE) return undefined;
  const tbsFields = children(der, tbs);
  if (tbsFields === undefined) return undefined;
  const wrapper = tbsFields.find((field) => field.tag === TAG_EXTENSIONS);
  if (wrapper === undefined) return null;
  const extensionList = children(der, wrapper)?.[0];
  if (extensionList?.tag !== TAG_SEQUENCE) return undefined;
  const extensions = children(der, extensionList);
  if (extensions === undefined) return undefined;
  for (const extension of extensions) {
    const parts = extension.tag === TAG_SEQUENCE ? children(der, extension) : undefined;
    const oid = parts?.[0];
    if (parts === undefined || oid?.tag !== TAG_OID || !contentEquals(der, oid, KEY_USAGE_OID)) continue;
    // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    const value = parts.find((part, i) => i > 0 && part.tag === TAG_OCTET_STRING);
    if (value === undefined || parts.slice(1).some((p) => p.tag !== TAG_BOOLEAN && p.tag !== TAG_OCTET_STRING)) {
      return undefined;
    }
    const bits = readTlv(der, value.start, value.end);
    if (bits?.tag !== TAG_BIT_STRING || bits.end - bits.start < 1) return undefined;
    return bitNames(der.subarray(bits.start + 1, bits.end));
  }
  return null;
}

function bitNames(octets: Uint8Array): ReadonlySet<KeyUsageBit> {
  const names = new Set<KeyUsageBit>();
  KEY_USAGE_BITS.forEach((name, bit) => {
    const octet = octets[bit >> 3];
    if (octet !== undefined && (octet & (0x80 >> (bit & 7))) !== 0) names.add(name);
  });
  return names;
}

/** n and e from an RSA or RSASSA-PSS SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 8017 App. A.1.1). */
export function rsaPublicIntegers(spki: Uint8Array): { n: Uint8Array; e: Uint8Array } | undefined {
  const outer = readTlv(spki, 0, spki.length);
  if (outer?.tag !== TAG_SEQUENCE) return undefined;
  const bitString = children(spki, outer)?.[1];
  // The BIT STRING's first octet counts unused bits; an RSAPublicKey uses them all.
  if (bitString?.tag !== TAG_BIT_STRING || spki[bitString.start] !== 0) return undefined;
  const rsaKey = readTlv(spki, bitString.start + 1, bitString.end);
  if (rsaKey?.tag !== TAG_SEQUENCE) return undefined;
  const integers = children(spki, rsaKey);
  const n = integers?.[0];
  const e = integers?.[1];
  if (n?.tag !== TAG_INTEGER || e?.tag !== TAG_INTEGER) return undefined;
  return { n: spki.subarray(n.start, n.end), e: spki.subarray(e.start, e.end) };
}
