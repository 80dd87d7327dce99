/**
 * Undo of a committed import (issue 11): every row it inserted is deleted and every row it updated gets
 * back the fields it had before (the before/after the import's audit rows hold), in one transaction with
 * the roll-ups, audited as `import.undo`. Refused — nothing written — when a later change touched the same
 * rows: a later audit row on one of them (another import, a form), a field that no longer holds what the
 * import wrote, a new row deleted since, or later rows that depend on a new one (a session in a new
 * branch, an account of it, a sharer code it added, evidence attached to a new record). The refusal names the row, who changed it and when.
 */
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../shared/app-error';
import type { TAchievementKind, TActivityType, TFormat, TModule } from '../../shared/domain';
import { SHEET_KEYS, SHEETS, type TSheetKey } from '../../shared/import-format';
import { describeRowKey } from '../../shared/import-rows';
import type { TLang } from '../../shared/lang';
import type { TMetricKey } from '../../shared/metric-keys';
import { collegeTimeZone } from '../../shared/schemas/date';
import { recordAudit, recordAuditMany } from '../audit/audit';
import type { TAuditActor } from '../auth/types';
import type { Database, DBOrTrx } from '../db/database';
import type { TGoalScopeType } from '../db/tables/goal.table';
import type { ImportRunRow } from '../db/tables/import-run.table';
import { lockDataVersion, sqlJsonField } from '../metrics/dialect';
import { refreshRollups } from '../metrics/rollups';
import { IMPORT_AUDIT_TABLE } from './audit-import';
import {
  countsOf,
  insertedIdsOf,
  readImportRun,
  readLastAuditId,
  type TIdRange,
  type TInsertedIds,
} from './import-runs';
import type { TImportStage } from './types';

/** The procedure the audit trail records for an undo from the page. */
export const UNDO_PROCEDURE = 'import.undo';

export interface TUndoInput {
  importId: number;
  actor: TAuditActor;
  /** A secretary may undo only her own imports: her user id. Absent for admins and the CLI. */
  ownerId?: number;
  /** Told the stage, and the import's file name once it is known (the progress display). */
  onStage?: (stage: TImportStage, fileName?: string) => void;
  now?: Date;
}

export interface TUndoReport {
  importId: number;
  fileName: string;
  /** Rows the import had inserted, now deleted. */
  deleted: Record<TSheetKey, number>;
  /** Rows the import had updated, now back to their fields before it. */
  restored: Record<TSheetKey, number>;
}

type TKey = Record<string, string | number>;
type TFields = Record<string, unknown>;
type TTrx = DBOrTrx;

/** The fields an import writes (write/*.ts), per table; the lists of an activity are child tables. */
const SCALAR_FIELDS: Record<TSheetKey, readonly string[]> = {
  units: ['name', 'kind', 'category', 'established_on', 'dissolved_on', 'has_groups'],
  members: ['name', 'role', 'joined_on', 'left_on'],
  activities: [
    'expected',
    'attended',
    'integrated_with_work',
    'oath_renewed',
    'dues_collected',
    'by_secretary',
    'notes',
  ],
  achievements: ['level', 'hours', 'participants', 'notes'],
  goals: ['target'],
};

const LIST_TABLES = {
  formats: { table: 'activity_formats', column: 'format' },
  modules: { table: 'activity_modules', column: 'module' },
  sharers: { table: 'activity_sharers', column: 'member_code' },
} as const;
type TListField = keyof typeof LIST_TABLES;
const LIST_FIELDS = Object.keys(LIST_TABLES) as TListField[];

// ---------------------------------------------------------------------------------------------------
// Messages

interface TConflict {
  zh: string;
  en: string;
}

const SHEET_WORD = (sheet: TSheetKey, lang: TLang) => (lang === 'zh' ? SHEETS[sheet].zh : SHEETS[sheet].en);

