import type { Rule } from '../types.js';
import { xdocEncAlgCoverage } from './enc-alg-coverage.js';
import { xdocJwksHost } from './jwks-host.js';
import { xdocSigAlgCoverage } from './sig-alg-coverage.js';
import { discSignedMetadata } from './signed-metadata.js';
import { xdocUnadvertisedKeyAlg } from './unadvertised-key-alg.js';

/** Rules that need the discovery document and the JWK Set of the same poll (scope 'xdoc'). */
export const xdocRules: readonly Rule[] = [
  xdocSigAlgCoverage,
  xdocEncAlgCoverage,
  xdocUnadvertisedKeyAlg,
  xdocJwksHost,
  // Listed with the discovery rules in the catalogue, but it needs the JWK Set to verify the signature.
  discSignedMetadata,
];
