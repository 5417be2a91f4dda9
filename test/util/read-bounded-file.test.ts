import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { readBoundedFile } from '../../src/util/read-bounded-file.js';

const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-read-'));

async function refusal(path: string, maxBytes?: number): Promise<{ code: string; message: string }> {
  const error: unknown = await readBoundedFile(path, maxBytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('readBoundedFile', () => {
  it('reads a regular file within the limit', async () => {
    const path = join(dir, 'small.json');
    writeFileSync(path, '{"keys":[]}');
    expect(Buffer.from(await readBoundedFile(path)).toString()).toBe('{"keys":[]}');
  });

  it('refuses a file over the limit as INPUT_UNREADABLE', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, 'x'.repeat(11));
    expect((await refusal(path, 10)).code).toBe('INPUT_UNREADABLE');
    expect(Buffer.from(await readBoundedFile(path, 11)).length).toBe(11);
  });

  it('says INPUT_NOT_FOUND for a missing file', async () => {
    expect(await refusal(join(dir, 'missing.json'))).toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });

  // Review of the CLI, defect 8: open() of a FIFO waits for a writer, so `check fifo` never returned.
  it('refuses a FIFO at once as INPUT_UNREADABLE, naming the path, instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toEqual({ code: 'INPUT_UNREADABLE', message: `${fifo}: not a regular file (a FIFO)` });
  }, 5_000);

  it('refuses a directory and a character device as INPUT_UNREADABLE', async () => {
    expect(await refusal(dir)).toMatchObject({
      code: 'INPUT_UNREADABLE',
      message: `${dir}: not a regular file (a directory)`,
    });
    expect(await refusal('/dev/null')).toMatchObject({ code: 'INPUT_UNREADABLE' });
  });
});
