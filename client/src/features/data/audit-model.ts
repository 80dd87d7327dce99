/**
 * Pure helpers of the audit log tab: filters to `audit.list` input, and an entry as people read it — the
 * operation by name, the record by its natural key, one line per changed field with the import's column
 * headers (shared/import-format.ts, the importer's own labels) and values as the columns show them, and for
 * an import its counts per sheet and the first rows it added. No internal id reaches the screen.
 */
import { SHEET_KEYS, SHEETS, type TSheetKey } from '../../../../shared/import-format';
import { describeRowKey, fieldLabel, formatFieldValue } from '../../../../shared/import-rows';
import { joinList, type TLang } from '../../../../shared/lang';
import { METRICS } from '../../../../shared/metric-keys';
import { USER_ROLES } from '../../../../shared/roles';
import type { TAuditEntry, TAuditFilter } from '../../lib/api-types';
import { translateFrom } from '../../lib/messages';
import { DATA_MESSAGES } from './messages';

export interface TAuditFilterState {
  username?: string;
  table?: string;
  /** Inclusive `YYYY-MM-DD` dates. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** The day after a `YYYY-MM-DD` date (the API's `to` is exclusive; the picker's end day is inclusive). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function toAuditInput(f: TAuditFilterState): TAuditFilter {
  return {
    username: f.username || undefined,
    table: f.table || undefined,
    from: f.from || undefined,
    to: f.to ? nextDay(f.to) : undefined,
    limit: f.pageSize,
    offset: (f.page - 1) * f.pageSize,
  };
}

type TFields = Record<string, unknown>;
type TDataKey = keyof (typeof DATA_MESSAGES)['zh'];

/** The operations the trail names (tRPC paths, CLI commands, the importer), as people call them. */
const OPERATIONS: Record<string, TDataKey> = {
  import: 'opImport',
  'import.undo': 'opImportUndo',
  'cli.import': 'opCliImport',
  'cli.import.undo': 'opCliImportUndo',
  'demo.createUsers': 'opDemoUsers',
  load: 'opLoad',
  'goals.set': 'opGoalSet',
  'goals.setWeights': 'opWeightsSet',
  'goals.copyYear': 'opGoalCopy',
  'users.create': 'opUserCreate',
  'cli.user.add': 'opUserCreate',
  'users.resetPassword': 'opPasswordReset',
  'cli.user.reset-password': 'opPasswordReset',
  'users.setDisabled': 'opUserDisabled',
  'cli.user.disable': 'opUserDisable',
  'cli.user.enable': 'opUserEnable',
  'auth.changePassword': 'opPasswordChange',
  'records.createActivity': 'opActivityCreate',
  'records.updateActivity': 'opActivityUpdate',
  'records.removeActivity': 'opActivityRemove',
  'records.createAchievement': 'opAchievementCreate',
  'records.updateAchievement': 'opAchievementUpdate',
  'records.removeAchievement': 'opAchievementRemove',
  'records.createMember': 'opMemberCreate',
  'records.updateMember': 'opMemberUpdate',
  'records.removeMember': 'opMemberRemove',
  'members.transfer': 'opMemberTransfer',
  'units.create': 'opUnitCreate',
  'units.update': 'opUnitUpdate',
  'units.dissolve': 'opUnitDissolve',
  'units.remove': 'opUnitRemove',
  'users.update': 'opUserUpdate',
  'attachments.upload': 'opAttachmentUpload',
  'attachments.remove': 'opAttachmentRemove',
};

/** The tables of the trail that are not import sheets (those take their sheet's name). */
const TABLES: Record<string, TDataKey> = {
  import: 'tableImport',
  metric_weights: 'tableWeights',
  users: 'tableUsers',
  attachments: 'tableAttachments',
};

/** The fields of an account, labelled (the others are bookkeeping). */
const USER_FIELDS: Record<string, TDataKey> = {
  username: 'fieldUsername',
  display_name: 'fieldDisplayName',
  role: 'fieldRole',
  disabled: 'fieldDisabled',
  password_hash: 'fieldPassword',
};

/** Internal ids and timestamps the database keeps for itself: never shown. */
const HIDDEN_FIELD = /^(id|\w+_id|\w+_at)$/;

const isSheet = (table: string): table is TSheetKey => (SHEET_KEYS as readonly string[]).includes(table);

/** Every table the filter offers, labelled. */
export const AUDIT_TABLES = ['import', ...SHEET_KEYS, 'metric_weights', 'users', 'attachments'] as const;

export interface TAuditChange {
  label: string;
  /** null: the row did not exist before (an insert). */
  before: string | null;
  /** null: the row no longer exists (a delete). */
  after: string | null;
}

/** The first rows an import added to one sheet (the audit summary keeps at most 200 of each). */
export interface TAuditInsertedRows {
  sheet: TSheetKey;
  label: string;
  keys: string[];
  total: number;
}

export interface TAuditView {
  operation: string;
  table: string;
  record: string;
  changes: TAuditChange[];
  inserted: TAuditInsertedRows[];
}

function parseKey(rowKey: string): TFields | null {
  if (!rowKey.startsWith('{')) return null;
  try {
    return JSON.parse(rowKey) as TFields;
  } catch {
    return null;
  }
}

export function auditOperationLabel(procedure: string, lang: TLang, after?: TFields | null): string {
  // One procedure both disables and enables: the row's new state says which it did.
  const key =
    procedure === 'users.setDisabled' && after && 'disabled' in after
      ? after.disabled
        ? 'opUserDisable'
        : 'opUserEnable'
      : OPERATIONS[procedure];
  return key ? translateFrom(DATA_MESSAGES, lang, key) : procedure;
}

export function auditTableLabel(table: string, lang: TLang): string {
  if (isSheet(table)) return SHEETS[table][lang];
  const key = TABLES[table];
  return key ? translateFrom(DATA_MESSAGES, lang, key) : table;
}

const metricLabel = (metric: unknown, lang: TLang) =>
  METRICS.find((m) => m.key === metric)?.[lang] ?? String(metric);

function recordOf(entry: TAuditEntry, key: TFields | null, lang: TLang): string {
  if (entry.table === 'users') return entry.recordName ?? String(entry.after?.username ?? '—');
  if (!key) return entry.rowKey;
  if (isSheet(entry.table)) return describeRowKey(entry.table, key, lang);
  if (entry.table === 'metric_weights') return `${key.year} · ${metricLabel(key.metric, lang)}`;
  if (entry.table === 'import') return String(key.file ?? '—');
  // Another table's natural key: its values, without internal ids.
  return Object.entries(key)
    .filter(([field]) => !HIDDEN_FIELD.test(field))
    .map(([, value]) => String(value))
    .join(' · ');
}

function userValue(field: string, value: unknown, lang: TLang, isNew: boolean): string {
  // The hash is redacted in the trail: the line says that the password was set or changed, never what to.
  if (field === 'password_hash')
    return translateFrom(DATA_MESSAGES, lang, isNew ? 'passwordSet' : 'passwordChanged');
  if (field === 'role')
    return USER_ROLES.byKey[value as keyof typeof USER_ROLES.byKey]?.[lang] ?? String(value);
  if (field === 'disabled') return translateFrom(DATA_MESSAGES, lang, value ? 'yes' : 'no');
  return String(value ?? '—');
}

/** A field's label and a value as the column of its table shows it. */
function fieldText(entry: TAuditEntry, key: TFields | null, lang: TLang) {
  const { table } = entry;
  if (isSheet(table)) {
    return {
      label: (field: string) => fieldLabel(table, field, lang),
      value: (field: string, value: unknown) => formatFieldValue(table, field, value, lang, key ?? {}),
    };
  }
  if (table === 'users') {
    return {
      label: (field: string) => {
        const message = USER_FIELDS[field];
        return message ? translateFrom(DATA_MESSAGES, lang, message) : field;
      },
      value: (field: string, value: unknown) => userValue(field, value, lang, entry.action === 'insert'),
    };
  }
  if (table === 'metric_weights') {
    return {
      label: (field: string) =>
        field === 'weight' ? translateFrom(DATA_MESSAGES, lang, 'fieldWeight') : field,
      value: (_field: string, value: unknown) => String(value ?? '—'),
    };
  }
  return {
    label: (field: string) => field,
    value: (_field: string, value: unknown) =>
      value === null || value === undefined
        ? '—'
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
  };
}

/** The fields of a row change worth a line: not ids, not the key fields a weight row repeats. */
function shownFields(entry: TAuditEntry, key: TFields | null): string[] {
  const fields = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  return fields.filter(
    (field) =>
      !HIDDEN_FIELD.test(field) &&
      !(entry.table === 'metric_weights' && (field === 'year' || field === 'metric')) &&
      !(entry.table === 'users' && USER_FIELDS[field] === undefined) &&
      !(key && field in key && entry.action !== 'update'),
  );
}

function rowChanges(entry: TAuditEntry, key: TFields | null, lang: TLang): TAuditChange[] {
  const text = fieldText(entry, key, lang);
  // A password is never shown, so a reset or change has no before to compare: one line, 密码：已更改.
  const hiddenBefore = (field: string) => entry.table === 'users' && field === 'password_hash';
  return shownFields(entry, key).map((field) => ({
    label: text.label(field),
    before: entry.before && !hiddenBefore(field) ? text.value(field, entry.before[field]) : null,
    after: entry.after ? text.value(field, entry.after[field]) : null,
  }));
}

type TCounts = Partial<Record<TSheetKey, { inserted?: number; updated?: number; unchanged?: number }>>;

/** An import's summary: per sheet with rows, `新增 3、更新 1、未变 0`; an undo's: what it deleted and restored. */
function importChanges(entry: TAuditEntry, lang: TLang): TAuditChange[] {
  const t = (k: TDataKey, vars?: Record<string, number>) => translateFrom(DATA_MESSAGES, lang, k, vars);
  const after = entry.after ?? {};
  if (after.status === 'undone') {
    const perSheet = (counts: unknown) =>
      joinList(
        SHEET_KEYS.filter((k) => Number((counts as TCounts | undefined)?.[k] ?? 0) > 0).map(
          (k) => `${SHEETS[k][lang]} ${Number((counts as Record<string, number>)[k])}`,
        ),
        lang,
      ) || '0';
    return [
      { label: t('undoneDeleted'), before: null, after: perSheet(after.deleted) },
      { label: t('undoneRestored'), before: null, after: perSheet(after.restored) },
    ];
  }
  const counts = (after.counts ?? {}) as TCounts;
  return SHEET_KEYS.filter((k) => {
    const c = counts[k];
    return c !== undefined && (c.inserted ?? 0) + (c.updated ?? 0) + (c.unchanged ?? 0) > 0;
  }).map((k) => {
    const c = counts[k] ?? {};
    const parts = [
      t('countInserted', { n: c.inserted ?? 0 }),
      t('countUpdated', { n: c.updated ?? 0 }),
      t('countUnchanged', { n: c.unchanged ?? 0 }),
    ];
    return { label: SHEETS[k][lang], before: null, after: joinList(parts, lang) };
  });
}

function importInserted(entry: TAuditEntry, lang: TLang): TAuditInsertedRows[] {
  const after = entry.after ?? {};
  const keys = (after.insertedKeys ?? {}) as Partial<Record<TSheetKey, TFields[]>>;
  const counts = (after.counts ?? {}) as TCounts;
  return SHEET_KEYS.filter((k) => (keys[k]?.length ?? 0) > 0).map((sheet) => {
    const list = keys[sheet] ?? [];
    return {
      sheet,
      label: SHEETS[sheet][lang],
      keys: list.map((key) => describeRowKey(sheet, key, lang)),
      total: counts[sheet]?.inserted ?? list.length,
    };
  });
}

/** An audit entry as the log shows it. */
export function describeAuditEntry(entry: TAuditEntry, lang: TLang): TAuditView {
  const key = parseKey(entry.rowKey);
  const isImportSummary = entry.table === 'import';
  return {
    operation: auditOperationLabel(entry.procedure, lang, entry.after),
    table: auditTableLabel(entry.table, lang),
    record: recordOf(entry, key, lang),
    changes: isImportSummary ? importChanges(entry, lang) : rowChanges(entry, key, lang),
    inserted: isImportSummary ? importInserted(entry, lang) : [],
  };
}

/** One change as one line: `目标值：92% → 90%`; an insert `主题：学习党史`; a delete `主题：学习党史（已删除）`. */
export function auditChangeText(change: TAuditChange, lang: TLang): string {
  const colon = lang === 'zh' ? '：' : ': ';
  const value =
    change.before === null
      ? (change.after ?? '')
      : change.after === null
        ? translateFrom(DATA_MESSAGES, lang, 'wasDeleted', { value: change.before })
        : `${change.before} → ${change.after}`;
  return `${change.label}${colon}${value}`;
}
