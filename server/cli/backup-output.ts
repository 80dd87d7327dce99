/** Output shared by the backup and restore commands. */

import type { TLang } from '../../shared/lang';
import { COUNTED_TABLES, type TDatabaseContents } from '../backup';

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
