/**
 * `npm run cli -- backup <file> [--force] [--lang zh|en] [--json]` — a consistent copy of the database
 * of DATABASE_URL through SQLite's online backup API, safe while the server runs, and of the evidence
 * files of ATTACHMENTS_DIR its rows name, into `<file>.attachments/`. The result (or --json)
 * goes to stdout; refusals and time taken to stderr. Exit code: 0 written, 1 refused, 2 usage.
 */
import { parseArgs } from 'node:util';
import type { TLang } from '../../../shared/lang';
import { BackupError, backupDatabase, databaseFilePath } from '../../backup';
import { readEnv } from '../../env';
import { attachmentLines, contentLines, formatBytes, label, parseLang } from '../backup-output';

export const summary = '在线备份数据库 / back up the database (safe while the server runs): <文件> [--force]';

const USAGE = `用法 / usage: npm run cli -- backup <备份文件 file> [--force] [--lang zh|en] [--json]
  --force  覆盖已有文件 / overwrite an existing file`;

export async function run(args: string[]): Promise<number> {
  let file: string;
  let isForce: boolean;
  let isJson: boolean;
  let lang: TLang;
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        force: { type: 'boolean', default: false },
        lang: { type: 'string', default: 'zh' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new Error('需要且只需要一个文件 / exactly one file is needed');
    file = positionals[0] as string;
    isForce = values.force === true;
    isJson = values.json === true;
    lang = parseLang(values.lang);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  try {
    const env = readEnv();
    const result = await backupDatabase({
      databasePath: databaseFilePath(env.databaseUrl),
      file,
      isOverwriteAllowed: isForce,
      attachmentsDir: env.attachmentsDir,
    });
    if (isJson) console.log(JSON.stringify(result, null, 2));
    else {
      const zh = lang === 'zh';
      console.log(
        [
          zh
            ? `已备份数据库 ${result.databasePath} → ${result.file}`
            : `Backed up ${result.databasePath} → ${result.file}`,
          `  ${label('大小', 'size', lang)}${formatBytes(result.bytes, lang)}`,
          ...contentLines(result, lang),
          ...attachmentLines(result.attachments, lang),
        ].join('\n'),
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.error(lang === 'zh' ? `用时 ${seconds} 秒` : `took ${seconds} s`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(error.messageIn(lang));
      return 1;
    }
    throw error;
  }
}
