/**
 * The SQL of the record forms' writes (server/records/*): one activity or achievement read, inserted,
 * updated or deleted by id, the facts of its branch, and the lookups their checks need. Rows are read
 * back with their branch code and child lists, in the shape the audit trail stores (column names,
 * child lists sorted). Authorization is the caller's (server/records/branch-access.ts); the triggers
 * of the roll-ups mark every written month, so the metrics follow on their next read.
 */
import { sql } from 'kysely';
import type { TAchievementKind, TActivityType, TFormat, TLevel, TModule } from '../../../shared/domain';
import type { TAchievementInput, TActivityInput } from '../../../shared/schemas/record-inputs';
import { sqlListOf } from '../../metrics/dialect';
import type { DBOrTrx } from '../database';

/** A branch as a record's checks need it (existence dates for `date_outside_branch`). */
export interface TBranchFacts {
  id: number;
  code: string;
  kind: string;
  establishedOn: string;
  dissolvedOn: string | null;
}

export async function readBranchFacts(db: DBOrTrx, branchId: number): Promise<TBranchFacts | undefined> {
  const row = await db
    .selectFrom('units')
    .select(['id', 'code', 'kind', 'established_on', 'dissolved_on'])
    .where('id', '=', branchId)
    .executeTakeFirst();
  return (
    row && {
      id: Number(row.id),
      code: row.code,
      kind: row.kind,
      establishedOn: row.established_on,
      dissolvedOn: row.dissolved_on,
    }
  );
}

/** A stored activity as the audit trail records it (column names; child lists sorted). */
export interface TStoredActivity {
  id: number;
  branch_id: number;
  branch: string;
  held_on: string;
  type: TActivityType;
  title: string;
  formats: TFormat[];
  modules: TModule[];
  expected: number | null;
  attended: number | null;
  integrated_with_work: number;
  oath_renewed: number;
  dues_collected: number;
  by_secretary: number;
  sharers: string[];
  notes: string | null;
}

const listOf = <T extends string>(concatenated: string | null): T[] =>
  concatenated === null || concatenated === '' ? [] : (concatenated.split('\u0001').sort() as T[]);

export async function readActivity(db: DBOrTrx, id: number): Promise<TStoredActivity | undefined> {
  const row = await db
    .selectFrom('activities as a')
    .innerJoin('units as u', 'u.id', 'a.branch_id')
    .selectAll('a')
    .select([
      'u.code as branch',
      sql<
        string | null
      >`(select ${sqlListOf(sql.ref('format'))} from activity_formats where activity_id = a.id)`.as(
        'formats',
      ),
      sql<
        string | null
      >`(select ${sqlListOf(sql.ref('module'))} from activity_modules where activity_id = a.id)`.as(
        'modules',
      ),
      sql<
        string | null
      >`(select ${sqlListOf(sql.ref('member_code'))} from activity_sharers where activity_id = a.id)`.as(
        'sharers',
      ),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    branch_id: Number(row.branch_id),
    branch: row.branch,
    held_on: row.held_on,
    type: row.type,
    title: row.title,
    formats: listOf<TFormat>(row.formats),
    modules: listOf<TModule>(row.modules),
    expected: row.expected === null ? null : Number(row.expected),
    attended: row.attended === null ? null : Number(row.attended),
    integrated_with_work: Number(row.integrated_with_work),
    oath_renewed: Number(row.oath_renewed),
    dues_collected: Number(row.dues_collected),
    by_secretary: Number(row.by_secretary),
    sharers: listOf(row.sharers),
    notes: row.notes,
  };
}

function activityColumns(input: TActivityInput) {
  return {
    branch_id: input.branchId,
    held_on: input.heldOn,
    type: input.type,
    title: input.title,
    expected: input.expected,
    attended: input.attended,
    integrated_with_work: input.isIntegratedWithWork ? 1 : 0,
    oath_renewed: input.isOathRenewed ? 1 : 0,
    dues_collected: input.isDuesCollected ? 1 : 0,
    by_secretary: input.isBySecretary ? 1 : 0,
    notes: input.notes,
  };
}

async function insertChildren(db: DBOrTrx, id: number, input: TActivityInput): Promise<void> {
  if (input.formats.length) {
    await db
      .insertInto('activity_formats')
      .values(input.formats.map((format) => ({ activity_id: id, format })))
      .execute();
  }
  if (input.modules.length) {
    await db
      .insertInto('activity_modules')
      .values(input.modules.map((module) => ({ activity_id: id, module })))
      .execute();
  }
  if (input.sharers.length) {
    await db
      .insertInto('activity_sharers')
      .values(input.sharers.map((member_code) => ({ activity_id: id, member_code })))
      .execute();
  }
}

/** Inserts an activity with its formats, modules and sharers; returns its id. Call inside a transaction. */
export async function insertActivity(db: DBOrTrx, input: TActivityInput): Promise<number> {
  const { id } = await db
    .insertInto('activities')
    .values(activityColumns(input))
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertChildren(db, Number(id), input);
  return Number(id);
}

/** Replaces an activity's fields and child lists. Call inside a transaction. */
export async function updateActivity(db: DBOrTrx, id: number, input: TActivityInput): Promise<void> {
  await db.updateTable('activities').set(activityColumns(input)).where('id', '=', id).execute();
  await db.deleteFrom('activity_formats').where('activity_id', '=', id).execute();
  await db.deleteFrom('activity_modules').where('activity_id', '=', id).execute();
  await db.deleteFrom('activity_sharers').where('activity_id', '=', id).execute();
  await insertChildren(db, id, input);
}

/** Deletes an activity (its child rows go with it: ON DELETE CASCADE). */
export async function deleteActivity(db: DBOrTrx, id: number): Promise<void> {
  await db.deleteFrom('activities').where('id', '=', id).execute();
}

/** The branch's activities of one type on one day (other than `excludeId`), oldest first. */
export async function findActivitiesOnDay(
  db: DBOrTrx,
  {
    branchId,
    heldOn,
    type,
    excludeId,
  }: { branchId: number; heldOn: string; type: TActivityType; excludeId?: number },
): Promise<{ id: number; title: string }[]> {
  let query = db
    .selectFrom('activities')
    .select(['id', 'title'])
    .where('branch_id', '=', branchId)
    .where('held_on', '=', heldOn)
    .where('type', '=', type);
  if (excludeId !== undefined) query = query.where('id', '!=', excludeId);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), title: r.title }));
}

