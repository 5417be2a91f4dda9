import type { Rule } from '../types.js';
import { discAlgNone } from './alg-none.js';
import { discAlgRegistered } from './alg-registered.js';
import { discDocObject } from './doc-object.js';
import { discEmptyArray } from './empty-array.js';
import { discEndpointsHttps } from './endpoints-https.js';
import { fapi1AlgsDiscovery, fapi2AlgsDiscovery } from './profile-algs.js';
import { discIdTokenAlgRs256 } from './id-token-alg-rs256.js';
import { discIssuerMatch } from './issuer-match.js';
import { discIssuerPresent } from './issuer-present.js';
import { discIssuerSyntax } from './issuer-syntax.js';
import { discJwksUriHttps } from './jwks-uri-https.js';
import { discLocales } from './locales.js';
import { discTypes } from './metadata-types.js';
import { discPkce } from './pkce.js';
import { discRequired } from './required.js';
import { discResponseTypes } from './response-types.js';
import { discScopes } from './scopes.js';
import { discSubjectTypes } from './subject-types.js';
import { discUnknownMetadata } from './unknown-metadata.js';
import { discUrlWellKnown } from './url-well-known.js';

/** Rules on the discovery document's metadata (scope 'discovery'), in catalogue order. */
export const discoveryRules: readonly Rule[] = [
  discUrlWellKnown,
  discIssuerPresent,
  discIssuerSyntax,
  discIssuerMatch,
  discRequired,
  discJwksUriHttps,
  discEndpointsHttps,
  discTypes,
  discUnknownMetadata,
  discEmptyArray,
  discIdTokenAlgRs256,
  discAlgNone,
  discAlgRegistered,
  discSubjectTypes,
  discResponseTypes,
  discScopes,
  discLocales,
  discPkce,
  fapi1AlgsDiscovery,
  fapi2AlgsDiscovery,
];

/** Rules on the discovery document as parsed (scope 'document'): it must be an object for the others to run. */
export const discoveryDocumentRules: readonly Rule[] = [discDocObject];
