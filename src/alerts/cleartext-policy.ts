/**
 * Where a webhook may go over plain http: only to a receiver on a private network (loopback, RFC 1918, CGNAT,
 * link-local, unique-local), and so only with ALLOW_PRIVATE_NETWORKS=1. Alerts name providers, URLs and
 * thumbprints; over the internet they go encrypted (review D8: the flag let `http://example.com/hook` through). An
 * address literal is judged when the URL is entered and again at connect time; a name, on every attempt, on every
 * address it resolves to, inside the lookup the address policy judges (src/fetch/connector.ts), so a name cannot
 * resolve one way for this check and another for the socket.
 */
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { buildConnector } from 'undici';
import { classifyAddress as defaultClassifyAddress, type AddressClass } from '../fetch/address-policy.js';
import { bareHostname, ForbiddenAddressError } from '../fetch/connector.js';

/** A public address refused for a plain-http receiver: FETCH_FORBIDDEN_ADDRESS, like any refused address. */
export class CleartextToPublicAddressError extends ForbiddenAddressError {
  constructor(hostname: string, address: string) {
    super(hostname, address, 'public');
    this.name = 'CleartextToPublicAddressError';
    this.message = `${this.message}, and plain http is sent only to receivers on private networks`;
  }
}

/**
 * False for a public address literal, which plain http never goes to; true otherwise: a name is judged at connect
 * time, and other literals go through the address policy (which refuses metadata, reserved, ... addresses).
 */
export function isCleartextHost(
  hostname: string,
  classifyAddress: (ip: string) => AddressClass = defaultClassifyAddress,
): boolean {
  const host = bareHostname(hostname);
  return isIP(host) === 0 || classifyAddress(host) !== 'public';
}

function isLookupAddress(value: unknown): value is LookupAddress {
  return typeof value === 'object' && value !== null && 'address' in value && typeof value.address === 'string';
}

/** `lookup`, failing a name with any public address among its answers. */
export function privateOnlyLookup(
  lookup: LookupFunction,
  classifyAddress: (ip: string) => AddressClass,
): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, options, (error, result, family) => {
      if (error) {
        callback(error, '');
        return;
      }
      const addresses = Array.isArray(result) ? result.filter(isLookupAddress).map((a) => a.address) : [result];
      const publicAddress = addresses.find((address) => classifyAddress(address) === 'public');
      if (publicAddress !== undefined) callback(new CleartextToPublicAddressError(hostname, publicAddress), '');
      else if (Array.isArray(result)) callback(null, result);
      else callback(null, result, family);
    });
  };
}

/**
 * Connects https through `secure` and plain http through `cleartext` (a connector built on `privateOnlyLookup`),
 * refusing a public address literal for plain http, which no lookup sees.
 */
export function cleartextGuardedConnect(
  secure: buildConnector.connector,
  cleartext: buildConnector.connector,
  classifyAddress: (ip: string) => AddressClass,
): buildConnector.connector {
  return (options, callback) => {
    if (options.protocol !== 'http:') {
      secure(options, callback);
      return;
    }
    if (!isCleartextHost(options.hostname, classifyAddress)) {
      callback(new CleartextToPublicAddressError(options.hostname, bareHostname(options.hostname)), null);
      return;
    }
    cleartext(options, callback);
  };
}
