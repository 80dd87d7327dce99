/**
 * Multi-row INSERTs in batches, for loading millions of generated rows quickly. The statement text
 * is built once per (table, batch size) instead of compiling a Kysely query per batch, which would
 * dominate the load time. Batches stay under SQLite's limit of bound variables (PostgreSQL's is higher).
 */
import { CompiledQuery } from 'kysely';
import type { DBOrTrx } from '../db/database';
import { valuesPlaceholders } from '../metrics/dialect';

/** SQLITE_MAX_VARIABLE_NUMBER of SQLite ≥ 3.32 (better-sqlite3 12 bundles a newer one). */
export const SQLITE_MAX_VARIABLES = 32_766;
/** Rows per statement: more saves little once statements are this large. */
const MAX_ROWS_PER_BATCH = 1_000;

export class BatchInserter {
  private params: unknown[] = [];
  private rows = 0;
  private readonly rowsPerBatch: number;
  private readonly prefix: string;
  private readonly columns: number;
  private readonly textCache = new Map<number, string>();
  total = 0;

  constructor(
    private readonly db: DBOrTrx,
    table: string,
    columns: readonly string[],
    /** Inserted first whenever this one flushes (parents before children, for foreign keys). */
    private readonly parent?: BatchInserter,
  ) {
    this.rowsPerBatch = Math.min(MAX_ROWS_PER_BATCH, Math.floor(SQLITE_MAX_VARIABLES / columns.length));
    this.prefix = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
    this.columns = columns.length;
  }

  async add(values: readonly unknown[]): Promise<void> {
    for (const v of values) this.params.push(v);
    this.rows++;
    this.total++;
    if (this.rows >= this.rowsPerBatch) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parent) await this.parent.flush();
    if (this.rows === 0) return;
    let text = this.textCache.get(this.rows);
    if (!text) {
      text = this.prefix + valuesPlaceholders(this.db, this.rows, this.columns);
      if (this.rows === this.rowsPerBatch) this.textCache.set(this.rows, text);
    }
    const params = this.params;
    this.params = [];
    this.rows = 0;
    await this.db.executeQuery(CompiledQuery.raw(text, params));
  }
}
