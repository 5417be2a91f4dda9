/** The fleet overview's reads: worst-first order with offset pages, name/URL search, per-status counts and tags. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../src/history/types.js';
import { likePattern } from '../../src/store/providers-repository.js';
import type { Store } from '../../src/store/store.js';
import { addProvider, tempStore, type TestStore } from '../history/helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

function store(): Store {
  const t = tempStore();
  stores.push(t);
  return t.store;
}

/** Sets the latest state directly: these tests are about reading it back in order, not about how polls set it. */
function setState(s: Store, id: number, status: ProviderStatus, openErrors = 0): void {
  s.db.prepare('UPDATE providers SET status = ?, open_errors = ? WHERE id = ?').run(status, openErrors, id);
}

function fleet(s: Store): void {
  const rows: [string, ProviderStatus, number][] = [
    ['zulu', 'up', 0],
    ['alpha', 'up', 0],
    ['bravo', 'pending', 0],
    ['charlie', 'degraded', 0],
    ['delta', 'failing', 1],
    ['echo', 'failing', 5],
    ['foxtrot', 'down', 0],
  ];
  for (const [name, status, errors] of rows)
    setState(s, addProvider(s, { name, url: `https://${name}.test/jwks` }), status, errors);
}

describe('the worst-first provider listing', () => {
  it('orders down, failing, degraded, pending, up; then most open errors; then name', () => {
    const s = store();
    fleet(s);
    expect(s.providers.list({ sort: 'status' }).map((p) => p.name)).toEqual([
      'foxtrot',
      'echo',
      'delta',
      'charlie',
      'bravo',
      'alpha',
      'zulu',
    ]);
  });

  it('pages through the order by offset with no gap and no repeat', () => {
    const s = store();
    fleet(s);
    const pages = [0, 3, 6].map((offset) => s.providers.list({ sort: 'status', limit: 3, offset }).map((p) => p.name));
    expect(pages).toEqual([['foxtrot', 'echo', 'delta'], ['charlie', 'bravo', 'alpha'], ['zulu']]);
  });

  it('filters one status within the order', () => {
    const s = store();
    fleet(s);
    expect(s.providers.list({ sort: 'status', status: 'failing' }).map((p) => p.name)).toEqual(['echo', 'delta']);
    expect(s.providers.list({ sort: 'status', status: 'up', q: 'ZU' }).map((p) => p.name)).toEqual(['zulu']);
  });

  it('walks the worst-first index instead of sorting the table', () => {
    const s = store();
    const plan = s.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM providers ORDER BY CASE status WHEN 'down' THEN 0 WHEN 'failing' THEN 1
         WHEN 'degraded' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END, open_errors DESC, name, id LIMIT 10`,
      )
      .all();
    expect(JSON.stringify(plan)).toContain('providers_worst_first');
  });
});

describe('the provider search', () => {
  it('matches the name or the URL, ignoring ASCII case, in either order', () => {
    const s = store();
    fleet(s);
    addProvider(s, { name: 'Corp SSO', url: 'https://login.example.test/.well-known/openid-configuration' });
    expect(s.providers.list({ q: 'corp' }).map((p) => p.name)).toEqual(['Corp SSO']);
    expect(s.providers.list({ q: 'LOGIN.EXAMPLE', sort: 'status' }).map((p) => p.name)).toEqual(['Corp SSO']);
  });

  it('treats %, _ and backslash as themselves, not as wildcards', () => {
    const s = store();
    addProvider(s, { name: '100% uptime' });
    addProvider(s, { name: '1000 uptime' });
    addProvider(s, { name: 'a_b' });
    addProvider(s, { name: 'axb' });
    addProvider(s, { name: 'back\\slash' });
    expect(s.providers.list({ q: '0%' }).map((p) => p.name)).toEqual(['100% uptime']);
    expect(s.providers.list({ q: 'a_b' }).map((p) => p.name)).toEqual(['a_b']);
    expect(s.providers.list({ q: 'k\\s' }).map((p) => p.name)).toEqual(['back\\slash']);
    expect(likePattern('')).toBeNull();
  });
});

describe('the fleet counts', () => {
  it('counts providers per status, in total and for a tag or a search', () => {
    const s = store();
    fleet(s);
    setState(s, addProvider(s, { name: 'tagged', tags: ['eu'] }), 'down');
    expect(s.providers.count()).toEqual({
      total: 8,
      byStatus: { down: 2, failing: 2, degraded: 1, pending: 1, up: 2 },
    });
    expect(s.providers.count({ tag: 'eu' })).toEqual({
      total: 1,
      byStatus: { down: 1, failing: 0, degraded: 0, pending: 0, up: 0 },
    });
    expect(s.providers.count({ q: 'echo' }).byStatus.failing).toBe(1);
  });

  it('lists the tags in use with how many providers carry each', () => {
    const s = store();
    addProvider(s, { name: 'a', tags: ['prod', 'eu'] });
    addProvider(s, { name: 'b', tags: ['prod'] });
    addProvider(s, { name: 'c' });
    expect(s.providers.listTags()).toEqual([
      { tag: 'eu', count: 1 },
      { tag: 'prod', count: 2 },
    ]);
  });
});
