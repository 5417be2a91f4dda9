import type { Profile, ProfileSeverity, Rule } from './types.js';

/** fapi1/fapi2 build on OpenID Connect, so they inherit its severity overrides. */
const PROFILE_CHAIN: Readonly<Record<Profile, readonly Profile[]>> = {
  core: ['core'],
  oidc: ['oidc'],
  fapi1: ['fapi1', 'oidc'],
  fapi2: ['fapi2', 'oidc'],
  shc: ['shc'],
};

/** A rule's severity under a profile ('off' = not evaluated). */
export function resolveSeverity(rule: Pick<Rule, 'severity' | 'profiles'>, profile: Profile): ProfileSeverity {
  for (const p of PROFILE_CHAIN[profile]) {
    const override = rule.profiles?.[p];
    if (override !== undefined) return override;
  }
  return rule.severity;
}
