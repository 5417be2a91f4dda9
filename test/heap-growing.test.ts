/**
 * HEAP_GROWING_PERCENT, applied from inside the process (src/heap-growing.ts): each case runs in a child node so
 * the V8 flag it sets stays there. The child keeps a live set and keeps replacing part of it, so garbage reaches the
 * old generation as the service's replaced verdicts do, and reports the largest old generation V8 reserved. If
 * the setting did nothing, 20% would reserve what V8 chose (the 300% child's size, or more).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyHeapGrowingPercent } from '../src/heap-growing.js';

// The build, as `npm start` runs it (npm test builds first).
const MODULE = new URL('../dist/heap-growing.js', import.meta.url).href;

const CHURN = `
const { getHeapSpaceStatistics } = await import('node:v8');
const { applyHeapGrowingPercent } = await import(process.argv[1]);
const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_size;
applyHeapGrowingPercent(Number(process.argv[2]));
const live = [];
for (let i = 0; i < 300_000; i++) live.push({ name: 'k' + i, pair: [i, i + 1], inner: { i } });
let largest = 0;
let garbage = [];
for (let round = 0; round < 800; round++) {
  garbage = [];
  for (let i = 0; i < 5_000; i++) garbage.push({ name: 'g' + i, pair: [i] });
  for (let i = 0; i < 2_000; i++) live[(round * 2_000 + i) % live.length] = { name: 'r' + round, pair: [round], inner: { i } };
  if (round % 25 === 0) largest = Math.max(largest, oldSpace());
}
process.stdout.write(String(largest));
`;

function largestHeapWith(percent: number): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHURN, MODULE, String(percent)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return Number(out);
}

describe('HEAP_GROWING_PERCENT', () => {
  it('keeps the heap V8 reserves close to what is live: far smaller at 20% than at the 300% V8 may choose', () => {
    const at20 = largestHeapWith(20);
    const at300 = largestHeapWith(300);
    expect(at20).toBeGreaterThan(0);
    expect(at20).toBeLessThan(at300 * 0.6);
  });

  it('refuses a value that is not a non-negative integer, and takes 0 as V8 choosing', () => {
    expect(() => applyHeapGrowingPercent(-1)).toThrow(TypeError);
    expect(() => applyHeapGrowingPercent(1.5)).toThrow(TypeError);
    expect(() => applyHeapGrowingPercent(0)).not.toThrow();
  });
});
