/** GET /docs/json: an OpenAPI 3 document that lists every API route with its tags, summary and responses. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord } from '../../src/json/guards.js';
import { startHarness, type Harness } from './app-harness.js';

const ROUTES: readonly [string, string, string][] = [
  ['post', '/api/v1/providers', '201'],
  ['get', '/api/v1/providers', '200'],
  ['get', '/api/v1/providers/{id}', '200'],
  ['patch', '/api/v1/providers/{id}', '200'],
  ['delete', '/api/v1/providers/{id}', '204'],
  ['post', '/api/v1/providers/{id}/check', '200'],
  ['get', '/api/v1/providers/{id}/runs', '200'],
  ['get', '/api/v1/providers/{id}/snapshots', '200'],
  ['get', '/api/v1/providers/{id}/snapshots/{snapshotId}', '200'],
  ['get', '/api/v1/providers/{id}/diff', '200'],
  ['get', '/api/v1/providers/{id}/keys', '200'],
  ['get', '/api/v1/providers/{id}/findings', '200'],
  ['get', '/api/v1/providers/{id}/events', '200'],
  ['get', '/api/v1/events', '200'],
  ['post', '/api/v1/check', '200'],
  ['post', '/api/v1/webhooks', '201'],
  ['get', '/api/v1/webhooks/{id}', '200'],
  ['patch', '/api/v1/webhooks/{id}', '200'],
  ['delete', '/api/v1/webhooks/{id}', '204'],
  ['post', '/api/v1/webhooks/{id}/rotate-secret', '200'],
  ['get', '/api/v1/webhooks/{id}/deliveries', '200'],
];

/** Routes that read a body: they can answer 413 (too large) and 415 (not JSON). */
const BODY_ROUTES: readonly [string, string][] = [
  ['post', '/api/v1/providers'],
  ['patch', '/api/v1/providers/{id}'],
  ['post', '/api/v1/providers/{id}/check'],
  ['post', '/api/v1/check'],
  ['post', '/api/v1/webhooks'],
  ['patch', '/api/v1/webhooks/{id}'],
];

let h: Harness;
let doc: Record<string, unknown>;

beforeAll(async () => {
  h = await startHarness();
  const response = await h.app.inject({ method: 'GET', url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  const parsed: unknown = response.json();
  if (!isRecord(parsed)) throw new TypeError('the OpenAPI document is not an object');
  doc = { ...parsed };
});
afterAll(() => h.close());

function operation(method: string, path: string): Record<string, unknown> {
  const paths = doc['paths'];
  const item = isRecord(paths) ? paths[path] : undefined;
  const op = isRecord(item) ? item[method] : undefined;
  return isRecord(op) ? { ...op } : {};
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3', () => {
    expect(String(doc['openapi'])).toMatch(/^3\./);
  });

  it.each(ROUTES)('lists %s %s with tags, a summary, its success and error responses', (method, path, success) => {
    const op = operation(method, path);
    expect(op['tags'], `${method} ${path}`).toEqual([expect.any(String)]);
    expect(op['summary']).toEqual(expect.any(String));
    const responses = op['responses'];
    expect(isRecord(responses) ? Object.keys(responses) : []).toEqual(expect.arrayContaining([success, '400', '401']));
  });

  it.each(BODY_ROUTES)('declares 413 and 415 on %s %s, which reads a body', (method, path) => {
    const responses = operation(method, path)['responses'];
    expect(isRecord(responses) ? Object.keys(responses) : []).toEqual(expect.arrayContaining(['413', '415']));
  });

  it('declares 401 on the routes without errors of their own (the API may be token-protected)', () => {
    for (const path of ['/api/v1/rules', '/api/v1/webhooks']) {
      const responses = operation('get', path)['responses'];
      expect(isRecord(responses) ? Object.keys(responses) : [], path).toContain('401');
    }
  });

  it('documents request bodies and parameters', () => {
    expect(operation('post', '/api/v1/providers')['requestBody']).toBeDefined();
    expect(operation('patch', '/api/v1/providers/{id}')['requestBody']).toBeDefined();
    expect(operation('post', '/api/v1/check')['requestBody']).toBeDefined();
    expect(operation('get', '/api/v1/providers')['parameters']).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'tag', in: 'query' })]),
    );
    expect(operation('get', '/api/v1/providers/{id}/diff')['parameters']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'from', in: 'query', required: true }),
        expect.objectContaining({ name: 'id', in: 'path' }),
      ]),
    );
  });

  it('names no field that could carry a raw fetched document', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('jwksValue');
    expect(text).not.toContain('discoveryValue');
  });
});
