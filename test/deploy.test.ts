import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { serviceNodeFlags } from '../bench/fleet/node-flags.js';

const root = new URL('../', import.meta.url);

describe('how the service is started', () => {
  it('runs node with the same flags in the image as under npm start (and so in the bench)', () => {
    const flags = serviceNodeFlags(new URL('package.json', root));
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    const argv: unknown = JSON.parse(cmd ?? '[]');
    expect(argv).toEqual(['node', ...flags, 'bin/jwks-monitor.js', 'serve']);
  });
});

describe('the healthchecks of the image and of docker compose', () => {
  /** The `node -e` script of each healthcheck, as written. */
  function healthcheckScripts(): string[] {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    const imageCmd = /^\s*CMD (\["node", "-e", .*\])$/m.exec(dockerfile)?.[1];
    const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as {
      services: Record<string, { healthcheck: { test: string[] } }>;
    };
    const composeTest = Object.values(compose.services)[0]?.healthcheck.test ?? [];
    return [(JSON.parse(imageCmd ?? '[]') as string[])[2] ?? '', composeTest[3] ?? ''];
  }

  it('ask /readyz on the PORT the service listens on, healthy on 200 only', async () => {
    let status = 200;
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/readyz' ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const run = (script: string) =>
      new Promise<number | null>((resolve) => {
        execFile(process.execPath, ['-e', script], { env: { ...process.env, PORT: String(port) } }, (error) =>
          resolve(error === null ? 0 : (error.code as number | null)),
        );
      });
    try {
      const scripts = healthcheckScripts();
      expect(scripts.every((script) => script.includes('/readyz'))).toBe(true);
      for (const script of scripts) expect(await run(script)).toBe(0);
      status = 503;
      for (const script of scripts) expect(await run(script)).toBe(1);
    } finally {
      server.close();
    }
  });
});
