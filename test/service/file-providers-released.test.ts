// Review of the configuration, defect 3: providers a PROVIDERS_FILE declared stayed read-only after the setting was
// removed ("edit the file and send SIGHUP", with no file), polled and alerting with no way to change or delete them.
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitorApp, type MonitorApp } from '../../src/compose.js';
import { manualTicker, tempDatabasePath, testConfig } from './harness.js';

const running: MonitorApp[] = [];
afterEach(async () => {
  for (const monitor of running.splice(0)) await monitor.stop();
});

describe('providers a providers file declared, once PROVIDERS_FILE is unset', () => {
  it('can be edited and deleted through the API', async () => {
    const monitor = await createMonitorApp(testConfig(tempDatabasePath()), { ticker: manualTicker });
    running.push(monitor);
    // As a providers file left it (the service applies files through the same call).
    const declared = monitor.service.create(
      { name: 'from-file', url: 'https://127.0.0.1:1/jwks', enabled: false },
      'file',
    );
    expect(declared.source).toBe('file');
    const patched = await monitor.app.inject({
      method: 'PATCH',
      url: `/api/v1/providers/${declared.id}`,
      payload: { intervalSeconds: 600 },
    });
    expect(patched.statusCode).toBe(200);
    const deleted = await monitor.app.inject({ method: 'DELETE', url: `/api/v1/providers/${declared.id}` });
    expect(deleted.statusCode).toBe(204);
  });
});
