/**
 * parseDocument against plain JSON.parse on JWKS of ~1 KB and ~5 KB (budget: < 10 µs and < 40 µs).
 * Run: npx tsx bench/parse-document.ts. Bounded: fixed warm-up and measured iteration counts.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseDocument } from '../src/json/parse-document.js';

const WARMUP_ITERATIONS = 20_000;
const MEASURED_ITERATIONS = 50_000;
const ROUNDS = 5;
const RSA_2048_MODULUS_BYTES = 256;
const P256_COORDINATE_BYTES = 32;
const KEYS_PER_RSA_KEY = 3;
const MICROS_PER_MS = 1_000;

function rsaKey(index: number): Record<string, string> {
  return {
    kty: 'RSA',
    use: 'sig',
    alg: 'RS256',
    kid: `key-${index}-${randomBytes(8).toString('hex')}`,
    n: randomBytes(RSA_2048_MODULUS_BYTES).toString('base64url'),
    e: 'AQAB',
  };
}

function ecKey(index: number): Record<string, string> {
  return {
    kty: 'EC',
    use: 'sig',
    alg: 'ES256',
    crv: 'P-256',
    kid: `key-${index}-${randomBytes(8).toString('hex')}`,
    x: randomBytes(P256_COORDINATE_BYTES).toString('base64url'),
    y: randomBytes(P256_COORDINATE_BYTES).toString('base64url'),
  };
}

/** A JWKS of at least `targetBytes`: one RSA key then two EC keys, repeated; pretty-printed or compact. */
function jwksOfAbout(targetBytes: number, pretty: boolean): Uint8Array {
  const keys: Record<string, string>[] = [];
  let text = '';
  while (text.length < targetBytes) {
    keys.push(keys.length % KEYS_PER_RSA_KEY === 0 ? rsaKey(keys.length) : ecKey(keys.length));
    text = pretty ? JSON.stringify({ keys }, null, 2) : JSON.stringify({ keys });
  }
  return new TextEncoder().encode(text);
}

/**
 * Best round's mean time per call in microseconds: CPU time of this process (stable on a shared machine, where
 * wall time mostly measures the neighbours) and wall time.
 */
function measure(fn: () => unknown): { cpuUs: number; wallUs: number } {
  for (let i = 0; i < WARMUP_ITERATIONS; i += 1) fn();
  let cpuUs = Number.POSITIVE_INFINITY;
  let wallUs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < MEASURED_ITERATIONS; i += 1) fn();
    const cpu = process.cpuUsage(cpuStart);
    wallUs = Math.min(wallUs, ((performance.now() - wallStart) * MICROS_PER_MS) / MEASURED_ITERATIONS);
    cpuUs = Math.min(cpuUs, (cpu.user + cpu.system) / MEASURED_ITERATIONS);
  }
  return { cpuUs, wallUs };
}

const format = ({ cpuUs, wallUs }: { cpuUs: number; wallUs: number }): string =>
  `${cpuUs.toFixed(2)} µs CPU (${wallUs.toFixed(2)} µs wall)`;

const decoder = new TextDecoder();
for (const [target, pretty] of [
  [1024, false],
  [1024, true],
  [5 * 1024, false],
  [5 * 1024, true],
] as const) {
  const bytes = jwksOfAbout(target, pretty);
  const parse = measure(() => parseDocument(bytes));
  const native = measure(() => JSON.parse(decoder.decode(bytes)));
  console.log(
    `${String(bytes.length).padStart(6)} B ${pretty ? 'pretty ' : 'compact'} JWKS: parseDocument ${format(parse)}; ` +
      `TextDecoder + JSON.parse ${format(native)}`,
  );
}