const TIME_PARTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/** An audit time as people read it: `2026-12-08 10:15` in the college's time zone. */
function showTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const format = new Intl.DateTimeFormat('en-CA', { ...TIME_PARTS, timeZone: collegeTimeZone() });
  const p = Object.fromEntries(format.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function rowText(sheet: TSheetKey, key: TKey | null, raw: string, lang: TLang): string {
  return `${SHEET_WORD(sheet, lang)}${lang === 'zh' ? '「' : ' "'}${key ? describeRowKey(sheet, key, lang) : raw}${lang === 'zh' ? '」' : '"'}`;
}

interface TLaterChange {
  at: string;
  username: string;
  procedure: string;
  action: string;
}

function changedBy(change: TLaterChange, lang: TLang): string {
  const time = showTime(change.at);
  if (lang === 'zh') {
    const verb = change.action === 'delete' ? '删除' : change.action === 'insert' ? '新增' : '修改';
    return `已被 ${change.username} 于 ${time} ${verb}（${change.procedure}）`;
  }
  const verb = change.action === 'delete' ? 'deleted' : change.action === 'insert' ? 'added' : 'changed';
  return `was ${verb} by ${change.username} at ${time} (${change.procedure})`;
}

function refusal(fileName: string, conflicts: TConflict[], more: number): AppError {
  const first = conflicts[0] as TConflict;
  const others = conflicts.length - 1 + more;
  return new AppError('CONFLICT', {
    zh: `无法撤销导入「${fileName}」：${first.zh}${others > 0 ? `（另有 ${others} 处冲突）` : ''}。撤销未执行，数据未作任何修改；请先撤销或改回之后的修改，再撤销本次导入。`,
    en: `Cannot undo the import of "${fileName}": ${first.en}${others > 0 ? ` (and ${others} more conflict(s))` : ''}. Nothing was undone or changed; undo or revert the later changes first.`,
  });
}

const UNDO_ERRORS = {
  notFound: { zh: '没有这条导入记录。', en: 'No such import.' },
  notOwn: {
    zh: '支部书记只能撤销自己的导入。',
    en: 'A branch secretary may undo only her own imports.',
  },
} as const;

function alreadyUndone(run: ImportRunRow): AppError {
  const by = run.undone_by ?? 'system';
  const at = showTime(run.undone_at ?? '');
  return new AppError('CONFLICT', {
    zh: `导入「${run.file_name}」已于 ${at} 由 ${by} 撤销。`,
    en: `The import of "${run.file_name}" was already undone by ${by} at ${at}.`,
  });
}

// ---------------------------------------------------------------------------------------------------
// Rows by natural key (the keys the import's audit rows carry, write/*.ts)

function parseKey(text: string): TKey | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TKey) : null;
  } catch {
    return null;
  }
}

/**
 * A row's natural key without the `id` some writers add (the record forms key their audit rows by id and
 * natural key), and that id.
 */
function splitKey(key: TKey | null): { natural: TKey | null; id: number | undefined } {
  if (!key) return { natural: null, id: undefined };
  const { id, ...natural } = key;
  return { natural, id: typeof id === 'number' ? id : undefined };
}

/** The same key whatever order its fields were written in. */
function canonicalKey(table: string, key: TKey | null, raw: string): string {
  const text = key
    ? JSON.stringify(
        Object.keys(key)
          .sort()
          .map((k) => [k, key[k]]),
      )
    : raw;
  return `${table}\u0001${text}`;
}

const str = (v: unknown) => String(v ?? '');

