import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/database';

/** A committee with two branches, XZ01 (行政第一党支部) and JG01, each with one member and one activity. */
export async function seedTwoBranches(db: Kysely<Database>): Promise<{ branchA: number; branchB: number }> {
  const committee = await db
    .insertInto('units')
    .values({
      code: 'DW',
      name: '党委',
      kind: 'committee',
      parent_id: null,
      category: null,
      established_on: '2020-01-01',
      has_groups: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [code, name, category] of [
    ['XZ01', '行政第一党支部', 'admin'],
    ['JG01', '教工第一党支部', 'faculty'],
  ] as const) {
    const { id } = await db
      .insertInto('units')
      .values({
        code,
        name,
        kind: 'branch',
        parent_id: committee.id,
        category,
        established_on: '2020-01-01',
        has_groups: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    await db
      .insertInto('members')
      .values({
        code: `${code}-M1`,
        name: `${name}党员`,
        branch_id: id,
        role: 'member',
        joined_on: '2020-01-01',
      })
      .execute();
    await db
      .insertInto('activities')
      .values({
        branch_id: id,
        held_on: '2026-03-01',
        type: 'theme_day',
        title: `${name}主题党日`,
        expected: null,
        attended: null,
        integrated_with_work: 0,
        oath_renewed: 0,
        dues_collected: 0,
        by_secretary: 0,
        notes: null,
      })
      .execute();
  }
  return { branchA: ids[0] as number, branchB: ids[1] as number };
}

export const CLI_ACTOR = { user: null, procedure: 'test' } as const;
