import { AppError, isAppError } from '../errors.js';
import { readBoundedFile } from '../util/read-bounded-file.js';
import { HTTP_WITHOUT_SLASHES, shownTarget } from './entered-target.js';

/**
 * Reads a file target of `check`. `https:host/jwks` that names no file was meant as a URL: saying only "no such file"
 * would send the user looking for a file (review of the CLI, defect 9).
 */
export async function readTargetFile(path: string): Promise<Uint8Array> {
  try {
    return await readBoundedFile(path);
  } catch (error) {
    if (!isAppError(error, 'INPUT_NOT_FOUND') || !HTTP_WITHOUT_SLASHES.test(path)) throw error;
    throw new AppError('INPUT_NOT_FOUND', `${shownTarget(path)}: not a URL (scheme:// expected) and no such file`, {
      cause: error,
    });
  }
}
