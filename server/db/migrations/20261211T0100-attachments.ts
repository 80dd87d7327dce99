import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// Evidence files of a record (issue 11): photos, minutes, sign-in sheets. The bytes live in a folder
// outside the database (ATTACHMENTS_DIR), under `stored_name` — a random name, never the user's; this
// row keeps the original name, the type decided by the content, the size and the SHA-256 (backup and
// restore check the files against them). The record is one of two foreign keys, exactly one set, so the
// database removes the rows with their record whatever deletes it (a record form, an import's undo).

function identity(db: Kysely<any>) {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  return (c: ColumnDefinitionBuilder) =>
    isSqlite ? c.primaryKey() : c.primaryKey().generatedByDefaultAsIdentity();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('activity_id', 'integer', (c) => c.references('activities.id').onDelete('cascade'))
    .addColumn('achievement_id', 'integer', (c) => c.references('achievements.id').onDelete('cascade'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('stored_name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('mime_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('uploaded_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('uploaded_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    .addCheckConstraint(
      'attachments_one_record_check',
      sql`(activity_id is null) <> (achievement_id is null)`,
    )
    .execute();
  await db.schema.createIndex('attachments_activity_idx').on('attachments').column('activity_id').execute();
  await db.schema
    .createIndex('attachments_achievement_idx')
    .on('attachments')
    .column('achievement_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}
