export type { TBackupFiles } from './attachment-files';
export { backupDatabase, type TBackupResult } from './backup';
export { BackupError, type TBackupErrorCode } from './backup-error';
export { COUNTED_TABLES, databaseFilePath, type TDatabaseContents } from './database-file';
export { restoreDatabase, type TRestoreResult } from './restore';
