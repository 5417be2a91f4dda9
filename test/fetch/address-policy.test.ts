import { describe, expect, it } from 'vitest';
import {
  ALWAYS_FORBIDDEN_CLASSES,
  PRIVATE_NETWORK_CLASSES,
  classifyAddress,
  isForbiddenAddress,
  type AddressClass,
} from '../../src/fetch/address-policy.js';

// Pure classification only: none of these addresses is ever connected to.
const CASES: readonly (readonly [ip: string, expected: AddressClass, why: string])[] = [
  // IPv4 public
  ['8.8.8.8', 'public', 'a public resolver'],
  ['1.1.1.1', 'public', 'a public resolver'],
  ['93.184.216.34', 'public', 'a public web host'],
  ['172.15.255.255', 'public', 'just below 172.16/12'],
  ['172.32.0.0', 'public', 'just above 172.16/12'],
  ['100.63.255.255', 'public', 'just below 100.64/10'],
  ['100.128.0.0', 'public', 'just above 100.64/10'],
  ['198.17.255.255', 'public', 'just below 198.18/15'],
  ['198.20.0.0', 'public', 'just above 198.18/15'],
  ['192.0.1.1', 'public', 'between 192.0.0/24 and 192.0.2/24'],
  ['223.255.255.255', 'public', 'just below multicast'],
  // IPv4 special
  ['0.0.0.0', 'unspecified', 'reaches the local host on Linux'],
  ['0.1.2.3', 'reserved', '"this network" 0/8'],
  ['127.0.0.1', 'loopback', 'loopback'],
  ['127.255.255.254', 'loopback', 'the whole of 127/8'],
  ['10.0.0.1', 'private', 'RFC 1918 10/8'],
  ['10.255.255.255', 'private', 'RFC 1918 10/8 top'],
  ['172.16.0.1', 'private', 'RFC 1918 172.16/12'],
  ['172.31.255.255', 'private', 'RFC 1918 172.16/12 top'],
  ['192.168.1.1', 'private', 'RFC 1918 192.168/16'],
  ['100.64.0.1', 'cgnat', 'RFC 6598 shared space'],
  ['100.127.255.255', 'cgnat', 'RFC 6598 top'],
  ['169.254.0.1', 'link-local', 'RFC 3927'],
  ['169.254.169.254', 'metadata', 'AWS/GCP/Azure instance metadata'],
  ['169.254.170.2', 'metadata', 'AWS ECS task credentials'],
  ['100.100.100.200', 'metadata', 'Alibaba metadata inside CGNAT space'],
  ['192.0.0.192', 'metadata', 'Oracle Cloud metadata inside 192.0.0/24'],
  ['224.0.0.1', 'multicast', 'all-hosts multicast'],
  ['239.255.255.250', 'multicast', 'SSDP'],
  ['240.0.0.1', 'reserved', 'class E'],
  ['255.255.255.255', 'reserved', 'limited broadcast'],
  ['192.0.0.8', 'reserved', 'IETF protocol assignments'],
  ['192.0.2.1', 'reserved', 'TEST-NET-1'],
  ['198.51.100.7', 'reserved', 'TEST-NET-2'],
  ['203.0.113.9', 'reserved', 'TEST-NET-3'],
  ['198.18.0.1', 'reserved', 'benchmarking'],
  ['198.19.255.255', 'reserved', 'benchmarking top'],
  ['192.88.99.1', 'reserved', 'deprecated 6to4 relay anycast'],
  // IPv6 public
  ['2606:4700:4700::1111', 'public', 'a public resolver'],
  ['2a00:1450:4001:82a::200e', 'public', 'a public web host'],
  ['2001:4860:4860::8888', 'public', 'outside 2001::/23'],
  // IPv6 special
  ['::', 'unspecified', 'unspecified'],
  ['0:0:0:0:0:0:0:0', 'unspecified', 'unspecified, uncompressed'],
  ['::1', 'loopback', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback', 'loopback, uncompressed'],
  ['fe80::1', 'link-local', 'link-local'],
  ['fe80::1%eth0', 'link-local', 'link-local with a zone id'],
  ['febf:ffff::1', 'link-local', 'top of fe80::/10'],
  ['fd00:ec2::254', 'metadata', 'AWS metadata over IPv6'],
  ['fd00:ec2::23', 'metadata', 'AWS EKS Pod Identity over IPv6'],
  ['fc00::1', 'unique-local', 'fc00::/7'],
  ['fd12:3456:789a::1', 'unique-local', 'fd00::/8'],
  ['fec0::1', 'unique-local', 'deprecated site-local'],
  ['ff02::1', 'multicast', 'all-nodes multicast'],
  ['ff05::1:3', 'multicast', 'site-local DHCP multicast'],
  ['2001:db8::1', 'reserved', 'documentation'],
  ['3fff::1', 'reserved', 'documentation, RFC 9637'],
  ['2001::1', 'reserved', 'Teredo'],
  ['2001:2::1', 'reserved', 'benchmarking inside 2001::/23'],
  ['100::1', 'reserved', 'discard-only'],
  ['64:ff9b:1::1', 'reserved', 'local-use NAT64'],
  ['5f00::1', 'reserved', 'SRv6 SIDs'],
  ['4000::1', 'reserved', 'outside global unicast 2000::/3'],
  ['::ffff:0:7f00:1', 'reserved', 'SIIT-translated form, outside 2000::/3'],
  // IPv4-mapped: the OS connects to the embedded IPv4 address
  ['::ffff:127.0.0.1', 'loopback', 'mapped loopback, dotted'],
  ['::ffff:7f00:1', 'loopback', 'mapped loopback, hex (as the URL parser writes it)'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback', 'mapped loopback, uncompressed'],
  ['::FFFF:7F00:1', 'loopback', 'mapped loopback, upper case'],
  ['::ffff:10.1.2.3', 'private', 'mapped RFC 1918'],
  ['::ffff:a01:203', 'private', 'mapped RFC 1918, hex'],
  ['::ffff:169.254.169.254', 'metadata', 'mapped metadata'],
  ['::ffff:a9fe:a9fe', 'metadata', 'mapped metadata, hex'],
  ['::ffff:100.64.0.1', 'cgnat', 'mapped CGNAT'],
  ['::ffff:0.0.0.0', 'unspecified', 'mapped unspecified'],
  ['::ffff:8.8.8.8', 'public', 'mapped public'],
  // IPv4-compatible (deprecated)
  ['::127.0.0.1', 'loopback', 'compatible loopback'],
  ['::7f00:1', 'loopback', 'compatible loopback, hex'],
  ['::10.0.0.1', 'private', 'compatible RFC 1918'],
  ['::8.8.8.8', 'public', 'compatible public'],
  ['::0.0.0.2', 'reserved', 'compatible "this network"'],
  // NAT64 and 6to4: a translator forwards to the embedded address
  ['64:ff9b::127.0.0.1', 'reserved', 'NAT64 to loopback'],
  ['64:ff9b::a9fe:a9fe', 'reserved', 'NAT64 to metadata'],
  ['64:ff9b::10.0.0.1', 'reserved', 'NAT64 to RFC 1918'],
  ['64:ff9b::808:808', 'public', 'NAT64 to a public address'],
  ['2002:7f00:1::1', 'reserved', '6to4 around loopback'],
  ['2002:c0a8:101::1', 'reserved', '6to4 around RFC 1918'],
  ['2002:808:808::1', 'public', '6to4 around a public address'],
];

describe('classifyAddress', () => {
  it.each(CASES)('classifies %s as %s (%s)', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it.each(['', 'localhost', '1.2.3', '256.0.0.1', '01.2.3.4', '[::1]', '::ffff:1.2.3', '1::2::3', 'example.com'])(
    'throws a TypeError for the non-address %j',
    (text) => {
      expect(() => classifyAddress(text)).toThrow(TypeError);
    },
  );
});

describe('isForbiddenAddress', () => {
  const strict = { allowPrivateNetworks: false };
  const permissive = { allowPrivateNetworks: true };

  it.each(CASES)('refuses %s unless it is public, by default', (ip, expected) => {
    expect(isForbiddenAddress(ip, strict)).toBe(expected !== 'public');
  });

  it.each(CASES)('lets %s through with allowPrivateNetworks only if it is a private-network class', (ip, expected) => {
    const allowed = expected === 'public' || PRIVATE_NETWORK_CLASSES.has(expected);
    expect(isForbiddenAddress(ip, permissive)).toBe(!allowed);
  });

  it('keeps metadata, unspecified, multicast and reserved refused even with allowPrivateNetworks', () => {
    for (const ip of [
      '169.254.169.254',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      '192.0.2.1',
    ]) {
      expect(isForbiddenAddress(ip, permissive), ip).toBe(true);
    }
    expect([...ALWAYS_FORBIDDEN_CLASSES].filter((c) => PRIVATE_NETWORK_CLASSES.has(c))).toEqual([]);
  });

  it('lets loopback, RFC 1918, CGNAT, link-local and unique-local through with allowPrivateNetworks', () => {
    for (const ip of [
      '127.0.0.1',
      '::1',
      '::ffff:7f00:1',
      '10.0.0.1',
      '100.64.0.1',
      '169.254.1.1',
      'fe80::1',
      'fd12::1',
    ]) {
      expect(isForbiddenAddress(ip, permissive), ip).toBe(false);
    }
  });

  it('throws a TypeError instead of guessing when given a host name', () => {
    expect(() => isForbiddenAddress('localhost', strict)).toThrow(TypeError);
  });
});
