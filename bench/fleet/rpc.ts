/**
 * Request/response over the IPC channel of a forked bench process. The parent owns every child: it starts it,
 * asks it things with a timeout, and kills it by its pid at the end (also on error and SIGINT). A child exits by
 * itself when the parent goes away or when its lifetime cap passes, so nothing can outlive the bench.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type Handler = (args: unknown) => unknown;

interface Request {
  readonly rpc: number;
  readonly cmd: string;
  readonly args: unknown;
}

interface Reply {
  readonly rpc: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: string;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequest(value: unknown): value is Request {
  return isRecord(value) && typeof value.rpc === 'number' && typeof value.cmd === 'string';
}

function isReply(value: unknown): value is Reply {
  return isRecord(value) && typeof value.rpc === 'number' && typeof value.ok === 'boolean';
}

/** Child side: answers the parent's requests; exits when the parent disconnects or after `lifetimeMs`. */
export function serveRpc(handlers: Readonly<Record<string, Handler>>, lifetimeMs: number): void {
  const send = (reply: Reply): void => {
    if (process.connected) process.send?.(reply);
  };
  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const handler = handlers[message.cmd];
    if (handler === undefined) {
      send({ rpc: message.rpc, ok: false, error: `unknown command ${message.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (result) => send({ rpc: message.rpc, ok: true, result }),
        (error: unknown) =>
          send({
            rpc: message.rpc,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  setTimeout(() => {
    console.error(`bench child ${process.pid}: lifetime of ${lifetimeMs} ms passed, exiting`);
    process.exit(3);
  }, lifetimeMs).unref();
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  call(cmd: string, args?: unknown, timeoutMs?: number): Promise<unknown>;
  /** Waits up to `waitMs` for the child to exit on its own, then SIGTERM, then SIGKILL; idempotent. */
  kill(waitMs?: number): Promise<void>;
}

const live = new Set<Child>();
const DEFAULT_CALL_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 3_000;
/** A child that asked to exit may still be writing its --cpu-prof file. */
const PROFILE_FLUSH_MS = 15_000;

/** Starts `script` (TypeScript through tsx, or JavaScript with plain node) as a child with an IPC channel. */
export function startChild(name: string, script: URL, options: { readonly execArgv?: readonly string[] } = {}): Child {
  const path = fileURLToPath(script);
  const loader = path.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = fork(path, [], {
    execArgv: [...loader, ...(options.execArgv ?? [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: fork failed`);
  // A child's own output (warnings, crashes) goes to stderr under its name, so stdout stays the bench's report.
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null)
      createInterface({ input: stream }).on('line', (line) => process.stderr.write(`    [${name}] ${line}\n`));
  }
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }
  >();
  let next = 0;
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const [, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`${name} exited (code ${code}, signal ${signal}) with a request pending`));
      }
      pending.clear();
      resolve();
    });
  });
  child.on('message', (message: unknown) => {
    if (!isReply(message)) return;
    const p = pending.get(message.rpc);
    if (p === undefined) return;
    pending.delete(message.rpc);
    clearTimeout(p.timer);
    if (message.ok) p.resolve(message.result);
    else p.reject(new Error(`${name}: ${message.error ?? 'failed'}`));
  });

  let killing: Promise<void> | undefined;
  const handle: Child = {
    name,
    pid,
    call(cmd, args, timeoutMs = DEFAULT_CALL_TIMEOUT_MS) {
      if (exited) return Promise.reject(new Error(`${name} has exited`));
      const rpc = ++next;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(rpc);
          reject(new Error(`${name}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(rpc, { resolve, reject, timer });
        child.send({ rpc, cmd, args } satisfies Request);
      });
    },
    kill(waitMs = 0) {
      killing ??= (async () => {
        if (!exited && waitMs > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([exitedPromise, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
          clearTimeout(timer);
        }
        if (!exited) {
          process.kill(pid, 'SIGTERM');
          const timer = setTimeout(() => {
            if (!exited) process.kill(pid, 'SIGKILL');
          }, KILL_GRACE_MS);
          await exitedPromise;
          clearTimeout(timer);
        }
        live.delete(handle);
      })();
      return killing;
    },
  };
  live.add(handle);
  return handle;
}

/** Kills every child still running (each by its own pid). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...live].map((c) => c.kill().catch(() => undefined)));
}

/** Asks a child to finish cleanly (so --cpu-prof can write its profile), then makes sure it is gone. */
export async function stopChild(child: Child, timeoutMs = 30_000): Promise<unknown> {
  try {
    return await child.call('exit', undefined, timeoutMs);
  } catch {
    // Already gone (its own error was reported where it happened) or stuck: killed below either way.
    return undefined;
  } finally {
    await child.kill(PROFILE_FLUSH_MS);
  }
}

/** Child side: the `exit` command replies, then exits on the next turn (flushing a CPU profile). */
export function exitSoon(cleanup: () => Promise<unknown> | unknown): Handler {
  return async () => {
    const result = await cleanup();
    setTimeout(() => process.exit(0), 50);
    return result;
  };
}
