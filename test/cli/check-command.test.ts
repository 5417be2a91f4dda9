import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { rsaPublicJwk } from '../helpers/fake-idp.js';

function run(argv: string[], { env = {}, isTTY = false }: { env?: Record<string, string>; isTTY?: boolean } = {}) {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => (out += s), isTTY },
    stderr: { write: (s: string) => (err += s) },
    env,
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

/** What a terminal or a CI log viewer acts on: C0 (but the newline between lines), DEL, C1, U+2028/9, bidi controls. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('review of the CLI, defect 3: the credentials of a target URL that does not parse', () => {
  it.each([
    'https://user:Xpw1secret@exa mple.com/jwks',
    'https://user:Xpw7secret@[::1/jwks',
    'https://user:Xpw9/secret@idp.example.com/jwks',
    'https:user:Xpw5secret@idp.example.com/jwks',
  ])('never prints the password of %s, in human or JSON output or on stderr', async (url) => {
    const human = await run(['check', url]);
    const json = await run(['check', url, '--json']);
    expect(human.code).toBe(2);
    expect(json.code).toBe(2);
    expect(human.out + human.err + json.out + json.err).not.toContain('secret');
  });
});

describe('review of the CLI, defect 4: terminal escapes and forged lines from document values', () => {
  const hostileKid =
    'x\u001b[2J\u001b[1;1H\n  Verdict: PASS: 0 errors\u001b]0;pwned\u0007\n::error::forged\u009b31m\u007f\u202e';
  const hostileKty = 'EC\r\n::warning file=x::forged\u2028';
  const longKid = 'k'.repeat(1704);
  const hostile = file('hostile.json', {
    keys: [
      { ...rsaPublicJwk('a', 3072), kid: hostileKid },
      { kty: hostileKty, kid: longKid },
    ],
  });

  it('escapes control characters in kids, messages, values and the key table, and clips a long kid', async () => {
    const { out } = await run(['check', hostile]);
    expect(out).not.toMatch(TERMINAL_CONTROL);
    const lines = out.split('\n');
    expect(lines.filter((line) => /^\s*Verdict:/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^\s*::/.test(line))).toEqual([]);
    expect(out).toContain('\\u001b[2J');
    expect(out).toContain('jwk.kty.known');
    expect(out).not.toContain(longKid.slice(0, 100));
  });

  it('writes JSON lines with no raw control character, holding the values whole', async () => {
    const { out } = await run(['check', hostile, '--json']);
    expect(out.trimEnd()).not.toMatch(TERMINAL_CONTROL);
    const line = JSON.parse(out) as { keys: { kid?: string }[] };
    expect(line.keys.map((k) => k.kid)).toEqual([hostileKid, longKid]);
  });
});

describe('review of the CLI, defect 6: rules takes --json and --help only', () => {
  it.each(['--help', '-h'])('prints its usage for %s instead of the catalogue', async (flag) => {
    const { code, out } = await run(['rules', flag]);
    expect(code).toBe(0);
    expect(out).toContain('Usage: jwks-monitor rules');
    expect(out).not.toContain('jwk.private.members');
  });

  it('refuses unknown flags, flag values and positionals with exit 2, naming each', async () => {
    const { code, out, err } = await run(['rules', '--bogus', '--json=1', 'extra']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('--bogus');
    expect(err).toContain('--json takes no value');
    expect(err).toContain('"extra"');
  });
});

describe('review of the CLI, defect 7: numeric flags take decimal digits only', () => {
  const path = file('digits.json', { keys: [rsaPublicJwk('digits', 3072)] });

  it.each([
    ['--min-keys', ''],
    ['--min-keys', '0x3'],
    ['--max-keys', '1e1'],
    ['--min-keys', '1.0'],
    ['--timeout-ms', ' 1000'],
    ['--timeout-ms', '+1000'],
  ])('refuses %s %j with exit 2, where Number() would have read a number', async (flag, value) => {
    const { code, out, err } = await run(['check', path, flag, value]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${flag} must be an integer`);
  });

  it('accepts plain decimal digits', async () => {
    const args = ['--min-keys', '1', '--max-keys', '10', '--timeout-ms', '2000'];
    expect((await run(['check', path, ...args])).code).toBe(0);
  });
});

describe('review of the CLI, defect 8: a FIFO as a target', () => {
  it('is refused at once as INPUT_UNREADABLE, naming the path, instead of waiting for a writer forever', async () => {
    const fifo = join(dir, 'target.fifo');
    execFileSync('mkfifo', [fifo]);
    const { code, err } = await run(['check', fifo]);
    expect(code).toBe(2);
    expect(err).toContain(`${fifo}: INPUT_UNREADABLE`);
  }, 5_000);
});

describe('review of the CLI, defect 9: details of the human output', () => {
  it('says that a key element is itself a private key as text, instead of an empty member list', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const path = file('element-text.json', { keys: [rsaPublicJwk('public', 3072), JSON.stringify(jwk)] });
    const { code, out } = await run(['check', path]);
    expect(code).toBe(1);
    expect(out).toContain('key #1 carries private/symmetric material: the element itself: a private key as text');
    expect(out).not.toContain(String(jwk.d));
  });

  it('keeps colour on a terminal when NO_COLOR is set but empty (no-color.org), and drops it when set', async () => {
    const path = file('colour.json', { keys: [rsaPublicJwk('colour', 3072)] });
    expect((await run(['check', path], { isTTY: true, env: { NO_COLOR: '' } })).out).toContain('\u001b[');
    expect((await run(['check', path], { isTTY: true, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
  });

  it('says that https:host/path is not a URL when no such file exists, rather than only "no such file"', async () => {
    const { code, err } = await run(['check', 'https:127.0.0.1/jwks']);
    expect(code).toBe(2);
    expect(err).toContain('INPUT_NOT_FOUND: https:127.0.0.1/jwks: not a URL (scheme:// expected) and no such file');
  });
});
