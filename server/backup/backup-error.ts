import type { TLang } from '../../shared/lang';
export type TBackupErrorCode =
  /** DATABASE_URL is `:memory:`: there is no file. */
  | 'memory_database'
  /** DATABASE_URL is a PostgreSQL server: its own tools (pg_dump, pg_restore) back it up. */
  | 'postgres_database'
  /** DATABASE_URL names a file that does not exist. */
  | 'database_missing'
  /** The backup file exists and --force was not given. */
  | 'target_exists'
  /** The backup would overwrite the database itself. */
  | 'same_file'
  /** The file to restore does not exist. */
  | 'backup_missing'
  | 'not_sqlite'
  /** Opens as SQLite but fails PRAGMA integrity_check (or cannot be read: truncated, damaged). */
  | 'corrupt'
  /** A -wal lies beside the file to restore: a live database or a copy that may miss commits. */
  | 'live_database'
  /** SQLite, but not the schema of this application at any migration it knows. */
  | 'not_this_schema'
  /** Migrations this code does not know: made by a newer version. */
  | 'newer_schema'
  /** Another connection has the database open (the server is running). */
  | 'in_use'
  /** The backup's rows name evidence files, but its `<file>.attachments` folder is not beside it. */
  | 'attachments_missing'
  /** An evidence file of the backup differs from its row (size or SHA-256). */
  | 'attachments_damaged';

/** An expected refusal of backup or restore, with its message in both languages. */
export class BackupError extends Error {
  readonly code: TBackupErrorCode;
  readonly messageEn: string;
  constructor(code: TBackupErrorCode, zh: string, en: string) {
    super(zh);
    this.name = 'BackupError';
    this.code = code;
    this.messageEn = en;
  }

  messageIn(lang: TLang): string {
    return lang === 'zh' ? this.message : this.messageEn;
  }
}
