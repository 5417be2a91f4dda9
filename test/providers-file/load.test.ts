import { afterEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../src/errors.js';
import { loadProvidersFile, MAX_PROVIDERS_FILE_BYTES } from '../../src/providers-file/load.js';
import { fixture, type Fixture } from './helpers.js';

let f: Fixture;
afterEach(() => f.cleanup());

/** The CONFIG_INVALID error's problems (the test fails on any other outcome). */
async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
  const problems = error instanceof AppError ? error.details?.['problems'] : undefined;
  expect(Array.isArray(problems)).toBe(true);
  return Array.isArray(problems) ? problems.map(String) : [];
}

describe('loadProvidersFile', () => {
  it('reads a YAML file whose top level is a list of providers', async () => {
    f = fixture();
    const path = f.write(
      'providers.yaml',
      [
        '- name: Acme',
        '  url: https://idp.acme.example',
        '  intervalSeconds: 60',
        '  tags: [prod, eu]',
        '- name: Beta',
        '  url: https://beta.example/jwks.json',
        '',
      ].join('\n'),
    );
    expect(await loadProvidersFile(path)).toEqual([
      { name: 'Acme', url: 'https://idp.acme.example', intervalSeconds: 60, tags: ['prod', 'eu'] },
      { name: 'Beta', url: 'https://beta.example/jwks.json' },
    ]);
  });

  it('reads a JSON file with a providers member', async () => {
    f = fixture();
    const path = f.write(
      'providers.json',
      JSON.stringify({
        providers: [
          {
            name: 'Acme',
            url: 'https://idp.acme.example',
            silencedRules: [{ ruleId: 'key.kid.type', reason: 'known' }],
          },
        ],
      }),
    );
    expect(await loadProvidersFile(path)).toEqual([
      { name: 'Acme', url: 'https://idp.acme.example', silencedRules: [{ ruleId: 'key.kid.type', reason: 'known' }] },
    ]);
  });

  it('accepts an empty providers list', async () => {
    f = fixture();
    expect(await loadProvidersFile(f.write('p.yaml', 'providers: []\n'))).toEqual([]);
  });

  it('lists every problem of every entry at once, naming the entry and the field', async () => {
    f = fixture();
    const path = f.write(
      'providers.yaml',
      [
        '- name: Acme',
        '  url: https://idp.acme.example',
        '  intervalSeconds: "300"', // no coercion
        '  colour: blue', // unknown field
        '- name: Beta', // url missing
        '  enabled: yes', // a string in YAML 1.2, not a boolean
        '- name: Gamma',
        '  url: https://gamma.example',
        '  profile: strict',
        '  silencedRules: [{ ruleId: key.kid.type }]',
        '- name: Acme',
        '  url: https://other.example',
        '- 42',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(loadProvidersFile(path));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^providers\[0\] \("Acme"\): intervalSeconds must be integer/),
        expect.stringMatching(/^providers\[0\] \("Acme"\): colour is not a known field/),
        expect.stringMatching(/^providers\[1\] \("Beta"\): url is required/),
        expect.stringMatching(/^providers\[1\] \("Beta"\): enabled must be boolean/),
        expect.stringMatching(/^providers\[2\] \("Gamma"\): profile must be one of/),
        expect.stringMatching(/^providers\[2\] \("Gamma"\): silencedRules\[0\]\.reason is required/),
        expect.stringMatching(/^providers\[3\] \("Acme"\): name is also used by providers\[0\]/),
        expect.stringMatching(/^providers\[4\]: entry must be object/),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('puts the problems in the error message too', async () => {
    f = fixture();
    const path = f.write('p.yaml', '- name: A\n  url: https://a.example\n  nope: 1\n');
    await expect(loadProvidersFile(path)).rejects.toThrow(/providers\[0\] \("A"\): nope is not a known field/);
  });

  it('treats a __proto__ key as an unknown field and pollutes nothing', async () => {
    f = fixture();
    const path = f.write('p.json', '[{"name": "A", "url": "https://a.example", "__proto__": {"polluted": true}}]');
    expect(await problemsOf(loadProvidersFile(path))).toEqual([
      expect.stringMatching(/__proto__ is not a known field/),
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports a JSON syntax error with its line and column', async () => {
    f = fixture();
    const path = f.write('p.json', '[\n  {"name": "A", "url": "https://a.example"},\n]\n');
    expect(await problemsOf(loadProvidersFile(path))).toEqual([
      "JSON syntax error at line 3, column 1: unexpected ']'; expected a value",
    ]);
  });

  it('refuses a JSON member given twice, as YAML refuses a duplicate key', async () => {
    f = fixture();
    const path = f.write(
      'p.json',
      '{"providers": [{"name": "A", "url": "https://a.example", "url": "https://b.example"}], "providers": []}',
    );
    expect(await problemsOf(loadProvidersFile(path))).toEqual([
      'JSON: "url" occurs more than once in /providers/0',
      'JSON: "providers" occurs more than once in the top level',
    ]);
  });

  it('reports a YAML syntax error with its line', async () => {
    f = fixture();
    const path = f.write('p.yaml', '- name: A\n  name: B\n  url: https://a.example\n');
    expect(await problemsOf(loadProvidersFile(path))).toEqual([
      expect.stringMatching(/^YAML: Map keys must be unique at line 2/),
    ]);
  });

  it('refuses YAML tags beyond the core schema', async () => {
    f = fixture();
    const path = f.write('p.yaml', '- name: !!js/function "function () {}"\n  url: !custom https://a.example\n');
    expect(await problemsOf(loadProvidersFile(path))).toEqual([
      expect.stringMatching(/Unresolved tag/),
      expect.stringMatching(/Unresolved tag/),
    ]);
  });

  it('refuses a YAML alias expansion bomb', async () => {
    f = fixture();
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [from, to] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ] as const)
      levels.push(`${to}: &${to} [${Array(9).fill(`*${from}`).join(', ')}]`);
    const path = f.write('p.yaml', `${levels.join('\n')}\nproviders: []\n`);
    expect(await problemsOf(loadProvidersFile(path))).toEqual([expect.stringMatching(/^YAML: .*alias/i)]);
  });

  it('refuses an alias that refers to its own anchor', async () => {
    f = fixture();
    const path = f.write('p.yaml', 'providers: &p [*p]\n');
    expect(await problemsOf(loadProvidersFile(path))).toEqual([expect.stringMatching(/refers to its own anchor/)]);
  });

  it('refuses a file of several YAML documents', async () => {
    f = fixture();
    const path = f.write('p.yaml', 'providers: []\n---\nproviders: []\n');
    expect(await problemsOf(loadProvidersFile(path))).toEqual([expect.stringMatching(/multiple documents/)]);
  });

  it('refuses an empty file instead of removing every file-managed provider', async () => {
    f = fixture();
    expect(await problemsOf(loadProvidersFile(f.write('p.yaml', '# nothing yet\n')))).toEqual([
      expect.stringMatching(/empty/),
    ]);
  });

  it('refuses unknown top-level members and a providers member that is not a list', async () => {
    f = fixture();
    const problems = await problemsOf(loadProvidersFile(f.write('p.yaml', 'providers: {name: A}\nwebhooks: []\n')));
    expect(problems).toEqual([
      expect.stringMatching(/"webhooks" is not a known field/),
      expect.stringMatching(/providers must be a list/),
    ]);
  });

  it('refuses a file larger than 1 MiB before parsing it', async () => {
    f = fixture();
    const path = f.write('p.yaml', `providers: []\n${'#'.repeat(MAX_PROVIDERS_FILE_BYTES)}\n`);
    expect(await problemsOf(loadProvidersFile(path))).toEqual([expect.stringMatching(/limit is 1048576 bytes/)]);
  });

  it('refuses a file that is not UTF-8', async () => {
    f = fixture();
    const path = f.write(
      'p.yaml',
      Uint8Array.from([...Buffer.from('- name: caf'), 0xe9, ...Buffer.from('\n  url: https://a.example\n')]),
    );
    expect(await problemsOf(loadProvidersFile(path))).toEqual([expect.stringMatching(/UTF-8/)]);
  });

  it('reports a missing file as CONFIG_INVALID', async () => {
    f = fixture();
    expect(await problemsOf(loadProvidersFile(`${f.dir}/absent.yaml`))).toEqual(['does not exist']);
  });

  it('adds the checks the schema cannot express when given the address policy', async () => {
    f = fixture();
    const path = f.write(
      'p.yaml',
      [
        '- name: Local',
        '  url: https://127.0.0.1/jwks.json',
        '- name: Ftp',
        '  url: ftp://files.example/jwks.json',
        '- name: Silenced',
        '  url: https://s.example',
        '  minKeys: 3',
        '  maxKeys: 1',
        '  silencedRules: [{ ruleId: no.such.rule, reason: test }]',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(loadProvidersFile(path, { policy: { allowPrivateNetworks: false } }));
    expect(problems).toEqual([
      expect.stringMatching(/^providers\[0\] \("Local"\): url points at a loopback address/),
      expect.stringMatching(/^providers\[1\] \("Ftp"\): url scheme "ftp"/),
      expect.stringMatching(/^providers\[2\] \("Silenced"\): minKeys must not exceed maxKeys/),
      expect.stringMatching(
        /^providers\[2\] \("Silenced"\): silencedRules\[0\]\.ruleId "no.such.rule" is not a rule id/,
      ),
    ]);
    const local = f.write('local.yaml', '- name: Local\n  url: https://127.0.0.1/jwks.json\n');
    expect(await loadProvidersFile(local, { policy: { allowPrivateNetworks: true } })).toHaveLength(1);
  });
});
