/**
 * Private key material in the shapes a plain name match misses (regression: a review on 2026-11-23 found each of
 * these stored in clear and served by the snapshot API, with the provider "up"): members in another letter case or
 * under their .NET name, a PEM private key in a vendor member, a private key's DER as an x5c entry, a key published
 * as JSON text, and a private value beside "keys". Each is reported, alerted on, and stored nowhere.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk, startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
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
let document: Record<string, unknown>;
/** Every private value published, or a telling part of it (a PEM body line, the start of a DER). */
let secrets: string[];

beforeAll(async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  const der = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'der' })
    .toString('base64');
  const ecPrivate = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const dotNet = {
    kty: 'RSA',
    kid: 'dotnet',
    n: rsaJwk.n,
    e: rsaJwk.e,
    D: rsaJwk.d,
    DP: rsaJwk.dp,
    InverseQ: rsaJwk.qi,
  };
  const vendor = { ...rsaPublicJwk('vendor'), private_key: String(pem) };
  const derInX5c = { ...rsaPublicJwk('x5c'), x5c: [der] };
  const asText = JSON.stringify({ ...ecPrivate, kid: 'text' });
  const topLevel = 'top-level-private-value-0123456789';
  document = { keys: [dotNet, vendor, derInX5c, asText, rsaPublicJwk('clean')], d: topLevel };
  const pemBodyLine = String(pem).split('\n')[1] ?? '';
  secrets = [
    String(rsaJwk.d),
    String(rsaJwk.dp),
    String(rsaJwk.qi),
    pemBodyLine,
    der.slice(0, 60),
    String(ecPrivate.d),
    topLevel,
  ];
  idp = await startFakeIdp();
  idp.setJwks(document);
  h = await startHarness({ ca: [idp.ca] });
  api = apiOf(h.app);
});
afterAll(async () => {
  await h.close();
  await idp.close();
});

describe('private key material in shapes a name match misses', () => {
  it('is reported at every place, alerted on, and no API answer or table holds a private value', async () => {
    expect(secrets.every((s) => s.length >= 20)).toBe(true);
    const created = await api.post<ProviderView>('/providers', { name: 'odd-leaks', url: idp.jwksUrl });
    const id = created.body.id;
    const bodies: [string, string][] = [];
    for (let poll = 0; poll < 2; poll++) {
      h.clock.advance(60_000);
      const check = await api.post<PollView>(`/providers/${id}/check`);
      expect(check.status).toBe(200);
      bodies.push([`check ${poll}`, check.text]);
    }

    const findings = (await api.get<{ findings: { ruleId: string; pointer: string }[] }>(`/providers/${id}/findings`))
      .body.findings;
    const leaks = findings.filter((f) => f.ruleId === LEAK_RULE).map((f) => f.pointer);
    expect(leaks).toEqual(expect.arrayContaining(['/keys/0', '/keys/1', '/keys/2', '/keys/3', '/d']));
    expect(leaks).not.toContain('/keys/4');
    expect((await api.get<ProviderView>(`/providers/${id}`)).body.status).toBe('failing');

    const events = await api.get<{ events: { type: string; data: { keys?: { index: number }[] } }[] }>(
      `/providers/${id}/events`,
    );
    const leakEvent = events.body.events.find((e) => e.type === 'key.private_material');
    expect(leakEvent?.data.keys?.map((k) => k.index)).toEqual([0, 1, 2, 3]);

    const snapshotId = (await api.get<ProviderView>(`/providers/${id}`)).body.latestSnapshotId;
    const snapshot = await api.get<{ privateMemberCount: number }>(`/providers/${id}/snapshots/${snapshotId}`);
    expect(snapshot.body.privateMemberCount).toBe(7); // D, DP, InverseQ, private_key, x5c/0, the text, d
    bodies.push(['snapshot', snapshot.text], ['events', events.text]);
    for (const path of [`/providers/${id}/keys`, `/providers/${id}/snapshots`, '/events', `/providers/${id}/runs`]) {
      bodies.push([path, (await api.get(path)).text]);
    }
    const adhoc = await api.post<AdhocView>('/check', { document });
    expect(adhoc.body.ok).toBe(false);
    expect(adhoc.body.findings.filter((f) => f.ruleId === LEAK_RULE)).toHaveLength(5);
    bodies.push(['adhoc', adhoc.text]);

    const tables = ['providers', 'snapshots', 'provider_snapshots', 'keys', 'incidents', 'runs', 'events'];
    for (const table of tables)
      bodies.push([table, JSON.stringify(h.store.db.prepare(`SELECT * FROM ${table}`).all())]);
    for (const [label, text] of bodies) {
      for (const secret of secrets) expect(text.includes(secret), `${label} carries a private value`).toBe(false);
    }
  });
});
