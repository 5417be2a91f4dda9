import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { rsaPublicJwk } from '../helpers/fake-idp.js';

function run(argv: string[]) {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: {},
  };
  return main(argv, io).then((code) => ({ code, out, err }));
}

const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-cli-'));
function file(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const SECRET_D = 'bGVha2VkLXByaXZhdGUtZXhwb25lbnQtdmFsdWUtMTIzNDU2Nzg5MA';

describe('jwks-monitor check on files', () => {
  it('passes a good public JWKS with exit code 0 and prints the key summary', async () => {
    const key = rsaPublicJwk('good-key', 3072);
    const { code, out } = await run(['check', file('good.json', { keys: [key] })]);
    expect(code).toBe(0);
    expect(out).toContain('Verdict: PASS');
    expect(out).toContain('good-key');
    expect(out).toContain('3072 bits');
  });

  it('fails a leaking JWKS with exit code 1, naming the member but never printing its value', async () => {
    const path = file('leak.json', { keys: [{ ...rsaPublicJwk('leaky'), d: SECRET_D }] });
    const human = await run(['check', path]);
    const json = await run(['check', path, '--json']);
    expect(human.code).toBe(1);
    expect(human.out).toContain('jwk.private.members');
    expect(human.out + human.err + json.out + json.err).not.toContain(SECRET_D);
  });

  it('writes one JSON line per target with the documented fields', async () => {
    const a = file('a.json', { keys: [rsaPublicJwk('a', 3072)] });
    const b = file('b.json', '{"keys": [');
    const { code, out } = await run(['check', a, b, '--json']);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ target: a, kind: 'jwks', ok: true });
    expect(lines[1]).toMatchObject({ target: b, kind: 'jwks', ok: false });
    expect((lines[1]!['findings'] as { ruleId: string }[]).map((f) => f.ruleId)).toContain('transport.body.json');
    expect(code).toBe(1);
  });

  it('recognises a discovery document file by its content and skips its xdoc rules', async () => {
    const doc = file('discovery.json', {
      issuer: 'https://idp.example',
      jwks_uri: 'https://idp.example/jwks',
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_endpoint: 'https://idp.example/auth',
      token_endpoint: 'https://idp.example/token',
    });
    const { out } = await run(['check', doc, '--json']);
    const line = JSON.parse(out) as { kind: string; skippedRules: string[] };
    expect(line.kind).toBe('discovery');
    expect(line.skippedRules).toContain('xdoc.sig-alg-coverage');
  });

  it('fails on warnings when asked with --fail-on warning', async () => {
    const path = file('warn.json', { keys: [rsaPublicJwk('k1', 3072), rsaPublicJwk('k1', 3072)] });
    expect((await run(['check', path])).code).toBe(1);
    const noKid = file('nokid.json', { keys: [{ ...rsaPublicJwk('x', 3072), kid: undefined, use: undefined }] });
    expect((await run(['check', noKid])).code).toBe(0);
    expect((await run(['check', noKid, '--fail-on', 'info'])).code).toBe(1);
  });

  it('applies --min-keys', async () => {
    const path = file('one.json', { keys: [rsaPublicJwk('only', 3072)] });
    const { code, out } = await run(['check', path, '--min-keys', '2', '--json']);
    expect(code).toBe(1);
    expect(out).toContain('jwks.key-count');
  });

  it('exits 2 naming the target and the error code for a missing file', async () => {
    const { code, err } = await run(['check', join(dir, 'nope.json')]);
    expect(code).toBe(2);
    expect(err).toContain('nope.json');
    expect(err).toContain('INPUT_NOT_FOUND');
  });

  it('exits 2 on bad usage and lists every problem', async () => {
    const { code, err } = await run(['check', '--profile', 'nope', '--fail-on', 'loud']);
    expect(code).toBe(2);
    expect(err).toContain('--profile');
    expect(err).toContain('--fail-on');
    expect(err).toContain('at least one target');
  });

  it('exits 2 for an unknown option and for a URL with a scheme it will not fetch', async () => {
    expect((await run(['check', 'x.json', '--bogus'])).code).toBe(2);
    const ftp = await run(['check', 'ftp://idp.example/jwks']);
    expect(ftp.code).toBe(2);
  });

  it('exits 2 for a --timeout-ms above the service maximum, which a Node timer would turn into 1 ms', async () => {
    const { code, err } = await run(['check', 'x.json', '--timeout-ms', '3000000000']);
    expect(code).toBe(2);
    expect(err).toContain('--timeout-ms must be an integer >= 1 and <= 300000');
  });

  it('never prints the password of a URL with credentials, in human or JSON output or on stderr', async () => {
    const url = 'https://alice:S3cretPW@idp.example.com/jwks';
    const human = await run(['check', url]);
    const json = await run(['check', url, '--json']);
    expect(human.code).toBe(2);
    expect(human.out + human.err + json.out + json.err).not.toContain('S3cretPW');
    expect(human.out).toContain('https://idp.example.com/jwks');
    expect(human.err).toContain('https://idp.example.com/jwks: FETCH_INVALID_URL');
    expect(JSON.parse(json.out)).toMatchObject({ target: 'https://idp.example.com/jwks' });
  });

  it('lists the rule catalogue', async () => {
    const { code, out } = await run(['rules', '--json']);
    expect(code).toBe(0);
    const ids = out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toContain('jwk.private.members');
  });
});
