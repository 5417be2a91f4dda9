/**
 * Rules on the text of a URL, shared by the fetcher and the places a user enters one (the API, the CLI): how a URL
 * is shown in a message, which host names can be looked up at all, and which entered URLs are refused before
 * anything is stored. Pure: no DNS, no sockets.
 */
import { isIP } from 'node:net';
import {
  ADDRESS_CLASS_DESCRIPTIONS,
  PRIVATE_NETWORK_CLASSES,
  classifyAddress,
  isForbiddenAddress,
  type AddressPolicyOptions,
} from './address-policy.js';

/** URLs come from outside (a redirect's Location can be megabytes): messages quote this much of one. */
export const MAX_URL_IN_MESSAGE = 200;

/** RFC 1035 §2.3.4: 255 octets on the wire, so 253 characters as text; 63 per label. */
const MAX_HOST_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** `text` cut to MAX_URL_IN_MESSAGE characters, marked with an ellipsis when cut. */
export function urlForMessage(text: string): string {
  return text.length > MAX_URL_IN_MESSAGE ? `${text.slice(0, MAX_URL_IN_MESSAGE)}…` : text;
}

/**
 * The URL without its user name and password, for messages and output: credentials are never sent, and never shown
 * either. Text is returned as given when it has none; text that does not parse loses whatever sits between
 * `scheme://` and an `@`.
 */
export function displayUrl(url: URL | string): string {
  let parsed: URL;
  if (typeof url !== 'string') parsed = url;
  else {
    try {
      parsed = new URL(url);
    } catch {
      return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
    }
  }
  if (parsed.username === '' && parsed.password === '') return typeof url === 'string' ? url : parsed.href;
  const copy = new URL(parsed.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/**
 * Why the resolver would refuse `hostname` (a URL's, so IDNs are already in their ASCII form), as "has …", or
 * undefined. getaddrinfo answers such a name with EINVAL, which says nothing about the URL.
 */
export function hostNameProblem(hostname: string): string | undefined {
  if (isIP(hostname) !== 0 || hostname.startsWith('[')) return undefined;
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (name.length > MAX_HOST_NAME_LENGTH) return `has a host name longer than ${MAX_HOST_NAME_LENGTH} characters`;
  if (name.split('.').some((label) => label.length > MAX_LABEL_LENGTH)) {
    return `has a host name label longer than ${MAX_LABEL_LENGTH} characters`;
  }
  return undefined;
}

/** The WHATWG parser drops these: leading and trailing spaces and C0 controls, and tabs and line breaks anywhere. */
function hasTextTheParserDrops(input: string): boolean {
  const SPACE = 0x20;
  return input.charCodeAt(0) <= SPACE || input.charCodeAt(input.length - 1) <= SPACE || /[\t\n\r]/.test(input);
}

/**
 * Why an entered http(s) URL, which `new URL` accepted as `parsed`, is refused as written, or undefined. The parser
 * also takes `https:host/jwks`, `https:\\host\jwks` and ` https://host/jwks` for `https://host/jwks`; the rest of
 * the service (and a person reading the stored URL) would not, so such input is refused with a reason rather than
 * stored as one URL and fetched as another.
 */
export function enteredUrlProblem(input: string, parsed: URL): string | undefined {
  if (hasTextTheParserDrops(input)) return 'must not have surrounding spaces, control characters, tabs or line breaks';
  if (!input.toLowerCase().startsWith(`${parsed.protocol}//`)) return `must start with ${parsed.protocol}//`;
  return hostNameProblem(parsed.hostname);
}

/**
 * Why an entered URL whose host is the address literal `host` (no brackets) is refused, or undefined; names are
 * judged at connect time, after DNS, on every fetch. The ALLOW_PRIVATE_NETWORKS hint is given only where the flag
 * would change the answer: it never lifts metadata, unspecified, multicast or reserved addresses.
 */
export function refusedAddressProblem(host: string, policy: AddressPolicyOptions): string | undefined {
  if (isIP(host) === 0 || !isForbiddenAddress(host, policy)) return undefined;
  const addressClass = classifyAddress(host);
  const hint =
    PRIVATE_NETWORK_CLASSES.has(addressClass) && !policy.allowPrivateNetworks
      ? ' (ALLOW_PRIVATE_NETWORKS=1 allows private networks)'
      : '';
  return `points at ${ADDRESS_CLASS_DESCRIPTIONS[addressClass]}, which is refused${hint}`;
}

export interface EnteredUrlOptions {
  /** Why the scheme (`https:`) is refused, or undefined; by default anything but http and https is. */
  readonly schemeProblem?: (protocol: string) => string | undefined;
  /** Refuse a fragment (a receiver's URL: it is never sent). */
  readonly noFragment?: boolean;
  /** Judge an address literal (and localhost) now; names are judged at connect time, after DNS, on every fetch. */
  readonly addressPolicy?: AddressPolicyOptions;
}

const HTTP_SCHEMES = (protocol: string): string | undefined =>
  protocol === 'https:' || protocol === 'http:' ? undefined : `scheme "${protocol.slice(0, -1)}" is not http or https`;

/**
 * The checks every URL a user enters gets (a provider, a webhook receiver, an ad-hoc check), in one order: the URL,
 * or the first problem with it, worded to follow the field name.
 */
export function checkEnteredUrl(
  input: string,
  options: EnteredUrlOptions = {},
): { readonly url: URL } | { readonly problem: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { problem: 'is not an absolute URL' };
  }
  const problem =
    (options.schemeProblem ?? HTTP_SCHEMES)(url.protocol) ??
    enteredUrlProblem(input, url) ??
    (url.username !== '' || url.password !== '' ? 'must not carry credentials' : undefined) ??
    (options.noFragment === true && url.hash !== '' ? 'must not carry a fragment (it is never sent)' : undefined) ??
    (options.addressPolicy === undefined ? undefined : addressProblem(url, options.addressPolicy));
  return problem === undefined ? { url } : { problem };
}

function addressProblem(url: URL, policy: AddressPolicyOptions): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refused = refusedAddressProblem(host, policy);
  if (refused !== undefined) return refused;
  if (!policy.allowPrivateNetworks && (host === 'localhost' || host.endsWith('.localhost')))
    return 'points at localhost, which is refused (ALLOW_PRIVATE_NETWORKS=1 allows it)';
  return undefined;
}
