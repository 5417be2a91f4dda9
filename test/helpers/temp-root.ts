/**
 * Vitest global setup: every temporary file of a test run (databases, CA files, documents, the files of the
 * service processes tests start) goes under one directory of its own, removed when the run ends. Tests create
 * theirs with mkdtemp(tmpdir()) and many leave them; without this, each run left about 14 directories in /tmp.
 * os.tmpdir() reads TMPDIR, which the test workers and the processes they start inherit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'jwks-monitor-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
