/**
 * `npm run cli -- import <path> [--sheet <name>] [--lang zh|en] [--json]` — imports an .xlsx workbook,
 * a .csv sheet or a folder of .csv sheets, all or nothing. Counts (or --json) go to stdout; problems,
 * time taken and peak memory go to stderr. Exit code: 0 imported, 1 nothing imported, 2 usage.
 */
import { parseArgs } from 'node:util';
import { SHEET_KEYS, SHEETS } from '../../../shared/import-format';
import type { TLang } from '../../../shared/lang';
import { openDatabase } from '../../db/connection';
import { readEnv } from '../../env';
import { formatProblem, type ImportReport, importPath } from '../../import';

export const summary =
  '导入 XLSX/CSV 表格 / import an XLSX workbook or CSV sheets: <path> [--sheet 名称] [--lang zh|en]';

const USAGE = `用法 / usage: npm run cli -- import <文件.xlsx | 文件.csv | 文件夹> [--sheet 组织|党员|组织生活|成果|目标] [--lang zh|en] [--json]`;

function printReport(report: ImportReport, lang: TLang): void {
  const zh = lang === 'zh';
  for (const e of report.errors) console.error(`${zh ? '错误' : 'error'}: ${formatProblem(e, lang)}`);
  for (const w of report.warnings) console.error(`${zh ? '警告' : 'warning'}: ${formatProblem(w, lang)}`);
  if (!report.ok) {
    console.error(
      zh
        ? `导入失败：${report.errors.length} 个错误，数据库未作任何修改。`
        : `Import failed: ${report.errors.length} error(s); the database was not changed.`,
    );
    return;
  }
  for (const key of SHEET_KEYS) {
    const c = report.counts[key];
    const name = zh ? SHEETS[key].zh : SHEETS[key].en;
    console.log(
      zh
        ? `${name}: 新增 ${c.inserted}，更新 ${c.updated}，未变 ${c.unchanged}`
        : `${name}: inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}`,
    );
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { path, sheet, lang, isJson } = parsed;
  const started = performance.now();
  const db = await openDatabase({ url: readEnv().databaseUrl });
  try {
    // The CLI runs outside any session: the trail records the system (user null) as `cli.import`.
    const report = await importPath(db, path, {
      sheet,
      lang,
      actor: { user: null, procedure: 'cli.import' },
    });
    if (isJson) console.log(JSON.stringify(report, null, 2));
    else printReport(report, lang);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.error(
      lang === 'zh'
        ? `用时 ${seconds} 秒，峰值内存 ${peakMb} MB`
        : `took ${seconds} s, peak RSS ${peakMb} MB`,
    );
    return report.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

function parseOptions(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      sheet: { type: 'string' },
      lang: { type: 'string', default: 'zh' },
      json: { type: 'boolean', default: false },
    },
  });
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) throw new Error('需要且只需要一个路径 / exactly one path is needed');
  if (values.lang !== 'zh' && values.lang !== 'en')
    throw new Error('--lang 只能是 zh 或 en / --lang must be zh or en');
  return { path, sheet: values.sheet, lang: values.lang as TLang, isJson: values.json === true };
}
