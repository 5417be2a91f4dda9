import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { AppError } from '../errors.js';

/** The same cap as a fetched body: a local file is untrusted input too. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Opening a FIFO for reading waits for a writer, forever (review of the CLI, defect 8): special files are refused
 * from a stat before the open, and the open itself does not wait, in case the path is swapped for one in between.
 * O_NONBLOCK changes nothing for a regular file. Windows has no such flag, and no FIFOs at a path either.
 */
const OPEN_WITHOUT_WAITING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads a file of at most `maxBytes`, with a coded error naming the path otherwise. */
export async function readBoundedFile(path: string, maxBytes = MAX_FILE_BYTES): Promise<Uint8Array> {
  refuseSpecialFile(path, await statOf(path));
  let handle;
  try {
    handle = await open(path, OPEN_WITHOUT_WAITING);
  } catch (error) {
    throw cannotOpen(path, error);
  }
  try {
    const stat = await handle.stat();
    refuseSpecialFile(path, stat);
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

async function statOf(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw cannotOpen(path, error);
  }
}

function cannotOpen(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  return new AppError(
    code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE',
    `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? 'error'})`}`,
    { cause: error },
  );
}

function refuseSpecialFile(path: string, stat: Stats): void {
  if (!stat.isFile()) throw new AppError('INPUT_UNREADABLE', `${path}: not a regular file (${fileKind(stat)})`);
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'a special file';
}
