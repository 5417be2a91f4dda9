/**
 * Summarises a V8 CPU profile (node --cpu-prof, as `npm run bench -- --profile` writes for the service child):
 * the top functions by self time, and self time by file.
 *   npx tsx bench/fleet/profile-summary.ts bench/results/profiles/<file>.cpuprofile [top=30]
 */
import { readFileSync } from 'node:fs';
import { isRecord } from './stats.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

function isProfileNode(value: unknown): value is ProfileNode {
  return (
    isRecord(value) &&
    typeof value.id === 'number' &&
    isRecord(value.callFrame) &&
    typeof value.callFrame.url === 'string'
  );
}

const [path, topArg] = process.argv.slice(2);
if (path === undefined) {
  console.error('usage: profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile: unknown = JSON.parse(readFileSync(path, 'utf8'));
if (
  !isRecord(profile) ||
  !Array.isArray(profile.nodes) ||
  !Array.isArray(profile.samples) ||
  !Array.isArray(profile.timeDeltas)
) {
  throw new Error('not a V8 CPU profile');
}
const nodes = new Map<number, ProfileNode>();
for (const node of profile.nodes) if (isProfileNode(node)) nodes.set(node.id, node);

const selfUs = new Map<number, number>();
const samples: unknown[] = profile.samples;
const deltas: unknown[] = profile.timeDeltas;
for (let i = 0; i < samples.length; i++) {
  const id = samples[i];
  const delta = deltas[i + 1] ?? 0;
  if (typeof id === 'number' && typeof delta === 'number') selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
}
let total = 0;
for (const us of selfUs.values()) total += us;

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^.*\/work\/main\//, '');
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = nodes.get(id)?.callFrame;
  if (frame === undefined) continue;
  const file = frame.url === '' ? '(native)' : shortUrl(frame.url);
  const name = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byFile.set(file, (byFile.get(file) ?? 0) + us);
}

const print = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
// Inclusive time of the service's own functions (src/, or dist/ where the service child runs the build): each sample counts once for every distinct src/
// function on its stack, so a caller shows what it costs with everything it calls.
const parent = new Map<number, number>();
for (const node of nodes.values()) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = nodes.get(at)?.callFrame;
    if (frame === undefined || !/\/(src|dist)\//.test(frame.url)) continue;
    const name = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}

console.log(`${path}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by function', byFunction);
print('self time by file', byFile);
print('inclusive time of src/ and dist/ functions', inclusive);
