/** URL text rules shared by the fetcher and the places a URL is entered. */
import { describe, expect, it } from 'vitest';
import {
  displayUrl,
  enteredUrlProblem,
  hostNameProblem,
  refusedAddressProblem,
  urlForMessage,
} from '../../src/fetch/url-rules.js';

describe('refusedAddressProblem', () => {
  it('offers ALLOW_PRIVATE_NETWORKS only for the classes it lifts, in the words the fetcher uses', () => {
    const off = { allowPrivateNetworks: false };
    expect(refusedAddressProblem('10.0.0.5', off)).toBe(
      'points at a private (RFC 1918) address, which is refused (ALLOW_PRIVATE_NETWORKS=1 allows private networks)',
    );
    expect(refusedAddressProblem('0.0.0.0', off)).toBe('points at the unspecified address, which is refused');
    expect(refusedAddressProblem('ff02::1', off)).toBe('points at a multicast address, which is refused');
  });

  it('never offers it when it is already set', () => {
    const on = { allowPrivateNetworks: true };
    expect(refusedAddressProblem('169.254.169.254', on)).toBe(
      'points at a cloud metadata service address, which is refused',
    );
    expect(refusedAddressProblem('198.18.0.1', on)).toBe(
      'points at a reserved, documentation or translation address, which is refused',
    );
    expect(refusedAddressProblem('10.0.0.5', on)).toBeUndefined();
  });

  it('leaves names and public addresses to the fetcher', () => {
    expect(refusedAddressProblem('idp.example', { allowPrivateNetworks: false })).toBeUndefined();
    expect(refusedAddressProblem('93.184.216.34', { allowPrivateNetworks: false })).toBeUndefined();
  });
});

describe('enteredUrlProblem', () => {
  const problem = (input: string) => enteredUrlProblem(input, new URL(input));

  it('accepts a URL as the parser would write it, in any case', () => {
    expect(problem('https://idp.example/jwks')).toBeUndefined();
    expect(problem('HTTPS://IdP.example:8443/jwks?x=1')).toBeUndefined();
  });

  it.each(['https:idp.example/jwks', 'https:\\\\idp.example\\jwks', 'https:/idp.example/jwks'])(
    'refuses %j, which the parser reads as https://idp.example/jwks',
    (input) => {
      expect(problem(input)).toBe('must start with https://');
    },
  );

  it.each([' https://idp.example/jwks', 'https://idp.example/jwks\n', 'https://idp.\texample/jwks'])(
    'refuses %j, whose spaces or line breaks the parser drops',
    (input) => {
      expect(problem(input)).toMatch(/^must not have surrounding spaces/);
    },
  );
});

describe('hostNameProblem', () => {
  it('accepts the longest name and label DNS allows, and IP literals', () => {
    const label = 'a'.repeat(63);
    expect(hostNameProblem(`${label}.example`)).toBeUndefined();
    expect(hostNameProblem(`${[label, label, label, 'a'.repeat(61)].join('.')}`)).toBeUndefined();
    expect(hostNameProblem(`${[label, label, label, 'a'.repeat(61)].join('.')}.`)).toBeUndefined();
    expect(hostNameProblem('[::1]')).toBeUndefined();
  });

  it('refuses a name over 253 characters or with a label over 63 (RFC 1035 §2.3.4)', () => {
    const label = 'a'.repeat(63);
    expect(hostNameProblem(`${[label, label, label, 'a'.repeat(62)].join('.')}`)).toBe(
      'has a host name longer than 253 characters',
    );
    expect(hostNameProblem(`${'a'.repeat(64)}.example`)).toBe('has a host name label longer than 63 characters');
  });
});

describe('displayUrl and urlForMessage', () => {
  it('drops the user name and password, parsed or not, and leaves other text as given', () => {
    expect(displayUrl('https://alice:S3cret@idp.example/jwks')).toBe('https://idp.example/jwks');
    expect(displayUrl('https://alice:S3cret@[bad/jwks')).toBe('https://[bad/jwks');
    expect(displayUrl('HTTPS://idp.example')).toBe('HTTPS://idp.example');
    expect(displayUrl('./jwks.json')).toBe('./jwks.json');
  });

  it('cuts a long URL for a message', () => {
    expect(urlForMessage(`https://idp.example/${'x'.repeat(1000)}`)).toHaveLength(201);
  });
});
