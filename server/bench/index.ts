/**
 * `npm run bench` — times the metrics and overview procedures through the tRPC caller and the same
 * server functions bare, on demo colleges of 200, 2,000 and 10,000 branches × 5 years (built once,
 * cached under data/bench/). `BENCH_SIZES=200,2000` limits the sizes (10,000 takes minutes to build);
 * `BENCH_RUNS` sets the timed runs per measurement (default 15); `BENCH_PROCEDURES=metrics.branches,…`
 * measures only those procedures.
 *
 * Every figure but the `warm` columns is COLD: the engine's memo of the period's results (memo.ts) is
 * cleared before each run, so each run does all its work for a period nobody asked for yet; the college
 * data the API workers build when they start and after an import (warm.ts: member index, branch list,
 * calendar) is kept. `after write` clears that too. `warm` repeats the same request with the memo
 * kept (what the second procedure of a page load, or the next branch page, costs while nothing changes).
 * Prints the table, the growth from 2,000 to 10,000 branches and the budgets of issue 3.
 *
 * `--backend sqlite|postgres|both` (issue 13; default sqlite): the same colleges on PostgreSQL too, copied
 * once by copy-db into a cluster kept in data/bench/pg (datasets.ts), measured round-robin with the
 * SQLite files, side by side, with PostgreSQL's ratio to SQLite at 2,000 branches.
 */
import type { TAuthUser } from '../auth/types';
import { createContextInner } from '../context';
import type { DB } from '../db/database';
import { getBranchDetail, getBranchMetrics, getOverview } from '../metrics/api';
import { clearMetricsMemo, clearPeriodResults } from '../metrics/memo';
import { getOverviewKpis } from '../metrics/overview/kpis';
import { getOverviewTrend } from '../metrics/overview/trend';
import { queryBranchSums } from '../metrics/queries/stat-sums';
import { planSums, queryWholeSlots } from '../metrics/range-plan';
import { openScope, resolveScope } from '../metrics/scope';
import { createCaller } from '../routers/_app';
import { BENCH_TODAY, openBenchDataset, openPostgresBenchDataset, startBenchPostgres } from './datasets';

const TODAY = BENCH_TODAY;
/**
 * A complete year, and the current year until yesterday — what the dashboard opens on (a year to date
 * is read as whole quarters and months plus the days of the current month, its year-earlier
 * counterpart likewise).
 */
const PERIODS = [
  { label: '2025', input: { period: '2025' } },
  { label: '2026 to date', input: { period: '2026', asOf: '2026-11-19' } },
] as const;
const sizes = (process.env.BENCH_SIZES ?? '200,2000,10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 15);
/** `BENCH_PROCEDURES=metrics.branches,overview.summary`: only these (and the reference); default all. */
const procedures = process.env.BENCH_PROCEDURES?.split(',').map((name) => name.trim());

const admin: TAuthUser = {
  id: 0,
  username: 'bench',
  displayName: 'bench',
  role: 'admin',
  branchId: null,
  branchName: null,
};

interface TStats {
  p50: number;
  p95: number;
  /** In the order measured (round by round for timeRoundRobin). */
  samples: number[];
}

function stats(samples: number[]): TStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), samples };
}

/** Median of the per-round ratios b[i] / a[i] (a paired estimate: each round measured both sizes). */
function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return stats(a.map((x, i) => b[i]! / x)).p50;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Runs the variants round-robin after a warm-up, the order rotating every round: every variant sees
 * the same machine (other load, CPU caches, GC state) over the same minutes, so ratios between them —
 * tRPC to bare, 10,000 to 2,000 branches — are not skewed by when each was measured.
 */
async function timeRoundRobin(fns: readonly (() => Promise<unknown>)[]): Promise<TStats[]> {
  for (let i = 0; i < 3; i++) for (const fn of fns) await fn();
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (k + round) % fns.length;
      samples[j]!.push(await timed(fns[j]!));
    }
  }
  return samples.map(stats);
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
  'overview.summary': 150,
};
const MAX_RATIO = 1.3;
const MAX_GROWTH = 5;
/**
 * The linear reference: reading the roll-up row of every branch for a year and the year before, the
 * least a college-wide evaluation with year-over-year must do, O(branches) by construction. On a 2-core machine with 1 MB of L2 per
 * core its growth from 2,000 to 10,000 branches is itself above 5× (the larger college no longer fits
 * the caches), so procedures are compared with it as well as with 5×.
 */
