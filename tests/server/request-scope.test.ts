/**
 * Two things every procedure shares (issue 10, items 3 and 4): an expected failure answers in the
 * caller's language only, mapped in one place (server/trpc.ts), and a read over a period resolves it
 * and refreshes the roll-ups once per call (`periodReadProcedure`), however many server functions it runs.
 */
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../server/db/database';
import { importPath } from '../../server/import';
import * as rollups from '../../server/metrics/rollups';
import * as period from '../../shared/schemas/period';
import { callerFor, viewer } from '../helpers/caller';
import { describeOnBothBackends } from '../helpers/test-db';

const fixture = fileURLToPath(new URL('../fixtures/mini/', import.meta.url));
const MISSING = 999_999;

let db: Kysely<Database>;
let xz01: number;

afterEach(() => {
  vi.restoreAllMocks();
});

describeOnBothBackends('request scope', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    xz01 = (await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow())
      .id;
  });

  describe('expected failures answer in the caller language only', () => {
    it.each([
      ['zh', '支部不存在'],
      ['en', 'No such branch'],
    ] as const)('metrics.branch of a missing branch (%s)', async (lang, message) => {
      await expect(
        callerFor(db, viewer('leader'), lang).metrics.branch({ period: '2025', branchId: MISSING }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message });
    });

    it.each([
      ['zh', '支部不存在'],
      ['en', 'No such branch'],
    ] as const)('records.slots of a missing branch (%s)', async (lang, message) => {
      await expect(
        callerFor(db, viewer('admin'), lang).records.slots({ period: '2025', branchId: MISSING }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message });
    });

    it('metrics.branch of a branch outside the period says when it was founded, never an internal id', async () => {
      // A period before XZ01 was founded answers with its name and founding date, nothing else.
      const { name, established_on: founded } = await db
        .selectFrom('units')
        .select(['name', 'established_on'])
        .where('id', '=', xz01)
        .executeTakeFirstOrThrow();
      const before = String(Number(founded.slice(0, 4)) - 1);
      await expect(
        callerFor(db, viewer('leader'), 'zh').metrics.branch({ period: before, branchId: xz01 }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `${name}成立于 ${founded}，${before} 统计期内尚未成立`,
      });
      await expect(
        callerFor(db, viewer('leader'), 'en').metrics.branch({ period: before, branchId: xz01 }),
      ).rejects.toMatchObject({ message: `${name} was founded on ${founded}, after the period ${before}` });
    });

    it.each([
      ['zh', '截止日期 2025-03-01 早于期间开始 2025-04-01'],
      ['en', "asOf 2025-03-01 is before the period's first day 2025-04-01"],
    ] as const)('a period refused by the engine (%s)', async (lang, message) => {
      await expect(
        callerFor(db, viewer('leader'), lang).overview.kpis({ period: '2025-Q2', asOf: '2025-03-01' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    });

    it.each([
      ['zh', '请先登录。', '没有权限执行此操作。'],
      ['en', 'Please sign in.', 'You are not allowed to do this.'],
    ] as const)('access refusals (%s)', async (lang, signIn, notAllowed) => {
      await expect(callerFor(db, null, lang).metrics.branches({ period: '2025' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        message: signIn,
      });
      await expect(callerFor(db, viewer('leader'), lang).users.list()).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: notAllowed,
      });
    });
  });

  describe('a period read resolves its period and refreshes the roll-ups once per call', () => {
    const request = { period: '2025', asOf: '2025-09-15' };
    it.each([
      ['metrics.branches', () => callerFor(db, viewer('leader')).metrics.branches(request)],
      [
        'metrics.branch',
        () => callerFor(db, viewer('leader')).metrics.branch({ ...request, branchId: xz01 }),
      ],
      ['overview.summary', () => callerFor(db, viewer('leader')).overview.summary(request)],
      ['overview.kpis', () => callerFor(db, viewer('leader')).overview.kpis(request)],
      ['overview.trend', () => callerFor(db, viewer('leader')).overview.trend(request)],
      ['records.slots', () => callerFor(db, viewer('admin')).records.slots({ ...request, branchId: xz01 })],
      [
        'records.activities',
        () => callerFor(db, viewer('admin')).records.activities({ ...request, branchId: xz01 }),
      ],
    ] as const)('%s', async (_, call) => {
      const refresh = vi.spyOn(rollups, 'refreshRollups');
      const resolve = vi.spyOn(period, 'resolveCountedRange');
      await call();
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(resolve).toHaveBeenCalledTimes(1);
    });
  });
});
