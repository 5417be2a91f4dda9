/**
 * The CLI as a process (the built `bin/jwks-monitor.js`) where only a process shows it: a reader that closes the pipe
 * early, a full disk behind standard output, and commands that must not start a service or open a database.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rsaPublicJwk } from '../helpers/fake-idp.js';

const BIN = fileURLToPath(new URL('../../bin/jwks-monitor.js', import.meta.url));

interface Exited {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs the bin. `stdout: 'closed'` is a pipe whose reading end is closed before the child writes anything, as
 * `| head -c1` or `| grep -q` leave it; a number is a file descriptor. Killed after 15 s (a command that wrongly
 * started the service would otherwise run on).
 */
function cli(
  args: string[],
  { env = {}, stdout = 'pipe' }: { env?: Record<string, string>; stdout?: 'pipe' | 'closed' | number } = {},
): Promise<Exited> {
  const stdio: StdioOptions = ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'];
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio,
    timeout: 15_000,
  });
  let out = '';
  let err = '';
  if (stdout === 'closed') child.stdout?.destroy();
  else child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-cli-process-'));
const good = join(dir, 'good.json');
writeFileSync(good, JSON.stringify({ keys: [rsaPublicJwk('good', 3072)] }));
const missing = join(dir, 'missing.json');

/** A Node stack frame: what an uncaught write error printed. */
const STACK_FRAME = /^\s+at /m;

describe('review of the CLI, defect 5: standard output closed early or failing', () => {
  it('exits with the verdict, 0, and no stack trace when the reader has gone (EPIPE)', async () => {
    const { code, err } = await cli(['check', good, good], { stdout: 'closed' });
    expect(err).not.toMatch(STACK_FRAME);
    expect(err).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('checks the targets after the EPIPE too: an unreadable last target still makes the exit code 2', async () => {
    const { code, err } = await cli(['check', '--json', good, good, good, missing], { stdout: 'closed' });
    expect(err).not.toMatch(STACK_FRAME);
    expect(err).toContain(`${missing}: INPUT_NOT_FOUND`);
    expect(code).toBe(2);
  });

  it('lists the rules into a closed pipe with exit 0 and no stack trace', async () => {
    const { code, err } = await cli(['rules'], { stdout: 'closed' });
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'says in one line on stderr that the output could not be written (ENOSPC), and exits 2',
    async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const { code, err } = await cli(['check', good], { stdout: full });
        expect(err).not.toMatch(STACK_FRAME);
        expect(err.trimEnd().split('\n')).toEqual([expect.stringContaining('cannot write to standard output: ENOSPC')]);
        expect(code).toBe(2);
      } finally {
        closeSync(full);
      }
    },
  );
});

describe('review of the CLI, defect 6: serve and migrate take --help and nothing else', () => {
  /** Port 0 and a scratch database: were the service started by mistake, it would harm nothing. */
  function scratch(): { env: Record<string, string>; database: string } {
    const database = join(mkdtempSync(join(tmpdir(), 'jwks-monitor-cli-db-')), 'data', 'monitor.db');
    return { env: { DATABASE_PATH: database, HOST: '127.0.0.1', PORT: '0' }, database };
  }

  it.each(['serve', 'migrate'])(
    '%s --help prints its usage and exits 0 without touching the database',
    async (command) => {
      const { env, database } = scratch();
      const { code, out } = await cli([command, '--help'], { env });
      expect(out).toContain(`Usage: jwks-monitor ${command}`);
      expect(code).toBe(0);
      expect(existsSync(database)).toBe(false);
    },
  );

  it.each([
    ['serve', '--port', '1234'],
    ['migrate', '--dry-run', 'now'],
  ])('%s %s %s --bogus exits 2 naming each, without touching the database', async (command, flag, argument) => {
    const { env, database } = scratch();
    const { code, out, err } = await cli([command, flag, argument, '--bogus'], { env });
    expect(code).toBe(2);
    expect(out).toBe('');
    for (const named of [flag, `"${argument}"`, '--bogus']) expect(err).toContain(named);
    expect(existsSync(database)).toBe(false);
  });

  it('migrate with no arguments still applies the migrations', async () => {
    const { env, database } = scratch();
    const { code, out } = await cli(['migrate'], { env });
    expect(out).toContain('applied');
    expect(code).toBe(0);
    expect(existsSync(database)).toBe(true);
  });
});
