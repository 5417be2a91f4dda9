/**
 * POST /api/v1/check with a posted document, through the composition root's own ad-hoc checker (the API tests
 * build theirs): a document nested too deep to be judged is the caller's mistake, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorApp } from '../../src/compose.js';
import { DEFAULT_MAX_DEPTH } from '../../src/json/parse-document.js';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { startService, tempDatabasePath, testConfig } from './harness.js';

let idp: FakeIdp;
let monitor: MonitorApp;

beforeAll(async () => {
  idp = await startFakeIdp();
  monitor = await startService(testConfig(tempDatabasePath()), idp.ca);
});
afterAll(async () => {
  await monitor.stop();
  await idp.close();
});

/** `levels` arrays, one inside the next, as the `keys` of a document (which adds one level of its own). */
function nestedKeys(levels: number): string {
  return `{"document":{"keys":${'['.repeat(levels)}${']'.repeat(levels)}}}`;
}

async function check(payload: string) {
  const response = await monitor.app.inject({
    method: 'POST',
    url: '/api/v1/check',
    headers: { 'content-type': 'application/json' },
    payload,
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describe('POST /check with a deeply nested posted document (review of the API, defect 2)', () => {
  it('answers 400 naming body.document for a document nested 5,000 deep, where it answered 500', async () => {
    const { status, body } = await check(nestedKeys(5_000));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'body.document' }] },
    });
  });

  it('refuses from one level past the parser limit, and judges a document at the limit', async () => {
    expect((await check(nestedKeys(DEFAULT_MAX_DEPTH))).status).toBe(400);
    const atLimit = await check(nestedKeys(DEFAULT_MAX_DEPTH - 1));
    expect(atLimit.status).toBe(200);
    expect(atLimit.body['kind']).toBe('jwks');
  });

  it('still reports the same nesting posted as JSON text as a finding', async () => {
    const text = `{"keys":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const { status, body } = await check(JSON.stringify({ document: text }));
    expect(status).toBe(200);
    expect(body['findings']).toContainEqual(expect.objectContaining({ ruleId: 'transport.body.json' }));
  });
});
