/**
 * The node flags the service runs with, read from `npm start` (package.json), so the bench measures the service as
 * a user starts it. test/deploy.test.ts holds the Dockerfile's CMD to the same flags.
 */
import { readFileSync } from 'node:fs';

export function serviceNodeFlags(packageJsonPath = new URL('../../package.json', import.meta.url)): string[] {
  const manifest: unknown = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const scripts =
    typeof manifest === 'object' && manifest !== null && 'scripts' in manifest ? manifest.scripts : undefined;
  const start =
    typeof scripts === 'object' && scripts !== null && 'start' in scripts && typeof scripts.start === 'string'
      ? scripts.start
      : undefined;
  if (start === undefined) throw new Error('package.json has no "start" script');
  const [command, ...rest] = start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`"start" does not run node: ${start}`);
  return rest.slice(
    0,
    rest.findIndex((token) => !token.startsWith('--')),
  );
}
