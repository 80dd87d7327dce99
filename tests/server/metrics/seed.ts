/** Direct inserts for focused metric tests (the fixture test goes through the importer). */
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/database';
import type { TActivityType, TCategory, TFormat, TModule } from '../../../shared/domain';

export async function addBranch(
  db: Kysely<Database>,
  code: string,
  opts: { category?: TCategory; est?: string; dis?: string | null; groups?: boolean } = {},
): Promise<number> {
  const { id } = await db
    .insertInto('units')
    .values({
      code,
      name: `${code}支部`,
      kind: 'branch',
      parent_id: null,
      category: opts.category ?? 'faculty',
      established_on: opts.est ?? '2020-01-01',
      dissolved_on: opts.dis ?? null,
      has_groups: opts.groups ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function addMember(
  db: Kysely<Database>,
  branchId: number,
  code: string,
  joined = '2020-01-01',
  left: string | null = null,
) {
  await db
    .insertInto('members')
    .values({ code, name: code, branch_id: branchId, role: 'member', joined_on: joined, left_on: left })
    .execute();
}

let seq = 0;
export async function addActivity(
  db: Kysely<Database>,
  branchId: number,
  heldOn: string,
  type: TActivityType,
  opts: {
    formats?: TFormat[];
    modules?: TModule[];
    sharers?: string[];
    expected?: number;
    attended?: number;
    bySecretary?: boolean;
    integrated?: boolean;
    ritual?: boolean;
  } = {},
): Promise<number> {
  const { id } = await db
    .insertInto('activities')
    .values({
      branch_id: branchId,
      held_on: heldOn,
      type,
      title: `t${++seq}`,
      expected: opts.expected ?? null,
      attended: opts.attended ?? null,
      integrated_with_work: opts.integrated ? 1 : 0,
      oath_renewed: opts.ritual ? 1 : 0,
      dues_collected: opts.ritual ? 1 : 0,
      by_secretary: opts.bySecretary ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const format of opts.formats ?? [])
    await db.insertInto('activity_formats').values({ activity_id: id, format }).execute();
  for (const module of opts.modules ?? [])
    await db.insertInto('activity_modules').values({ activity_id: id, module }).execute();
  for (const code of opts.sharers ?? [])
    await db.insertInto('activity_sharers').values({ activity_id: id, member_code: code }).execute();
  return id;
}

/** Every required slot of one year for a branch without party groups (all met). */
export async function addFullYear(db: Kysely<Database>, branchId: number, year: number) {
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    await addActivity(db, branchId, `${year}-${mm}-10`, 'committee_meeting');
    await addActivity(db, branchId, `${year}-${mm}-12`, 'theme_day', { ritual: true });
    if (m % 3 === 0) {
      await addActivity(db, branchId, `${year}-${mm}-14`, 'general_meeting');
      await addActivity(db, branchId, `${year}-${mm}-16`, 'party_lecture', { bySecretary: m === 12 });
    }
  }
  await addActivity(db, branchId, `${year}-12-20`, 'org_life_meeting');
  await addActivity(db, branchId, `${year}-12-21`, 'democratic_appraisal');
}
