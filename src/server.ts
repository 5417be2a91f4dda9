/**
 * The process: load the configuration (every problem at once), build the service, listen, and handle signals:
 * SIGINT/SIGTERM stop scheduling and let in-flight polls finish within the grace period before closing the
 * database; SIGHUP reloads PROVIDERS_FILE.
 */
import type { CliIo } from './cli/io.js';
import { compactLogger } from './logging.js';
import { createMonitorApp, type MonitorApp } from './compose.js';
import { loadConfig } from './config.js';
import { isAppError } from './errors.js';
import { applyHeapGrowingPercent } from './heap-growing.js';

/** Holds SIGHUP until the reload handler is installed: with no listener, a SIGHUP kills the process. */
function holdHangupWhileStarting(): void {}

export async function serve(io: CliIo): Promise<number> {
  process.on('SIGHUP', holdHangupWhileStarting);
  try {
    return await serveUntilStopped(io);
  } finally {
    process.off('SIGHUP', holdHangupWhileStarting);
  }
}

async function serveUntilStopped(io: CliIo): Promise<number> {
  let config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    io.stderr.write(`jwks-monitor serve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  applyHeapGrowingPercent(config.heapGrowingPercent);
  let monitor: MonitorApp;
  try {
    monitor = await createMonitorApp(config, { logger: compactLogger(config.logLevel) });
  } catch (error) {
    io.stderr.write(
      `jwks-monitor serve: ${isAppError(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  const { app } = monitor;
  if (config.apiToken === undefined) {
    app.log.warn('API_TOKEN is not set: the API is open to anyone who can reach it (loopback only)');
  }
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    io.stderr.write(
      `jwks-monitor serve: cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await monitor.stop();
    return 2;
  }
  monitor.start();

  return new Promise<number>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      app.log.info({ signal }, 'shutting down: no new polls; waiting for polls in flight');
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      // Replaced, not removed: with no listener, a SIGHUP (a config reload racing the stop) would kill the process
      // mid-shutdown, losing the poll in flight and leaving the database unclosed.
      process.off('SIGHUP', reload);
      process.on('SIGHUP', ignoreWhileStopping);
      monitor
        .stop()
        .then(
          () => 0,
          (error: unknown) => {
            app.log.error({ err: error }, 'shutdown failed');
            return 1;
          },
        )
        .then((code) => {
          process.off('SIGHUP', ignoreWhileStopping);
          resolve(code);
        });
    };
    const ignoreWhileStopping = () => app.log.warn('SIGHUP ignored: shutting down');
    const reload = () => {
      monitor
        .reloadProvidersFile()
        .catch((error: unknown) => app.log.error({ err: error }, 'PROVIDERS_FILE not applied; nothing changed'));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGHUP', reload);
    process.off('SIGHUP', holdHangupWhileStarting);
  });
}
