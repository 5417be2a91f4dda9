/** Key pairs made at test time and xdoc inputs built from a discovery document and JWK Set members. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { DiscoveryFlavour, XdocInput } from '../../../src/checks/types.js';
import { setInput, type EnvOverrides } from '../../helpers/inputs.js';
import type { Doc } from '../discovery/helpers.js';

export interface TestKey {
  readonly privateKey: KeyObject;
  /** The public JWK as published, with the members given. */
  readonly jwk: Record<string, unknown>;
}

const RSA_BITS = 2048;

function publicJwk(publicKey: KeyObject, members: Record<string, unknown>): Record<string, unknown> {
  return { ...publicKey.export({ format: 'jwk' }), ...members };
}

export function rsaKey(members: Record<string, unknown> = {}): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: RSA_BITS });
  return { privateKey, jwk: publicJwk(publicKey, members) };
}

export function ecKey(namedCurve: 'P-256' | 'P-384' | 'P-521', members: Record<string, unknown> = {}): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve });
  return { privateKey, jwk: publicJwk(publicKey, members) };
}

export function ed25519Key(members: Record<string, unknown> = {}): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwk: publicJwk(publicKey, members) };
}

export function xdocInput(
  discovery: Doc,
  keys: readonly unknown[],
  overrides: EnvOverrides & { flavour?: DiscoveryFlavour } = {},
): XdocInput {
  return { ...setInput(keys, { profile: 'oidc', ...overrides }), discovery, flavour: overrides.flavour ?? 'openid' };
}
