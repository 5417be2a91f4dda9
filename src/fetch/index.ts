/** The guarded fetcher: the only module that talks to the network. Nothing here exposes undici types. */
export * from './types.js';
export {
  ADDRESS_CLASS_DESCRIPTIONS,
  ALWAYS_FORBIDDEN_CLASSES,
  PRIVATE_NETWORK_CLASSES,
  classifyAddress,
  isForbiddenAddress,
  isForbiddenClass,
  type AddressClass,
  type AddressPolicyOptions,
} from './address-policy.js';
export {
  ACCEPT_HEADER,
  DEFAULT_FETCHER_OPTIONS,
  DEFAULT_USER_AGENT,
  createFetcher,
  type FetchOptions,
  type Fetcher,
  type FetcherOptions,
} from './fetcher.js';
export type { TimeoutPhase } from './fetch-errors.js';
export { checkEnteredUrl, displayUrl } from './url-rules.js';
