/**
 * The records behind the dashboard's numbers, for one branch over one counted range: its activities
 * (with formats, modules and the members who shared), its achievements, sessions per day and the
 * format / module counts. They carry member names and personal records, so every query is narrowed to
 * the branches the viewer may read (server/auth/roles.ts) in SQL: a forgotten check in a procedure
 * still cannot leak another branch's rows.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import {
  FORMATS,
  MODULES,
  type TAchievementKind,
  type TActivityType,
  type TCategory,
  type TFormat,
  type TLevel,
  type TModule,
  type TRequirement,
} from '../../../shared/domain';
import { type TPolicyUser, whereReadableBranch } from '../../auth/roles';
import type { Database, DBOrTrx } from '../database';

export interface TRecordsRange {
  branchId: number;
  /** First and last day counted, inclusive (ISO). */
  start: string;
  asOf: string;
  viewer: TPolicyUser;
}

export interface TActivityRecord {
  id: number;
  heldOn: string;
  type: TActivityType;
  title: string;
  expected: number | null;
  attended: number | null;
  isIntegratedWithWork: boolean;
  isOathRenewed: boolean;
  isDuesCollected: boolean;
  isBySecretary: boolean;
  formats: TFormat[];
  modules: TModule[];
  /** Members who shared; `name` null when the code is not in the member roll. */
  sharers: { code: string; name: string | null }[];
  notes: string | null;
  /** Evidence files attached (server/attachments). */
  evidenceCount: number;
}

export interface TAchievementRecord {
  id: number;
  achievedOn: string;
  kind: TAchievementKind;
  title: string;
  level: TLevel | null;
  hours: number | null;
  participants: number | null;
  notes: string | null;
  /** Evidence files attached (server/attachments). */
  evidenceCount: number;
}

/** A branch as the detail page names it (no member data: every signed-in role may see it). */
export interface TBranchCard {
  id: number;
  code: string;
  name: string;
  category: TCategory | null;
  parentCode: string | null;
  parentName: string | null;
  establishedOn: string;
  dissolvedOn: string | null;
  hasGroups: boolean;
}

export async function findBranchByCode(db: DBOrTrx, code: string): Promise<TBranchCard | undefined> {
  const row = await db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.category',
      'u.established_on',
      'u.dissolved_on',
      'u.has_groups',
      'p.code as parent_code',
      'p.name as parent_name',
    ])
    .where('u.code', '=', code)
    .where('u.kind', '=', 'branch')
    .executeTakeFirst();
  return (
    row && {
      id: Number(row.id),
      code: row.code,
      name: row.name,
      category: row.category,
      parentCode: row.parent_code,
      parentName: row.parent_name,
      establishedOn: row.established_on,
      dissolvedOn: row.dissolved_on,
      hasGroups: Number(row.has_groups) === 1,
    }
  );
}

type TActivityQuery = SelectQueryBuilder<Database, 'activities', object>;

/** The branch's activities in the range the viewer may read, optionally of one requirement / some ids. */
function scopedActivities(
  db: DBOrTrx,
  { branchId, start, asOf, viewer }: TRecordsRange,
  { type, ids }: { type?: TRequirement; ids?: readonly number[] } = {},
): TActivityQuery {
  let query: TActivityQuery = db
    .selectFrom('activities')
    .where('activities.branch_id', '=', branchId)
    .where('activities.held_on', '>=', start)
    .where('activities.held_on', '<=', asOf);
  if (type === 'secretary_lecture') {
    query = query.where('activities.type', '=', 'party_lecture').where('activities.by_secretary', '=', 1);
  } else if (type) {
    query = query.where('activities.type', '=', type);
  }
  if (ids) query = ids.length ? query.where('activities.id', 'in', ids) : query.where(sql<boolean>`1 = 0`);
  return whereReadableBranch(query, viewer, 'activities.branch_id');
}