const REFERENCE = 'reference: 2 roll-up rows per branch';

async function casesFor(db: DB, size: number): Promise<TCase[]> {
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
  // The year's and the year before's rows: what a college evaluation with year-over-year must read.
  const plans = await Promise.all(
    [PERIODS[0].input.period, String(Number(PERIODS[0].input.period) - 1)].map(async (period) => {
      const scope = resolveScope(period, undefined, TODAY);
      return planSums(scope.start, scope.asOf, await queryWholeSlots(db, scope.start, scope.asOf));
    }),
  );
  const readRows = () => Promise.all(plans.map((plan) => queryBranchSums(db, plan)));
  const cases: TCase[] = [[REFERENCE, readRows, readRows]];
  for (const { label, input: request } of PERIODS) {
    // The server functions directly, each after opening the scope as its procedure does.
    const open = () => openScope(db, { ...request, today: TODAY });
    const named = (procedure: string) => `${procedure} · ${label}`;
    cases.push(
      [
        named('metrics.branches'),
        () => caller.metrics.branches(request),
        async () => getBranchMetrics(db, { scope: await open() }),
      ],
      [
        named('metrics.branch'),
        () => caller.metrics.branch({ ...request, branchId: branch.id }),
        async () => getBranchDetail(db, { scope: await open(), branchId: branch.id }),
      ],
      [
        named('overview.summary'),
        () => caller.overview.summary(request),
        async () => getOverview(db, { scope: await open() }),
      ],
      [
        named('overview.kpis'),
        () => caller.overview.kpis(request),
        async () => getOverviewKpis(db, { scope: await open() }),
      ],
      [
        named('overview.trend'),
        () => caller.overview.trend(request),
        async () => getOverviewTrend(db, { scope: await open() }),
      ],
      [
        // What the overview page requests on load, one after the other (they share the college ranges).
        named('overview page (4 calls)'),
        async () => {
          await caller.overview.kpis(request);
          await caller.overview.summary(request);
          await caller.overview.trend(request);
          await caller.overview.dueSoon({ today: TODAY });
        },
        async () => {
          await getOverviewKpis(db, { scope: await open() });
          await getOverview(db, { scope: await open() });
          await getOverviewTrend(db, { scope: await open() });
        },
      ],
    );
  }
  return cases.filter(
    ([name]) => name === REFERENCE || !procedures || procedures.some((p) => name.startsWith(`${p} ·`)),
  );
}

type TBackend = 'sqlite' | 'postgres';

/** `--backend sqlite|postgres|both` (or BENCH_BACKEND); SQLite when absent. */
function readBackends(argv: readonly string[]): TBackend[] {
  const at = argv.indexOf('--backend');
  const value = at >= 0 ? argv[at + 1] : (process.env.BENCH_BACKEND ?? 'sqlite');
  if (value === 'sqlite' || value === 'postgres') return [value];
  if (value === 'both') return ['sqlite', 'postgres'];
  throw new Error(`--backend sqlite|postgres|both, not ${String(value)}`);
}

/** One college measured: its size, the backend holding it, the open database. */
interface TDataset {
  size: number;
  backend: TBackend;
  db: DB;
  /** `2000` on SQLite alone, else `2000 sqlite` / `2000 postgres`. */
  label: string;
}

/** PostgreSQL may take this many times SQLite's p50 for metrics.branches at 2,000 branches (issue 13). */
const MAX_POSTGRES_RATIO = 2;
/** SQLite's metrics.branches p50 at 10,000 branches (issue 13: a province fits the embedded default). */
const BUDGET_10000_MS = 150;

