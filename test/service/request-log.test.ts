/**
 * Review of the metrics, defect 5: a client that sends the API token in the query string (RFC 6750 §2.3) had it
 * written to the request log with the URL. The service's own logger, real fastify, lines collected from its stream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitorApp, type MonitorApp } from '../../src/compose.js';
import { compactLogger } from '../../src/logging.js';
import { manualTicker, tempDatabasePath, testConfig } from './harness.js';

const TOKEN = 'tok_SUPERSECRET_abcdef0123456789';
let monitor: MonitorApp | undefined;
afterEach(async () => {
  await monitor?.stop();
  monitor = undefined;
});

describe('the request log', () => {
  it('logs the path of a request without its query string, so a token sent there never reaches a log', async () => {
    const lines: string[] = [];
    const options = compactLogger('info');
    if (typeof options !== 'object') throw new TypeError('compactLogger gives logger options');
    monitor = await createMonitorApp(testConfig(tempDatabasePath(), { API_TOKEN: TOKEN }), {
      ticker: manualTicker,
      logger: { ...options, stream: { write: (line: string) => void lines.push(line) } },
    });
    for (const url of [
      `/api/v1/providers?access_token=${TOKEN}`,
      `/metrics?limit=5&access_token=${TOKEN}`,
      `/no-such-route?token=${TOKEN}#frag`,
    ])
      await monitor.app.inject({ method: 'GET', url });

    expect(lines.join('')).not.toContain('SUPERSECRET');
    const urls = lines
      .map((line) => JSON.parse(line) as { msg: string; req?: { url: string } })
      .filter((entry) => entry.msg === 'incoming request')
      .map((entry) => entry.req?.url);
    expect(urls).toEqual(['/api/v1/providers', '/metrics', '/no-such-route']);
  });
});
