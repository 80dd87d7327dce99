/**
 * Loads the demo college straight into the database: one transaction, batched multi-row inserts,
 * one branch generated at a time. Only into a database without units, so real data is never mixed
 * with invented data.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { restartIdentityAfterMax } from '../metrics/dialect';
import { BatchInserter } from './batch-insert';
import { generateDemo } from './generator';
import type { DemoCounts, DemoOptions, DemoSummary } from './types';

const bit = (b: boolean) => (b ? 1 : 0);

export class DemoTargetNotEmptyError extends Error {
  constructor(units: number) {
    super(
      `数据库中已有 ${units} 个组织，演示数据只载入空数据库；请换一个 DATABASE_URL 或先清空数据库 / ` +
        `the database already has ${units} units; demo data is only loaded into an empty database`,
    );
    this.name = 'DemoTargetNotEmptyError';
  }
}

async function nextId(db: Kysely<Database>, table: 'units' | 'activities'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function loadDemo(db: Kysely<Database>, opts: DemoOptions = {}): Promise<DemoSummary> {
  const data = generateDemo(opts);
  const existing = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) throw new DemoTargetNotEmptyError(Number(existing?.n));

  const counts = await db.transaction().execute(async (trx) => {
    // Ids are assigned here so that children can reference rows not yet flushed.
    let unitId = await nextId(trx, 'units');
    let activityId = await nextId(trx, 'activities');
    const unitIds = new Map<string, number>();

    const units = new BatchInserter(trx, 'units', [
      'id',
      'code',
      'name',
      'kind',
      'parent_id',
      'category',
      'established_on',
      'dissolved_on',
      'has_groups',
    ]);
    for (const u of data.units) {
      const id = unitId++;
      unitIds.set(u.code, id);
      const parentId = u.parent_code === null ? null : (unitIds.get(u.parent_code) ?? null);
      await units.add([
        id,
        u.code,
        u.name,
        u.kind,
        parentId,
        u.category,
        u.established_on,
        u.dissolved_on,
        bit(u.has_groups),
      ]);
    }
    await units.flush();

    const branchId = (code: string) => {
      const id = unitIds.get(code);
      if (id === undefined)
        throw new Error(
          `演示数据内部错误：未知支部 ${code} / demo generator produced unknown branch ${code}`,
        );
      return id;
    };
    const members = new BatchInserter(trx, 'members', [
      'code',
      'name',
      'branch_id',
      'role',
      'joined_on',
      'left_on',
    ]);
    const activities = new BatchInserter(trx, 'activities', [
      'id',
      'branch_id',
      'held_on',
      'type',
      'title',
      'expected',
      'attended',
      'integrated_with_work',
      'oath_renewed',
      'dues_collected',
      'by_secretary',
      'notes',
    ]);
    const formats = new BatchInserter(trx, 'activity_formats', ['activity_id', 'format'], activities);
    const modules = new BatchInserter(trx, 'activity_modules', ['activity_id', 'module'], activities);
    const sharers = new BatchInserter(trx, 'activity_sharers', ['activity_id', 'member_code'], activities);
    const achievements = new BatchInserter(trx, 'achievements', [
      'branch_id',
      'achieved_on',
      'kind',
      'title',
      'level',
      'hours',
      'participants',
      'notes',
    ]);

    for (const rows of data.branches()) {
      for (const m of rows.members) {
        await members.add([m.code, m.name, branchId(m.branch_code), m.role, m.joined_on, m.left_on]);
      }
      for (const a of rows.activities) {
        const id = activityId++;
        await activities.add([
          id,
          branchId(a.branch_code),
          a.held_on,
          a.type,
          a.title,
          a.expected,
          a.attended,
          bit(a.integrated_with_work),
          bit(a.oath_renewed),
          bit(a.dues_collected),
          bit(a.by_secretary),
          a.notes,
        ]);
        for (const f of a.formats) await formats.add([id, f]);
        for (const m of a.modules) await modules.add([id, m]);
        for (const s of a.sharers) await sharers.add([id, s]);
      }
      for (const a of rows.achievements) {
        await achievements.add([
          branchId(a.branch_code),
          a.achieved_on,
          a.kind,
          a.title,
          a.level,
          a.hours,
          a.participants,
          a.notes,
        ]);
      }
    }
    for (const inserter of [members, activities, formats, modules, sharers, achievements])
      await inserter.flush();

    const goals = new BatchInserter(trx, 'goals', ['year', 'scope_type', 'scope_ref', 'metric', 'target']);
    for (const g of data.goals) {
      const ref = g.scope.type === 'all' ? '' : g.scope.type === 'category' ? g.scope.category : g.scope.code;
      await goals.add([g.year, g.scope.type, ref, g.metric, g.target]);
    }
    await goals.flush();
    // Units and activities were written with the ids assigned above: the next row the app or an import
    // adds must get an id after them (PostgreSQL's identity sequence does not follow explicit ids).
    await restartIdentityAfterMax(trx, 'units', 'id');
    await restartIdentityAfterMax(trx, 'activities', 'id');

    return {
      units: units.total,
      members: members.total,
      activities: activities.total,
      activity_formats: formats.total,
      activity_modules: modules.total,
      activity_sharers: sharers.total,
      achievements: achievements.total,
      goals: goals.total,
    } satisfies DemoCounts;
  });
  return { options: data.options, counts };
}
