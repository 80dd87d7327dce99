/**
 * A secretary could rebuild the withheld figures of a few branches by subtracting two totals she was
 * given (issue 9.7): a category with and without a general-branch filter, or the college minus the
 * categories shown. Through the router: the smaller of such a pair is withheld now, the fixed sets of
 * ≥ 5 branches still answer, and admin and leader get every total as before.
 *
 *   faculty 8 = F1–F6 under general branch G + F7, F8 under the committee
 *   student 6 = S1–S6, all under general branch H
 *   admin 2, retired 2 + R3 founded on 2026-07-01 (under the committee)
 * To 30 June the college has 18 branches, to 31 December 19.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import type { TCategory } from '../../../shared/domain';
import { callerFor, viewer } from '../../helpers/caller';
import { createTestDb } from '../../helpers/test-db';
import { addActivity } from '../metrics/seed';

/** Before R3 exists: admin and retired are 4 branches. */
const PERIOD = { period: '2026', asOf: '2026-06-30' };
/** With R3: admin and retired are 5. */
const YEAR = { period: '2026', asOf: '2026-12-31' };

let db: Kysely<Database>;
let secretary: TAuthUser;
let leader: TAuthUser;
let admin: TAuthUser;
let unitG: number;
let unitH: number;
let committee: number;
/** Sessions held by each branch code (each branch a different number). */
const sessionsOf = new Map<string, number>();

