/**
 * Which IP addresses the fetcher may connect to (SSRF guard). Pure: no DNS, no sockets. The fetcher applies it to
 * every address a name resolves to, at connect time, so a name that re-resolves (DNS rebinding) or a redirect into
 * internal space is refused before a socket opens. Ranges: RFC 6890 and the IANA IPv4 / IPv6 Special-Purpose
 * Address Registries.
 */
import { BlockList, isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link-local'
  | 'metadata'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

export interface AddressPolicyOptions {
  /** Lift the refusal of PRIVATE_NETWORK_CLASSES (internal IdPs, tests). Never lifts ALWAYS_FORBIDDEN_CLASSES. */
  readonly allowPrivateNetworks: boolean;
}

/** Internal but legitimately reachable networks: what `allowPrivateNetworks` lets through. */
export const PRIVATE_NETWORK_CLASSES: ReadonlySet<AddressClass> = new Set<AddressClass>([
  'loopback',
  'private',
  'cgnat',
  'link-local',
  'unique-local',
]);

/**
 * Refused even with `allowPrivateNetworks`: no IdP lives on a cloud metadata service (the classic SSRF prize),
 * `0.0.0.0` / `::` reach the local host on Linux, multicast cannot carry TCP, and reserved space is not routable
 * (or, for NAT64 / 6to4, smuggles one of the other classes inside an IPv6 address).
 */
export const ALWAYS_FORBIDDEN_CLASSES: ReadonlySet<AddressClass> = new Set<AddressClass>([
  'metadata',
  'unspecified',
  'multicast',
  'reserved',
]);

/** The class as a noun phrase for messages: "resolves to 10.0.0.5, a private (RFC 1918) address". */
export const ADDRESS_CLASS_DESCRIPTIONS: Readonly<Record<AddressClass, string>> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  cgnat: 'a shared carrier-grade NAT (RFC 6598) address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata service address',
  'unique-local': 'a unique-local (RFC 4193) address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  reserved: 'a reserved, documentation or translation address',
};

type Cidr = readonly [network: string, prefix: number];

/** Cloud instance-metadata and credential endpoints; checked before the wider ranges that contain them. */
const METADATA_V4: readonly string[] = [
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack IMDS
  '169.254.170.2', // AWS ECS task credentials
  '169.254.170.23', // AWS EKS Pod Identity agent
  '100.100.100.200', // Alibaba Cloud metadata
  '192.0.0.192', // Oracle Cloud legacy metadata
];
const METADATA_V6: readonly string[] = [
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS Pod Identity agent over IPv6
];

/** IPv4 ranges in priority order: the first class whose ranges contain the address wins. */
const V4_RANGES: readonly (readonly [AddressClass, readonly Cidr[]])[] = [
  ['unspecified', [['0.0.0.0', 32]]],
  ['metadata', METADATA_V4.map((ip): Cidr => [ip, 32])],
  ['loopback', [['127.0.0.0', 8]]],
  [
    'private', // RFC 1918
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
  ],
  ['cgnat', [['100.64.0.0', 10]]], // RFC 6598 shared address space
  ['link-local', [['169.254.0.0', 16]]], // RFC 3927
  ['multicast', [['224.0.0.0', 4]]],
  [
    'reserved',
    [
      ['0.0.0.0', 8], // "this network", RFC 791
      ['192.0.0.0', 24], // IETF protocol assignments, RFC 6890
      ['192.0.2.0', 24], // TEST-NET-1, RFC 5737
      ['198.51.100.0', 24], // TEST-NET-2
      ['203.0.113.0', 24], // TEST-NET-3
      ['198.18.0.0', 15], // benchmarking, RFC 2544
      ['192.88.99.0', 24], // deprecated 6to4 relay anycast, RFC 7526
      ['240.0.0.0', 4], // future use, RFC 1112; includes the limited broadcast 255.255.255.255
    ],
  ],
];

/**
 * IPv6 ranges in priority order, applied after the embedded-IPv4 forms are handled. Anything outside 2000::/3
 * (global unicast, RFC 4291 §2.4) that no earlier entry claims is reserved.
 */
const V6_RANGES: readonly (readonly [AddressClass, readonly Cidr[]])[] = [
  ['unspecified', [['::', 128]]],
  ['loopback', [['::1', 128]]],
  ['metadata', METADATA_V6.map((ip): Cidr => [ip, 128])],
  ['link-local', [['fe80::', 10]]],
  [
    'unique-local',
    [
      ['fc00::', 7], // RFC 4193
      ['fec0::', 10], // deprecated site-local, RFC 3879: the same reach as its successor
    ],
  ],
  ['multicast', [['ff00::', 8]]],
  [
    'reserved',
    [
      ['64:ff9b:1::', 48], // local-use NAT64, RFC 8215
      ['100::', 64], // discard-only, RFC 6666
      ['2001::', 23], // IETF protocol assignments incl. Teredo (embeds an obfuscated IPv4), RFC 2928
      ['2001:db8::', 32], // documentation, RFC 3849
      ['3fff::', 20], // documentation, RFC 9637
      ['5f00::', 16], // SRv6 SIDs, RFC 9602
    ],
  ],
];

