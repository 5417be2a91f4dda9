/**
 * What the dashboard's overview reads from /api/v1/providers: the worst-first order with offset pages, the name/URL
 * search, the per-status counts (GET /providers/summary) and the tags in use (GET /providers/tags).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../src/history/types.js';
import { apiOf, startHarness, type Api, type ErrorView, type Harness, type ProviderView } from './app-harness.js';

interface OverviewPage {
  readonly providers: readonly ProviderView[];
  readonly nextCursor: number | null;
  readonly nextOffset: number | null;
}

interface Summary {
  readonly total: number;
  readonly byStatus: Readonly<Record<ProviderStatus, number>>;
}

let h: Harness;
let api: Api;

beforeEach(async () => {
  h = await startHarness();
  api = apiOf(h.app);
});
afterEach(() => h.close());

async function create(name: string, status: ProviderStatus, openErrors = 0, tags: string[] = []): Promise<number> {
  const response = await api.post<ProviderView>('/providers', { name, url: `https://${name}.example/jwks`, tags });
  expect(response.status).toBe(201);
  // The latest state is the poll recorder's to write; these tests only read it back.
  h.store.db
    .prepare('UPDATE providers SET status = ?, open_errors = ? WHERE id = ?')
    .run(status, openErrors, response.body.id);
  return response.body.id;
}

async function fleet(): Promise<void> {
  await create('up-b', 'up');
  await create('up-a', 'up', 0, ['eu']);
  await create('pending', 'pending');
  await create('degraded', 'degraded', 0, ['eu']);
  await create('failing-1', 'failing', 1);
  await create('failing-9', 'failing', 9);
  await create('down', 'down', 0, ['eu', 'prod']);
}

describe('GET /providers?sort=status', () => {
  it('lists the worst first and pages by offset until nextOffset is null', async () => {
    await fleet();
    const names: string[] = [];
    let offset: number | null = 0;
    for (let i = 0; i < 10 && offset !== null; i++) {
      const page: { body: OverviewPage } = await api.get<OverviewPage>(
        `/providers?sort=status&limit=3&offset=${offset}`,
      );
      expect(page.body.nextCursor).toBeNull();
      names.push(...page.body.providers.map((p) => p.name));
      offset = page.body.nextOffset;
    }
    expect(names).toEqual(['down', 'failing-9', 'failing-1', 'degraded', 'pending', 'up-a', 'up-b']);
  });

  it('combines the order with the status, tag and text filters', async () => {
    await fleet();
    const failing = await api.get<OverviewPage>('/providers?sort=status&status=failing');
    expect(failing.body.providers.map((p) => p.name)).toEqual(['failing-9', 'failing-1']);
    const eu = await api.get<OverviewPage>('/providers?sort=status&tag=eu');
    expect(eu.body.providers.map((p) => p.name)).toEqual(['down', 'degraded', 'up-a']);
    const search = await api.get<OverviewPage>(`/providers?sort=status&q=${encodeURIComponent('UP-')}`);
    expect(search.body.providers.map((p) => p.name)).toEqual(['up-a', 'up-b']);
  });

  it('refuses the id cursor with the status order: 400 naming querystring.after', async () => {
    const response = await api.get<ErrorView>('/providers?sort=status&after=3');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details?.fields?.map((f) => f.field)).toEqual(['querystring.after']);
  });

  it('answers 400 for an unknown order and for an empty search', async () => {
    expect((await api.get('/providers?sort=name')).status).toBe(400);
    expect((await api.get('/providers?q=')).status).toBe(400);
  });
});

describe('GET /providers?q=', () => {
  it('searches the URL as well as the name, with wildcards matched literally', async () => {
    await create('plain', 'up');
    await create('under_score', 'up');
    await create('underxscore', 'up');
    const byUrl = await api.get<OverviewPage>('/providers?q=plain.example');
    expect(byUrl.body.providers.map((p) => p.name)).toEqual(['plain']);
    const literal = await api.get<OverviewPage>('/providers?q=under_');
    expect(literal.body.providers.map((p) => p.name)).toEqual(['under_score']);
    expect(literal.body.nextCursor).toBeNull();
    expect(literal.body.nextOffset).toBeNull();
  });
});

describe('GET /providers/summary', () => {
  it('counts providers per status, for the whole fleet or a tag or a search', async () => {
    await fleet();
    const all = await api.get<Summary>('/providers/summary');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ total: 7, byStatus: { down: 1, failing: 2, degraded: 1, pending: 1, up: 2 } });
    const eu = await api.get<Summary>('/providers/summary?tag=eu');
    expect(eu.body).toEqual({ total: 3, byStatus: { down: 1, failing: 0, degraded: 1, pending: 0, up: 1 } });
    const search = await api.get<Summary>('/providers/summary?q=failing');
    expect(search.body.total).toBe(2);
  });
});

describe('GET /providers/tags', () => {
  it('lists each tag in use with its provider count', async () => {
    await fleet();
    const response = await api.get<{ tags: { tag: string; count: number }[] }>('/providers/tags');
    expect(response.body.tags).toEqual([
      { tag: 'eu', count: 3 },
      { tag: 'prod', count: 1 },
    ]);
  });
});
