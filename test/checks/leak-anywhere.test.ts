// A private key wherever a document puts it (a member any rule quotes, a member's name, the whole document, a
// dropped duplicate) is reported and never quoted: the engine shows the rules a redacted copy, and scrubs what they
// say of the published text. The full catalogue, through the engine, as the CLI, the API and the service run it.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Evaluation } from '../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/types.js';
import { parseDocument } from '../../src/json/parse-document.js';

const ISSUER = 'https://idp.example';
let pem: string;
let privateJwkText: string;
let secretD: string;
let ecKey: Record<string, unknown>;

beforeAll(() => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateJwk = ec.privateKey.export({ format: 'jwk' });
  secretD = String(privateJwk.d);
  privateJwkText = JSON.stringify(privateJwk);
  const { d: _d, ...publicJwk } = privateJwk;
  ecKey = { ...publicJwk, kid: 'ec1', use: 'sig', alg: 'ES256' };
});

function document(value: unknown): { parsed: ReturnType<typeof parseDocument>; sha256: string } {
  const bytes = new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
  return { parsed: parseDocument(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
}

function evaluateJwks(jwks: unknown): Evaluation {
  return createEngine().evaluate({
    profile: 'core',
    options: DEFAULT_CHECK_OPTIONS,
    now: new Date(),
    jwks: document(jwks),
  });
}

function evaluateDiscovery(discovery: unknown): Evaluation {
  return createEngine().evaluate({
    profile: 'oidc',
    options: DEFAULT_CHECK_OPTIONS,
    now: new Date(),
    discovery: {
      ...document(discovery),
      discoveryUrl: `${ISSUER}/.well-known/openid-configuration`,
      expectedIssuer: ISSUER,
      flavour: 'openid',
    },
    jwks: document({ keys: [ecKey] }),
  });
}

/** Every 16-character run of the secrets' base64, so a clipped or escaped quote is caught as well as a whole one. */
function expectNoSecretIn(evaluation: Evaluation): void {
  const output = JSON.stringify(evaluation);
  const base64 = pem.replace(/-----[A-Z ]+-----|\s/g, '');
  for (const secret of [base64, secretD]) {
    for (let at = 0; at + 16 <= secret.length; at += 8) expect(output).not.toContain(secret.slice(at, at + 16));
  }
  expect(output).not.toContain('PRIVATE KEY-----');
}

function leakRules(evaluation: Evaluation): string[] {
  return evaluation.findings.filter((f) => f.ruleId === 'jwk.private.members').map((f) => f.pointer);
}

describe('a private key in any member of a key', () => {
  it.each(['kid', 'alg', 'kty', 'use', 'crv', 'x5u'])('is reported and never quoted when it is "%s"', (member) => {
    const evaluation = evaluateJwks({ keys: [{ ...ecKey, [member]: pem }] });
    expect(leakRules(evaluation)).toEqual(['/keys/0']);
    expectNoSecretIn(evaluation);
  });

  it('is reported and never quoted in key_ops, or as a private JWK as text in "kid"', () => {
    for (const key of [
      { ...ecKey, key_ops: ['verify', pem] },
      { ...ecKey, kid: privateJwkText },
    ]) {
      const evaluation = evaluateJwks({ keys: [key] });
      expect(leakRules(evaluation)).toEqual(['/keys/0']);
      expectNoSecretIn(evaluation);
    }
  });

  it('shows the key summaries redacted: the kid is the marker, not the key', () => {
    const { keys } = evaluateJwks({ keys: [{ ...ecKey, kid: pem }] });
    expect(keys[0]?.kid).toMatch(/^\[redacted sha256:[0-9a-f]{12}\]$/);
    expect(keys[0]?.privateMembers).toEqual(['kid']);
  });
});

describe('a private key outside any member value', () => {
  it('is reported when the whole document is a private key as a JSON string', () => {
    for (const text of [pem, privateJwkText]) {
      const evaluation = evaluateJwks(JSON.stringify(text));
      expect(leakRules(evaluation)).toEqual(['']);
      expectNoSecretIn(evaluation);
    }
  });

  it('is reported and never quoted when it is a member name, in a key or beside "keys"', () => {
    for (const jwks of [{ keys: [{ ...ecKey, [pem]: 1 }] }, { keys: [ecKey], [pem]: true }]) {
      const evaluation = evaluateJwks(jwks);
      expect(leakRules(evaluation)).toHaveLength(1);
      expectNoSecretIn(evaluation);
    }
  });

  it('is never quoted as the name of a duplicate member', () => {
    const name = JSON.stringify(pem);
    const evaluation = evaluateJwks(`{"keys": [${JSON.stringify(ecKey)}], ${name}: 1, ${name}: 2}`);
    expect(evaluation.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['jwks.doc.duplicate-member', 'jwk.private.members']),
    );
    expectNoSecretIn(evaluation);
  });
});

describe('a private key in a discovery document', () => {
  it.each(['issuer', 'jwks_uri', 'authorization_endpoint'])('is reported and never quoted in "%s"', (member) => {
    const discovery = {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      [member]: pem,
    };
    const evaluation = evaluateDiscovery(discovery);
    expect(evaluation.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'jwk.private.members', document: 'discovery', pointer: `/${member}` }),
    );
    expectNoSecretIn(evaluation);
  });

  it('is never quoted from a list of supported values', () => {
    const evaluation = evaluateDiscovery({ issuer: ISSUER, scopes_supported: ['openid', privateJwkText] });
    expect(leakRules(evaluation)).toEqual(['/scopes_supported/1']);
    expectNoSecretIn(evaluation);
  });
});
