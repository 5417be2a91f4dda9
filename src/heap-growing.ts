/**
 * How far V8 lets the JavaScript heap grow past what its last full collection kept before it collects again.
 * Left to itself V8 picks the factor by how fast it has been collecting; at 20,000 providers it kept 110–240 MB
 * of heap for about 77 MB of live objects, and the RSS peaked anywhere from 305 to 412 MB as the machine's load
 * moved (issue 7). A fixed factor trades a few more full collections, most of whose marking runs on V8's helper
 * threads, for that memory.
 *
 * Set from inside the process rather than as a node flag on `npm start`: node refuses to start at all when a V8
 * flag it is given no longer exists, and V8 flags carry no stability promise across Node majors; set here, an
 * unknown flag only prints `unrecognized flag` on stderr. V8 reads it each time it sets the next collection's
 * limit, and every thread of the process (the poll workers too) shares it.
 */
import { setFlagsFromString } from 'node:v8';

/** 0 leaves V8's own choice in place. */
export function applyHeapGrowingPercent(percent: number): void {
  if (!Number.isSafeInteger(percent) || percent < 0) throw new TypeError('percent must be a non-negative integer');
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
