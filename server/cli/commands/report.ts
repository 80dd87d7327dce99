/**
 * `npm run cli -- report --period P [--as-of YYYY-MM-DD] [--branch CODE | --unit CODE] --format pdf|docx|pptx
 * --out FILE` — the review report of one branch, one general branch (--unit) or the whole college (neither)
 * as the organization department sees it. Progress and time taken go to stderr. Exit code: 0 written,
 * 2 usage or bad input (nothing written).
 */
import { createWriteStream, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/app-error';
import { todayIso } from '../../../shared/schemas/date';
import { openDatabase } from '../../db/connection';
import { readEnv } from '../../env';
import { openScope } from '../../metrics/scope';
import { REPORT_FORMATS, type TReportFormat, type TReportTarget, writeReviewReport } from '../../report';

export const summary =
  '生成评议报告 / the review report: --period P [--branch 编号 | --unit 编号] --format pdf|docx|pptx --out 文件';

const USAGE = `用法 / usage: npm run cli -- report --period <2025 | 2025-Q2 | 2025-03 | 起..止> [--as-of YYYY-MM-DD]
    [--branch 支部编号 | --unit 党总支编号] --format pdf|docx|pptx --out <文件 file>
  不带 --branch/--unit：全院报告 / neither: the whole college`;

interface TReportArgs {
  period: string;
  asOf?: string;
  today?: string;
  target: TReportTarget;
  format: TReportFormat;
  out: string;
  generatedAt?: string;
}

function readArgs(args: string[]): TReportArgs {
  const { values } = parseArgs({
    args,
    options: {
      period: { type: 'string' },
      'as-of': { type: 'string' },
      // "Today" and the generation time, fixed: for scripts and tests that need the same bytes.
      today: { type: 'string' },
      'generated-at': { type: 'string' },
      branch: { type: 'string' },
      unit: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.period) throw new Error('缺少 --period / --period is required');
  if (!values.out) throw new Error('缺少 --out / --out is required');
  if (!REPORT_FORMATS.includes(values.format as TReportFormat))
    throw new Error(`--format 须为 pdf、docx 或 pptx / --format must be pdf, docx or pptx`);
  if (values.branch && values.unit)
    throw new Error('--branch 与 --unit 只能选一个 / give --branch or --unit, not both');
  const target: TReportTarget = values.branch
    ? { kind: 'branch', code: values.branch }
    : values.unit
      ? { kind: 'unit', code: values.unit }
      : { kind: 'college' };
  return {
    period: values.period,
    asOf: values['as-of'],
    today: values.today,
    target,
    format: values.format as TReportFormat,
    out: values.out,
    generatedAt: values['generated-at'],
  };
}

export async function run(args: string[]): Promise<number> {
  let parsed: TReportArgs;
  try {
    parsed = readArgs(args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const db = await openDatabase({ url: readEnv().databaseUrl });
  let isStarted = false;
  try {
    const scope = await openScope(db, {
      period: parsed.period,
      asOf: parsed.asOf,
      today: parsed.today ?? todayIso(),
    });
    const { title } = await writeReviewReport(
      db,
      {
        scope,
        target: parsed.target,
        viewer: null,
        format: parsed.format,
        generatedAt: parsed.generatedAt ?? new Date().toISOString(),
      },
      () => {
        isStarted = true;
        return createWriteStream(parsed.out);
      },
      (done, total) => {
        if (total > 1 && (done === total || done % 10 === 0)) console.error(`${done}/${total}`);
      },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.error(`已生成 / written: ${parsed.out}（${title}），用时 ${seconds} 秒 / took ${seconds} s`);
    return 0;
  } catch (error) {
    // Nothing half-written is left behind.
    if (isStarted) rmSync(parsed.out, { force: true });
    if (error instanceof AppError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}