/** The member codes among `codes` that no membership of any branch has (sharers may be guests). */
export async function unknownMemberCodes(db: DBOrTrx, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const known = new Set(
    (await db.selectFrom('members').select('code').distinct().where('code', 'in', codes).execute()).map(
      (r) => r.code,
    ),
  );
  return codes.filter((code) => !known.has(code));
}

/** A stored achievement as the audit trail records it. */
export interface TStoredAchievement {
  id: number;
  branch_id: number;
  branch: string;
  achieved_on: string;
  kind: TAchievementKind;
  title: string;
  level: TLevel | null;
  hours: number | null;
  participants: number | null;
  notes: string | null;
}

export async function readAchievement(db: DBOrTrx, id: number): Promise<TStoredAchievement | undefined> {
  const row = await db
    .selectFrom('achievements as a')
    .innerJoin('units as u', 'u.id', 'a.branch_id')
    .selectAll('a')
    .select('u.code as branch')
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    branch_id: Number(row.branch_id),
    branch: row.branch,
    achieved_on: row.achieved_on,
    kind: row.kind,
    title: row.title,
    level: row.level,
    hours: row.hours === null ? null : Number(row.hours),
    participants: row.participants === null ? null : Number(row.participants),
    notes: row.notes,
  };
}

function achievementColumns(input: TAchievementInput) {
  return {
    branch_id: input.branchId,
    achieved_on: input.achievedOn,
    kind: input.kind,
    title: input.title,
    level: input.level,
    hours: input.hours,
    participants: input.participants,
    notes: input.notes,
  };
}

export async function insertAchievement(db: DBOrTrx, input: TAchievementInput): Promise<number> {
  const { id } = await db
    .insertInto('achievements')
    .values(achievementColumns(input))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function updateAchievement(db: DBOrTrx, id: number, input: TAchievementInput): Promise<void> {
  await db.updateTable('achievements').set(achievementColumns(input)).where('id', '=', id).execute();
}

export async function deleteAchievement(db: DBOrTrx, id: number): Promise<void> {
  await db.deleteFrom('achievements').where('id', '=', id).execute();
}

/** Whether another achievement has the same natural key (branch, day, kind, title: import-format.md). */
export async function hasSameAchievement(
  db: DBOrTrx,
  input: TAchievementInput,
  excludeId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('achievements')
    .select('id')
    .where('branch_id', '=', input.branchId)
    .where('achieved_on', '=', input.achievedOn)
    .where('kind', '=', input.kind)
    .where('title', '=', input.title);
  if (excludeId !== undefined) query = query.where('id', '!=', excludeId);
  return (await query.executeTakeFirst()) !== undefined;
}
