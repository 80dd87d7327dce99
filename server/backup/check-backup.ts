/**
 * `checkBackup`: is an opened file a sound backup of this application's database? Sound means: it
 * passes PRAGMA integrity_check; its migrations are a beginning of the ones this code has (none
 * unknown, none skipped); and its tables, columns, indexes and triggers are exactly those those
 * migrations create (compared with an in-memory database migrated to the same point).
 */
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from '../db/migrations';
import { BackupError } from './backup-error';
import { appliedMigrations, readContents, type TDatabaseContents } from './database-file';

/** What a refusal shows of a long list (integrity problems, schema differences). */
const SHOWN = 5;

function shortList(items: readonly string[], joiner: string): string {
  const more = items.length > SHOWN ? `${joiner}… (+${items.length - SHOWN})` : '';
  return items.slice(0, SHOWN).join(joiner) + more;
}

/**
 * The schema as comparable lines: every column of every table (name, type, not null, default, key)
 * and the SQL of every index, trigger and view. SQLite's own objects (sqlite_sequence, sqlite_stat1)
 * are left out: they come and go with use.
 */
function schemaLines(sqlite: SQLite.Database): Set<string> {
  const lines = new Set<string>();
  const objects = sqlite
    .prepare(
      `select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by name`,
    )
    .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  for (const o of objects) {
    if (o.type === 'table') {
      lines.add(`table ${o.name}`);
      const columns = sqlite.prepare('select * from pragma_table_info(?)').all(o.name) as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[];
      for (const c of columns) {
        lines.add(
          `column ${o.name}.${c.name} ${c.type}${c.notnull ? ' not null' : ''}` +
            `${c.dflt_value === null ? '' : ` default ${c.dflt_value}`}${c.pk ? ` key ${c.pk}` : ''}`,
        );
      }
    } else {
      lines.add(`${o.type} ${o.name} on ${o.tbl_name}: ${(o.sql ?? '').replace(/\s+/g, ' ')}`);
    }
  }
  return lines;
}

/** The schema an empty database has after exactly the migrations up to `lastMigration`. */
async function referenceSchema(lastMigration: string): Promise<Set<string>> {
  const sqlite = new SQLite(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo(lastMigration);
    if (error) throw error;
    return schemaLines(sqlite);
  } finally {
    await db.destroy();
  }
}

function notThisSchema(file: string, zh: string, en: string): BackupError {
  return new BackupError(
    'not_this_schema',
    `不是本系统数据库的备份（${zh}）：${file}`,
    `${file} is not a backup of this application's database (${en}).`,
  );
}

/** SQLite's answer when the file is not a database, or a damaged or truncated one. */
export function toBackupError(error: unknown, file: string): BackupError | undefined {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') {
    return new BackupError(
      'not_sqlite',
      `不是 SQLite 数据库文件：${file}`,
      `${file} is not an SQLite database file.`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') {
    const detail = (error as Error).message;
    return new BackupError(
      'corrupt',
      `备份文件已损坏或不完整（${detail}）：${file}`,
      `${file} is damaged or incomplete (${detail}).`,
    );
  }
  return undefined;
}

/**
 * Checks the opened copy of a backup (`file` names the original in messages); returns what it holds.
 * Throws BackupError for any reason it is not a sound backup of this schema.
 */
export async function checkBackup(sqlite: SQLite.Database, file: string): Promise<TDatabaseContents> {
  let problems: string[];
  try {
    problems = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
  } catch (error) {
    throw toBackupError(error, file) ?? error;
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    const detail = shortList(problems, '; ');
    throw new BackupError(
      'corrupt',
      `备份文件已损坏，完整性检查未通过（${detail}）：${file}`,
      `${file} is damaged: the integrity check failed (${detail}).`,
    );
  }

  const applied = appliedMigrations(sqlite);
  if (!applied || applied.length === 0) {
    throw notThisSchema(file, '没有迁移记录 kysely_migration', 'it has no kysely_migration records');
  }
  const known = Object.keys(migrations).sort();
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const names = shortList(unknown, ', ');
    throw new BackupError(
      'newer_schema',
      `备份来自更新版本的程序，含本程序不认识的迁移（${names}）。请先升级程序再恢复：${file}`,
      `${file} comes from a newer version of the application: it has migrations this version does not know (${names}). Upgrade first, then restore.`,
    );
  }
  const skipped = known.slice(0, applied.length).filter((name) => !applied.includes(name));
  if (skipped.length > 0) {
    const names = shortList(skipped, ', ');
    throw notThisSchema(file, `缺少迁移 ${names}`, `migrations ${names} are missing`);
  }

  const expected = await referenceSchema(applied.at(-1) as string);
  const actual = schemaLines(sqlite);
  const missing = [...expected].filter((line) => !actual.has(line));
  const extra = [...actual].filter((line) => !expected.has(line));
  if (missing.length > 0 || extra.length > 0) {
    const zh = [
      missing.length > 0 ? `缺少 ${shortList(missing, '、')}` : '',
      extra.length > 0 ? `多出 ${shortList(extra, '、')}` : '',
    ];
    const en = [
      missing.length > 0 ? `missing ${shortList(missing, ', ')}` : '',
      extra.length > 0 ? `unexpected ${shortList(extra, ', ')}` : '',
    ];
    throw notThisSchema(file, zh.filter(Boolean).join('；'), en.filter(Boolean).join('; '));
  }
  return readContents(sqlite);
}
