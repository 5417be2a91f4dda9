import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/checks/engine.js';
import type { FetchOptions } from '../../src/fetch/fetcher.js';
import type { FetchResult, ResponseHeaders } from '../../src/fetch/types.js';
import { DEFAULT_RECORDER_SETTINGS } from '../../src/history/types.js';
import { BodyNotHeldError } from '../../src/probe/loaded-document.js';
import { checkPoll, createDocumentMemory, type ProbeDeps } from '../../src/probe/run-probe.js';
import { EC_KEY, fetchResultOf } from './documents.js';

const URL_ = 'https://idp.example/jwks';
const KEY = EC_KEY;
const BODY = Buffer.from(JSON.stringify({ keys: [KEY] }));

function response(status: number, headers: ResponseHeaders, body: Uint8Array = BODY): FetchResult {
  return fetchResultOf(URL_, status, headers, body);
}

/** A fake IdP behind `fetch`: answers with `answer(validators sent)`, and records what each request sent. */
function probeDeps(answer: (options: FetchOptions | undefined) => FetchResult, engine = createEngine()) {
  const sent: (FetchOptions | undefined)[] = [];
  const memory = createDocumentMemory(100);
  const clock = { now: Date.parse('2026-06-01T00:00:00Z') };
  const deps: Omit<ProbeDeps, 'recorder'> = {
    fetch: async (_url, options) => {
      sent.push(options);
      return answer(options);
    },
    engine,
    now: () => clock.now,
    memory,
    recorderSettings: DEFAULT_RECORDER_SETTINGS,
    unconditionalEvery: 10,
  };
  return { deps, sent, memory, clock };
}

/** An IdP that answers If-None-Match "v1" with a 304, anything else with the JWKS and that ETag. */
function etagIdp(options: FetchOptions | undefined): FetchResult {
  return options?.validators?.etag === '"v1"'
    ? response(304, { etag: '"v1"' }, new Uint8Array(0))
    : response(200, { etag: '"v1"', contentType: 'application/json' });
}

const target = { id: 1, url: URL_, profile: 'core' as const };

describe('a poll with validators', () => {
  it('judges a 304 as the remembered 200, with the 304 headers laid over it and no stale Date', async () => {
    const { deps, sent } = probeDeps((options) =>
      options?.validators?.etag === '"v1"'
        ? response(304, { etag: '"v1"', date: 'Mon, 01 Jun 2026 00:01:00 GMT' }, new Uint8Array(0))
        : response(200, {
            etag: '"v1"',
            contentType: 'application/json',
            cacheControl: 'max-age=60',
            date: 'Mon, 01 Jun 2026 00:00:00 GMT',
            age: '5',
          }),
    );
    const first = await checkPoll(target, deps);
    const second = await checkPoll(target, deps);
    expect(sent.map((options) => options?.validators)).toEqual([undefined, { etag: '"v1"' }]);
    const judged = second.input.fetch;
    expect(judged).toMatchObject({ status: 200, notModified: true });
    expect(judged?.headers).toEqual({
      etag: '"v1"',
      contentType: 'application/json',
      cacheControl: 'max-age=60',
      date: 'Mon, 01 Jun 2026 00:01:00 GMT',
    });
    // Judged by the remembered digest and length: the same document facts and findings, without its bytes.
    expect(second.outcome.report?.documents).toEqual(first.outcome.report?.documents);
    expect(second.outcome.report?.documents[0]?.bytes).toBe(BODY.byteLength);
    expect(second.outcome.report?.findings).toEqual(first.outcome.report?.findings);
    expect(first.bytesHeld).toBe(true);
    expect(second.bytesHeld).toBe(false);
    expect(() => second.outcome.report?.jwksValue).toThrow(BodyNotHeldError);
  });

  it('fetches again without validators when the engine no longer remembers the verdict a 304 stands for', async () => {
    const { deps, sent, clock } = probeDeps(etagIdp, createEngine({ cacheTtlMs: 1_000 }));
    const first = await checkPoll(target, deps);
    clock.now += 2_000;
    const second = await checkPoll(target, deps);
    expect(sent.map((options) => options?.validators)).toEqual([undefined, { etag: '"v1"' }, undefined]);
    expect(second.bytesHeld).toBe(true);
    expect(second.input.fetch?.notModified).toBe(false);
    expect(second.outcome.report?.jwksValue).toEqual({ keys: [KEY] });
    expect(second.outcome.report?.findings).toEqual(first.outcome.report?.findings);
  });

  it('sends no validators when asked for a fresh poll, and reads the bytes', async () => {
    const { deps, sent } = probeDeps(etagIdp);
    await checkPoll(target, deps);
    const fresh = await checkPoll(target, deps, undefined, true);
    expect(sent.map((options) => options?.validators)).toEqual([undefined, undefined]);
    expect(fresh.bytesHeld).toBe(true);
    expect(fresh.outcome.report?.jwksValue).toEqual({ keys: [KEY] });
  });

  it('remembers nothing of a 200 without validators, so it never sends a conditional request', async () => {
    const { deps, sent, memory } = probeDeps(() => response(200, { contentType: 'application/json' }));
    await checkPoll(target, deps);
    await checkPoll(target, deps);
    expect(memory.size).toBe(0);
    expect(sent.map((options) => options?.validators)).toEqual([undefined, undefined]);
  });

  it('forgets the remembered 200 once the IdP stops sending validators', async () => {
    let withEtag = true;
    const { deps, memory } = probeDeps(() =>
      response(200, withEtag ? { etag: '"v1"', contentType: 'application/json' } : { contentType: 'application/json' }),
    );
    await checkPoll(target, deps);
    expect(memory.size).toBe(1);
    withEtag = false;
    // Every 10th fetch is unconditional; until then a 200 comes back anyway, as this IdP ignores If-None-Match.
    await checkPoll(target, deps);
    expect(memory.size).toBe(0);
  });
});
