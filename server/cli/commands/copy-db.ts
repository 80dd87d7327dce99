/**
 * `npm run cli -- copy-db --from <SQLite file> --to postgres://… [--today YYYY-MM-DD] [--lang zh|en]
 * [--json]` — moves a college's database to PostgreSQL (db/copy-db.ts): both sides are migrated to
 * latest, every table is copied in one transaction, then the row counts and this year's metrics are
 * compared. The evidence files stay where ATTACHMENTS_DIR points. The result (or --json) goes to stdout,
 * progress and time taken to stderr. Exit code: 0 copied and verified, 1 refused or not verified, 2 usage.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { TLang } from '../../../shared/lang';
import { todayIso } from '../../../shared/schemas/date';
import { openDatabase } from '../../db/connection';
import { CopyError, copyDatabase, type TCopyVerification, verifyCopy } from '../../db/copy-db';
import { isPostgresUrl } from '../../db/postgres/connect';
import { label, parseLang } from '../backup-output';

export const summary =
  '把数据库复制到 PostgreSQL 并核对 / copy the database to PostgreSQL and verify: --from <文件> --to postgres://…';

const USAGE = `用法 / usage: npm run cli -- copy-db --from <SQLite 文件 file> --to <postgres://…> [--today YYYY-MM-DD] [--lang zh|en] [--json]
  --today  核对哪一年的指标（默认今天）/ the day whose year's metrics are compared (default today)`;

/** The source must exist: opening a missing file would create an empty database and copy nothing. */
function checkSource(from: string): void {
  if (isPostgresUrl(from) || from === ':memory:' || existsSync(from.replace(/^file:/, ''))) return;
  throw new Error(`没有这个文件 / no such file: ${from}`);
}

function resultLines(result: TCopyVerification, lang: TLang): string[] {
  const zh = lang === 'zh';
  const counted = result.tables.filter((t) => t.source > 0);
  const rows = counted.reduce((sum, t) => sum + t.target, 0);
  const lines = [
    zh
      ? `已复制 ${result.tables.length} 张表，共 ${rows.toLocaleString('en-US')} 行`
      : `Copied ${result.tables.length} tables, ${rows.toLocaleString('en-US')} rows`,
  ];
  for (const t of result.tables.filter((c) => c.source !== c.target)) {
    lines.push(`  ${label('行数不符', 'row count differs', lang)}${t.table} ${t.source} → ${t.target}`);
  }
  lines.push(
    `  ${label('指标核对', 'metrics checked', lang)}${result.period}（${zh ? '截至' : 'as of'} ${result.asOf}），${
      zh ? `${result.branches} 个支部` : `${result.branches} branches`
    }`,
  );
  for (const d of result.metricDifferences.slice(0, 20))
    lines.push(`  ${label('不一致', 'differs', lang)}${d}`);
  lines.push(
    result.isVerified
      ? zh
        ? '核对无误：行数与指标两边一致。'
        : 'Verified: row counts and metrics agree on both sides.'
      : zh
        ? '核对未通过：见上。'
        : 'Not verified: see above.',
  );
  return lines;
}

export async function run(args: string[]): Promise<number> {
  let from: string;
  let to: string;
  let today: string;
  let isJson: boolean;
  let lang: TLang;
  try {
    const { values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        today: { type: 'string' },
        lang: { type: 'string', default: 'zh' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.from || !values.to) throw new Error('需要 --from 和 --to / --from and --to are required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.today ?? todayIso())) {
      throw new Error('--today 应为 YYYY-MM-DD / --today must be YYYY-MM-DD');
    }
    from = values.from;
    to = values.to;
    today = values.today ?? todayIso();
    isJson = values.json === true;
    lang = parseLang(values.lang);
    checkSource(from);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const source = await openDatabase({ url: from });
  try {
    const target = await openDatabase({ url: to });
    try {
      await copyDatabase(source, target, (table) =>
        console.error(lang === 'zh' ? `复制 ${table}` : `copying ${table}`),
      );
      const result = await verifyCopy(source, target, today);
      console.log(isJson ? JSON.stringify(result, null, 2) : resultLines(result, lang).join('\n'));
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      console.error(lang === 'zh' ? `用时 ${seconds} 秒` : `took ${seconds} s`);
      return result.isVerified ? 0 : 1;
    } finally {
      await target.destroy();
    }
  } catch (error) {
    if (error instanceof CopyError) {
      console.error(error.messageIn(lang));
      return 1;
    }
    throw error;
  } finally {
    await source.destroy();
  }
}