const GLOBAL_UNICAST_V6: Cidr = ['2000::', 3];

function buildLists(ranges: readonly (readonly [AddressClass, readonly Cidr[]])[], family: 'ipv4' | 'ipv6') {
  return ranges.map(([addressClass, cidrs]) => {
    const list = new BlockList();
    for (const [network, prefix] of cidrs) list.addSubnet(network, prefix, family);
    return [addressClass, list] as const;
  });
}

const V4_LISTS = buildLists(V4_RANGES, 'ipv4');
const V6_LISTS = buildLists(V6_RANGES, 'ipv6');
const GLOBAL_UNICAST_LIST = buildLists([['public', [GLOBAL_UNICAST_V6]]], 'ipv6')[0]![1];

const IPV6_GROUPS = 8;
const GROUP_MAX = 0xffff;

/**
 * The eight 16-bit groups of an IPv6 address (zone id ignored), or undefined when the text is not one. Handles
 * `::` compression and a dotted-quad tail (`::ffff:127.0.0.1`).
 */
function parseIPv6Groups(text: string): number[] | undefined {
  const zoneAt = text.indexOf('%');
  let address = zoneAt === -1 ? text : text.slice(0, zoneAt);
  const tail: number[] = [];
  const lastColon = address.lastIndexOf(':');
  const last = address.slice(lastColon + 1);
  if (last.includes('.')) {
    if (isIP(last) !== 4) return undefined;
    const octets = last.split('.').map(Number);
    tail.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
    // Keep the separator so '::1.2.3.4' leaves '::' behind and 'a:b::c:1.2.3.4' leaves 'a:b::c:'.
    address = address.slice(0, lastColon + 1);
    if (address.endsWith(':') && !address.endsWith('::')) address = address.slice(0, -1);
  }
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const explicit = [...head, ...rest, ...tail];
  if (halves.length === 1) return explicit.length === IPV6_GROUPS ? explicit : undefined;
  if (explicit.length >= IPV6_GROUPS) return undefined;
  return [...head, ...new Array<number>(IPV6_GROUPS - explicit.length).fill(0), ...rest, ...tail];
}

function groupsToIPv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function classifyIPv4(ip: string): AddressClass {
  for (const [addressClass, list] of V4_LISTS) if (list.check(ip, 'ipv4')) return addressClass;
  return 'public';
}

/** The IPv4 address carried inside an IPv6 one, with the rule for what its class means for the whole. */
function embeddedIPv4(groups: readonly number[]): { ipv4: string; kind: 'same-host' | 'translated' } | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d, IPv4-mapped (RFC 4291 §2.5.5.2): the OS connects to a.b.c.d itself.
  if (upperZero && g5 === GROUP_MAX) return { ipv4: groupsToIPv4(g6, g7), kind: 'same-host' };
  // ::a.b.c.d, IPv4-compatible (deprecated, RFC 4291 §2.5.5.1); '::' and '::1' are handled as themselves.
  if (upperZero && g5 === 0 && (g6 !== 0 || g7 > 1)) return { ipv4: groupsToIPv4(g6, g7), kind: 'same-host' };
  // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052): a translator forwards to the embedded address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return { ipv4: groupsToIPv4(g6, g7), kind: 'translated' };
  }
  // 2002::/16, 6to4 (RFC 3056): the IPv4 address of the tunnel end sits in bits 16-47.
  if (g0 === 0x2002) return { ipv4: groupsToIPv4(g1, g2), kind: 'translated' };
  return undefined;
}

function classifyIPv6(ip: string): AddressClass {
  const groups = parseIPv6Groups(ip);
  if (groups === undefined) throw new TypeError(`not an IPv6 address: ${JSON.stringify(ip)}`);
  const embedded = embeddedIPv4(groups);
  if (embedded !== undefined) {
    const inner = classifyIPv4(embedded.ipv4);
    if (embedded.kind === 'same-host') return inner;
    // A translator in front of internal space is a way around the policy, not a destination of its own.
    return inner === 'public' ? 'public' : 'reserved';
  }
  const bare = ip.split('%', 1)[0] ?? ip;
  for (const [addressClass, list] of V6_LISTS) if (list.check(bare, 'ipv6')) return addressClass;
  return GLOBAL_UNICAST_LIST.check(bare, 'ipv6') ? 'public' : 'reserved';
}

/** The class of an IP address (IPv4 or IPv6, zone id allowed). Throws TypeError when `ip` is not an IP address. */
export function classifyAddress(ip: string): AddressClass {
  switch (isIP(ip)) {
    case 4:
      return classifyIPv4(ip);
    case 6:
      return classifyIPv6(ip);
    default:
      throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
  }
}

export function isForbiddenClass(addressClass: AddressClass, options: AddressPolicyOptions): boolean {
  if (addressClass === 'public') return false;
  return !(options.allowPrivateNetworks && PRIVATE_NETWORK_CLASSES.has(addressClass));
}

/** True when the fetcher must not connect to `ip`. Throws TypeError when `ip` is not an IP address. */
export function isForbiddenAddress(ip: string, options: AddressPolicyOptions): boolean {
  return isForbiddenClass(classifyAddress(ip), options);
}
