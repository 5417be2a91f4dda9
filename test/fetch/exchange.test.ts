/** One exchange through undici's dispatcher: body hashed and capped, informational responses skipped, aborts. */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, type ExchangeOptions } from '../../src/fetch/exchange.js';

let server: Server;
let origin = '';
const agent = new Agent({ connections: 4 });
const BIG = Buffer.alloc(200_000, 'a');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/early-hints') {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' });
      res.end('final');
    } else if (req.url === '/big-chunked') {
      res.writeHead(200);
      res.write(BIG.subarray(0, 100_000));
      setTimeout(() => res.end(BIG.subarray(100_000)), 10);
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2_000);
    } else {
      res.end('hello');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await agent.close();
  await new Promise((resolve) => server.close(resolve));
});

class Abort extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  abort(reason: Error): void {
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

function options(path: string, limit = 1_000_000, overLimit: 'fail' | 'stop' = 'fail'): ExchangeOptions {
  return {
    origin,
    path,
    headers: {},
    bodyLimit: () => limit,
    overLimit: () => overLimit,
    tooLarge: (max, declared) => new Error(`too large: ${max} ${declared ?? 'streamed'}`),
    onHeaders: () => undefined,
  };
}

describe('an exchange', () => {
  it('reads the body whole with its SHA-256 and the parsed headers', async () => {
    const result = await exchange(agent, options('/'), new Abort());
    expect(result.status).toBe(200);
    expect(Buffer.from(result.bytes).toString()).toBe('hello');
    expect(result.sha256).toBe(createHash('sha256').update('hello').digest('hex'));
    expect(result.headers['content-length']).toBe('5');
    expect(result.truncated).toBe(false);
  });

  it('skips an informational 103 and answers with the final response', async () => {
    const result = await exchange(agent, options('/early-hints'), new Abort());
    expect(result.status).toBe(200);
    expect(Buffer.from(result.bytes).toString()).toBe('final');
  });

  it('fails a declared body over the limit before reading it, and a streamed one as it passes the limit', async () => {
    await expect(exchange(agent, options('/', 3), new Abort())).rejects.toThrow('too large: 3 5');
    await expect(exchange(agent, options('/big-chunked', 150_000), new Abort())).rejects.toThrow(
      'too large: 150000 streamed',
    );
  });

  it('stops at the limit and keeps what it read when told to stop rather than fail', async () => {
    const result = await exchange(agent, options('/big-chunked', 150_000, 'stop'), new Abort());
    expect(result.truncated).toBe(true);
    expect(result.bytes.byteLength).toBeLessThanOrEqual(150_000);
  });

  it('rejects with the abort reason, whether the abort comes first or mid-exchange', async () => {
    const before = new Abort();
    before.abort(new Error('stopped early'));
    await expect(exchange(agent, options('/'), before)).rejects.toThrow('stopped early');
    const during = new Abort();
    const pending = exchange(agent, options('/slow'), during);
    setTimeout(() => during.abort(new Error('stopped midway')), 50);
    await expect(pending).rejects.toThrow('stopped midway');
  });
});
