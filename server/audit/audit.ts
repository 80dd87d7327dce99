/**
 * The audit trail: who changed which row, when, through which procedure, and what changed.
 * Only changed fields are stored (before and after of each), so a 40-column row edited in
 * one field costs one field. Callers pass the transaction of the write itself.
 */
import { z } from 'zod';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import type { TAuditAction } from '../db/tables/auth.table';

export type { TAuditAction };
export const AUDIT_ACTIONS = [
  'insert',
  'update',
  'delete',
  'import',
] as const satisfies readonly TAuditAction[];

type TFields = Record<string, unknown>;

export interface TAuditInput extends TAuditActor {
  /** Table name (`members`) or, for an import, the import target (`activities`). */
  table: string;
  /** The row's id or natural key; objects are stored as JSON (`{"branch":"XZ01","code":"M001"}`). */
  rowKey: string | number | TFields;
  action: TAuditAction;
  /** The row before the write (null/undefined for insert). */
  before?: TFields | null;
  /** The row after the write (null/undefined for delete). For an import, a summary such as `{rows: 120}`. */
  after?: TFields | null;
  now?: Date;
}

/** Fields whose values must never be copied into the trail. */
const SECRET_FIELD = /(^|_)(password|token|secret)(_hash)?$/i;
const REDACTED = '[redacted]';

function isSameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function redact(fields: TFields): TFields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET_FIELD.test(k) ? REDACTED : v]));
}

/**
 * The changed fields only: keys whose values differ (a key missing on one side counts as undefined,
 * stored as null). Returns null when nothing changed. Secret fields are redacted, but their change is kept.
 */
export function diffFields(
  before: TFields | null | undefined,
  after: TFields | null | undefined,
): { before: TFields | null; after: TFields | null } | null {
  if (!before && !after) return null;
  if (!before) return { before: null, after: redact(after as TFields) };
  if (!after) return { before: redact(before), after: null };
  const changedBefore: TFields = {};
  const changedAfter: TFields = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (isSameValue(before[key], after[key])) continue;
    changedBefore[key] = before[key] ?? null;
    changedAfter[key] = after[key] ?? null;
  }
  if (Object.keys(changedAfter).length === 0) return null;
  return { before: redact(changedBefore), after: redact(changedAfter) };
}

function rowKeyText(rowKey: TAuditInput['rowKey']): string {
  return typeof rowKey === 'object' ? JSON.stringify(rowKey) : String(rowKey);
}

function toRow(input: TAuditInput) {
  const diff = diffFields(input.before, input.after);
  // An update that changed nothing is not an event; inserts, deletes and imports always are.
  if (!diff && input.action === 'update') return undefined;
  return {
    at: (input.now ?? new Date()).toISOString(),
    user_id: input.user?.id ?? null,
    username: input.user?.username ?? 'system',
    procedure: input.procedure,
    table_name: input.table,
    row_key: rowKeyText(input.rowKey),
    action: input.action,
    before: diff?.before ? JSON.stringify(diff.before) : null,
    after: diff?.after ? JSON.stringify(diff.after) : null,
  };
}

/** Records one write; returns false when it was an update that changed nothing (no row written). */
export async function recordAudit(trx: DBOrTrx, input: TAuditInput): Promise<boolean> {
  const row = toRow(input);
  if (!row) return false;
  await trx.insertInto('audit_log').values(row).execute();
  return true;
}

/** Records many writes of one request (an import, a bulk edit) in batched inserts; returns rows written. */
export async function recordAuditMany(trx: DBOrTrx, inputs: readonly TAuditInput[]): Promise<number> {
  const rows = inputs.map(toRow).filter((r) => r !== undefined);
  // SQLite allows 32766 bound parameters; 9 per row.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return rows.length;
}

export const ZAuditFilterSchema = z.object({
  /** ISO date or timestamp, inclusive. */
  from: z.string().max(30).optional(),
  /** ISO date or timestamp, exclusive; a date `2026-11-26` means before that day. */
  to: z.string().max(30).optional(),
  userId: z.number().int().optional(),
  username: z.string().max(64).optional(),
  table: z.string().max(64).optional(),
  rowKey: z.string().max(500).optional(),
  procedure: z.string().max(100).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export type TAuditFilter = z.input<typeof ZAuditFilterSchema>;

export interface TAuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  procedure: string;
  table: string;
  rowKey: string;
  action: TAuditAction;
  before: TFields | null;
  after: TFields | null;
  /**
   * What the row is called where its key is an internal id (an account: its user name), so the log never
   * shows the id; null when the key names the row itself (natural keys) or the row is gone.
   */
  recordName: string | null;
}

/** The user names of the accounts the `users` rows of a page are about (their row keys are ids). */
async function accountNames(db: DBOrTrx, rows: readonly { table_name: string; row_key: string }[]) {
  const ids = rows
    .filter((r) => r.table_name === 'users' && /^\d+$/.test(r.row_key))
    .map((r) => Number(r.row_key));
  if (ids.length === 0) return new Map<string, string>();
  const users = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute();
  return new Map(users.map((u) => [String(u.id), u.username]));
}

/** The trail, newest first, with the total count for paging. For admins only (ACCESS.admin). */
export async function listAudit(
  db: DBOrTrx,
  filter: TAuditFilter = {},
): Promise<{ rows: TAuditEntry[]; total: number }> {
  const f = ZAuditFilterSchema.parse(filter);
  let query = db.selectFrom('audit_log');
  if (f.from) query = query.where('at', '>=', f.from);
  if (f.to) query = query.where('at', '<', f.to);
  if (f.userId !== undefined) query = query.where('user_id', '=', f.userId);
  if (f.username) query = query.where('username', '=', f.username.toLowerCase());
  if (f.table) query = query.where('table_name', '=', f.table);
  if (f.rowKey) query = query.where('row_key', '=', f.rowKey);
  if (f.procedure) query = query.where('procedure', '=', f.procedure);
  if (f.action) query = query.where('action', '=', f.action);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const names = await accountNames(db, rows);
  return {
    total: Number(count.total),
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      username: r.username,
      procedure: r.procedure,
      table: r.table_name,
      rowKey: r.row_key,
      action: r.action,
      before: r.before ? (JSON.parse(r.before) as TFields) : null,
      after: r.after ? (JSON.parse(r.after) as TFields) : null,
      recordName: r.table_name === 'users' ? (names.get(r.row_key) ?? null) : null,
    })),
  };
}
