import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// One row per import that changed data (issue 11): who, when, which file, the counts per sheet, and what
// an undo needs — the id range each table's new rows got (an import holds the write lock, so every row
// inserted into a table during it is the import's, and they come as one range of ids), and the
// range of audit_log ids holding its summary and the before/after of every row it updated. An undo
// fills the undone_* columns (and records its own audit range).

function identity(db: Kysely<any>) {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  return (c: ColumnDefinitionBuilder) =>
    isSqlite ? c.primaryKey() : c.primaryKey().generatedByDefaultAsIdentity();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('procedure', 'varchar(100)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(500)', (c) => c.notNull())
    // JSON: { units: { inserted, updated, unchanged }, members: …, … }
    .addColumn('counts', 'text', (c) => c.notNull())
    // JSON: { units: [firstId, lastId] | null, members: …, activities: …, achievements: …, goals: … }
    .addColumn('inserted_ids', 'text', (c) => c.notNull())
    .addColumn('audit_from', 'integer', (c) => c.notNull())
    .addColumn('audit_to', 'integer', (c) => c.notNull())
    .addColumn('undone_at', 'varchar(30)')
    .addColumn('undone_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('undone_by', 'varchar(64)')
    .addColumn('undo_audit_from', 'integer')
    .addColumn('undo_audit_to', 'integer')
    .addCheckConstraint('import_runs_audit_check', sql`audit_to >= audit_from`)
    .execute();
  await db.schema.createIndex('import_runs_at_idx').on('import_runs').columns(['at', 'id']).execute();
  await db.schema.createIndex('import_runs_user_idx').on('import_runs').columns(['user_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_runs').execute();
}
