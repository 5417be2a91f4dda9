/**
 * The socket factory behind the fetcher's undici Agent: the address policy is enforced here, at connect time,
 * on every address a name resolves to (so DNS rebinding and redirects into internal space are refused before a
 * socket opens), and per-connection timings and TLS facts are recorded here because only the connector sees the
 * socket. That state is held only while its connection is being made or is open: origins come from outside (a
 * redirect or a jwks_uri can name a fresh host on every poll), so state kept per origin ever seen would grow for
 * the life of the process.
 */
import { performance } from 'node:perf_hooks';
import { isIP, Socket, type LookupFunction } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { LookupAddress } from 'node:dns';
import { buildConnector } from 'undici';
import {
  ADDRESS_CLASS_DESCRIPTIONS,
  PRIVATE_NETWORK_CLASSES,
  type AddressClass,
  isForbiddenClass,
} from './address-policy.js';
import { LruCache } from '../util/lru-cache.js';
import type { TlsFacts } from './types.js';

/** Thrown (inside the socket machinery) when an address is refused; the fetcher turns it into an AppError. */
export class ForbiddenAddressError extends Error {
  readonly hostname: string;
  readonly address: string;
  readonly addressClass: AddressClass;

  constructor(hostname: string, address: string, addressClass: AddressClass) {
    const what = ADDRESS_CLASS_DESCRIPTIONS[addressClass];
    const hint = PRIVATE_NETWORK_CLASSES.has(addressClass) ? ' (private networks are not allowed)' : '';
    super(hostname === address ? `${address} is ${what}${hint}` : `${hostname} resolves to ${address}, ${what}${hint}`);
    this.name = 'ForbiddenAddressError';
    this.hostname = hostname;
    this.address = address;
    this.addressClass = addressClass;
  }
}

/**
 * A failure after the TCP connection was up and before the TLS handshake finished. Keeps the original `code`
 * (undici branches on ERR_TLS_CERT_ALTNAME_INVALID) and the original error as `cause`.
 */
export class TlsHandshakeError extends Error {
  readonly code: string | undefined;

  constructor(cause: Error) {
    super(`TLS handshake failed: ${cause.message}`, { cause });
    this.name = 'TlsHandshakeError';
    this.code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  }
}

/** What one connection attempt to an origin cost and, once established, what TLS it negotiated. */
export interface ConnectionRecord {
  /** performance.now() when the connector was asked for the socket. */
  readonly attemptedAt: number;
  establishedAt?: number;
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** What an established TLS connection negotiated. */
  tls?: TlsFacts;
}

export interface GuardedConnectorOptions {
  readonly allowPrivateNetworks: boolean;
  readonly classifyAddress: (ip: string) => AddressClass;
  readonly lookup: LookupFunction;
  readonly secureContext: SecureContext;
  readonly connectTimeoutMs: number;
}

