/**
 * `npm run cli -- restore <file> [--lang zh|en] [--json]` — replaces the database of DATABASE_URL (and the
 * evidence files of ATTACHMENTS_DIR, from `<file>.attachments/`) with a backup made by `backup`, after
 * checking it (SQLite, integrity, this schema at a known migration; each file's size and SHA-256), and
 * keeps a backup of what it replaces beside the database. The server must be stopped: a database that
 * another connection has open is refused. Exit code: 0 restored, 1 refused (nothing changed), 2 usage.
 */
import { parseArgs } from 'node:util';
import type { TLang } from '../../../shared/lang';
import { BackupError, databaseFilePath, restoreDatabase } from '../../backup';
import { readEnv } from '../../env';
import { attachmentLines, contentLines, parseLang } from '../backup-output';

export const summary =
  '从备份恢复数据库（须先停止服务）/ restore the database from a backup (server stopped): <文件>';

const USAGE = `用法 / usage: npm run cli -- restore <备份文件 file> [--lang zh|en] [--json]
  先停止服务；恢复前的数据库会备份到它旁边的 .before-restore-<时间>.bak。
  Stop the server first; the database it replaces is saved beside it as .before-restore-<time>.bak.`;

export async function run(args: string[]): Promise<number> {
  let file: string;
  let isJson: boolean;
  let lang: TLang;
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        lang: { type: 'string', default: 'zh' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new Error('需要且只需要一个文件 / exactly one file is needed');
    file = positionals[0] as string;
    isJson = values.json === true;
    lang = parseLang(values.lang);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const zh = lang === 'zh';
  const started = performance.now();
  try {
    const env = readEnv();
    const result = await restoreDatabase({
      databasePath: databaseFilePath(env.databaseUrl),
      file,
      attachmentsDir: env.attachmentsDir,
    });
    if (isJson) console.log(JSON.stringify(result, null, 2));
    else {
      const previous =
        result.previousBackup === null
          ? zh
            ? '  原来没有数据库，无需备份'
            : '  there was no database before, nothing to save'
          : zh
            ? `  恢复前的数据库已备份到：${result.previousBackup}${result.isPreviousCopiedRaw ? '（无法读取，按原样复制）' : ''}`
            : `  the database it replaced was saved to: ${result.previousBackup}${result.isPreviousCopiedRaw ? ' (unreadable, copied as it was)' : ''}`;
      const migrated =
        result.backupMigration !== result.latestMigration
          ? [
              zh
                ? `  备份的迁移：${result.backupMigration}，已升级到最新`
                : `  backup's migration: ${result.backupMigration}, brought up to date`,
            ]
          : [];
      console.log(
        [
          zh
            ? `已从备份恢复数据库 ${result.file} → ${result.databasePath}`
            : `Restored ${result.file} → ${result.databasePath}`,
          previous,
          ...migrated,
          ...contentLines(result, lang),
          ...attachmentLines(result.attachments, lang),
          ...(result.previousAttachments
            ? [
                zh
                  ? `  原来的附件已移到：${result.previousAttachments}`
                  : `  the attachments it replaced were moved to: ${result.previousAttachments}`,
              ]
            : []),
          zh ? '  现在可以启动服务。' : '  The server can be started now.',
        ].join('\n'),
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.error(zh ? `用时 ${seconds} 秒` : `took ${seconds} s`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(error.messageIn(lang));
      if (error.code !== 'in_use')
        console.error(
          zh ? '未恢复，数据库未作任何修改。' : 'Nothing was restored; the database was not changed.',
        );
      return 1;
    }
    throw error;
  }
}
