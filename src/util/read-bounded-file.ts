import { open } from 'node:fs/promises';
import { AppError } from '../errors.js';

/** The same cap as a fetched body: a local file is untrusted input too. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Reads a file of at most `maxBytes`, with a coded error naming the path otherwise. */
export async function readBoundedFile(path: string, maxBytes = MAX_FILE_BYTES): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE',
      `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? 'error'})`}`,
      { cause: error },
    );
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('INPUT_UNREADABLE', `${path}: not a regular file`);
    if (stat.size > maxBytes)
      throw new AppError('INPUT_UNREADABLE', `${path}: ${stat.size} bytes is more than the ${maxBytes}-byte limit`);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new AppError('INPUT_UNREADABLE', `${path}: more than the ${maxBytes}-byte limit`);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
}
