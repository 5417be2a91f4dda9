// The discovery and cross-document rules as the engine runs them: parsed bytes in, completed findings out.
import { beforeAll, describe, expect, it } from 'vitest';
import { discoveryDocumentRules, discoveryRules } from '../../../src/checks/discovery/index.js';
import { createEngine } from '../../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, type Profile } from '../../../src/checks/types.js';
import { xdocRules } from '../../../src/checks/xdoc/index.js';
import { parseDocument } from '../../../src/json/parse-document.js';
import { FIXED_NOW } from '../../helpers/inputs.js';
import { GOOGLE_ISSUER, GOOGLE_URL, googleDoc } from '../discovery/helpers.js';
import { rsaKey, type TestKey } from './helpers.js';

let rsa: TestKey;
beforeAll(() => {
  rsa = rsaKey({ kid: 'g1', use: 'sig', alg: 'RS256' });
});

function evaluate(discovery: unknown, jwks: unknown, profile: Profile = 'oidc') {
  const engine = createEngine({ rules: [...discoveryDocumentRules, ...discoveryRules, ...xdocRules] });
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return engine.evaluate({
    profile,
    options: DEFAULT_CHECK_OPTIONS,
    now: FIXED_NOW,
    discovery: {
      parsed: parseDocument(bytes(discovery)),
      sha256: JSON.stringify(discovery),
      discoveryUrl: GOOGLE_URL,
      expectedIssuer: GOOGLE_ISSUER,
      flavour: 'openid',
    },
    jwks: { parsed: parseDocument(bytes(jwks)), sha256: JSON.stringify(jwks) },
  });
}

describe('discovery and cross-document rules in the engine', () => {
  it('reports Google with its RS256 key as the PKCE "plain" warning and the foreign JWKS host only', () => {
    const { findings } = evaluate(googleDoc(), { keys: [rsa.jwk] });
    expect(findings.map((f) => [f.ruleId, f.severity, f.document, f.pointer])).toEqual([
      ['disc.pkce', 'warning', 'discovery', '/code_challenge_methods_supported/0'],
      ['xdoc.jwks-host', 'info', 'discovery', '/jwks_uri'],
    ]);
  });

  it('reports a discovery document that is an array, and runs no metadata rule on it', () => {
    const { findings } = evaluate([googleDoc()], { keys: [rsa.jwk] });
    expect(findings.map((f) => f.ruleId)).toEqual(['disc.doc.object']);
  });

  it('reports an impersonating issuer and an RS256 key gap as errors with their spec references', () => {
    const { findings } = evaluate({ ...googleDoc(), issuer: 'https://evil.example' }, { keys: [] });
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.ruleId).sort()).toEqual(['disc.issuer.match', 'xdoc.sig-alg-coverage']);
    expect(errors.every((f) => f.spec.length > 0)).toBe(true);
  });

  it('lists the FAPI 2.0 discovery half as skipped outside fapi2', () => {
    expect(evaluate(googleDoc(), { keys: [rsa.jwk] }).skippedRules).toContain('profile.fapi2.algs');
  });
});
