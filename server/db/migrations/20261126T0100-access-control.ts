import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here. Portable types (SQLite now, PostgreSQL later):
// timestamps are ISO-8601 UTC text (`2026-11-26T06:14:14.000Z`, so text order is time order),
// yes/no are 0/1 integers, JSON is text.

/** An auto-assigned integer key: SQLite's rowid alias, or an identity column elsewhere. */
function identity(db: Kysely<any>) {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  return (c: ColumnDefinitionBuilder) =>
    isSqlite ? c.primaryKey() : c.primaryKey().generatedByDefaultAsIdentity();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    // Stored lower-case: usernames are case-insensitive.
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    // Only secretaries have a branch. SET NULL (not CASCADE) so deleting a branch keeps the account
    // but leaves it with no branch, which the policy treats as "no member data readable".
    .addColumn('branch_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('password_changed_at', 'varchar(30)', (c) => c.notNull())
    .addCheckConstraint('users_role_check', sql`role in ('admin', 'leader', 'secretary')`)
    .addCheckConstraint('users_branch_check', sql`role = 'secretary' or branch_id is null`)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    // SHA-256 (hex) of the cookie token: a leaked database does not yield usable sessions.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('address', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .execute();
  // The throttle asks "recent failures for this username / this address".
  await db.schema
    .createIndex('login_attempts_username_idx')
    .on('login_attempts')
    .columns(['username', 'at'])
    .execute();
  await db.schema
    .createIndex('login_attempts_address_idx')
    .on('login_attempts')
    .columns(['address', 'at'])
    .execute();
  await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').column('at').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    // The username is copied so the trail survives the account; null user = system / CLI.
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('procedure', 'varchar(100)', (c) => c.notNull())
    .addColumn('table_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('row_key', 'varchar(500)', (c) => c.notNull())
    .addColumn('action', 'varchar(10)', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addCheckConstraint('audit_log_action_check', sql`action in ('insert', 'update', 'delete', 'import')`)
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('audit_log_row_idx')
    .on('audit_log')
    .columns(['table_name', 'row_key'])
    .execute();
  await db.schema.createIndex('audit_log_user_idx').on('audit_log').columns(['user_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'login_attempts', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
