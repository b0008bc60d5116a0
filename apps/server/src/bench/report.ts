/** Figures go to stdout as one JSON line each; everything meant for people goes to stderr. */
export function report(bench: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ bench, value: Math.round(value * 100) / 100, unit })}\n`);
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
