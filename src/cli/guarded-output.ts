/**
 * Standard output and error for the CLI process. A reader that goes away early (`| head`, `| grep -q`) fails the
 * next write with EPIPE, and a full disk with ENOSPC; with no 'error' listener either one was an uncaught exception:
 * a stack trace and exit code 1, whatever the verdict (review of the CLI, defect 5).
 */
import { EXIT, type CliIo } from './io.js';

export interface OutputStream {
  write(chunk: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  readonly isTTY?: boolean;
}

/**
 * `stdout`, guarded. After EPIPE nothing more is written and the command runs on, so that its exit code is still
 * the verdict that `set -o pipefail` and `… | grep -q` read. Any other write error has lost the output the run was
 * for: one line on `stderr`, then `exit(2)` at once.
 */
export function guardedStdout(
  stdout: OutputStream,
  stderr: CliIo['stderr'],
  exit: (code: number) => void,
): CliIo['stdout'] {
  let failed = false;
  stdout.on('error', (error) => {
    if (failed) return;
    failed = true;
    if (error.code === 'EPIPE') return;
    stderr.write(`jwks-monitor: cannot write to standard output: ${error.message}\n`);
    exit(EXIT.usage);
  });
  return {
    ...(stdout.isTTY !== undefined && { isTTY: stdout.isTTY }),
    write: (chunk: string) => !failed && stdout.write(chunk),
  };
}

/** `stderr`, guarded: once it fails there is nowhere left to say so, and the exit code still tells (`2>&1 | head`). */
export function guardedStderr(stderr: OutputStream): CliIo['stderr'] {
  let failed = false;
  stderr.on('error', () => {
    failed = true;
  });
  return { write: (chunk: string) => !failed && stderr.write(chunk) };
}