/** Activities newest first, each with its formats, modules and sharers (named from the member roll). */
export async function listActivityRecords(
  db: DBOrTrx,
  range: TRecordsRange,
  filter: { type?: TRequirement; ids?: readonly number[] } = {},
): Promise<TActivityRecord[]> {
  const base = scopedActivities(db, range, filter);
  const rows = await base.selectAll('activities').orderBy('held_on', 'desc').orderBy('id', 'desc').execute();
  if (rows.length === 0) return [];
  const idsQuery = base.select('activities.id');
  const [formats, modules, sharers, evidence] = await Promise.all([
    db
      .selectFrom('activity_formats')
      .select(['activity_id', 'format'])
      .where('activity_id', 'in', idsQuery)
      .execute(),
    db
      .selectFrom('activity_modules')
      .select(['activity_id', 'module'])
      .where('activity_id', 'in', idsQuery)
      .execute(),
    db
      .selectFrom('activity_sharers as s')
      // A member code may have several rows (transfers); its name is the same person's, any row will
      // do. Looked up per sharer (members_code_idx), not by grouping the whole roll of every branch.
      .select((eb) => [
        's.activity_id',
        's.member_code',
        eb
          .selectFrom('members as m')
          .select((m) => m.fn.max('m.name').as('name'))
          .whereRef('m.code', '=', 's.member_code')
          .as('name'),
      ])
      .where('s.activity_id', 'in', idsQuery)
      .orderBy('s.member_code')
      .execute(),
    db
      .selectFrom('attachments')
      .select((eb) => ['activity_id', eb.fn.countAll<number>().as('n')])
      .where('activity_id', 'in', idsQuery)
      .groupBy('activity_id')
      .execute(),
  ]);
  const evidenceOf = new Map(evidence.map((e) => [Number(e.activity_id), Number(e.n)]));
  const group = <T>(list: { activity_id: number }[], pick: (row: never) => T) => {
    const out = new Map<number, T[]>();
    for (const row of list)
      out.set(row.activity_id, [...(out.get(row.activity_id) ?? []), pick(row as never)]);
    return out;
  };
  const formatsOf = group(formats, (r: { format: TFormat }) => r.format);
  const modulesOf = group(modules, (r: { module: TModule }) => r.module);
  const sharersOf = group(sharers, (r: { member_code: string; name: string | null }) => ({
    code: r.member_code,
    name: r.name,
  }));
  const inOrder = <K extends string>(keys: readonly K[], list: K[] | undefined) =>
    keys.filter((k) => list?.includes(k));
  return rows.map((r) => ({
    id: Number(r.id),
    heldOn: r.held_on,
    type: r.type,
    title: r.title,
    expected: r.expected,
    attended: r.attended,
    isIntegratedWithWork: r.integrated_with_work === 1,
    isOathRenewed: r.oath_renewed === 1,
    isDuesCollected: r.dues_collected === 1,
    isBySecretary: r.by_secretary === 1,
    formats: inOrder(FORMATS.keys, formatsOf.get(r.id)),
    modules: inOrder(MODULES.keys, modulesOf.get(r.id)),
    sharers: sharersOf.get(r.id) ?? [],
    notes: r.notes,
    evidenceCount: evidenceOf.get(Number(r.id)) ?? 0,
  }));
}

/** Achievements newest first, optionally of one kind. */
export async function listAchievementRecords(
  db: DBOrTrx,
  { branchId, start, asOf, viewer }: TRecordsRange,
  { kind }: { kind?: TAchievementKind } = {},
): Promise<TAchievementRecord[]> {
  let query = db
    .selectFrom('achievements')
    .selectAll('achievements')
    .select((eb) =>
      eb
        .selectFrom('attachments')
        .select((a) => a.fn.countAll<number>().as('n'))
        .whereRef('attachments.achievement_id', '=', 'achievements.id')
        .as('evidence_count'),
    )
    .where('achievements.branch_id', '=', branchId)
    .where('achievements.achieved_on', '>=', start)
    .where('achievements.achieved_on', '<=', asOf);
  if (kind) query = query.where('achievements.kind', '=', kind);
  const rows = await whereReadableBranch(query, viewer, 'achievements.branch_id')
    .orderBy('achieved_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    achievedOn: r.achieved_on,
    kind: r.kind,
    title: r.title,
    level: r.level,
    hours: r.hours === null ? null : Number(r.hours),
    participants: r.participants === null ? null : Number(r.participants),
    notes: r.notes,
    evidenceCount: Number(r.evidence_count ?? 0),
  }));
}

export interface TActivityProfile {
  /** Sessions per day with at least one (ISO day → count), over the range. */
  days: { date: string; count: number }[];
  /** c_f: activities that used each format (metrics.md "Vividness"). */
  formats: Record<TFormat, number>;
  /** m_k: activities tagged with each module. */
  modules: Record<TModule, number>;
}

/** Sessions per day and format / module counts of the branch's activities in the range. */
export async function queryActivityProfile(db: DBOrTrx, range: TRecordsRange): Promise<TActivityProfile> {
  const base = scopedActivities(db, range);
  const ids = base.select('activities.id');
  const [days, formats, modules] = await Promise.all([
    base
      .select(['activities.held_on as date', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('activities.held_on')
      .orderBy('activities.held_on')
      .execute(),
    db
      .selectFrom('activity_formats')
      .select(['format', (eb) => eb.fn.countAll<number>().as('count')])
      .where('activity_id', 'in', ids)
      .groupBy('format')
      .execute(),
    db
      .selectFrom('activity_modules')
      .select(['module', (eb) => eb.fn.countAll<number>().as('count')])
      .where('activity_id', 'in', ids)
      .groupBy('module')
      .execute(),
  ]);
  const tally = <K extends string>(keys: readonly K[], list: { key: K; count: number | string }[]) =>
    Object.fromEntries(keys.map((k) => [k, Number(list.find((x) => x.key === k)?.count ?? 0)])) as Record<
      K,
      number
    >;
  return {
    days: days.map((d) => ({ date: d.date, count: Number(d.count) })),
    formats: tally(
      FORMATS.keys,
      formats.map((f) => ({ key: f.format, count: f.count })),
    ),
    modules: tally(
      MODULES.keys,
      modules.map((m) => ({ key: m.module, count: m.count })),
    ),
  };
}
