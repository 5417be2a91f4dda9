/**
 * The message body: `{"type", "timestamp", "data"}` as Standard Webhooks recommends (spec v1.0.0, "Payload
 * structure"), minified JSON, under 20 KB. `data` is the stored event's payload (which names the provider and
 * never holds a private key value), plus the event id and, when PUBLIC_URL is set, a link to the provider in the
 * dashboard. The body is built once, stored with the delivery and sent byte for byte on every attempt: the
 * signature covers the exact bytes, and re-serialising is the classic way to break it.
 */
import { isRecord } from '../json/guards.js';

/** The spec's advice: keep payloads under about 20 KB. */
export const MAX_PAYLOAD_BYTES = 20 * 1024;
export const TEST_EVENT_TYPE = 'webhook.test';

export interface PayloadEvent {
  readonly id: number;
  readonly type: string;
  readonly providerId?: number | undefined;
  readonly createdAt: number;
  readonly data: unknown;
}

export interface PayloadOptions {
  /** The dashboard's public base URL (PUBLIC_URL). */
  readonly publicUrl?: string | undefined;
}

/** The dashboard's page for a provider. */
export function dashboardLink(publicUrl: string, providerId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/providers/${providerId}`;
}

/** The body for a stored change event. */
export function eventBody(event: PayloadEvent, options: PayloadOptions = {}): string {
  const data = isRecord(event.data) ? event.data : {};
  const provider = providerOf(data, event.providerId, options.publicUrl);
  const full = JSON.stringify({
    type: event.type,
    timestamp: new Date(event.createdAt).toISOString(),
    data: { ...data, ...(provider !== undefined && { provider }), eventId: event.id },
  });
  if (Buffer.byteLength(full, 'utf8') <= MAX_PAYLOAD_BYTES) return full;
  // Events are capped by their builder; should one still be too large, send a thin payload that points at it.
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.createdAt).toISOString(),
    data: { ...(provider !== undefined && { provider }), eventId: event.id, truncated: true },
  });
}

/** The body of `POST /api/v1/webhooks/:id/test`. */
export function testBody(webhookId: number, now: number): string {
  return JSON.stringify({
    type: TEST_EVENT_TYPE,
    timestamp: new Date(now).toISOString(),
    data: { webhook: { id: webhookId }, message: 'a test message from jwks-monitor' },
  });
}

interface ProviderOut {
  readonly id?: number;
  readonly name?: string;
  readonly url?: string;
  readonly dashboardUrl?: string;
}

function providerOf(
  data: Readonly<Record<string, unknown>>,
  providerId: number | undefined,
  publicUrl: string | undefined,
): ProviderOut | undefined {
  const stored = isRecord(data['provider']) ? data['provider'] : undefined;
  if (stored === undefined && providerId === undefined) return undefined;
  const storedId = stored?.['id'];
  const id = typeof storedId === 'number' ? storedId : providerId;
  const name = stored?.['name'];
  const url = stored?.['url'];
  return {
    ...(id !== undefined && { id }),
    ...(typeof name === 'string' && { name }),
    ...(typeof url === 'string' && { url }),
    ...(publicUrl !== undefined && id !== undefined && { dashboardUrl: dashboardLink(publicUrl, id) }),
  };
}
