import { describe, expect, it } from 'vitest';
import { transportBodySize } from '../../../src/checks/transport/body-size.js';
import { transportContentTypeDiscovery } from '../../../src/checks/transport/content-type-discovery.js';
import { transportContentTypeJwks } from '../../../src/checks/transport/content-type-jwks.js';
import { transportCors } from '../../../src/checks/transport/cors.js';
import { transportLatency } from '../../../src/checks/transport/latency.js';
import { transportStatus } from '../../../src/checks/transport/status.js';
import { run } from '../document/evaluate.js';
import { fetchResult, transportInput } from './fetch-result.js';

describe('transport.status', () => {
  it('passes 200', () => {
    expect(run(transportStatus, transportInput(fetchResult()))).toEqual([]);
  });

  it('passes a 304 that answers a conditional request', () => {
    const fetch = fetchResult({ status: 304, notModified: true, body: '' });
    expect(run(transportStatus, transportInput(fetch))).toEqual([]);
  });

  it.each([404, 500, 204, 203])('flags %i as an error', (status) => {
    expect(run(transportStatus, transportInput(fetchResult({ status }), { document: 'discovery' }))).toEqual([
      expect.objectContaining({ ruleId: 'transport.status', severity: 'error', actual: String(status) }),
    ]);
  });

  it('flags a 304 to a request that was not conditional', () => {
    expect(run(transportStatus, transportInput(fetchResult({ status: 304 })))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });
});

describe('transport.content-type.discovery', () => {
  const discovery = (contentType: string | undefined, status = 200) =>
    transportInput(fetchResult({ status, headers: { contentType } }), { document: 'discovery' });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON ;charset=UTF-8'])(
    'passes %s',
    (contentType) => {
      expect(run(transportContentTypeDiscovery, discovery(contentType))).toEqual([]);
    },
  );

  it.each(['text/html', 'application/jwk-set+json', 'text/json', 'application/jsonx'])(
    'flags %s as an error',
    (type) => {
      expect(run(transportContentTypeDiscovery, discovery(type))).toEqual([
        expect.objectContaining({ ruleId: 'transport.content-type.discovery', severity: 'error', actual: type }),
      ]);
    },
  );

  it('flags a missing Content-Type', () => {
    expect(run(transportContentTypeDiscovery, discovery(undefined))).toEqual([
      expect.objectContaining({ severity: 'error', actual: 'absent' }),
    ]);
  });

  it('skips a JWKS fetch', () => {
    const input = transportInput(fetchResult({ headers: { contentType: 'text/html' } }), { document: 'jwks' });
    expect(run(transportContentTypeDiscovery, input)).toBe('skip');
  });

  it('skips a response that is not 200', () => {
    expect(run(transportContentTypeDiscovery, discovery('text/html', 404))).toBe('skip');
  });
});

describe('transport.content-type.jwks', () => {
  const jwks = (contentType: string | undefined) => transportInput(fetchResult({ headers: { contentType } }));

  it.each(['application/jwk-set+json', 'application/json', 'application/json;charset=utf-8'])('passes %s', (type) => {
    expect(run(transportContentTypeJwks, jwks(type))).toEqual([]);
  });

  it.each(['text/html', 'text/plain', 'application/octet-stream'])('warns about %s', (type) => {
    expect(run(transportContentTypeJwks, jwks(type))).toEqual([
      expect.objectContaining({ ruleId: 'transport.content-type.jwks', severity: 'warning' }),
    ]);
  });

  it('warns about a missing Content-Type', () => {
    expect(run(transportContentTypeJwks, jwks(undefined))).toEqual([
      expect.objectContaining({ severity: 'warning', actual: 'absent' }),
    ]);
  });

  it('skips a discovery fetch', () => {
    const input = transportInput(fetchResult({ headers: { contentType: 'text/html' } }), { document: 'discovery' });
    expect(run(transportContentTypeJwks, input)).toBe('skip');
  });
});

describe('transport.body.size', () => {
  it('passes a body under the soft limit', () => {
    expect(run(transportBodySize, transportInput(fetchResult()))).toEqual([]);
  });

  it('passes a body of exactly the soft limit', () => {
    const input = transportInput(fetchResult({ body: 'x'.repeat(100) }), { options: { softBodyBytes: 100 } });
    expect(run(transportBodySize, input)).toEqual([]);
  });

  it('warns about a body above the soft limit', () => {
    const input = transportInput(fetchResult({ body: 'x'.repeat(101) }), { options: { softBodyBytes: 100 } });
    expect(run(transportBodySize, input)).toEqual([
      expect.objectContaining({ ruleId: 'transport.body.size', severity: 'warning', actual: '101 bytes' }),
    ]);
  });

  it('skips a 304 without a body', () => {
    const input = transportInput(fetchResult({ status: 304, notModified: true, body: '' }));
    expect(run(transportBodySize, input)).toBe('skip');
  });
});

describe('transport.latency', () => {
  const timed = (totalMs: number, latencyBudgetMs = 2_000) =>
    transportInput(fetchResult({ timings: { firstByteMs: totalMs / 2, totalMs } }), { options: { latencyBudgetMs } });

  it('passes a fetch within the budget', () => {
    expect(run(transportLatency, timed(2_000))).toEqual([]);
  });

  it('warns about a fetch over the budget', () => {
    expect(run(transportLatency, timed(2_001))).toEqual([
      expect.objectContaining({ ruleId: 'transport.latency', severity: 'warning' }),
    ]);
  });

  it('takes the budget from the options', () => {
    expect(run(transportLatency, timed(600, 500))).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('skips timings that are not a number', () => {
    expect(run(transportLatency, timed(Number.NaN))).toBe('skip');
  });
});

describe('transport.cors', () => {
  it('passes a response with Access-Control-Allow-Origin', () => {
    expect(run(transportCors, transportInput(fetchResult()))).toEqual([]);
  });

  it.each([undefined, ' '])('notes a response without it (%j) as info', (value) => {
    const fetch = fetchResult({ headers: { accessControlAllowOrigin: value } });
    expect(run(transportCors, transportInput(fetch, { document: 'discovery' }))).toEqual([
      expect.objectContaining({ ruleId: 'transport.cors', severity: 'info' }),
    ]);
  });

  it('skips a response that is not 200', () => {
    const fetch = fetchResult({ status: 500, headers: { accessControlAllowOrigin: undefined } });
    expect(run(transportCors, transportInput(fetch))).toBe('skip');
  });
});