async function main() {
  const backends = readBackends(process.argv.slice(2));
  const cluster = backends.includes('postgres') ? await startBenchPostgres() : undefined;
  const datasets: TDataset[] = [];
  try {
    for (const size of sizes) {
      for (const backend of backends) {
        const db =
          backend === 'sqlite'
            ? await openBenchDataset(size)
            : await openPostgresBenchDataset(cluster!, size);
        const label = backends.length === 1 && backend === 'sqlite' ? String(size) : `${size} ${backend}`;
        datasets.push({ size, backend, db, label });
      }
    }
    await measure(datasets);
  } finally {
    for (const { db } of datasets) await db.destroy();
    await cluster?.stop();
  }
}

async function measure(datasets: readonly TDataset[]) {
  const header = [
    'branches',
    'procedure',
    'p50 ms',
    'p95 ms',
    'bare p50 ms',
    'ratio',
    'warm p50',
    'warm p95',
    'after write p50',
  ];
  const rows: string[][] = [header];
  const key = (d: TDataset, name: string) => `${d.backend}|${d.size}|${name}`;
  const p50 = new Map<string, number>();
  const coldSamples = new Map<string, number[]>();
  const warm50 = new Map<string, number>();
  const ratios = new Map<string, number>();
  const cases = await Promise.all(datasets.map((d) => casesFor(d.db, d.size)));
  const names = cases[0]!.map(([name]) => name);
  for (const [c, name] of names.entries()) {
    // Every college's tRPC and bare variant of this procedure, and the tRPC call after a write, measured
    // round-robin. The after-write run rebuilds the college data, so the cold runs after it find it.
    const variants = datasets.flatMap(({ db }, i) => {
      const [, viaTrpc, bare] = cases[i]![c]!;
      const cold = (fn: () => Promise<unknown>) => () => {
        clearPeriodResults(db);
        return fn();
      };
      const afterWrite = () => {
        clearMetricsMemo(db);
        return viaTrpc();
      };
      return [cold(viaTrpc), cold(bare), afterWrite];
    });
    const measured = await timeRoundRobin(variants);
    for (const [i, dataset] of datasets.entries()) {
      const t = measured[3 * i]!;
      const b = measured[3 * i + 1]!;
      const written = measured[3 * i + 2]!;
      const w = await timeWarm(cases[i]![c]![1]);
      const ratio = t.p50 / b.p50;
      p50.set(key(dataset, name), t.p50);
      coldSamples.set(key(dataset, name), t.samples);
      warm50.set(key(dataset, name), w.p50);
      const isProcedure = !name.includes('page') && name !== REFERENCE;
      if (isProcedure) ratios.set(`${dataset.label}|${name}`, ratio);
      rows.push([
        dataset.label,
        name,
        t.p50.toFixed(1),
        t.p95.toFixed(1),
        b.p50.toFixed(1),
        isProcedure ? ratio.toFixed(2) : '-',
        w.p50.toFixed(1),
        w.p95.toFixed(1),
        written.p50.toFixed(1),
      ]);
      console.error(rows.at(-1)!.join('\t'));
    }
  }
  // Grouped by college (size, then backend), procedures in their measured order.
  const order = new Map(datasets.map((d, i) => [d.label, i]));
  const body = rows.slice(1).sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
  printTable([header, ...body], 2);
  console.log(
    "\ncold = the period's results cleared before every run (kept: the college data the API workers build at start and after an import — member index, branch list, calendar, goals)",
  );
  console.log(
    'after write = everything cleared, as the first call after a write finds it before a worker rebuilt the college data',
  );
  console.log('ratio = tRPC p50 / bare p50 (page: the bare side has no dueSoon)');
  console.log(
    `colleges measured round-robin, ${runs} rounds; the reference is not a procedure (no tRPC side)`,
  );

  const backends = [...new Set(datasets.map((d) => d.backend))];
  const checks: string[] = [];
  for (const backend of backends) {
    const has = (size: number) => datasets.some((d) => d.backend === backend && d.size === size);
    if (has(2000) && has(10000)) checks.push(...growthChecks(backend, names, p50, warm50, coldSamples));
  }
  if (backends.length === 2 && sizes.includes(2000)) {
    // Paired per round: both backends were measured within seconds of each other.
    const table: string[][] = [['procedure @2000', 'sqlite p50', 'postgres p50', 'postgres ÷ sqlite']];
    for (const name of names) {
      const ratio = pairedRatio(
        coldSamples.get(`sqlite|2000|${name}`)!,
        coldSamples.get(`postgres|2000|${name}`)!,
      );
      table.push([
        name,
        p50.get(`sqlite|2000|${name}`)!.toFixed(1),
        p50.get(`postgres|2000|${name}`)!.toFixed(1),
        `${ratio.toFixed(2)}×`,
      ]);
      if (name.startsWith('metrics.branches'))
        checks.push(
          `postgres ${name} @2000 ≤ ${MAX_POSTGRES_RATIO}× sqlite: ${ratio.toFixed(2)}× ${ratio <= MAX_POSTGRES_RATIO ? 'ok' : 'OVER'}`,
        );
    }
    console.log('');
    printTable(table, 1);
  }
  for (const backend of backends) {
    for (const [procedure, budget] of Object.entries(BUDGET_MS)) {
      for (const { label } of PERIODS) {
        const name = `${procedure} · ${label}`;
        const cold = p50.get(`${backend}|2000|${name}`);
        if (cold === undefined) continue;
        const warm = warm50.get(`${backend}|2000|${name}`)!;
        checks.push(
          `${backend} ${name} @2000 ≤ ${budget} ms: cold ${cold.toFixed(1)} ${cold <= budget ? 'ok' : 'OVER'}, warm ${warm.toFixed(1)} ${warm <= budget ? 'ok' : 'OVER'}`,
        );
      }
    }
  }
  for (const { label } of PERIODS) {
    const cold = p50.get(`sqlite|10000|metrics.branches · ${label}`);
    if (cold === undefined) continue;
    checks.push(
      `sqlite metrics.branches · ${label} @10000 ≤ ${BUDGET_10000_MS} ms: cold ${cold.toFixed(1)} ${cold <= BUDGET_10000_MS ? 'ok' : 'OVER'}`,
    );
  }
  for (const [at, ratio] of ratios)
    if (ratio > MAX_RATIO) checks.push(`tRPC overhead ${at} ${ratio.toFixed(2)}× > ${MAX_RATIO}×`);
  console.log(`\nbudgets (issues 3 and 13):\n  ${checks.join('\n  ')}`);
}

