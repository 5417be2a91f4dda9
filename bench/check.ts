/**
 * `npm run bench:check`: CPU cost of a full conformance check (parse + every rule, no cache) and of checking the
 * same bytes again (a hash and a cache lookup). Targets (issue 2): 2 RSA keys ≤ 80 µs, 10 RSA keys ≤ 300 µs,
 * 2 keys with x5c ≤ 800 µs. Bounded loops; no network.
 */
import { createHash } from 'node:crypto';
import { createEngine } from '../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS } from '../src/checks/types.js';
import { selfSignedX5c, testKey, type TestKeyType } from '../test/helpers/x5c.js';
import { measure, table } from './support.js';

const POOL = 16;

async function documents(keysPerDoc: number, type: TestKeyType, withX5c: boolean): Promise<Buffer[]> {
  const docs: Buffer[] = [];
  for (let d = 0; d < POOL; d++) {
    const keys = [];
    for (let k = 0; k < keysPerDoc; k++) {
      const key = testKey(type, d * keysPerDoc + k);
      const x5c = withX5c ? { x5c: (await selfSignedX5c(key)).x5c } : {};
      keys.push({ ...key.jwk, kid: `k${d}-${k}`, use: 'sig', alg: 'RS256', ...x5c });
    }
    docs.push(Buffer.from(JSON.stringify({ keys })));
  }
  return docs;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const now = new Date();

function fullCheck(docs: readonly Buffer[]) {
  // Caches of one entry over a pool of 16 documents: every check misses, so every key is imported and every
  // rule runs, as for a document never seen before.
  const engine = createEngine({ documentCacheEntries: 1, keyCacheEntries: 1 });
  return measure((i) => {
    const bytes = docs[i % docs.length]!;
    const hash = sha256(bytes);
    engine.evaluate({ profile: 'core', options: DEFAULT_CHECK_OPTIONS, now, jwks: { parsed: engine.parse(bytes, hash), sha256: hash } });
  }, 3_000);
}

function repeatCheck(docs: readonly Buffer[]) {
  const engine = createEngine();
  return measure((i) => {
    const bytes = docs[i % docs.length]!;
    const hash = sha256(bytes);
    engine.evaluate({ profile: 'core', options: DEFAULT_CHECK_OPTIONS, now, jwks: { parsed: engine.parse(bytes, hash), sha256: hash } });
  }, 20_000);
}

const cases = [
  { name: '2 × RSA-2048', docs: await documents(2, 'rsa-2048', false), targetUs: 80 },
  { name: '10 × RSA-2048', docs: await documents(10, 'rsa-2048', false), targetUs: 300 },
  { name: '2 × RSA-2048 + x5c', docs: await documents(2, 'rsa-2048', true), targetUs: 800 },
  { name: '2 × EC P-256', docs: await documents(2, 'ec-P-256', false), targetUs: Number.NaN },
];

const rows: (string | number)[][] = [['document', 'bytes', 'full check µs CPU', 'target µs', 'same bytes again µs CPU']];
const results: Record<string, { fullUs: number; repeatUs: number }> = {};
for (const c of cases) {
  const full = fullCheck(c.docs);
  const repeat = repeatCheck(c.docs);
  results[c.name] = { fullUs: full.cpuUs, repeatUs: repeat.cpuUs };
  rows.push([c.name, c.docs[0]!.length, full.cpuUs, Number.isNaN(c.targetUs) ? '—' : `≤ ${c.targetUs}`, repeat.cpuUs]);
}
console.log(table(rows));
console.log(`\nbench:check ${Object.entries(results).map(([k, v]) => `${k.replaceAll(' ', '')}=${v.fullUs.toFixed(0)}us/${v.repeatUs.toFixed(1)}us`).join(' ')}`);
