/**
 * `npm run cli -- metrics --period P [--as-of YYYY-MM-DD] [--json]` — every metric of metrics.md for
 * every reported branch and the college total. With --json, stdout carries exactly one JSON object shaped
 * like a case of tests/fixtures/mini/expected.json; logs go to stderr. Exit code: 0 ok, 2 usage/bad input.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/app-error';
import { todayIso } from '../../../shared/schemas/date';
import { openDatabase } from '../../db/connection';
import { readEnv } from '../../env';
import { computeMetrics, toMetricsCase } from '../../metrics/report';

export const summary =
  '计算各支部指标 / compute branch metrics: --period 2025|2025-Q2|2025-03|起..止 [--as-of 日期] [--json]';

const USAGE =
  '用法 / usage: npm run cli -- metrics --period <2025 | 2025-Q2 | 2025-03 | 2025-03-01..2025-08-31> [--as-of YYYY-MM-DD] [--json]';

const fmt = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));

export async function run(args: string[]): Promise<number> {
  let values: { period?: string; 'as-of'?: string; today?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        period: { type: 'string' },
        'as-of': { type: 'string' },
        // "Today" for the asOf default; for scripts and tests that need a fixed calendar.
        today: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (!values.period) {
    console.error(`缺少 --period / --period is required\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const db = await openDatabase({ url: readEnv().databaseUrl });
  try {
    const report = await computeMetrics(db, {
      period: values.period,
      asOf: values['as-of'],
      today: values.today ?? todayIso(),
    });
    const metricsCase = toMetricsCase(report);
    const { complianceByType: _byType, projectsByLevel: _byLevel, ...total } = metricsCase.total;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...metricsCase, total })}\n`);
    } else {
      console.log(`期间 / period ${metricsCase.period}  截止 / asOf ${metricsCase.asOf}`);
      console.log(['code', 'index', 'rank', 'compliance', 'attendance', 'sessions'].join('\t'));
      for (const row of report.rows) {
        const m = row.metrics;
        console.log(
          [
            row.branch.code,
            fmt(m.index, 1),
            m.rank ?? '—',
            fmt(m.complianceRate),
            fmt(m.attendanceRate),
            m.sessions,
          ].join('\t'),
        );
      }
      console.log(
        [
          'total',
          fmt(total.index, 1),
          '',
          fmt(total.complianceRate),
          fmt(total.attendanceRate),
          total.sessions,
        ].join('\t'),
      );
    }
    console.error(
      `${report.rows.length} 个支部，用时 ${((performance.now() - started) / 1000).toFixed(2)} 秒 / ${report.rows.length} branches`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}
