/**
 * The fleet's documents: provider `i` at content version `v`, built deterministically from the material pools so
 * every poller of a bench run sees the same fleet. A document holds two keys, generations v and v+1; a rotation
 * (v -> v+1) retires the oldest and publishes a new one, as IdPs do. The key-type mix follows what large IdPs
 * publish: mostly RSA, a share with x5c (Microsoft, Auth0), some EC and Ed25519.
 */
import { ALG_OF, type FleetMaterial, type KeyType, type PublicJwk } from './material.js';

/** Document shapes by `i % 20`: a key of generation g has the type `shape[g % 2]`. */
const SHAPES: readonly (readonly [KeyType, KeyType])[] = [
  ...Array.from({ length: 8 }, () => ['rsa', 'rsa'] as const), // 40%: Google-style
  ...Array.from({ length: 4 }, () => ['rsaX5c', 'rsaX5c'] as const), // 20%: Microsoft / Auth0-style
  ...Array.from({ length: 3 }, () => ['rsa', 'p256'] as const), // 15%
  ...Array.from({ length: 2 }, () => ['p256', 'p256'] as const), // 10%
  ...Array.from({ length: 2 }, () => ['ed25519', 'rsa'] as const), // 10%
  ['p384', 'rsa'] as const, // 5%
];

const KEYS_PER_DOCUMENT = 2;

/** A well-mixed 32-bit hash (so membership in a fraction does not follow the shape). */
export function mix(i: number, salt: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 0x1_0000_0000;
}

const ROTATING_SALT = 0x5bd1e995;
const ETAG_SALT = 0x27d4eb2f;
const CORS_SALT = 0x165667b1;

export interface FleetShape {
  /** Share of providers whose content changes on every fetch while rotation is on. */
  readonly rotatingFraction: number;
  /** Share of providers that send an ETag (and answer If-None-Match with 304). */
  readonly etagFraction: number;
  /** Share of providers that send Access-Control-Allow-Origin: * (OIDC Discovery §3 says SHOULD). */
  readonly corsFraction: number;
}

export const isRotating = (i: number, shape: FleetShape): boolean => mix(i, ROTATING_SALT) < shape.rotatingFraction;
export const hasEtag = (i: number, shape: FleetShape): boolean => mix(i, ETAG_SALT) < shape.etagFraction;
export const hasCors = (i: number, shape: FleetShape): boolean => mix(i, CORS_SALT) < shape.corsFraction;

export function shapeOf(i: number): readonly [KeyType, KeyType] {
  return SHAPES[i % SHAPES.length] ?? ['rsa', 'rsa'];
}

function keyOf(material: FleetMaterial, i: number, generation: number): PublicJwk {
  const type = shapeOf(i)[generation % 2] ?? 'rsa';
  const pool = material.keys[type];
  // Steps of 7 through the pool: neighbouring generations of one provider never share material.
  const jwk = pool[(i * 31 + generation * 7) % pool.length] ?? {};
  return { ...jwk, kid: `bench-${i}-${generation}`, use: 'sig', alg: ALG_OF[type] };
}

export function jwksDocument(material: FleetMaterial, i: number, version: number): { keys: PublicJwk[] } {
  return { keys: Array.from({ length: KEYS_PER_DOCUMENT }, (_, s) => keyOf(material, i, version + s)) };
}
