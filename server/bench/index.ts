/**
 * `npm run bench` — times the metrics and overview procedures through the tRPC caller and the same
 * server functions bare, on demo colleges of 200, 2,000 and 10,000 branches × 5 years (built once,
 * cached under data/bench/). `BENCH_SIZES=200,2000` limits the sizes (10,000 takes minutes to build);
 * `BENCH_RUNS` sets the timed runs per measurement (default 15).
 *
 * Every figure but the `warm` columns is COLD: the engine's memo of college-wide results (memo.ts) is
 * cleared before each run, so each run does all its work. `warm` repeats the same request with the memo
 * kept (what the second procedure of a page load, or the next branch page, costs while nothing changes).
 * Prints the table, the growth from 2,000 to 10,000 branches and the budgets of issue 3.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import type { TAuthUser } from '../auth/types';
import { createContextInner } from '../context';
import { openDatabase } from '../db/connection';
import type { DB } from '../db/database';
import { loadDemo } from '../demo';
import { getBranchDetail, getBranchMetrics, getOverview } from '../metrics/api';
import { clearMetricsMemo } from '../metrics/memo';
import { getOverviewKpis } from '../metrics/overview/kpis';
import { getOverviewTrend } from '../metrics/overview/trend';
import { refreshRollups } from '../metrics/rollups';
import { createCaller } from '../routers/_app';

const TODAY = '2026-11-20';
const PERIOD = '2025';
const sizes = (process.env.BENCH_SIZES ?? '200,2000,10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 15);

const admin: TAuthUser = {
  id: 0,
  username: 'bench',
  displayName: 'bench',
  role: 'admin',
  branchId: null,
  branchName: null,
};

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

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
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
    for (const [fn, out] of i % 2
      ? ([
          [b, sb],
          [a, sa],
        ] as const)
      : ([
          [a, sa],
          [b, sb],
        ] as const)) {
      out.push(await timed(fn));
    }
  }
  return [stats(sa), stats(sb)];
}

/** The same request repeated with the memo kept. */
async function timeWarm(fn: () => Promise<unknown>): Promise<TStats> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(fn));
  return stats(samples);
}

type TCase = [name: string, viaTrpc: () => Promise<unknown>, bare: () => Promise<unknown>];

/** Budgets of issue 3 ("Fast") at 2,000 branches, p50 of the cold tRPC call. */
const BUDGET_MS: Record<string, number> = {
  'metrics.branches': 150,
  'metrics.branch': 20,
  'metrics.overview': 150,
};
const MAX_RATIO = 1.3;
const MAX_GROWTH = 5;

async function main() {
  const header = [
    'branches',
    'procedure',
    'p50 ms',
    'p95 ms',
    'bare p50 ms',
    'ratio',
    'warm p50',
    'warm p95',
  ];
  const rows: string[][] = [header];
  const p50 = new Map<string, number>();
  const warm50 = new Map<string, number>();
  const ratios = new Map<string, number>();
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
    const cases: TCase[] = [
      [
        'metrics.branches',
        () => caller.metrics.branches({ period: PERIOD }),
        () => getBranchMetrics(db, input),
      ],
      [
        'metrics.branch',
        () => caller.metrics.branch({ period: PERIOD, branchId: branch.id }),
        () => getBranchDetail(db, { ...input, branchId: branch.id }),
      ],
      ['metrics.overview', () => caller.metrics.overview({ period: PERIOD }), () => getOverview(db, input)],
      ['overview.kpis', () => caller.overview.kpis({ period: PERIOD }), () => getOverviewKpis(db, input)],
      ['overview.trend', () => caller.overview.trend({ period: PERIOD }), () => getOverviewTrend(db, input)],
      [
        // What the overview page requests on load, one after the other (they share the college ranges).
        'overview page (4 calls)',
        async () => {
          await caller.overview.kpis({ period: PERIOD });
          await caller.metrics.overview({ period: PERIOD });
          await caller.overview.trend({ period: PERIOD });
          await caller.overview.dueSoon({ today: TODAY });
        },
        async () => {
          await getOverviewKpis(db, input);
          await getOverview(db, input);
          await getOverviewTrend(db, input);
        },
      ],
    ];
    const cold = (fn: () => Promise<unknown>) => () => {
      clearMetricsMemo(db);
      return fn();
    };
    for (const [name, viaTrpc, bare] of cases) {
      const [t, b] = await timePair(cold(viaTrpc), cold(bare));
      const w = await timeWarm(viaTrpc);
      const ratio = t.p50 / b.p50;
      p50.set(`${size}|${name}`, t.p50);
      warm50.set(`${size}|${name}`, w.p50);
      if (!name.includes('page')) ratios.set(`${size}|${name}`, ratio);
      rows.push([
        String(size),
        name,
        t.p50.toFixed(1),
        t.p95.toFixed(1),
        b.p50.toFixed(1),
        name.includes('page') ? '-' : ratio.toFixed(2),
        w.p50.toFixed(1),
        w.p95.toFixed(1),
      ]);
      console.error(rows.at(-1)!.join('\t'));
    }
    await db.destroy();
  }
  printTable(rows, 2);
  console.log(
    '\ncold = memo cleared before every run; ratio = tRPC p50 / bare p50 (page: the bare side has no dueSoon)',
  );

  const names = [...new Set([...p50.keys()].map((k) => k.split('|')[1]!))];
  if (sizes.includes(2000) && sizes.includes(10000)) {
    const growth: string[][] = [['procedure', 'p50 @2000', 'p50 @10000', 'growth', 'warm growth']];
    for (const name of names) {
      const a = p50.get(`2000|${name}`)!;
      const b = p50.get(`10000|${name}`)!;
      growth.push([
        name,
        a.toFixed(1),
        b.toFixed(1),
        `${(b / a).toFixed(2)}×`,
        `${(warm50.get(`10000|${name}`)! / warm50.get(`2000|${name}`)!).toFixed(2)}×`,
      ]);
    }
    console.log('');
    printTable(growth, 1);
  }

  const checks: string[] = [];
  for (const [name, budget] of Object.entries(BUDGET_MS)) {
    const cold = p50.get(`2000|${name}`);
    if (cold === undefined) continue;
    const warm = warm50.get(`2000|${name}`)!;
    checks.push(
      `${name} @2000 ≤ ${budget} ms: cold ${cold.toFixed(1)} ${cold <= budget ? 'ok' : 'OVER'}, warm ${warm.toFixed(1)} ${warm <= budget ? 'ok' : 'OVER'}`,
    );
  }
  for (const [key, ratio] of ratios)
    if (ratio > MAX_RATIO) checks.push(`tRPC overhead ${key} ${ratio.toFixed(2)}× > ${MAX_RATIO}×`);
  if (sizes.includes(2000) && sizes.includes(10000)) {
    for (const name of names) {
      const g = p50.get(`10000|${name}`)! / p50.get(`2000|${name}`)!;
      if (g > MAX_GROWTH) checks.push(`growth ${name} ${g.toFixed(2)}× > ${MAX_GROWTH}×`);
    }
  }
  console.log(`\nbudgets (issue 3):\n  ${checks.join('\n  ')}`);
}

/** Text columns (the first `textColumns`) left-aligned, numbers right-aligned. */
function printTable(rows: string[][], textColumns: number) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
