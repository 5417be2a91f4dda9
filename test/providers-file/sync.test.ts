import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { loadProvidersFile } from '../../src/providers-file/load.js';
import { syncProvidersFile, type SyncOptions } from '../../src/providers-file/sync.js';
import type { ProviderInput } from '../../src/service/provider-input.js';
import { fixture, type Fixture } from './helpers.js';

let f: Fixture;
afterEach(() => f.cleanup());

function sync(
  inputs: readonly ProviderInput[],
  options: SyncOptions = { atomically: (work) => f.store.db.transaction(work)() },
) {
  return syncProvidersFile(inputs, f.service, f.store.providers, options);
}

function names(): { name: string; source: string }[] {
  return f.store.providers.listAll().map((p) => ({ name: p.name, source: p.source }));
}

function syncError(inputs: readonly ProviderInput[], options?: SyncOptions): string[] {
  try {
    sync(inputs, options);
  } catch (error) {
    expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
    const problems = isAppError(error) ? error.details?.['problems'] : undefined;
    return Array.isArray(problems) ? problems.map(String) : [];
  }
  throw new Error('expected CONFIG_INVALID');
}

const ACME = { name: 'Acme', url: 'https://idp.acme.example' } as const;
const BETA = { name: 'Beta', url: 'https://beta.example/jwks.json', intervalSeconds: 60, tags: ['prod'] } as const;

describe('syncProvidersFile', () => {
  it('creates the providers of the file as file-managed', () => {
    f = fixture();
    expect(sync([ACME, BETA])).toEqual({ created: ['Acme', 'Beta'], updated: [], removed: [], unchanged: 0 });
    expect(names()).toEqual([
      { name: 'Acme', source: 'file' },
      { name: 'Beta', source: 'file' },
    ]);
    expect(f.store.providers.getByName('Beta')).toMatchObject({ kind: 'jwks', intervalSeconds: 60, tags: ['prod'] });
  });

  it('applies a YAML file and the same providers written as JSON the same way', async () => {
    f = fixture();
    const yaml = f.write('p.yaml', 'providers:\n  - name: Acme\n    url: https://idp.acme.example\n');
    const json = f.write('p.json', JSON.stringify([ACME]));
    expect(sync(await loadProvidersFile(yaml)).created).toEqual(['Acme']);
    expect(sync(await loadProvidersFile(json))).toEqual({ created: [], updated: [], removed: [], unchanged: 1 });
  });

  it('leaves a provider whose entry did not change untouched', () => {
    f = fixture();
    sync([ACME, BETA]);
    const before = f.store.providers.getByName('Beta');
    f.advance(60_000);
    expect(sync([{ ...ACME, name: '  Acme ' }, BETA])).toEqual({ created: [], updated: [], removed: [], unchanged: 2 });
    expect(f.store.providers.getByName('Beta')).toEqual(before);
  });

  it('updates a changed provider, and a field deleted from the file returns to its default', () => {
    f = fixture();
    sync([ACME, BETA]);
    expect(
      sync([
        { ...ACME, profile: 'fapi2' },
        { name: 'Beta', url: BETA.url },
      ]),
    ).toEqual({ created: [], updated: ['Acme', 'Beta'], removed: [], unchanged: 0 });
    expect(f.store.providers.getByName('Acme')).toMatchObject({ profile: 'fapi2', source: 'file' });
    expect(f.store.providers.getByName('Beta')).toMatchObject({ intervalSeconds: 300, tags: [], source: 'file' });
  });

  it('removes the file-managed providers that left the file', () => {
    f = fixture();
    sync([ACME, BETA]);
    expect(sync([BETA])).toEqual({ created: [], updated: [], removed: ['Acme'], unchanged: 1 });
    expect(names()).toEqual([{ name: 'Beta', source: 'file' }]);
  });

  it('never updates or removes a provider registered through the API', () => {
    f = fixture();
    const api = f.service.create({ name: 'Api', url: 'https://api.example' });
    sync([ACME]);
    expect(sync([])).toEqual({ created: [], updated: [], removed: ['Acme'], unchanged: 0 });
    expect(f.store.providers.get(api.id)).toEqual(api);
  });

  it('reports a name clash with an API provider and changes nothing', () => {
    f = fixture();
    f.service.create({ name: 'Acme', url: 'https://api.example' });
    sync([BETA]);
    const before = f.store.providers.listAll();
    expect(
      syncError([
        { ...ACME, intervalSeconds: 30 },
        { name: 'Gamma', url: 'https://gamma.example' },
      ]),
    ).toEqual([
      expect.stringMatching(/^providers\[0\] \("Acme"\): provider \d+ has this name and is managed through the API/),
    ]);
    expect(f.store.providers.listAll()).toEqual(before);
  });

  it('rolls back every write when the service refuses an entry, listing every refusal', () => {
    f = fixture();
    sync([BETA]);
    const before = f.store.providers.listAll();
    const problems = syncError([
      ACME,
      { name: 'Local', url: 'https://127.0.0.1/jwks.json' },
      { name: 'Loop', url: 'https://[::1]/jwks.json' },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^"Local": url points at a loopback address/),
      expect.stringMatching(/^"Loop": url points at a loopback address/),
    ]);
    expect(f.store.providers.listAll()).toEqual(before);
  });

  it('removes nothing when an entry is refused and no transaction was given', () => {
    f = fixture();
    sync([BETA]);
    syncError([ACME, { name: 'Local', url: 'https://127.0.0.1/jwks.json' }], {});
    expect(names()).toEqual([
      { name: 'Beta', source: 'file' },
      { name: 'Acme', source: 'file' },
    ]);
  });

  it('refuses a name with a lone surrogate, which would be stored as another name and clash on every reload', () => {
    f = fixture();
    const problems = syncError([{ ...ACME, name: 'Acme \ud800' }]);
    expect(problems.join('\n')).toContain('name holds a lone surrogate');
    expect(names()).toEqual([]);
  });

  it('reports two entries of one name', () => {
    f = fixture();
    expect(syncError([ACME, { ...ACME, url: 'https://other.example' }])).toEqual([
      expect.stringMatching(/^providers\[1\] \("Acme"\): name is used by another entry/),
    ]);
    expect(names()).toEqual([]);
  });

  it('keeps file-managed providers read-only for the API', () => {
    f = fixture();
    sync([ACME]);
    const id = f.store.providers.getByName('Acme')?.id ?? 0;
    expect(() => f.service.update(id, { intervalSeconds: 60 })).toThrow(
      expect.objectContaining({ code: 'PROVIDER_READ_ONLY' }),
    );
    expect(() => f.service.remove(id)).toThrow(expect.objectContaining({ code: 'PROVIDER_READ_ONLY' }));
  });
});
