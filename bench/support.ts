/** Small measuring tools shared by the bench scripts: CPU time per operation, best of several rounds. */

export interface Measurement {
  /** CPU microseconds per operation (user + system), best round. */
  readonly cpuUs: number;
  /** Wall microseconds per operation, best round. */
  readonly wallUs: number;
  readonly iterations: number;
}

/** Runs `op` `iterations` times per round for `rounds` rounds (bounded), after a warm-up round. */
export function measure(op: (i: number) => void, iterations: number, rounds = 5): Measurement {
  for (let i = 0; i < Math.min(iterations, 200); i++) op(i);
  let best: Measurement | undefined;
  for (let r = 0; r < rounds; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) op(i);
    const wallUs = Number(process.hrtime.bigint() - t0) / 1_000 / iterations;
    const cpu = process.cpuUsage(cpu0);
    const cpuUs = (cpu.user + cpu.system) / iterations;
    if (best === undefined || cpuUs < best.cpuUs) best = { cpuUs, wallUs, iterations };
  }
  return best!;
}

export function table(rows: readonly (readonly (string | number)[])[]): string {
  const text = rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toFixed(c < 10 ? 2 : 1) : c)));
  const widths = text[0]!.map((_, i) => Math.max(...text.map((r) => r[i]!.length)));
  return text.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}
