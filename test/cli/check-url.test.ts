/**
 * The CLI as a user runs it: the built `bin/jwks-monitor.js` in a child process, against a loopback HTTPS fake IdP
 * whose CA is trusted through NODE_EXTRA_CA_CERTS (the README's instructions).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';

const BIN = fileURLToPath(new URL('../../bin/jwks-monitor.js', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 20_000 },
      (error, out, err) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out, err });
      },
    );
  });
}

let idp: FakeIdp;
let caFile: string;

beforeAll(async () => {
  idp = await startFakeIdp();
  caFile = join(mkdtempSync(join(tmpdir(), 'jwks-monitor-ca-')), 'ca.pem');
  writeFileSync(caFile, idp.ca);
});
afterAll(() => idp.close());

describe('jwks-monitor check on URLs', () => {
  it('checks a JWKS URL on a private address when allowed, trusting the CA from NODE_EXTRA_CA_CERTS', async () => {
    const { code, out } = await cli(['check', idp.jwksUrl, '--allow-private', '--json'], {
      NODE_EXTRA_CA_CERTS: caFile,
    });
    const line = JSON.parse(out) as { kind: string; keys: unknown[]; documents: { kind: string }[] };
    expect(line.kind).toBe('jwks');
    expect(line.keys).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('follows an issuer to its discovery document and then to jwks_uri', async () => {
    const { code, out } = await cli(['check', idp.issuer, '--allow-private', '--json'], {
      NODE_EXTRA_CA_CERTS: caFile,
    });
    const line = JSON.parse(out) as {
      kind: string;
      profile: string;
      documents: { kind: string }[];
      findings: { ruleId: string; severity: string }[];
    };
    expect(line.kind).toBe('discovery');
    expect(line.profile).toBe('oidc');
    expect(line.documents.map((d) => d.kind)).toEqual(['discovery', 'jwks']);
    expect(line.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('refuses a loopback address without --allow-private: exit 2 and FETCH_FORBIDDEN_ADDRESS', async () => {
    const { code, err } = await cli(['check', idp.jwksUrl], { NODE_EXTRA_CA_CERTS: caFile });
    expect(code).toBe(2);
    expect(err).toContain('FETCH_FORBIDDEN_ADDRESS');
    expect(err).toContain(idp.jwksUrl);
  });

  it('reports an untrusted certificate as FETCH_TLS with exit 2 and a transport.tls.certificate finding', async () => {
    const { code, out, err } = await cli(['check', idp.jwksUrl, '--allow-private', '--json']);
    expect(code).toBe(2);
    expect(err).toContain('FETCH_TLS');
    expect(out).toContain('transport.tls.certificate');
  });

  it('allows private addresses through ALLOW_PRIVATE_NETWORKS=1 (or true, as the service reads it) as well', async () => {
    for (const value of ['1', 'true']) {
      const { code } = await cli(['check', idp.jwksUrl], {
        NODE_EXTRA_CA_CERTS: caFile,
        ALLOW_PRIVATE_NETWORKS: value,
      });
      expect(code, value).toBe(0);
    }
  });

  it('refuses an ALLOW_PRIVATE_NETWORKS it cannot read, instead of taking it as 0', async () => {
    const { code, err } = await cli(['check', idp.jwksUrl], {
      NODE_EXTRA_CA_CERTS: caFile,
      ALLOW_PRIVATE_NETWORKS: 'yes',
    });
    expect(code).toBe(2);
    expect(err).toContain('ALLOW_PRIVATE_NETWORKS must be 1, 0, true or false');
  });
});
