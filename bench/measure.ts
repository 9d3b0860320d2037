/**
 * A small, honest timer: each function runs until it has used `budgetMs` (after a warm-up), and
 * the time per operation is the median of several rounds, so that a pause of the garbage
 * collector or of another process does not decide the figure.
 */
export interface Measurement {
  readonly label: string;
  /** Milliseconds per operation (median of the rounds). */
  readonly msPerOp: number;
  readonly operations: number;
}

export async function measure(label: string, run: () => unknown, options: { budgetMs?: number; rounds?: number } = {}): Promise<Measurement> {
  const budget = options.budgetMs ?? 1500;
  const rounds = options.rounds ?? 5;
  // Warm-up: let the JIT and the database caches settle.
  const warmUntil = performance.now() + budget / 5;
  while (performance.now() < warmUntil) await run();
  const perOp: number[] = [];
  let operations = 0;
  for (let round = 0; round < rounds; round++) {
    let count = 0;
    const start = performance.now();
    const until = start + budget / rounds;
    while (performance.now() < until) {
      await run();
      count++;
    }
    perOp.push((performance.now() - start) / count);
    operations += count;
  }
  perOp.sort((a, b) => a - b);
  return { label, msPerOp: perOp[Math.floor(perOp.length / 2)] ?? Number.NaN, operations };
}

/** One comparison: what we do, against a baseline measured in the same run. */
export interface Comparison {
  readonly name: string;
  readonly baseline: Measurement;
  readonly subject: Measurement;
}

export function report(comparisons: readonly Comparison[]): string {
  const ms = (m: Measurement) => (m.msPerOp < 0.1 ? `${(m.msPerOp * 1000).toFixed(1)} µs` : `${m.msPerOp.toFixed(3)} ms`);
  const lines = comparisons.flatMap((c) => [
    `${c.name}`,
    `  baseline  ${c.baseline.label.padEnd(58)} ${ms(c.baseline).padStart(11)}  (${c.baseline.operations} runs)`,
    `  plaza     ${c.subject.label.padEnd(58)} ${ms(c.subject).padStart(11)}  (${c.subject.operations} runs)`,
    `  ratio     ${(c.subject.msPerOp / c.baseline.msPerOp).toFixed(2)}× the baseline`,
    "",
  ]);
  return lines.join("\n");
}