/** The id of the row a natural key names now, or undefined when there is none. */
async function findRowId(trx: TTrx, table: TSheetKey, key: TKey): Promise<number | undefined> {
  switch (table) {
    case 'units':
      return (await trx.selectFrom('units').select('id').where('code', '=', str(key.code)).executeTakeFirst())
        ?.id;
    case 'members':
      return (
        await trx
          .selectFrom('members as m')
          .innerJoin('units as b', 'b.id', 'm.branch_id')
          .select('m.id')
          .where('b.code', '=', str(key.branch))
          .where('m.code', '=', str(key.code))
          .executeTakeFirst()
      )?.id;
    case 'activities':
      return (
        await trx
          .selectFrom('activities as a')
          .innerJoin('units as b', 'b.id', 'a.branch_id')
          .select('a.id')
          .where('b.code', '=', str(key.branch))
          .where('a.held_on', '=', str(key.held_on))
          .where('a.type', '=', str(key.type) as TActivityType)
          .where('a.title', '=', str(key.title))
          .executeTakeFirst()
      )?.id;
    case 'achievements':
      return (
        await trx
          .selectFrom('achievements as a')
          .innerJoin('units as b', 'b.id', 'a.branch_id')
          .select('a.id')
          .where('b.code', '=', str(key.branch))
          .where('a.achieved_on', '=', str(key.achieved_on))
          .where('a.kind', '=', str(key.kind) as TAchievementKind)
          .where('a.title', '=', str(key.title))
          .executeTakeFirst()
      )?.id;
    case 'goals':
      return (
        await trx
          .selectFrom('goals')
          .select('id')
          .where('year', '=', Number(key.year))
          .where('scope_type', '=', str(key.scope_type) as TGoalScopeType)
          .where('scope_ref', '=', str(key.scope_ref))
          .where('metric', '=', str(key.metric) as TMetricKey)
          .executeTakeFirst()
      )?.id;
  }
}

async function readList(trx: TTrx, field: TListField, activityId: number): Promise<string[]> {
  const { table, column } = LIST_TABLES[field];
  const { rows } = await sql<{ v: string }>`select ${sql.ref(column)} as v from ${sql.table(table)}
    where activity_id = ${activityId}`.execute(trx);
  return rows.map((r) => r.v).sort();
}

/** The stored fields of a row that `fields` names, as the import's audit rows write them. */
async function readFields(trx: TTrx, table: TSheetKey, id: number, fields: string[]): Promise<TFields> {
  const scalars = fields.filter((f) => SCALAR_FIELDS[table].includes(f));
  const out: TFields = {};
  if (scalars.length > 0) {
    const { rows } =
      await sql<TFields>`select ${sql.join(scalars.map((f) => sql.ref(f)))} from ${sql.table(table)}
      where id = ${id}`.execute(trx);
    Object.assign(out, rows[0]);
  }
  if (table === 'units' && fields.includes('parent_code')) {
    const { rows } = await sql<{ code: string | null }>`select p.code as code from units u
      left join units p on p.id = u.parent_id where u.id = ${id}`.execute(trx);
    out.parent_code = rows[0]?.code ?? null;
  }
  if (table === 'activities') {
    for (const field of LIST_FIELDS) if (fields.includes(field)) out[field] = await readList(trx, field, id);
  }
  return out;
}

function isSameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (Array.isArray(v) ? [...v].map(String).sort() : (v ?? null));
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

// ---------------------------------------------------------------------------------------------------
// What the import did, and what happened since

interface TUpdatedRow {
  table: TSheetKey;
  rawKey: string;
  key: TKey;
  canonical: string;
  /** The row's id now (found by its natural key), undefined when it is gone or its key was changed. */
  id: number | undefined;
  /** The fields before the import (to restore) and after it (what must still be there). */
  before: TFields;
  after: TFields;
}

function isSheet(table: string): table is TSheetKey {
  return (SHEET_KEYS as readonly string[]).includes(table);
}

async function readUpdatedRows(trx: TTrx, run: ImportRunRow): Promise<TUpdatedRow[]> {
  const rows = await trx
    .selectFrom('audit_log')
    .select(['table_name', 'row_key', 'before', 'after'])
    .where('id', '>', run.audit_from)
    .where('id', '<=', run.audit_to)
    .where('action', '=', 'update')
    .orderBy('id')
    .execute();
  const out: TUpdatedRow[] = [];
  for (const r of rows) {
    const key = parseKey(r.row_key);
    if (!isSheet(r.table_name) || !key) continue;
    out.push({
      table: r.table_name,
      rawKey: r.row_key,
      key,
      canonical: canonicalKey(r.table_name, key, r.row_key),
      id: await findRowId(trx, r.table_name, key),
      before: r.before ? (JSON.parse(r.before) as TFields) : {},
      after: r.after ? (JSON.parse(r.after) as TFields) : {},
    });
  }
  return out;
}

