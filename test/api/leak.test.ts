/**
 * An IdP that publishes private key material: the API reports jwk.private.members and no response body, on any
 * route, carries a private value (the history stores the set redacted; live reports are scrubbed on the way out).
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsWithoutSecrets } from '../../src/api/schemas.js';
import type { Finding } from '../../src/checks/types.js';
import { PRIVATE_MEMBERS } from '../../src/jwks/types.js';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import {
  apiOf,
  startHarness,
  type AdhocView,
  type Api,
  type Harness,
  type PollView,
  type ProviderView,
} from './app-harness.js';

const LEAK_RULE = 'jwk.private.members';

let idp: FakeIdp;
let h: Harness;
let api: Api;
let privateJwk: Record<string, unknown>;
let secrets: string[];

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'leaky', alg: 'RS256', use: 'sig' };
  secrets = PRIVATE_MEMBERS.flatMap((m) => (typeof privateJwk[m] === 'string' ? [privateJwk[m]] : []));
  idp = await startFakeIdp();
  idp.setJwks({ keys: [privateJwk] });
  h = await startHarness({ ca: [idp.ca] });
  api = apiOf(h.app);
});
afterAll(async () => {
  await h.close();
  await idp.close();
});

function expectNoSecret(label: string, text: string): void {
  for (const secret of secrets) expect(text.includes(secret), `${label} carries a private value`).toBe(false);
}

describe('a JWKS that leaks a private key', () => {
  it('is reported as jwk.private.members and no API response carries a private value', async () => {
    expect(secrets).toHaveLength(6); // d, p, q, dp, dq, qi
    const created = await api.post<ProviderView>('/providers', { name: 'leaky', url: idp.jwksUrl });
    const id = created.body.id;
    const bodies: [string, string][] = [];

    for (let poll = 0; poll < 2; poll++) {
      h.clock.advance(60_000);
      const check = await api.post<PollView>(`/providers/${id}/check`);
      expect(check.status).toBe(200);
      expect(check.body.findings.map((f) => f.ruleId)).toContain(LEAK_RULE);
      expect(check.body.keys[0]?.privateMembers).toEqual(expect.arrayContaining(['d', 'p', 'q']));
      bodies.push([`check ${poll}`, check.text]);
    }

    const snapshotId = (await api.get<ProviderView>(`/providers/${id}`)).body.latestSnapshotId;
    const snapshot = await api.get<{ document: { keys: Record<string, unknown>[] }; privateMemberCount: number }>(
      `/providers/${id}/snapshots/${snapshotId}`,
    );
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.document.keys[0]?.['d']).toMatch(/^\[redacted sha256:[0-9a-f]+\]$/);
    expect(snapshot.body.privateMemberCount).toBe(6);

    const findings = await api.get<{ findings: { ruleId: string }[] }>(`/providers/${id}/findings`);
    expect(findings.body.findings.map((f) => f.ruleId)).toContain(LEAK_RULE);
    const events = await api.get<{ events: { type: string }[] }>(`/providers/${id}/events`);
    expect(events.body.events.map((e) => e.type)).toContain('key.private_material');

    bodies.push(['snapshot', snapshot.text], ['findings', findings.text], ['provider events', events.text]);
    for (const path of [
      `/providers/${id}`,
      '/providers',
      `/providers/${id}/runs`,
      `/providers/${id}/snapshots`,
      `/providers/${id}/keys?includeRemoved=true`,
      '/events',
      `/providers/${id}/diff?from=${snapshotId}&to=${snapshotId}`,
    ]) {
      const response = await api.get(path);
      expect(response.status, path).toBe(200);
      bodies.push([path, response.text]);
    }

    const asObject = await api.post<AdhocView>('/check', { document: { keys: [privateJwk] } });
    const asText = await api.post<AdhocView>('/check', { document: JSON.stringify({ keys: [privateJwk] }) });
    const byUrl = await api.post<AdhocView>('/check', { url: idp.jwksUrl });
    for (const [label, response] of [
      ['adhoc object', asObject],
      ['adhoc text', asText],
      ['adhoc url', byUrl],
    ] as const) {
      expect(response.status, label).toBe(200);
      expect(response.body.ok, label).toBe(false);
      expect(
        response.body.findings.map((f) => f.ruleId),
        label,
      ).toContain(LEAK_RULE);
      bodies.push([label, response.text]);
    }

    for (const [label, text] of bodies) expectNoSecret(label, text);
  });

  it('scrubs a private value that a finding quoted before the finding leaves the API', () => {
    const d = String(privateJwk['d']);
    const careless: Finding = {
      ruleId: LEAK_RULE,
      severity: 'error',
      message: `d is ${d}`,
      pointer: '/keys/0/d',
      document: 'jwks',
      spec: 'RFC 7517 §9.2',
      actual: d,
    };
    const [scrubbed] = findingsWithoutSecrets([careless], { keys: [privateJwk] });
    expect(JSON.stringify(scrubbed)).not.toContain(d);
    expect(scrubbed?.message).toMatch(/\[redacted sha256:[0-9a-f]+\]/);
  });
});
