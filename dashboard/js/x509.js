// The notAfter of an X.509 certificate from a JWK's x5c (base64 DER, RFC 7517 §4.7), read in the browser: just
// enough DER to walk Certificate → TBSCertificate → Validity (RFC 5280 §4.1). Anything unexpected yields undefined.

const SEQUENCE = 0x30;
const CONTEXT_0 = 0xa0;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const MAX_DER_BYTES = 64 * 1024;

function base64ToBytes(text) {
  if (typeof text !== 'string' || text.length > (MAX_DER_BYTES * 4) / 3 + 4) return undefined;
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** { tag, start (of contents), end } of the element at `offset`, or undefined. */
function readElement(bytes, offset, limit) {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i];
    start += octets;
  }
  const end = start + length;
  return end > limit ? undefined : { tag, start, end };
}

function children(bytes, element) {
  const out = [];
  let offset = element.start;
  while (offset < element.end && out.length < 16) {
    const child = readElement(bytes, offset, element.end);
    if (child === undefined) return out;
    out.push(child);
    offset = child.end;
  }
  return out;
}

function parseTime(bytes, element) {
  const text = String.fromCharCode(...bytes.subarray(element.start, element.end));
  const m =
    element.tag === UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text)
      : element.tag === GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text)
        : null;
  if (m === null) return undefined;
  let year = Number(m[1]);
  // RFC 5280 §4.1.2.5.1: UTCTime years 50–99 are 19xx, 00–49 are 20xx.
  if (element.tag === UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(ms) ? undefined : ms;
}

/** The certificate's notAfter (epoch ms) from the first x5c entry, or undefined. */
export function certificateNotAfter(x5c) {
  if (!Array.isArray(x5c) || typeof x5c[0] !== 'string') return undefined;
  const bytes = base64ToBytes(x5c[0]);
  if (bytes === undefined) return undefined;
  const certificate = readElement(bytes, 0, bytes.length);
  if (certificate === undefined || certificate.tag !== SEQUENCE) return undefined;
  const [tbs] = children(bytes, certificate);
  if (tbs === undefined || tbs.tag !== SEQUENCE) return undefined;
  const fields = children(bytes, tbs);
  // version [0] is optional; then serialNumber, signature, issuer, validity.
  const validity = fields[fields[0]?.tag === CONTEXT_0 ? 4 : 3];
  if (validity === undefined || validity.tag !== SEQUENCE) return undefined;
  const times = children(bytes, validity);
  return times[1] === undefined ? undefined : parseTime(bytes, times[1]);
}
