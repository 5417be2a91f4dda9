/**
 * The IANA "OAuth Authorization Server Metadata" registry (RFC 8414 §7.1) as data, with the JSON type each
 * entry's defining spec gives it. `disc.unknown-metadata` reads the names, `disc.types` the types.
 * Registry contents as of 2025 (RFC 8414 §7.1.2 also registered the OpenID Connect Discovery §3 names).
 */

/**
 * `url`: a string holding an absolute URL; `url-map`: an object whose values are URLs (RFC 8705 §5);
 * `object`: any JSON object; `string-array`: an array of strings.
 */
export type MetadataType = 'url' | 'string' | 'boolean' | 'string-array' | 'object' | 'url-map';

export const REGISTERED_METADATA: Readonly<Record<string, MetadataType>> = {
  // RFC 8414 §2, §2.1
  issuer: 'url',
  authorization_endpoint: 'url',
  token_endpoint: 'url',
  jwks_uri: 'url',
  registration_endpoint: 'url',
  scopes_supported: 'string-array',
  response_types_supported: 'string-array',
  response_modes_supported: 'string-array',
  grant_types_supported: 'string-array',
  token_endpoint_auth_methods_supported: 'string-array',
  token_endpoint_auth_signing_alg_values_supported: 'string-array',
  service_documentation: 'url',
  ui_locales_supported: 'string-array',
  op_policy_uri: 'url',
  op_tos_uri: 'url',
  revocation_endpoint: 'url',
  revocation_endpoint_auth_methods_supported: 'string-array',
  revocation_endpoint_auth_signing_alg_values_supported: 'string-array',
  introspection_endpoint: 'url',
  introspection_endpoint_auth_methods_supported: 'string-array',
  introspection_endpoint_auth_signing_alg_values_supported: 'string-array',
  code_challenge_methods_supported: 'string-array',
  signed_metadata: 'string',
  // OpenID Connect Discovery 1.0 §3
  userinfo_endpoint: 'url',
  acr_values_supported: 'string-array',
  subject_types_supported: 'string-array',
  id_token_signing_alg_values_supported: 'string-array',
  id_token_encryption_alg_values_supported: 'string-array',
  id_token_encryption_enc_values_supported: 'string-array',
  userinfo_signing_alg_values_supported: 'string-array',
  userinfo_encryption_alg_values_supported: 'string-array',
  userinfo_encryption_enc_values_supported: 'string-array',
  request_object_signing_alg_values_supported: 'string-array',
  request_object_encryption_alg_values_supported: 'string-array',
  request_object_encryption_enc_values_supported: 'string-array',
  display_values_supported: 'string-array',
  claim_types_supported: 'string-array',
  claims_supported: 'string-array',
  claims_locales_supported: 'string-array',
  claims_parameter_supported: 'boolean',
  request_parameter_supported: 'boolean',
  request_uri_parameter_supported: 'boolean',
  require_request_uri_registration: 'boolean',
  // OpenID Connect Session Management, Front-Channel, Back-Channel and RP-Initiated Logout 1.0
  check_session_iframe: 'url',
  frontchannel_logout_supported: 'boolean',
  frontchannel_logout_session_supported: 'boolean',
  backchannel_logout_supported: 'boolean',
  backchannel_logout_session_supported: 'boolean',
  end_session_endpoint: 'url',
  // RFC 8628 (device grant)
  device_authorization_endpoint: 'url',
  // RFC 8705 (mutual TLS)
  tls_client_certificate_bound_access_tokens: 'boolean',
  mtls_endpoint_aliases: 'url-map',
  // ETSI GS NFV-SEC 022
  nfv_token_signing_alg_values_supported: 'string-array',
  nfv_token_encryption_alg_values_supported: 'string-array',
  nfv_token_encryption_enc_values_supported: 'string-array',
  // RFC 9101 (JAR), RFC 9126 (PAR), RFC 9207 (iss in the authorization response)
  require_signed_request_object: 'boolean',
  pushed_authorization_request_endpoint: 'url',
  require_pushed_authorization_requests: 'boolean',
  authorization_response_iss_parameter_supported: 'boolean',
  // RFC 9701 (JWT introspection responses)
  introspection_signing_alg_values_supported: 'string-array',
  introspection_encryption_alg_values_supported: 'string-array',
  introspection_encryption_enc_values_supported: 'string-array',
  // OpenID Connect CIBA Core 1.0
  backchannel_token_delivery_modes_supported: 'string-array',
  backchannel_authentication_endpoint: 'url',
  backchannel_authentication_request_signing_alg_values_supported: 'string-array',
  backchannel_user_code_parameter_supported: 'boolean',
  // RFC 9396 (RAR), RFC 9449 (DPoP)
  authorization_details_types_supported: 'string-array',
  dpop_signing_alg_values_supported: 'string-array',
  // JARM (JWT Secured Authorization Response Mode)
  authorization_signing_alg_values_supported: 'string-array',
  authorization_encryption_alg_values_supported: 'string-array',
  authorization_encryption_enc_values_supported: 'string-array',
  // Initiating User Registration via OpenID Connect 1.0
  prompt_values_supported: 'string-array',
  // OpenID Federation 1.0
  client_registration_types_supported: 'string-array',
  federation_registration_endpoint: 'url',
  request_authentication_methods_supported: 'object',
  request_authentication_signing_alg_values_supported: 'string-array',
  // OpenID Connect for Identity Assurance 1.0
  verified_claims_supported: 'boolean',
  trust_frameworks_supported: 'string-array',
  evidence_supported: 'string-array',
  documents_supported: 'string-array',
  documents_methods_supported: 'string-array',
  documents_check_methods_supported: 'string-array',
  electronic_records_supported: 'string-array',
  claims_in_verified_claims_supported: 'string-array',
  attachments_supported: 'string-array',
  digest_algorithms_supported: 'string-array',
  // RFC 9728 (protected resource metadata), OpenID for Verifiable Credential Issuance 1.0
  protected_resources: 'string-array',
  'pre-authorized_grant_anonymous_access_supported': 'boolean',
};

export const REGISTERED_METADATA_NAMES: readonly string[] = Object.keys(REGISTERED_METADATA);

export function isRegisteredMetadata(name: string): boolean {
  return Object.hasOwn(REGISTERED_METADATA, name);
}

/** The registered type of a metadata name, when it is registered. */
export function metadataType(name: string): MetadataType | undefined {
  return Object.hasOwn(REGISTERED_METADATA, name) ? REGISTERED_METADATA[name] : undefined;
}

/** Metadata whose value is an endpoint URL, which OIDC Discovery §3 and RFC 8414 §2 require to be https. */
export function isEndpointMetadata(name: string): boolean {
  return name.endsWith('_endpoint') || name === 'check_session_iframe';
}

/** The `*_alg_values_supported` / `*_enc_values_supported` lists, which hold JOSE algorithm names. */
export const SIGNING_ALG_LIST = /_signing_alg_values_supported$/;
export const ENCRYPTION_ALG_LIST = /_encryption_alg_values_supported$/;
export const ENCRYPTION_ENC_LIST = /_encryption_enc_values_supported$/;
