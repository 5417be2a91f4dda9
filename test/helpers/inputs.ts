/** Builders for rule inputs, so rule tests state only what matters to them. */
import {
  DEFAULT_CHECK_OPTIONS,
  type CheckOptions,
  type KeyInput,
  type Profile,
  type RuleEnv,
  type SetInput,
} from '../../src/checks/types.js';
import { analyzeKey } from '../../src/jwks/key-facts.js';

export const FIXED_NOW = new Date('2026-06-01T00:00:00Z');

export interface EnvOverrides {
  profile?: Profile;
  options?: Partial<CheckOptions>;
  now?: Date;
}

export function env(overrides: EnvOverrides = {}): RuleEnv {
  return {
    profile: overrides.profile ?? 'core',
    options: { ...DEFAULT_CHECK_OPTIONS, ...overrides.options },
    now: overrides.now ?? FIXED_NOW,
  };
}

/** A key rule's input for one JWK (any JSON value), as element `index` of a set, analysed as the engine does. */
export function keyInput(jwk: unknown, overrides: EnvOverrides & { index?: number } = {}): KeyInput {
  const input = env(overrides);
  return { ...input, key: analyzeKey(jwk, overrides.index ?? 0, privateValuesOf(input)) };
}

/** A set rule's input for the given `keys` elements. */
export function setInput(keys: readonly unknown[], overrides: EnvOverrides = {}): SetInput {
  const input = env(overrides);
  return { ...input, keys: keys.map((k, i) => analyzeKey(k, i, privateValuesOf(input))) };
}

/** Private values are what private-key mode judges; everywhere else the rules see them redacted. */
function privateValuesOf(input: RuleEnv): 'redacted' | 'kept' {
  return input.options.privateKeyMode ? 'kept' : 'redacted';
}
