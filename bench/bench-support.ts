/** Helpers shared by the benchmarks. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The q-quantile (0..1) of a sample by nearest rank, rounded to 0.01. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const v =
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return Number(v.toFixed(2));
}

export const summary = (values: readonly number[]) => ({
  p50: percentile(values, 0.5),
  p95: percentile(values, 0.95),
  p99: percentile(values, 0.99),
});

export interface DemoCredentials {
  course: { id: string };
  accounts: { role: string; userId: string }[];
  apiKeys: { role: string; key: string }[];
}

export async function readDemoCredentials(dataDir: string): Promise<DemoCredentials> {
  return JSON.parse(
    await readFile(join(dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
}