/** Audit ranges whose changes cancel out: imports undone since, and their undos. */
async function cancelledAuditRanges(trx: TTrx): Promise<TIdRange[]> {
  const runs = await trx
    .selectFrom('import_runs')
    .select(['audit_from', 'audit_to', 'undo_audit_from', 'undo_audit_to'])
    .where('undone_at', 'is not', null)
    .execute();
  return runs.flatMap((r) => {
    const ranges: TIdRange[] = [[r.audit_from, r.audit_to]];
    if (r.undo_audit_from !== null && r.undo_audit_to !== null)
      ranges.push([r.undo_audit_from, r.undo_audit_to]);
    return ranges;
  });
}

const inRange = (id: number, range: TIdRange | null | undefined) =>
  range !== null && range !== undefined && id >= range[0] && id <= range[1];

/** Who added a row after the import (a later import still in effect, or a form), for a refusal that says so. */
async function whoAdded(
  trx: TTrx,
  table: TSheetKey,
  id: number,
  run: ImportRunRow,
): Promise<{ zh: string; en: string }> {
  const runs = await trx
    .selectFrom('import_runs')
    .select(['username', 'at', 'file_name', 'inserted_ids'])
    .where('id', '>', run.id)
    .where('undone_at', 'is', null)
    .execute();
  const imported = runs.find((r) => inRange(id, insertedIdsOf(r)[table]));
  if (imported) {
    const at = showTime(imported.at);
    return {
      zh: `，由 ${imported.username} 于 ${at} 导入（${imported.file_name}）`,
      en: `, imported by ${imported.username} at ${at} (${imported.file_name})`,
    };
  }
  const { rows } = await sql<{
    username: string;
    at: string;
    procedure: string;
  }>`select username, at, procedure
    from audit_log where id > ${run.audit_to} and table_name = ${table} and action = 'insert'
      and ${sqlJsonField(sql.ref('row_key'), 'id')} = ${id}
    order by id limit 1`.execute(trx);
  const form = rows[0];
  if (!form) return { zh: '', en: '' };
  const at = showTime(form.at);
  return {
    zh: `，由 ${form.username} 于 ${at} 录入（${form.procedure}）`,
    en: `, added by ${form.username} at ${at} (${form.procedure})`,
  };
}

const MAX_CONFLICTS = 5;

class ConflictList {
  readonly items: TConflict[] = [];
  more = 0;
  add(c: TConflict): void {
    if (this.items.length < MAX_CONFLICTS) this.items.push(c);
    else this.more++;
  }
  get isFull(): boolean {
    return this.items.length >= MAX_CONFLICTS;
  }
}

/**
 * Later audit rows on a row the import updated or inserted, matched by natural key, or by id (an id in
 * the key, or the row its natural key names now). Returns the canonical keys of the import's rows found.
 */
