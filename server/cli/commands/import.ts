/**
 * `npm run cli -- import <path> [--sheet <name>] [--lang zh|en] [--json] [--dry-run]` — imports an .xlsx
 * workbook, a .csv sheet or a folder of .csv sheets, all or nothing; `--dry-run` only says what it would
 * do (counts, the changed fields of each updated row, every problem) and writes nothing.
 * `npm run cli -- import --undo <id>` undoes a committed import (its id is printed by the import and
 * listed under 数据管理 → 导入记录). Counts (or --json) go to stdout; problems, time taken and peak memory
 * go to stderr. Exit code: 0 done, 1 nothing imported (or undo refused), 2 usage.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/app-error';
import { SHEET_KEYS, SHEETS } from '../../../shared/import-format';
import { describeRowKey, fieldLabel, formatFieldValue } from '../../../shared/import-rows';
import type { TLang } from '../../../shared/lang';
import { removeOrphanFiles } from '../../attachments/attachments';
import { openDatabase } from '../../db/connection';
import { readEnv } from '../../env';
import {
  formatProblem,
  type ImportPreview,
  type ImportReport,
  importPath,
  previewPath,
  undoImport,
} from '../../import';

export const summary =
  '导入 XLSX/CSV 表格 / import an XLSX workbook or CSV sheets: <path> [--sheet 名称] [--lang zh|en] [--dry-run]；撤销 / undo: --undo <id>';

const USAGE = `用法 / usage: npm run cli -- import <文件.xlsx | 文件.csv | 文件夹> [--sheet 组织|党员|组织生活|成果|目标] [--lang zh|en] [--json] [--dry-run]
       npm run cli -- import --undo <导入记录编号 / import id> [--lang zh|en] [--json]`;

/** Updated rows printed per sheet by --dry-run. */
const DRY_RUN_ROWS = 20;

function printProblems(report: Pick<ImportReport, 'errors' | 'warnings' | 'ok'>, lang: TLang): boolean {
  const zh = lang === 'zh';
  for (const e of report.errors) console.error(`${zh ? '错误' : 'error'}: ${formatProblem(e, lang)}`);
  for (const w of report.warnings) console.error(`${zh ? '警告' : 'warning'}: ${formatProblem(w, lang)}`);
  if (report.ok) return true;
  console.error(
    zh
      ? `导入失败：${report.errors.length} 个错误，数据库未作任何修改。`
      : `Import failed: ${report.errors.length} error(s); the database was not changed.`,
  );
  return false;
}

function printCounts(report: Pick<ImportReport, 'counts' | 'examplesSkipped'>, lang: TLang): void {
  const zh = lang === 'zh';
  for (const key of SHEET_KEYS) {
    const c = report.counts[key];
    const name = zh ? SHEETS[key].zh : SHEETS[key].en;
    console.log(
      zh
        ? `${name}: 新增 ${c.inserted}，更新 ${c.updated}，未变 ${c.unchanged}`
        : `${name}: inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}`,
    );
  }
  const isEmpty = SHEET_KEYS.every((k) => report.counts[k].inserted + report.counts[k].updated === 0);
  if (isEmpty && report.examplesSkipped > 0) {
    console.log(
      zh
        ? '模板中的示例行已忽略，未导入任何数据。'
        : "The template's example rows were ignored; nothing was imported.",
    );
  }
}

function printReport(report: ImportReport, lang: TLang): void {
  if (!printProblems(report, lang)) return;
  printCounts(report, lang);
  if (report.importId !== null) {
    console.log(
      lang === 'zh'
        ? `导入记录 #${report.importId}（撤销：npm run cli -- import --undo ${report.importId}）`
        : `Import #${report.importId} (undo: npm run cli -- import --undo ${report.importId})`,
    );
  }
}

