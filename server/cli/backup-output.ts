/** Output shared by the backup and restore commands. */

import type { TLang } from '../../shared/lang';
import { COUNTED_TABLES, type TBackupFiles, type TDatabaseContents } from '../backup';

export function parseLang(value: string | undefined): TLang {
  if (value !== 'zh' && value !== 'en') throw new Error('--lang 只能是 zh 或 en / --lang must be zh or en');
  return value;
}

/** A label and its colon in the chosen language. */
export function label(zh: string, en: string, lang: TLang): string {
  return lang === 'zh' ? `${zh}：` : `${en}: `;
}

export function formatBytes(bytes: number, lang: TLang): string {
  const mb = (bytes / 2 ** 20).toFixed(1);
  const exact = bytes.toLocaleString('en-US');
  return lang === 'zh' ? `${mb} MB（${exact} 字节）` : `${mb} MB (${exact} bytes)`;
}

/** The latest migration and the row counts, one line each. */
export function contentLines(contents: TDatabaseContents, lang: TLang): string[] {
  const zh = lang === 'zh';
  const counts = COUNTED_TABLES.filter(({ table }) => contents.rowCounts[table] !== undefined).map(
    (t) => `${zh ? t.zh : t.en} ${(contents.rowCounts[t.table] as number).toLocaleString('en-US')}`,
  );
  return [
    `  ${label('最新迁移', 'latest migration', lang)}${contents.latestMigration ?? '—'}`,
    `  ${label('行数', 'rows', lang)}${counts.join(zh ? '，' : ', ')}`,
  ];
}

/** The evidence files: how many, how large, where; and the names of any that were missing. */
export function attachmentLines(files: TBackupFiles, lang: TLang): string[] {
  const zh = lang === 'zh';
  const count = files.files.toLocaleString('en-US');
  const lines = [
    files.folder === null
      ? `  ${label('附件', 'attachments', lang)}${zh ? '无' : 'none'}`
      : zh
        ? `  附件：${count} 个文件，${formatBytes(files.bytes, lang)} → ${files.folder}`
        : `  attachments: ${count} files, ${formatBytes(files.bytes, lang)} → ${files.folder}`,
  ];
  if (files.missing.length > 0) {
    const names = files.missing.slice(0, 10).join(zh ? '、' : ', ');
    const more = files.missing.length > 10 ? ` …(+${files.missing.length - 10})` : '';
    lines.push(
      zh
        ? `  注意：${files.missing.length} 个附件的文件不在附件文件夹中，未能包含：${names}${more}`
        : `  warning: the files of ${files.missing.length} attachments were not in the attachments folder and are not included: ${names}${more}`,
    );
  }
  return lines;
}