/**
 * The growth from 2,000 to 10,000 branches on one backend: a table, and a check per procedure against
 * 5× or the linear reference's own growth.
 */
function growthChecks(
  backend: TBackend,
  names: readonly string[],
  p50: ReadonlyMap<string, number>,
  warm50: ReadonlyMap<string, number>,
  coldSamples: ReadonlyMap<string, number[]>,
): string[] {
  const at = (size: number, name: string) => `${backend}|${size}|${name}`;
  // Growth per round (the round-robin measured 2,000 and 10,000 within seconds of each other), median.
  const growthOf = (name: string) =>
    pairedRatio(coldSamples.get(at(2000, name))!, coldSamples.get(at(10000, name))!);
  const reference = growthOf(REFERENCE);
  const growth: string[][] = [
    [`${backend}: procedure`, 'p50 @2000', 'p50 @10000', 'growth', '÷ reference', 'warm growth'],
  ];
  const checks = [`${backend} linear reference (${REFERENCE}): ${reference.toFixed(2)}×`];
  for (const name of names) {
    growth.push([
      name,
      p50.get(at(2000, name))!.toFixed(1),
      p50.get(at(10000, name))!.toFixed(1),
      `${growthOf(name).toFixed(2)}×`,
      (growthOf(name) / reference).toFixed(2),
      `${(warm50.get(at(10000, name))! / warm50.get(at(2000, name))!).toFixed(2)}×`,
    ]);
    if (name === REFERENCE) continue;
    const g = growthOf(name);
    const verdict = g <= MAX_GROWTH ? 'ok' : g <= reference ? 'ok (within the linear reference)' : 'OVER';
    checks.push(`${backend} growth ${name} ${g.toFixed(2)}× (≤ ${MAX_GROWTH}× or ≤ reference): ${verdict}`);
  }
  console.log('\ngrowth = median over rounds of p(10,000) / p(2,000) measured in the same round');
  printTable(growth, 1);
  return checks;
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