function printPreview(preview: ImportPreview, lang: TLang): void {
  const zh = lang === 'zh';
  if (!printProblems(preview, lang)) return;
  console.log(
    zh
      ? '试运行：以下是导入将做的修改，数据库未作任何修改。'
      : 'Dry run: what the import would do; nothing was written.',
  );
  printCounts(preview, lang);
  for (const sheet of SHEET_KEYS) {
    const updates = preview.sheets[sheet].updates.slice(0, DRY_RUN_ROWS);
    for (const u of updates) {
      const fields = Object.keys(u.after).map(
        (f) =>
          `${fieldLabel(sheet, f, lang)} ${formatFieldValue(sheet, f, u.before?.[f], lang, u.key)} → ${formatFieldValue(sheet, f, u.after[f], lang, u.key)}`,
      );
      console.log(
        `  ${zh ? SHEETS[sheet].zh : SHEETS[sheet].en} ${describeRowKey(sheet, u.key, lang)}: ${fields.join(zh ? '；' : '; ')}`,
      );
    }
    const more = preview.counts[sheet].updated - updates.length;
    if (more > 0) console.log(zh ? `  …另有 ${more} 条更新` : `  … and ${more} more updates`);
  }
}

async function runUndo(importId: number, lang: TLang, isJson: boolean): Promise<number> {
  const env = readEnv();
  const db = await openDatabase({ url: env.databaseUrl });
  try {
    const report = await undoImport(db, { importId, actor: { user: null, procedure: 'cli.import.undo' } });
    // The evidence of the records it deleted went with them (ON DELETE CASCADE): their files too.
    await removeOrphanFiles(db, env.attachmentsDir);
    if (isJson) console.log(JSON.stringify(report, null, 2));
    else
      console.log(
        lang === 'zh'
          ? `已撤销导入 #${importId}（${report.fileName}）：${SHEET_KEYS.map((k) => `${SHEETS[k].zh} 删除 ${report.deleted[k]}、恢复 ${report.restored[k]}`).join('；')}`
          : `Undid import #${importId} (${report.fileName}): ${SHEET_KEYS.map((k) => `${SHEETS[k].en} deleted ${report.deleted[k]}, restored ${report.restored[k]}`).join('; ')}`,
      );
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.messageIn(lang));
    return 1;
  } finally {
    await db.destroy();
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
  const { path, sheet, lang, isJson, isDryRun, undo } = parsed;
  if (undo !== undefined) return runUndo(undo, lang, isJson);
  const started = performance.now();
  const db = await openDatabase({ url: readEnv().databaseUrl });
  try {
    // The CLI runs outside any session: the trail records the system (user null) as `cli.import`.
    const options = { sheet, lang, actor: { user: null, procedure: 'cli.import' } };
    let isOk: boolean;
    if (isDryRun) {
      const preview = await previewPath(db, path, options);
      if (isJson) console.log(JSON.stringify(preview, null, 2));
      else printPreview(preview, lang);
      isOk = preview.ok;
    } else {
      const report = await importPath(db, path, options);
      if (isJson) console.log(JSON.stringify(report, null, 2));
      else printReport(report, lang);
      isOk = report.ok;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.error(
      lang === 'zh'
        ? `用时 ${seconds} 秒，峰值内存 ${peakMb} MB`
        : `took ${seconds} s, peak RSS ${peakMb} MB`,
    );
    return isOk ? 0 : 1;
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
      'dry-run': { type: 'boolean', default: false },
      undo: { type: 'string' },
    },
  });
  if (values.lang !== 'zh' && values.lang !== 'en')
    throw new Error('--lang 只能是 zh 或 en / --lang must be zh or en');
  const lang = values.lang as TLang;
  const isJson = values.json === true;
  if (values.undo !== undefined) {
    const undo = Number(values.undo);
    if (!Number.isSafeInteger(undo) || undo <= 0 || positionals.length > 0) {
      throw new Error('--undo 需要一个导入记录编号，且不带路径 / --undo takes an import id and no path');
    }
    return { path: '', sheet: undefined, lang, isJson, isDryRun: false, undo };
  }
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) throw new Error('需要且只需要一个路径 / exactly one path is needed');
  return { path, sheet: values.sheet, lang, isJson, isDryRun: values['dry-run'] === true, undo: undefined };
}
