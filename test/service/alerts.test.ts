/**
 * The composed service end to end: a provider starts leaking a private key; the webhook receives one signed
 * key.private_material message (verified with the official standardwebhooks package) without a secret byte.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../alerts/helpers.js';
import { rsaPublicJwk, startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

let idp: FakeIdp;
let receiver: Receiver;
beforeAll(async () => {
  idp = await startFakeIdp();
  receiver = await startReceiver();
});
afterAll(async () => {
  await idp.close();
  await receiver.close();
});

const SECRET_D = 'U0VDUkVULXByaXZhdGUtZXhwb25lbnQtdGhhdC1tdXN0LW5ldmVyLWxlYXZlLXRoZS1ib3g';

describe('alerts from the running service', () => {
  it('sends one signed key.private_material alert when a provider starts leaking, with no secret in it', async () => {
    const monitor = await startService(testConfig(tempDatabasePath()), idp.ca);
    monitor.start();
    try {
      const created = await monitor.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: { url: receiver.url('/hook'), eventTypes: ['key.private_material'] },
      });
      expect(created.statusCode).toBe(201);
      const { secret } = created.json<{ secret: string }>();
      const provider = monitor.service.create({ name: 'leaky', url: idp.jwksUrl });
      await monitor.service.pollNow(provider.id);

      idp.setJwks({ keys: [{ ...rsaPublicJwk('leaky-key'), d: SECRET_D }] });
      await monitor.service.pollNow(provider.id);
      await receiver.waitFor(1);
      await monitor.service.pollNow(provider.id);
      await new Promise((r) => setTimeout(r, 300));

      const leaks = receiver.messages.filter((m) => m.type === 'key.private_material');
      expect(leaks).toHaveLength(1);
      const message = leaks[0]!;
      expect(() => new Webhook(secret).verify(message.body, message.headers as Record<string, string>)).not.toThrow();
      expect(message.body).not.toContain(SECRET_D);
      expect(message.body).toContain('leaky-key');
      const logged = await monitor.app.inject({
        method: 'GET',
        url: `/api/v1/webhooks/${created.json<{ id: number }>().id}/deliveries`,
      });
      expect(logged.body).not.toContain(secret);
      await waitFor(() => logged.statusCode === 200 || undefined);
    } finally {
      await monitor.stop();
    }
  });
});
