import { sql } from 'kysely';
import type { TCategory, TUnitKind } from '../../../shared/domain';
import type { DBOrTrx } from '../database';
import type { NewUnit, UnitUpdate } from '../tables/unit.table';

/** Number of organisational units of any kind; 0 means a fresh database. */
export async function countUnits(db: DBOrTrx): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One unit (党委 / 党总支 / 党支部) as the units page lists it. */
export interface TUnitListItem {
  id: number;
  code: string;
  name: string;
  kind: TUnitKind;
  parentId: number | null;
  parentCode: string | null;
  parentName: string | null;
  category: TCategory | null;
  establishedOn: string;
  dissolvedOn: string | null;
  hasGroups: boolean;
  /** Units directly under it. */
  childCount: number;
  /** Memberships, sessions and achievements of the unit: with any, it is never deleted (only dissolved). */
  recordCount: number;
}

/** Every unit with its parent and how much hangs on it; counts per unit in SQL, joined once. */
export async function listUnits(db: DBOrTrx): Promise<TUnitListItem[]> {
  const records = db
    .selectFrom((eb) =>
      eb
        .selectFrom('members')
        .select('branch_id')
        .unionAll(eb.selectFrom('activities').select('branch_id'))
        .unionAll(eb.selectFrom('achievements').select('branch_id'))
        .as('r'),
    )
    .select((eb) => ['r.branch_id', eb.fn.countAll<number>().as('n')])
    .groupBy('r.branch_id')
    .as('rc');
  const children = db
    .selectFrom('units')
    .select((eb) => ['parent_id', eb.fn.countAll<number>().as('n')])
    .where('parent_id', 'is not', null)
    .groupBy('parent_id')
    .as('cc');
  const rows = await storedUnitQuery(db)
    .leftJoin(records, 'rc.branch_id', 'u.id')
    .leftJoin(children, 'cc.parent_id', 'u.id')
    .select(['p.name as parent_name', 'cc.n as child_count', 'rc.n as record_count'])
    .orderBy('u.code')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    parentCode: r.parent_code ?? null,
    parentName: r.parent_name ?? null,
    category: r.category,
    establishedOn: r.established_on,
    dissolvedOn: r.dissolved_on,
    hasGroups: r.has_groups === 1,
    childCount: Number(r.child_count ?? 0),
    recordCount: Number(r.record_count ?? 0),
  }));
}

/** A stored unit as the audit trail records it (column names, the parent by code). */
export interface TStoredUnit {
  id: number;
  code: string;
  name: string;
  kind: TUnitKind;
  parent_id: number | null;
  parent_code: string | null;
  category: TCategory | null;
  established_on: string;
  dissolved_on: string | null;
  has_groups: number;
}

function storedUnitQuery(db: DBOrTrx) {
  return db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.parent_id',
      'p.code as parent_code',
      'u.category',
      'u.established_on',
      'u.dissolved_on',
      'u.has_groups',
    ]);
}

function toStoredUnit(
  row: Awaited<ReturnType<ReturnType<typeof storedUnitQuery>['executeTakeFirstOrThrow']>>,
) {
  return {
    ...row,
    id: Number(row.id),
    parent_id: row.parent_id === null ? null : Number(row.parent_id),
    parent_code: row.parent_code ?? null,
  };
}

export async function readUnit(db: DBOrTrx, id: number): Promise<TStoredUnit | undefined> {
  const row = await storedUnitQuery(db).where('u.id', '=', id).executeTakeFirst();
  return row && toStoredUnit(row);
}

export async function readUnitByCode(db: DBOrTrx, code: string): Promise<TStoredUnit | undefined> {
  const row = await storedUnitQuery(db).where('u.code', '=', code).executeTakeFirst();
  return row && toStoredUnit(row);
}

/** The units above `id`, nearest first (the walk stops at a repeat, so a broken tree cannot loop). */
export async function listAncestorIds(db: DBOrTrx, id: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    with recursive up(id, depth) as (
      select parent_id, 1 from units where id = ${id} and parent_id is not null
      union
      select u.parent_id, up.depth + 1 from units u join up on u.id = up.id
      where u.parent_id is not null and up.depth < 64
    )
    select id from up order by depth`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** The unit's sessions and achievements dated outside `from`..`to` (to null: open): how many, first, last. */
export async function findRecordsOutside(
  db: DBOrTrx,
  { unitId, from, to }: { unitId: number; from: string; to: string | null },
): Promise<{ n: number; first: string | null; last: string | null }> {
  const { rows } = await sql<{ n: number; first: string | null; last: string | null }>`
    select count(*) as n, min(day) as first, max(day) as last from (
      select held_on as day from activities where branch_id = ${unitId}
      union all
      select achieved_on as day from achievements where branch_id = ${unitId}
    ) d
    where d.day < ${from} or d.day > ${to ?? '9999-12-31'}`.execute(db);
  const row = rows[0];
  return { n: Number(row?.n ?? 0), first: row?.first ?? null, last: row?.last ?? null };
}

/** Codes of the units directly under `unitId` that still exist after `day`. */
export async function listChildrenAfter(db: DBOrTrx, unitId: number, day: string): Promise<string[]> {
  const rows = await db
    .selectFrom('units')
    .select('code')
    .where('parent_id', '=', unitId)
    .where((eb) => eb.or([eb('dissolved_on', 'is', null), eb('dissolved_on', '>', day)]))
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

/** What refers to a unit, by kind; any of it makes the unit history that must not be deleted. */
export async function countUnitReferences(
  db: DBOrTrx,
  { id, code }: { id: number; code: string },
): Promise<{ records: number; children: number; goals: number; users: number }> {
  const { rows } = await sql<{ records: number; children: number; goals: number; users: number }>`
    select
      (select count(*) from members where branch_id = ${id})
        + (select count(*) from activities where branch_id = ${id})
        + (select count(*) from achievements where branch_id = ${id}) as records,
      (select count(*) from units where parent_id = ${id}) as children,
      (select count(*) from goals where scope_type = 'branch' and scope_ref = ${code}) as goals,
      (select count(*) from users where branch_id = ${id}) as users`.execute(db);
  const row = rows[0];
  return {
    records: Number(row?.records ?? 0),
    children: Number(row?.children ?? 0),
    goals: Number(row?.goals ?? 0),
    users: Number(row?.users ?? 0),
  };
}

export async function insertUnit(db: DBOrTrx, values: NewUnit): Promise<number> {
  const { id } = await db.insertInto('units').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function updateUnit(db: DBOrTrx, id: number, values: UnitUpdate): Promise<void> {
  await db.updateTable('units').set(values).where('id', '=', id).execute();
}

export async function deleteUnit(db: DBOrTrx, id: number): Promise<void> {
  await db.deleteFrom('units').where('id', '=', id).execute();
}