export interface GuardedConnector {
  readonly connect: buildConnector.connector;
  /** The newest connection to an origin key that is still being made or still open. */
  latest(key: string): ConnectionRecord | undefined;
  /** TLS facts of the newest open TLS connection to an origin key (a reused connection reports these). */
  tlsFacts(key: string): TlsFacts | undefined;
  /** Origin keys with a connection being made or open: the only ones any state is held for. */
  readonly heldOrigins: number;
  clear(): void;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** A URL's host without the brackets of an IPv6 literal. */
export function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** One key per origin for both sides: the connector (bare IPv6 hostname) and the fetcher (URL, bracketed). */
export function originKey(protocol: string, hostname: string, port: string): string {
  return `${protocol}//${bareHostname(hostname).toLowerCase()}:${port === '' ? (DEFAULT_PORTS[protocol] ?? '') : port}`;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Certificate dates as ISO 8601; OpenSSL's own text ('Jan  1 00:00:00 2026 GMT') when it will not parse. */
function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/**
 * Servers whose leaf certificate is remembered for resumed sessions: a resumed TLS session shows no peer
 * certificate (Node's getPeerX509Certificate() returns undefined), yet it can only resume a session made with that
 * certificate, so the one seen at the full handshake still stands. Without it, a provider polled on a new
 * connection each time (an origin that closes idle connections before the next poll) would have its certificate
 * expiry checked once, at the first poll.
 */
const REMEMBERED_LEAVES = 4_096;

function readTlsFacts(
  socket: TLSSocket,
  leaves: LruCache<string, NonNullable<TlsFacts['leaf']>>,
  server: string,
): TlsFacts {
  const cipher = socket.getCipher();
  const peer = socket.getPeerX509Certificate();
  let leaf: TlsFacts['leaf'];
  if (peer !== undefined) {
    leaf = {
      subject: peer.subject.split('\n').join(', '),
      issuer: peer.issuer.split('\n').join(', '),
      notBefore: isoDate(peer.validFrom),
      notAfter: isoDate(peer.validTo),
    };
    leaves.set(server, leaf);
  } else if (socket.isSessionReused()) {
    leaf = leaves.get(server);
  }
  return {
    protocol: socket.getProtocol(),
    ...(cipher.name ? { cipher: cipher.name } : {}),
    ...(leaf !== undefined ? { leaf } : {}),
  };
}

function isLookupAddress(value: unknown): value is LookupAddress {
  return typeof value === 'object' && value !== null && 'address' in value && typeof value.address === 'string';
}

export function createGuardedConnector(options: GuardedConnectorOptions): GuardedConnector {
  // Per origin key, oldest first: at most the pool's connections per origin plus the attempts in progress.
  const connections = new Map<string, ConnectionRecord[]>();
  const leaves = new LruCache<string, NonNullable<TlsFacts['leaf']>>(REMEMBERED_LEAVES);
  const hold = (key: string, record: ConnectionRecord): void => {
    const held = connections.get(key);
    if (held === undefined) connections.set(key, [record]);
    else held.push(record);
  };
  const release = (key: string, record: ConnectionRecord): void => {
    const held = connections.get(key);
    const index = held?.indexOf(record) ?? -1;
    if (held === undefined || index === -1) return;
    held.splice(index, 1);
    if (held.length === 0) connections.delete(key);
  };

  const refusal = (hostname: string, address: string): ForbiddenAddressError | undefined => {
    const addressClass = options.classifyAddress(address);
    return isForbiddenClass(addressClass, options)
      ? new ForbiddenAddressError(hostname, address, addressClass)
      : undefined;
  };

  // Resolves every address (also when Node asks for one) so that one forbidden answer refuses the name: a
  // resolver that mixes a public and an internal address must not get a second chance on a retry.
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    options.lookup(hostname, { ...lookupOptions, all: true }, (error, result, family) => {
      if (error) {
        callback(error, '');
        return;
      }
      const addresses: LookupAddress[] = Array.isArray(result)
        ? result.filter(isLookupAddress)
        : typeof result === 'string'
          ? [{ address: result, family: family ?? isIP(result) }]
          : [];
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`${hostname} resolved to no address`), { code: 'ENOTFOUND' }), '');
        return;
      }
      for (const { address } of addresses) {
        const refused = refusal(hostname, address);
        if (refused) {
          callback(refused, '');
          return;
        }
      }
      if (lookupOptions.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };

  // One connector (so one TLS session cache) and one SecureContext for every connection: building a context per
  // connection costs about 0.7 ms of CPU per handshake (shared/research/performance-anchors.md §3).
  const base = buildConnector({
    secureContext: options.secureContext,
    lookup: guardedLookup,
    timeout: options.connectTimeoutMs,
  });

  const connect: buildConnector.connector = (connectOptions, callback) => {
    const { protocol, hostname, port } = connectOptions;
    const key = originKey(protocol, hostname, port);
    // IP literals never reach the lookup, so they are checked here.
    if (isIP(hostname) !== 0) {
      const refused = refusal(hostname, hostname);
      if (refused) {
        callback(refused, null);
        return;
      }
    }
    const record: ConnectionRecord = { attemptedAt: performance.now() };
    hold(key, record);
    let lookedUpAt: number | undefined;
    let tcpConnectedAt: number | undefined;
    const socket: unknown = base(connectOptions, (error, connected) => {
      if (error !== null) {
        release(key, record);
        // TCP came up but TLS did not: a reset here is the server refusing or not speaking TLS.
        callback(protocol === 'https:' && tcpConnectedAt !== undefined ? new TlsHandshakeError(error) : error, null);
        return;
      }
      const now = performance.now();
      // For plain TCP this callback is itself the 'connect' listener, registered before ours.
      const connectedAt = tcpConnectedAt ?? now;
      record.establishedAt = now;
      if (lookedUpAt !== undefined) record.dnsMs = roundMs(lookedUpAt - record.attemptedAt);
      record.connectMs = roundMs(connectedAt - (lookedUpAt ?? record.attemptedAt));
      if (connected instanceof TLSSocket) {
        record.tlsMs = roundMs(now - connectedAt);
        // Sessions are resumed by server name (undici's session cache), so that is what the leaf is remembered by.
        record.tls = readTlsFacts(connected, leaves, connectOptions.servername || hostname);
      }
      connected.once('close', () => release(key, record));
      callback(null, connected);
    });
    // buildConnector returns the socket it made (its type says void); the guard keeps this honest if that changes.
    if (socket instanceof Socket) {
      socket.once('lookup', () => {
        lookedUpAt ??= performance.now();
      });
      socket.once('connect', () => {
        tcpConnectedAt = performance.now();
      });
    }
  };

  return {
    connect,
    latest: (key) => connections.get(key)?.at(-1),
    tlsFacts: (key) => connections.get(key)?.findLast((record) => record.tls !== undefined)?.tls,
    get heldOrigins() {
      return connections.size;
    },
    clear: () => connections.clear(),
  };
}
