/**
 * `npm run bench` — times the metrics procedures through the tRPC caller and the same server functions
 * bare, on demo colleges of 200, 2,000 and 10,000 branches × 5 years (built once, cached under
 * data/bench/). `BENCH_SIZES=200,2000` limits the sizes (10,000 takes minutes to build);
 * `BENCH_RUNS` sets the timed runs per measurement (default 15).
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import type { TAuthUser } from '../auth/types';
import { createContextInner } from '../context';
import { openDatabase } from '../db/connection';
import type { DB } from '../db/database';
import { loadDemo } from '../demo';
import { getBranchDetail, getBranchMetrics, getOverview } from '../metrics/api';
import { refreshRollups } from '../metrics/rollups';
import { createCaller } from '../routers/_app';

const TODAY = '2026-11-20';
const PERIOD = '2025';
const sizes = (process.env.BENCH_SIZES ?? '200,2000,10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 15);

const admin: TAuthUser = { id: 0, username: 'bench', displayName: 'bench', role: 'admin', branchId: null, branchName: null };

async function dataset(branches: number): Promise<DB> {
  const path = `data/bench/demo-${branches}x5.db`;
  if (!existsSync(path)) {
    mkdirSync('data/bench', { recursive: true });
    const tmp = `${path}.building`;
    const started = performance.now();
    console.error(`building ${path} …`);
    const db = await openDatabase({ url: tmp });
    await loadDemo(db, { branches, years: 5, seed: 1, today: TODAY });
    await refreshRollups(db);
    await db.destroy();
    renameSync(tmp, path);
    console.error(`built ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return openDatabase({ url: path });
}

interface TStats {
  p50: number;
  p95: number;
}

function stats(samples: number[]): TStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Runs the two variants alternately (same GC and cache conditions for both) after a warm-up. */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[TStats, TStats]> {
  for (let i = 0; i < 3; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of i % 2 ? ([[b, sb], [a, sa]] as const) : ([[a, sa], [b, sb]] as const)) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return [stats(sa), stats(sb)];
}

async function main() {
  const rows: string[][] = [['branches', 'procedure', 'p50 ms', 'p95 ms', 'bare p50 ms', 'ratio']];
  for (const size of sizes) {
    const db = await dataset(size);
    const caller = createCaller(createContextInner({ db, user: admin }));
    const branch = await db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'branch')
      .where('dissolved_on', 'is', null)
      .orderBy('id')
      .offset(Math.floor(size / 2))
      .limit(1)
      .executeTakeFirstOrThrow();
    const input = { period: PERIOD, today: TODAY };
    const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ['metrics.branches', () => caller.metrics.branches({ period: PERIOD }), () => getBranchMetrics(db, input)],
      [
        'metrics.branch',
        () => caller.metrics.branch({ period: PERIOD, branchId: branch.id }),
        () => getBranchDetail(db, { ...input, branchId: branch.id }),
      ],
      ['metrics.overview', () => caller.metrics.overview({ period: PERIOD }), () => getOverview(db, input)],
    ];
    for (const [name, viaTrpc, bare] of cases) {
      const [t, b] = await timePair(viaTrpc, bare);
      rows.push([String(size), name, t.p50.toFixed(1), t.p95.toFixed(1), b.p50.toFixed(1), (t.p50 / b.p50).toFixed(2)]);
      console.error(rows.at(-1)!.join('\t'));
    }
    await db.destroy();
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
