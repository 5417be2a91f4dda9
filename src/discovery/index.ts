export { detectDiscoveryFlavour, detectDocumentKind } from './detect.js';
export {
  OAUTH_WELL_KNOWN,
  OPENID_WELL_KNOWN,
  classifyTargetUrl,
  hasWellKnownPath,
  isJwksPath,
  oauthMetadataUrl,
  openidConfigurationUrl,
  parseAbsoluteUrl,
  wellKnownUrl,
  type DiscoveryCandidate,
  type TargetUrl,
} from './well-known.js';
export {
  REGISTERED_METADATA,
  REGISTERED_METADATA_NAMES,
  isRegisteredMetadata,
  metadataType,
  type MetadataType,
} from './metadata.js';