async function findLaterChanges(
  trx: TTrx,
  run: ImportRunRow,
  updated: TUpdatedRow[],
  inserted: TInsertedIds,
  conflicts: ConflictList,
): Promise<Set<string>> {
  const seen = new Set<string>();
  const cancelled = await cancelledAuditRanges(trx);
  const later = await trx
    .selectFrom('audit_log')
    .select(['id', 'at', 'username', 'procedure', 'table_name', 'row_key', 'action'])
    .where('id', '>', run.audit_to)
    .where('table_name', 'in', [...SHEET_KEYS])
    .orderBy('id')
    .execute();
  const byKey = new Map(updated.map((u) => [u.canonical, u]));
  const byId = new Map(
    updated.flatMap((u) => (u.id === undefined ? [] : [[`${u.table}:${u.id}`, u] as const])),
  );
  const tablesWithUpdates = new Set(updated.map((u) => u.table));
  for (const row of later) {
    if (cancelled.some((range) => inRange(row.id, range)) || !isSheet(row.table_name)) continue;
    const table = row.table_name;
    const { natural, id: keyId } = splitKey(parseKey(row.row_key));
    const canonical = canonicalKey(table, natural, row.row_key);
    let ours: string | undefined = byKey.get(canonical)?.canonical;
    if (!ours && (inserted[table] || tablesWithUpdates.has(table))) {
      const id =
        keyId ?? (natural && row.action !== 'delete' ? await findRowId(trx, table, natural) : undefined);
      if (id !== undefined) {
        ours =
          byId.get(`${table}:${id}`)?.canonical ??
          (inRange(id, inserted[table]) ? `${table}:${id}` : undefined);
      }
    }
    if (!ours || seen.has(ours)) continue;
    seen.add(ours);
    const change = { at: row.at, username: row.username, procedure: row.procedure, action: row.action };
    conflicts.add({
      zh: `${rowText(table, natural, row.row_key, 'zh')}在本次导入之后${changedBy(change, 'zh')}`,
      en: `${rowText(table, natural, row.row_key, 'en')} ${changedBy(change, 'en')} after this import`,
    });
  }
  return seen;
}

/** Updated rows whose fields no longer hold what the import wrote (a change the trail does not show). */
async function findChangedState(
  trx: TTrx,
  updated: TUpdatedRow[],
  seen: Set<string>,
  conflicts: ConflictList,
): Promise<void> {
  for (const u of updated) {
    if (conflicts.isFull) return;
    if (seen.has(u.canonical)) continue;
    const now = u.id === undefined ? undefined : await readFields(trx, u.table, u.id, Object.keys(u.after));
    const isSame = now !== undefined && Object.entries(u.after).every(([f, v]) => isSameValue(now[f], v));
    if (isSame) continue;
    conflicts.add({
      zh: `${rowText(u.table, u.key, u.rawKey, 'zh')}在本次导入之后${now ? '已被修改（现在的值与导入写入的不同）' : '已被删除，或其关键信息已被修改'}`,
      en: `${rowText(u.table, u.key, u.rawKey, 'en')} was ${now ? 'changed (it no longer holds what the import wrote)' : 'deleted, or its key fields were changed,'} after this import`,
    });
  }
}

