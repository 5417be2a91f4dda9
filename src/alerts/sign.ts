/**
 * Standard Webhooks v1 signing (spec v1.0.0, "Signature scheme"): HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.
 * {body}`, keyed with the base64-decoded bytes after `whsec_`, sent as `v1,<base64>`. Several secrets (a rotation)
 * give several space-separated entries, any of which a receiver accepts. Pure, apart from `generateSecret`.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** 32 random bytes: inside the spec's 24-64 byte range. */
export const SECRET_BYTES = 32;
const SIGNATURE_VERSION = 'v1';
/** Standard base64 with padding, as the spec encodes secrets. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** True for a `whsec_` secret whose key is 24-64 bytes of valid base64. */
export function isSecret(value: string): boolean {
  if (!value.startsWith(SECRET_PREFIX)) return false;
  const encoded = value.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return false;
  const length = Buffer.from(encoded, 'base64').length;
  return length >= MIN_SECRET_BYTES && length <= MAX_SECRET_BYTES;
}

/** The HMAC key: the base64-decoded bytes after `whsec_` (not the literal string). */
function keyOf(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new TypeError('a webhook secret must not be empty');
  return key;
}

/** One `v1,<base64>` signature of `body` as sent with `messageId` at `timestampSeconds`. */
export function sign(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  if (messageId.includes('.')) throw new TypeError('a webhook-id must not contain "."');
  const digest = createHmac('sha256', keyOf(secret))
    .update(`${messageId}.${Math.trunc(timestampSeconds)}.${body}`, 'utf8')
    .digest('base64');
  return `${SIGNATURE_VERSION},${digest}`;
}

/** The `webhook-signature` value: one entry per secret (current first), space-separated. */
export function signatureHeader(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  if (secrets.length === 0) throw new TypeError('at least one secret is needed to sign');
  return secrets.map((secret) => sign(secret, messageId, timestampSeconds, body)).join(' ');
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): Record<(typeof WEBHOOK_HEADERS)[keyof typeof WEBHOOK_HEADERS], string> {
  return {
    [WEBHOOK_HEADERS.id]: messageId,
    [WEBHOOK_HEADERS.timestamp]: String(Math.trunc(timestampSeconds)),
    [WEBHOOK_HEADERS.signature]: signatureHeader(secrets, messageId, timestampSeconds, body),
  };
}
