/**
 * Two confirmations at once from two app processes on one PostgreSQL database (issue 13): each process
 * runs one import at a time, but nothing stops two processes from confirming two previews together.
 * Both previewed the same data; whichever commits second must find it changed and be refused, writing
 * nothing — not overwrite the first one's change with what its own preview showed. Two pools stand for
 * the two processes.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { importPath, previewPath } from '../../../server/import';
import { AppError } from '../../../shared/app-error';
import { setUpTestPostgres } from '../../helpers/postgres';
import { editLine, MINI_DIR, miniCopy, setField } from './import-helpers';

const pg = setUpTestPostgres();
const ADMIN = { user: null, procedure: 'import' } as const;
let processA: Kysely<Database>;
let processB: Kysely<Database>;

beforeAll(async () => {
  const url = await pg.createDatabaseUrl();
  processA = await openDatabase({ url });
  processB = await openDatabase({ url, migrate: false });
  expect((await importPath(processA, MINI_DIR)).ok).toBe(true);
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([processA?.destroy(), processB?.destroy()]);
});

/** The mini fixture with the college's attendance goal for 2025 (目标.csv row 3, now 0.9) set to `value`. */
const withAttendanceGoal = (value: string) =>
  miniCopy({ '目标.csv': (t) => editLine(t, 3, (l) => setField(l, 3, value)) });

async function attendanceGoal(): Promise<number> {
  const row = await processA
    .selectFrom('goals')
    .select('target')
    .where('year', '=', 2025)
    .where('metric', '=', 'attendanceRate')
    .where('scope_type', '=', 'all')
    .executeTakeFirstOrThrow();
  return Number(row.target);
}

describe('two confirmations of previews of the same data, through two processes at once', () => {
  it('commits one and refuses the other as changed since its preview, which writes nothing', async () => {
    const fileA = withAttendanceGoal('0.92');
    const fileB = withAttendanceGoal('0.95');
    const previewA = await previewPath(processA, fileA, { actor: ADMIN });
    const previewB = await previewPath(processB, fileB, { actor: ADMIN });
    expect(previewA.version).toBe(previewB.version);
    expect(previewA.counts.goals.updated).toBe(1);
    expect(previewB.counts.goals.updated).toBe(1);

    const outcomes = await Promise.allSettled([
      importPath(processA, fileA, {
        actor: ADMIN,
        expect: { version: previewA.version, counts: previewA.counts },
      }),
      importPath(processB, fileB, {
        actor: ADMIN,
        expect: { version: previewB.version, counts: previewB.counts },
      }),
    ]);
    const committed = outcomes.flatMap((o, i) => (o.status === 'fulfilled' && o.value.ok ? [i] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(committed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(AppError);
    expect((refused[0] as AppError).code).toBe('CONFLICT');
    expect((refused[0] as AppError).messageIn('zh')).toContain('预览之后数据已被修改');
    // The winner's value stands; the refused import left nothing behind.
    expect(await attendanceGoal()).toBe(committed[0] === 0 ? 0.92 : 0.95);
    expect((await processA.selectFrom('import_runs').select('id').execute()).length).toBe(2);
  });
});