async function countInRange(trx: TTrx, table: TSheetKey, range: TIdRange): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
    where id between ${range[0]} and ${range[1]}`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

/** New rows of the import that are gone. */
async function findDeletedInserts(
  trx: TTrx,
  run: ImportRunRow,
  inserted: TInsertedIds,
  conflicts: ConflictList,
): Promise<void> {
  const counts = countsOf(run);
  for (const table of SHEET_KEYS) {
    const range = inserted[table];
    if (!range) continue;
    const missing = counts[table].inserted - (await countInRange(trx, table, range));
    if (missing <= 0) continue;
    conflicts.add({
      zh: `本次导入新增的${SHEETS[table].zh}记录中有 ${missing} 条在之后已被删除`,
      en: `${missing} of the ${SHEETS[table].en.toLowerCase()} rows this import added were deleted after it`,
    });
  }
}

/**
 * Evidence files attached since to the activities and achievements the import added: an undo would delete
 * them with their records (the files are the users' own, not the import's), so it is refused until they
 * are removed (or the record is).
 */
async function findEvidence(trx: TTrx, inserted: TInsertedIds, conflicts: ConflictList): Promise<void> {
  for (const [table, column] of [
    ['activities', 'activity_id'],
    ['achievements', 'achievement_id'],
  ] as const) {
    const range = inserted[table];
    if (!range || conflicts.isFull) continue;
    const rows = await trx
      .selectFrom('attachments')
      .select(['file_name', 'uploaded_by', 'uploaded_at', column])
      .where(column, '>=', range[0])
      .where(column, '<=', range[1])
      .orderBy('id')
      .limit(MAX_CONFLICTS)
      .execute();
    for (const row of rows) {
      const key = await readRecordKey(trx, table, Number(row[column as keyof typeof row]));
      const time = showTime(row.uploaded_at);
      conflicts.add({
        zh: `${rowText(table, key, '', 'zh')}是本次导入新增的，${row.uploaded_by} 于 ${time} 给它添加了证明材料「${row.file_name}」；撤销会把材料一并删除，请先删除该材料`,
        en: `${rowText(table, key, '', 'en')} was added by this import, and ${row.uploaded_by} attached evidence "${row.file_name}" to it at ${time}; undoing would delete the evidence too, so remove it first`,
      });
    }
  }
}

/** The natural key of an activity or achievement (import-format.md), for naming it in a refusal. */
async function readRecordKey(
  trx: TTrx,
  table: 'activities' | 'achievements',
  id: number,
): Promise<TKey | null> {
  if (table === 'activities') {
    const row = await trx
      .selectFrom('activities as a')
      .innerJoin('units as b', 'b.id', 'a.branch_id')
      .select(['b.code as branch', 'a.held_on', 'a.type', 'a.title'])
      .where('a.id', '=', id)
      .executeTakeFirst();
    return row ?? null;
  }
  const row = await trx
    .selectFrom('achievements as a')
    .innerJoin('units as b', 'b.id', 'a.branch_id')
    .select(['b.code as branch', 'a.achieved_on', 'a.kind', 'a.title'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Rows that are not the import's but hang on a row it added (checked after the updates were restored). */
async function findDependants(
  trx: TTrx,
  run: ImportRunRow,
  inserted: TInsertedIds,
  conflicts: ConflictList,
): Promise<void> {
  const units = inserted.units;
  if (!units) return;
  const [first, last] = units;
  for (const table of ['members', 'activities', 'achievements'] as const) {
    const own = inserted[table] ?? [0, -1];
    const { rows } = await sql<{
      id: number;
      branch: string;
    }>`select t.id, b.code as branch from ${sql.table(table)} t
      join units b on b.id = t.branch_id
      where t.branch_id between ${first} and ${last} and t.id not between ${own[0]} and ${own[1]}
      order by t.id limit ${MAX_CONFLICTS}`.execute(trx);
    for (const row of rows) {
      const who = await whoAdded(trx, table, row.id, run);
      conflicts.add({
        zh: `本次导入新增的支部 ${row.branch} 下之后又有了${SHEETS[table].zh}记录${who.zh}`,
        en: `branch ${row.branch}, added by this import, has ${SHEETS[table].en.toLowerCase()} added after it${who.en}`,
      });
    }
  }
  const children = await trx
    .selectFrom('units as u')
    .innerJoin('units as p', 'p.id', 'u.parent_id')
    .select(['u.code', 'p.code as parent'])
    .where('u.parent_id', '>=', first)
    .where('u.parent_id', '<=', last)
    .where((eb) => eb.or([eb('u.id', '<', first), eb('u.id', '>', last)]))
    .limit(MAX_CONFLICTS)
    .execute();
  for (const c of children) {
    conflicts.add({
      zh: `组织 ${c.code} 的上级是本次导入新增的 ${c.parent}`,
      en: `unit ${c.code} has ${c.parent}, added by this import, as its parent`,
    });
  }
  const accounts = await trx
    .selectFrom('users as a')
    .innerJoin('units as b', 'b.id', 'a.branch_id')
    .select(['a.username', 'b.code'])
    .where('a.branch_id', '>=', first)
    .where('a.branch_id', '<=', last)
    .limit(MAX_CONFLICTS)
    .execute();
  for (const a of accounts) {
    conflicts.add({
      zh: `账号 ${a.username} 属于本次导入新增的支部 ${a.code}`,
      en: `account ${a.username} belongs to branch ${a.code}, added by this import`,
    });
  }
  const goals = inserted.goals ?? [0, -1];
  const { rows: scoped } = await sql<{ year: number; scope_ref: string; metric: string }>`select g.year,
      g.scope_ref, g.metric from goals g
    where g.scope_type = 'branch' and g.id not between ${goals[0]} and ${goals[1]}
      and g.scope_ref in (select code from units where id between ${first} and ${last})
    limit ${MAX_CONFLICTS}`.execute(trx);
  for (const g of scoped) {
    const key = { year: g.year, scope_type: 'branch', scope_ref: g.scope_ref, metric: g.metric };
    conflicts.add({
      zh: `${rowText('goals', key, '', 'zh')}是之后为本次导入新增的支部设置的`,
      en: `${rowText('goals', key, '', 'en')} was set later for a branch this import added`,
    });
  }
}

/** Member codes the import added that later sessions name as sharers (checked after the deletes). */
async function findOrphanSharers(trx: TTrx, codes: string[], conflicts: ConflictList): Promise<void> {
  for (let i = 0; i < codes.length && !conflicts.isFull; i += 500) {
    const batch = codes.slice(i, i + 500);
    const rows = await trx
      .selectFrom('activity_sharers as s')
      .innerJoin('activities as a', 'a.id', 's.activity_id')
      .innerJoin('units as b', 'b.id', 'a.branch_id')
      .select(['s.member_code', 'b.code as branch', 'a.held_on', 'a.type', 'a.title'])
      .where('s.member_code', 'in', batch)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('members as m').select('m.id').whereRef('m.code', '=', 's.member_code')),
        ),
      )
      .limit(MAX_CONFLICTS)
      .execute();
    for (const r of rows) {
      const key = { branch: r.branch, held_on: r.held_on, type: r.type, title: r.title };
      conflicts.add({
        zh: `党员编号 ${r.member_code} 是本次导入新增的，之后录入的${rowText('activities', key, '', 'zh')}把它列为分享党员`,
        en: `member code ${r.member_code} was added by this import, and the later ${rowText('activities', key, '', 'en')} names it as a sharer`,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Writing

async function restoreRow(trx: TTrx, u: TUpdatedRow, id: number): Promise<void> {
  const scalars = Object.entries(u.before).filter(([f]) => SCALAR_FIELDS[u.table].includes(f));
  const sets = scalars.map(([f, v]) => sql`${sql.ref(f)} = ${v as string | number | null}`);
  if (u.table === 'units' && 'parent_code' in u.before) {
    const code = u.before.parent_code;
    const parent = typeof code === 'string' ? await findRowId(trx, 'units', { code }) : null;
    if (parent === undefined) throw new Error(`undo: parent unit ${String(code)} is gone`);
    sets.push(sql`parent_id = ${parent}`);
  }
  if (sets.length > 0)
    await sql`update ${sql.table(u.table)} set ${sql.join(sets)} where id = ${id}`.execute(trx);
  if (u.table !== 'activities') return;
  for (const field of LIST_FIELDS) {
    const list = u.before[field];
    if (!Array.isArray(list)) continue;
    const { table, column } = LIST_TABLES[field];
    await sql`delete from ${sql.table(table)} where activity_id = ${id}`.execute(trx);
    for (const value of list as (TFormat | TModule | string)[]) {
      await sql`insert into ${sql.table(table)} (activity_id, ${sql.ref(column)}) values (${id}, ${value})`.execute(
        trx,
      );
    }
  }
}

async function deleteRange(trx: TTrx, table: TSheetKey, [first, last]: TIdRange): Promise<number> {
  if (table === 'activities') {
    for (const { table: child } of Object.values(LIST_TABLES)) {
      await sql`delete from ${sql.table(child)} where activity_id between ${first} and ${last}`.execute(trx);
    }
  }
  const result = await sql`delete from ${sql.table(table)} where id between ${first} and ${last}`.execute(
    trx,
  );
  return Number(result.numAffectedRows ?? 0);
}

function zeroPerSheet(): Record<TSheetKey, number> {
  return Object.fromEntries(SHEET_KEYS.map((k) => [k, 0])) as Record<TSheetKey, number>;
}

/** Undoes one committed import, all or nothing; throws AppError (nothing written) when it may not. */
export async function undoImport(db: Kysely<Database>, input: TUndoInput): Promise<TUndoReport> {
  return db.transaction().execute(async (trx) => {
    input.onStage?.('checking');
    // Before the checks of later changes: no write of any app process may come between them and the undo.
    await lockDataVersion(trx);
    const run = await readImportRun(trx, input.importId);
    if (!run) throw new AppError('NOT_FOUND', UNDO_ERRORS.notFound);
    input.onStage?.('checking', run.file_name);
    if (input.ownerId !== undefined && run.user_id !== input.ownerId) {
      throw new AppError('FORBIDDEN', UNDO_ERRORS.notOwn);
    }
    if (run.undone_at) throw alreadyUndone(run);

    const inserted = insertedIdsOf(run);
    const updated = await readUpdatedRows(trx, run);
    const conflicts = new ConflictList();
    const seen = await findLaterChanges(trx, run, updated, inserted, conflicts);
    await findChangedState(trx, updated, seen, conflicts);
    await findDeletedInserts(trx, run, inserted, conflicts);
    await findEvidence(trx, inserted, conflicts);
    if (conflicts.items.length > 0) throw refusal(run.file_name, conflicts.items, conflicts.more);

    input.onStage?.('writing', run.file_name);
    const now = input.now ?? new Date();
    const auditFrom = (await readLastAuditId(trx)) + 1;
    const restored = zeroPerSheet();
    // Newest first: a row updated twice (never, within one import) would end at its first before.
    for (const u of [...updated].reverse()) {
      if (u.id === undefined) throw new Error(`undo: ${u.table} ${u.rawKey} is gone`);
      await restoreRow(trx, u, u.id);
      restored[u.table]++;
    }
    await findDependants(trx, run, inserted, conflicts);
    if (conflicts.items.length > 0) throw refusal(run.file_name, conflicts.items, conflicts.more);

    const addedCodes = inserted.members
      ? (
          await trx
            .selectFrom('members')
            .select('code')
            .distinct()
            .where('id', '>=', inserted.members[0])
            .where('id', '<=', inserted.members[1])
            .execute()
        ).map((m) => m.code)
      : [];
    const deleted = zeroPerSheet();
    // Children before parents: sessions, achievements and members before their branches.
    for (const table of ['activities', 'achievements', 'members', 'goals', 'units'] as const) {
      const range = inserted[table];
      if (range) deleted[table] = await deleteRange(trx, table, range);
    }
    await findOrphanSharers(trx, addedCodes, conflicts);
    if (conflicts.items.length > 0) throw refusal(run.file_name, conflicts.items, conflicts.more);

    await recordAudit(trx, {
      ...input.actor,
      table: IMPORT_AUDIT_TABLE,
      rowKey: { import: run.id, file: run.file_name },
      action: 'update',
      before: { status: 'imported' },
      after: { status: 'undone', deleted, restored },
      now,
    });
    await recordAuditMany(
      trx,
      updated.map((u) => ({
        ...input.actor,
        table: u.table,
        rowKey: u.key,
        action: 'update' as const,
        before: u.after,
        after: u.before,
        now,
      })),
    );
    await trx
      .updateTable('import_runs')
      .set({
        undone_at: now.toISOString(),
        undone_by_id: input.actor.user?.id ?? null,
        undone_by: input.actor.user?.username ?? 'system',
        undo_audit_from: auditFrom,
        undo_audit_to: await readLastAuditId(trx),
      })
      .where('id', '=', run.id)
      .execute();
    input.onStage?.('refreshing', run.file_name);
    await refreshRollups(trx);
    return { importId: run.id, fileName: run.file_name, deleted, restored };
  });
}
