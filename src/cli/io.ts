/** What the CLI needs from the process, passed in so tests can run it in-process. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of every command: 0 ok, 1 findings at or above --fail-on, 2 bad usage or unreadable target. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
