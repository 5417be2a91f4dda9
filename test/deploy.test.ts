import { readFileSync } from 'node:fs';
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
