/**
 * Periods and dates outside the engine's calendar are refused with a 400 in the caller's language, and
 * every date walk is bounded (issue 9.1: period 9999 once looped forever and killed the server).
 */
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { importPath } from '../../../server/import';
import { AppError } from '../../../shared/app-error';
import { CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY } from '../../../shared/schemas/date';
import { monthStartsBetween, resolveCountedRange, ZPeriodSchema } from '../../../shared/schemas/period';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { callerFor, viewer } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../../helpers/users';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));

/** The tRPC error code a call rejects with, or undefined when it resolves. */
async function refusal(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describeOnBothBackends('the calendar the engine knows', (createDb) => {
  let db: Kysely<Database>;
  let branchId: number;
  let app: AppServer;
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    branchId = (
      await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()
    ).id;
    const { user } = await createTestUser(db, { username: 'zhang', role: 'admin' });
    cookie = `pbd_session=${await sessionTokenFor(db, user.id)}`;
    ({ app, base } = await startTestApp({ db }));
  });
  afterAll(async () => {
    await closeTestApp(app);
  });

  /** A GET of a query procedure over real HTTP, as the dashboard sends it. */
  async function get(procedure: string, input: unknown, lang: 'zh' | 'en') {
    const url = `${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const res = await fetch(url, { headers: { cookie, 'x-lang': lang } });
    const body = (await res.json()) as { error?: { message: string } };
    return { status: res.status, message: body.error?.message ?? '' };
  }

  it('is exactly the migrated slot calendar', async () => {
    const { rows } = await sql<{ first: string; last: string }>`
      select min(start_on) as first, max(end_on) as last from calendar_slots`.execute(db);
    expect(rows[0]).toEqual({ first: CALENDAR_FIRST_DAY, last: CALENDAR_LAST_DAY });
  });

  it('refuses far-future and malformed periods and days with a 400 in the caller’s language', async () => {
    const caller = callerFor(db, viewer('admin'));
    const bad: { period: string; asOf?: string }[] = [
      { period: '9999', asOf: '9999-12-31' },
      { period: '9999' },
      { period: '0000' },
      { period: '+010000' },
      { period: '2101' },
      { period: '1989-Q4' },
      { period: '2100-12-31..2101-01-01' },
      { period: '1989-12-31..2025-01-01' },
      { period: '2025', asOf: '2101-01-01' },
      { period: '2025', asOf: '+010000-01-01' },
      { period: '2025', asOf: '0000-01-01' },
    ];
    for (const input of bad) {
      const what = JSON.stringify(input);
      const inZh = await get('metrics.branch', { ...input, branchId }, 'zh');
      expect(inZh.status, what).toBe(400);
      expect(inZh.message, what).toMatch(/[\u4e00-\u9fff]/);
      expect(inZh.message, what).not.toMatch(/must|dates|invalid/);
      const inEn = await get('overview.trend', input, 'en');
      expect(inEn.status, what).toBe(400);
      expect(inEn.message, what).not.toMatch(/[\u4e00-\u9fff]/);
      expect(await refusal(caller.metrics.branches(input)), what).toBe('BAD_REQUEST');
      expect(await refusal(caller.overview.kpis(input)), what).toBe('BAD_REQUEST');
      expect(await refusal(caller.overview.summary(input)), what).toBe('BAD_REQUEST');
    }
    expect((await get('overview.trend', { period: '9999' }, 'en')).message).toContain('1990 to 2100');
    expect((await get('overview.trend', { period: '9999' }, 'zh')).message).toContain('1990 年至 2100 年');
    // The server still answers at once afterwards.
    expect((await get('overview.trend', { period: '2025' }, 'zh')).status).toBe(200);
  });

  it('answers on the first and last supported days and over the whole calendar', async () => {
    const caller = callerFor(db, viewer('admin'));
    const first = await caller.metrics.branches({ period: '1990-01-01..1990-01-01' });
    expect(first.scope).toMatchObject({ start: '1990-01-01', asOf: '1990-01-01' });
    const last = await caller.overview.kpis({ period: '2100', asOf: '2100-12-31' });
    expect(last.scope).toMatchObject({ start: '2100-01-01', asOf: '2100-12-31' });
    // The whole calendar (111 years) in one range: a real answer, not a 500.
    const whole = `${CALENDAR_FIRST_DAY}..${CALENDAR_LAST_DAY}`;
    const trend = await caller.overview.trend({ period: whole, asOf: CALENDAR_LAST_DAY });
    expect(trend.points).toHaveLength(111 * 12);
    const sessions2025 = (await caller.metrics.branches({ period: '2025' })).total?.sessions;
    const allTime = await caller.metrics.branches({ period: whole, asOf: CALENDAR_LAST_DAY });
    expect(sessions2025).toBeGreaterThan(0);
    // The long range reads its 111 year slots as one grouped part: the same sums as year by year.
    let sumOfYears = 0;
    for (let year = 2015; year <= 2030; year++) {
      const full = { period: String(year), asOf: `${year}-12-31` };
      sumOfYears += (await caller.metrics.branches(full)).total?.sessions ?? 0;
    }
    expect(allTime.total?.sessions).toBe(sumOfYears);
    expect(
      (await caller.metrics.branch({ period: whole, asOf: CALENDAR_LAST_DAY, branchId })).scope.asOf,
    ).toBe(CALENDAR_LAST_DAY);
    expect((await caller.overview.kpis({ period: whole, asOf: CALENDAR_LAST_DAY })).scope.start).toBe(
      CALENDAR_FIRST_DAY,
    );
  });

  it('refuses out-of-calendar input also where no schema guards it (CLI, bench)', () => {
    expect(() => resolveCountedRange('9999', '9999-12-31', '2025-06-01')).toThrow(AppError);
    expect(() => resolveCountedRange('2025', '2101-01-01', '2025-06-01')).toThrow(AppError);
    expect(ZPeriodSchema.safeParse('2100').success).toBe(true);
    expect(ZPeriodSchema.safeParse('1990').success).toBe(true);
  });

  it('walks months a counted number of steps, also across year 9999', () => {
    expect(monthStartsBetween('2025-11-15', '2026-02-01')).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
    expect(monthStartsBetween('9999-12-01', '9999-12-31')).toEqual(['9999-12-01']);
    expect(monthStartsBetween('2025-03-10', '2025-03-10')).toEqual(['2025-03-01']);
  });
});