async function addUnit(
  code: string,
  kind: 'committee' | 'general_branch' | 'branch',
  parentId: number | null,
  category: TCategory | null = null,
  establishedOn = '2020-01-01',
): Promise<number> {
  const { id } = await db
    .insertInto('units')
    .values({
      code,
      name: `${code}党组织`,
      kind,
      parent_id: parentId,
      category,
      established_on: establishedOn,
      dissolved_on: null,
      has_groups: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

beforeAll(async () => {
  db = await createTestDb();
  committee = await addUnit('DW', 'committee', null);
  unitG = await addUnit('ZZG', 'general_branch', committee);
  unitH = await addUnit('ZZH', 'general_branch', committee);
  const branches: [string, TCategory, number][] = [
    ...[1, 2, 3, 4, 5, 6].map((i): [string, TCategory, number] => [`F${i}`, 'faculty', unitG]),
    ['F7', 'faculty', committee],
    ['F8', 'faculty', committee],
    ...[1, 2, 3, 4, 5, 6].map((i): [string, TCategory, number] => [`S${i}`, 'student', unitH]),
    ['A1', 'admin', committee],
    ['A2', 'admin', committee],
    ['R1', 'retired', committee],
    ['R2', 'retired', committee],
    ['R3', 'retired', committee],
  ];
  let ownBranch = 0;
  for (const [index, [code, category, parent]] of branches.entries()) {
    const isNew = code === 'R3';
    const id = await addUnit(code, 'branch', parent, category, isNew ? '2026-07-01' : '2020-01-01');
    if (code === 'F1') ownBranch = id;
    sessionsOf.set(code, index + 1);
    for (let s = 0; s <= index; s++) {
      const month = String((isNew ? 7 : 1) + (s % 6)).padStart(2, '0');
      await addActivity(db, id, `2026-${month}-1${s % 10}`, 'theme_day');
    }
  }
  secretary = viewer('secretary', ownBranch, 3);
  leader = viewer('leader', null, 2);
  admin = viewer('admin', null, 1);
});

const sessions = (...codes: string[]) => codes.reduce((sum, code) => sum + (sessionsOf.get(code) ?? 0), 0);

describe('totals a secretary can subtract', () => {
  it('a category with and without a general-branch filter: the difference is two branches, so the second is withheld', async () => {
    const category = { ...PERIOD, category: 'faculty' as const };
    const filtered = { ...category, parentId: unitG };
    // Admin and leader: both totals, as before; their difference is F7 + F8.
    for (const user of [admin, leader]) {
      const whole = await callerFor(db, user).metrics.branches(category);
      const part = await callerFor(db, user).metrics.branches(filtered);
      expect(whole.total?.branches).toBe(8);
      expect(part.total?.branches).toBe(6);
      expect((whole.total?.sessions ?? 0) - (part.total?.sessions ?? 0)).toBe(sessions('F7', 'F8'));
    }
    // The secretary of F1: the category (a fixed set of 8) answers, the filtered 6 do not.
    const asSecretary = callerFor(db, secretary);
    const whole = await asSecretary.metrics.branches(category);
    const part = await asSecretary.metrics.branches(filtered);
    expect(whole.total?.branches).toBe(8);
    expect(part.total).toBeNull();
    expect(part.restricted.length + part.rows.length).toBe(6);
    // The general branch on its own is the same 6 branches: withheld too.
    expect((await asSecretary.metrics.branches({ ...PERIOD, parentId: unitG })).total).toBeNull();
  });

  it('the college minus the categories shown: a category is withheld while the rest is 1–4 branches', async () => {
    // To 30 June: college 18 − faculty 8 − student 6 would be admin and retired, 4 branches.
    const leaderView = callerFor(db, leader);
    const college = (await leaderView.metrics.branches(PERIOD)).total;
    const faculty = (await leaderView.metrics.branches({ ...PERIOD, category: 'faculty' })).total;
    const student = (await leaderView.metrics.branches({ ...PERIOD, category: 'student' })).total;
    expect((college?.sessions ?? 0) - (faculty?.sessions ?? 0) - (student?.sessions ?? 0)).toBe(
      sessions('A1', 'A2', 'R1', 'R2'),
    );
    const asSecretary = callerFor(db, secretary);
    expect((await asSecretary.metrics.branches(PERIOD)).total?.branches).toBe(18);
    expect((await asSecretary.metrics.branches({ ...PERIOD, category: 'faculty' })).total?.branches).toBe(8);
    expect((await asSecretary.metrics.branches({ ...PERIOD, category: 'student' })).total).toBeNull();
    expect((await asSecretary.metrics.branches({ ...PERIOD, parentId: unitH })).total).toBeNull();
    const overview = await asSecretary.overview.summary(PERIOD);
    expect(Object.keys(overview.byCategory)).toEqual(['faculty']);
  });

  it('the fixed sets of ≥ 5 branches still answer: the college, a category, a general branch', async () => {
    // To 31 December R3 exists: admin and retired are 5 branches, so student and H can answer.
    const asSecretary = callerFor(db, secretary);
    const college = await asSecretary.metrics.branches(YEAR);
    expect(college.total?.branches).toBe(19);
    expect(college.total?.sessions).toBe(sessions(...sessionsOf.keys()));
    expect((await asSecretary.metrics.branches({ ...YEAR, category: 'faculty' })).total?.branches).toBe(8);
    expect((await asSecretary.metrics.branches({ ...YEAR, category: 'student' })).total?.branches).toBe(6);
    expect((await asSecretary.metrics.branches({ ...YEAR, parentId: unitH })).total?.branches).toBe(6);
    const overview = await asSecretary.overview.summary(YEAR);
    expect(Object.keys(overview.byCategory).sort()).toEqual(['faculty', 'student']);
  });

  it('a category of fewer than 5 branches is withheld; so is the committee mixing categories', async () => {
    const asSecretary = callerFor(db, secretary);
    expect((await asSecretary.metrics.branches({ ...YEAR, category: 'admin' })).total).toBeNull();
    expect((await asSecretary.metrics.branches({ ...YEAR, category: 'retired' })).total).toBeNull();
    // Directly under the committee: F7, F8, A1, A2, R1–R3 (7), across categories: with the other
    // answers it would give F7 + F8 again.
    expect((await asSecretary.metrics.branches({ ...YEAR, parentId: committee })).total).toBeNull();
    const leaderView = await callerFor(db, leader).metrics.branches({ ...YEAR, parentId: committee });
    expect(leaderView.total?.branches).toBe(7);
  });

  it('admin and leader get every roll-up; the structure used for the rule never leaves the server', async () => {
    for (const user of [admin, leader]) {
      const overview = await callerFor(db, user).overview.summary(PERIOD);
      expect(Object.keys(overview.byCategory).sort()).toEqual(['admin', 'faculty', 'retired', 'student']);
      expect(overview).not.toHaveProperty('reported');
      expect(await callerFor(db, user).metrics.branches(PERIOD)).not.toHaveProperty('reported');
    }
    expect(await callerFor(db, secretary).overview.summary(PERIOD)).not.toHaveProperty('reported');
    expect(await callerFor(db, secretary).metrics.branches(PERIOD)).not.toHaveProperty('reported');
  });
});
