/**
 * `npm run bench:report -- [--branches 40,2000] [--period 2025] [--format pdf]` — the review
 * report's speed on the bench colleges (datasets.ts): one branch's report and the all-branch report,
 * written to a file, with the time taken and the process's peak RSS after each (the all-branch PDF
 * streams, so its peak should not grow with the branches). Budgets (issue 12): 40 branches as PDF ≤ 10 s,
 * a branch ≤ 1 s. Each size runs in its own child process, so one size's peak RSS is not the other's.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openScope } from '../metrics/scope';
import { REPORT_FORMATS, type TReportFormat, type TReportTarget, writeReviewReport } from '../report';
import { BENCH_TODAY, ensureBenchDataset, openBenchDataset } from './datasets';

const { values } = parseArgs({
  options: {
    branches: { type: 'string', default: '40,2000' },
    period: { type: 'string', default: '2025' },
    format: { type: 'string', default: 'pdf' },
    /** Internal: measure one size in this process and print one JSON line. */
    child: { type: 'string' },
  },
});

interface TMeasure {
  branches: number;
  target: string;
  seconds: number;
  /** CPU time of the process (user + system): on a busy shared machine the steadier figure. */
  cpuSeconds: number;
  bytes: number;
  peakRssMb: number;
}

async function measureOne(branches: number, format: TReportFormat): Promise<TMeasure[]> {
  const db = await openBenchDataset(branches);
  const dir = mkdtempSync(join(tmpdir(), 'report-bench-'));
  try {
    const first = await db
      .selectFrom('units')
      .select('code')
      .where('kind', '=', 'branch')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const results: TMeasure[] = [];
    const targets: TReportTarget[] = [{ kind: 'branch', code: first.code }, { kind: 'college' }];
    for (const target of targets) {
      const file = join(dir, `${target.kind}.${format}`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const scope = await openScope(db, { period: values.period ?? '2025', today: BENCH_TODAY });
      await writeReviewReport(
        db,
        { scope, target, viewer: null, format, generatedAt: `${BENCH_TODAY}T00:00:00Z` },
        () => createWriteStream(file),
      );
      const used = process.cpuUsage(cpu);
      results.push({
        branches,
        target: target.kind === 'branch' ? `branch ${target.code}` : 'college',
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: (used.user + used.system) / 1e6,
        bytes: statSync(file).size,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const format = (values.format ?? 'pdf') as TReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new Error('--format pdf|docx|pptx');
  if (values.child) {
    console.log(JSON.stringify(await measureOne(Number(values.child), format)));
    return;
  }
  const sizes = (values.branches ?? '').split(',').map(Number);
  console.log(`review report (${format}, period ${values.period})`);
  console.log(['branches', 'report', 'seconds', 'CPU s', 'size', 'peak RSS'].join('\t'));
  for (const size of sizes) {
    // Built before the child runs, so the child measures the report and not the college's generation.
    await ensureBenchDataset(size);
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/bench/report.ts',
        '--child',
        String(size),
        '--format',
        format,
        '--period',
        values.period ?? '2025',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`size ${size} failed (exit ${child.status})`);
    for (const r of JSON.parse(child.stdout) as TMeasure[]) {
      console.log(
        [
          r.branches,
          r.target,
          r.seconds.toFixed(2),
          r.cpuSeconds.toFixed(2),
          `${(r.bytes / 1024 / 1024).toFixed(1)} MB`,
          `${r.peakRssMb} MB`,
        ].join('\t'),
      );
    }
  }
}

await main();
