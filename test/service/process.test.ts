/**
 * The service as a process (`jwks-monitor serve`, the built bin): listening, auth, SIGTERM during a poll, and
 * SIGKILL at an arbitrary moment. Every child is killed at the end whatever happens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { tempDatabasePath, waitFor } from './harness.js';

const BIN = fileURLToPath(new URL('../../bin/jwks-monitor.js', import.meta.url));
const TOKEN = 'test-token-0123456789abcdef';

interface Running {
  child: ChildProcess;
  origin: string;
  logs: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
let idp: FakeIdp;
let caFile: string;

beforeAll(async () => {
  idp = await startFakeIdp();
  caFile = join(mkdtempSync(join(tmpdir(), 'jwks-monitor-ca-')), 'ca.pem');
  writeFileSync(caFile, idp.ca);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => idp.close());

async function serve(databasePath: string, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      DATABASE_PATH: databasePath,
      PORT: '0',
      API_TOKEN: TOKEN,
      ALLOW_PRIVATE_NETWORKS: '1',
      NODE_EXTRA_CA_CERTS: caFile,
      SHUTDOWN_GRACE_MS: '8000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const origin = await waitFor(() => /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], 15_000);
  return { child, origin, logs: () => out, exited };
}

function api(origin: string, path: string, init: RequestInit = {}) {
  return fetch(`${origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
}

describe('jwks-monitor serve', () => {
  it('answers /healthz and /readyz without a token, refuses /api without one, and never logs the token', async () => {
    const running = await serve(tempDatabasePath(), { LOG_LEVEL: 'debug' });
    expect((await fetch(`${running.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${running.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: true, migrations: true, scheduler: true } });
    const anonymous = await fetch(`${running.origin}/api/v1/providers`, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', url: idp.jwksUrl }),
      headers: { 'content-type': 'application/json' },
    });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${running.origin}/api/v1/providers`, {
      headers: { authorization: 'Bearer wrong-token-wrong-token' },
    });
    expect(wrong.status).toBe(401);
    expect((await api(running.origin, '/api/v1/providers')).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.logs()).not.toContain(TOKEN);
  });

  it('on SIGTERM lets the poll in flight finish and record, ignores a SIGHUP meanwhile, then exits 0 with the database intact', async () => {
    const path = tempDatabasePath();
    idp.server.setRoute('/slow-jwks', {
      json: { keys: idp.keys() },
      delayHeadersMs: 1_500,
      headers: { 'content-type': 'application/json' },
    });
    const running = await serve(path);
    const created = await api(running.origin, '/api/v1/providers', {
      method: 'POST',
      body: JSON.stringify({ name: 'slow', url: idp.server.url('/slow-jwks') }),
    });
    expect(created.status).toBe(201);
    await waitFor(() => idp.server.requests.some((r) => r.path === '/slow-jwks') || undefined);
    running.child.kill('SIGTERM');
    // A SIGHUP racing the stop (a config reload) is ignored; it used to kill the process mid-shutdown.
    await waitFor(() => running.logs().includes('shutting down') || undefined);
    running.child.kill('SIGHUP');
    expect(await running.exited).toBe(0);
    expect(running.logs()).toContain('SIGHUP ignored');
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const row = db.prepare('SELECT last_poll_at, key_count FROM providers WHERE name = ?').get('slow') as {
      last_poll_at: number | null;
      key_count: number | null;
    };
    db.close();
    expect(row.last_poll_at).not.toBeNull();
    expect(row.key_count).toBe(1);
  });

  it('survives SIGKILL in the middle of polling: the database opens, intact, with what was committed', async () => {
    const path = tempDatabasePath();
    const running = await serve(path);
    for (let i = 0; i < 20; i++) {
      await api(running.origin, '/api/v1/providers', {
        method: 'POST',
        body: JSON.stringify({ name: `p${i}`, url: `${idp.jwksUrl}?p=${i}`, intervalSeconds: 10 }),
      });
    }
    await waitFor(() => idp.server.requests.filter((r) => r.path.startsWith('/jwks?p=')).length >= 10 || undefined);
    running.child.kill('SIGKILL');
    await running.exited;
    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM providers').get() as { n: number }).n).toBe(20);
    db.close();
  });

  it.each([0, 2])(
    'exits 2 at once when PROVIDERS_FILE is invalid, with POLL_WORKERS=%i (review of the API, defect 12)',
    async (pollWorkers) => {
      const providersFile = join(mkdtempSync(join(tmpdir(), 'jwks-monitor-providers-')), 'providers.yaml');
      writeFileSync(providersFile, `providers:\n  - name: x\n    url: ${idp.jwksUrl}\n    intervalSeconds: 1\n`);
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          PATH: process.env['PATH'] ?? '',
          DATABASE_PATH: tempDatabasePath(),
          PORT: '0',
          ALLOW_PRIVATE_NETWORKS: '1',
          PROVIDERS_FILE: providersFile,
          POLL_WORKERS: String(pollWorkers),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Before: the message, then a process that neither listened nor exited.
      const code = await Promise.race([
        new Promise((resolve) => child.on('exit', resolve)),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000)),
      ]);
      expect(code).toBe(2);
      expect(err).toContain('CONFIG_INVALID');
    },
    15_000,
  );

  it('refuses to start on a non-loopback HOST without API_TOKEN, listing the problem', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env['PATH'] ?? '', HOST: '0.0.0.0', DATABASE_PATH: tempDatabasePath() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('API_TOKEN');
  });
});
