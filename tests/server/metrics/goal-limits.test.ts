/**
 * Goal targets and index weights are bounded by the shared schema (issue 9.7): setGoal once stored
 * 1e308 hours and setWeights all zeros (no metric left in the index). Refused with a 400 in the caller's
 * language, nothing stored and nothing audited; valid values still saved.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { DEFAULT_WEIGHTS, METRIC_KEYS, type TMetricKey } from '../../../shared/metric-keys';
import { GOAL_INPUT_MESSAGES, type TSetGoalInput } from '../../../shared/schemas/goals';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { callerFor } from '../../helpers/caller';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser, sessionTokenFor } from '../../helpers/users';

let db: Kysely<Database>;
let admin: TAuthUser;
let app: AppServer;
let base: string;
let cookie: string;

beforeAll(async () => {
  db = await createTestDb();
  admin = (await createTestUser(db, { username: 'admin', role: 'admin' })).user;
  cookie = `pbd_session=${await sessionTokenFor(db, admin.id)}`;
  ({ app, base } = await startTestApp({ db }));
});

afterAll(async () => {
  await closeTestApp(app);
  await db.destroy();
});

/** A mutation over real HTTP, as the goals page sends it: the status and the message the user reads. */
async function mutate(procedure: string, input: unknown, lang: 'zh' | 'en') {
  const res = await fetch(`${base}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-lang': lang },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message ?? '' };
}

/** What setGoal / setWeights write: goals, weights and their audit rows. */
async function stored() {
  return {
    goals: await db.selectFrom('goals').selectAll().orderBy('metric').execute(),
    weights: await db.selectFrom('metric_weights').selectAll().orderBy('year').orderBy('metric').execute(),
    audit: await db.selectFrom('audit_log').select('id').execute(),
  };
}

/** The refusal of an in-process call: its tRPC code and the message the formatter would pick. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const { code, cause } = error as { code: string; cause?: { issues?: { params?: unknown }[] } };
    return { code, params: cause?.issues?.[0]?.params };
  }
  return { code: 'OK', params: undefined };
}

const goal = (metric: TMetricKey, target: number | null): TSetGoalInput => ({
  year: 2026,
  scope: { type: 'all' },
  metric,
  target,
});

describe('setGoal bounds the target by the metric', () => {
  it('refuses 1e308, −1, 150 % and NaN with a 400 in the caller language, storing nothing', async () => {
    const before = await stored();
    const cases: [TSetGoalInput, { zh: string; en: string }][] = [
      [
        goal('volunteerHours', 1e308),
        {
          zh: '「志愿服务时长」的年度目标应在 0–100000 之间',
          en: 'The yearly target of Volunteer hours must be between 0 and 100,000',
        },
      ],
      [goal('sessions', 1001), { zh: '「组织生活次数」的年度目标应在 0–1000 之间', en: 'Sessions' }],
      [goal('awards', -1), GOAL_INPUT_MESSAGES.targetNegative],
      [goal('complianceRate', 1.5), GOAL_INPUT_MESSAGES.targetRate],
      [goal('sharingCoverage', 1.0001), GOAL_INPUT_MESSAGES.targetRate],
      [goal('formatCount', 8), { zh: '「活动形式数」的年度目标应在 0–7 之间', en: 'Formats used' }],
    ];
    for (const [input, message] of cases) {
      const what = `${input.metric} ${input.target}`;
      const zh = await mutate('goals.set', input, 'zh');
      expect(zh.status, what).toBe(400);
      expect(zh.message, what).toBe(`输入有误: target — ${message.zh}`);
      const en = await mutate('goals.set', input, 'en');
      expect(en.status, what).toBe(400);
      expect(en.message, what).toContain(`Invalid input: target — `);
      expect(en.message, what).toContain(message.en);
      expect(en.message, what).not.toMatch(/[\u4e00-\u9fff]/);
    }
    // NaN and ±Infinity do not survive JSON: refused in-process, with the same message.
    const caller = callerFor(db, admin);
    for (const target of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(await refusal(caller.goals.set(goal('sessions', target))), String(target)).toEqual({
        code: 'BAD_REQUEST',
        params: GOAL_INPUT_MESSAGES.targetNotNumber,
      });
    }
    expect(await stored()).toEqual(before);
  });

  it('still saves targets up to the bound, and removes a goal with null', async () => {
    const caller = callerFor(db, admin);
    await caller.goals.set(goal('volunteerHours', 100_000));
    await caller.goals.set(goal('complianceRate', 1));
    await caller.goals.set(goal('formatCount', 7));
    await caller.goals.set(goal('attendanceRate', 0));
    const targets = Object.fromEntries(
      (await stored()).goals.map((g) => [g.metric, Number(g.target)] as const),
    );
    expect(targets).toEqual({
      volunteerHours: 100_000,
      complianceRate: 1,
      formatCount: 7,
      attendanceRate: 0,
    });
    await caller.goals.set(goal('attendanceRate', null));
    expect((await stored()).goals.map((g) => g.metric)).not.toContain('attendanceRate');
  });
});

describe('setWeights keeps an index possible', () => {
  it('refuses all zeros (a 400 in the caller language), leaving the weights as they were', async () => {
    const before = await stored();
    const zeros = Object.fromEntries(METRIC_KEYS.map((k) => [k, 0]));
    const zh = await mutate('goals.setWeights', { year: 2025, weights: zeros }, 'zh');
    expect(zh).toEqual({ status: 400, message: GOAL_INPUT_MESSAGES.weightSum.zh });
    const en = await mutate('goals.setWeights', { year: 2025, weights: zeros }, 'en');
    expect(en).toEqual({ status: 400, message: GOAL_INPUT_MESSAGES.weightSum.en });
    // Only the weighted metrics set to 0 is the same set: refused too.
    const weighted = Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, 0]));
    expect(
      (await refusal(callerFor(db, admin).goals.setWeights({ year: 2025, weights: weighted }))).code,
    ).toBe('BAD_REQUEST');
    expect(await stored()).toEqual(before);
  });

  it('refuses a negative, too large or non-finite weight, leaving the weights as they were', async () => {
    const before = await stored();
    const inZh = await mutate('goals.setWeights', { year: 2025, weights: { complianceRate: -1 } }, 'zh');
    expect(inZh).toEqual({
      status: 400,
      message: `输入有误: weights.complianceRate — ${GOAL_INPUT_MESSAGES.weightRange.zh}`,
    });
    const inEn = await mutate('goals.setWeights', { year: 2025, weights: { awards: 1001 } }, 'en');
    expect(inEn).toEqual({
      status: 400,
      message: `Invalid input: weights.awards — ${GOAL_INPUT_MESSAGES.weightRange.en}`,
    });
    const caller = callerFor(db, admin);
    for (const weight of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await refusal(caller.goals.setWeights({ year: 2025, weights: { ritualRate: weight } }))).toEqual(
        {
          code: 'BAD_REQUEST',
          params: GOAL_INPUT_MESSAGES.weightNotNumber,
        },
      );
    }
    expect(await stored()).toEqual(before);
  });

  it('still takes out one metric, or all but one, as long as a weight above 0 is left', async () => {
    const caller = callerFor(db, admin);
    await caller.goals.setWeights({ year: 2025, weights: { ritualRate: 0 } });
    const allButOne = Object.fromEntries(METRIC_KEYS.map((k) => [k, k === 'complianceRate' ? 1 : 0]));
    await caller.goals.setWeights({ year: 2025, weights: allButOne });
    const weights = Object.fromEntries(
      (await stored()).weights.filter((w) => w.year === 2025).map((w) => [w.metric, Number(w.weight)]),
    );
    expect(weights.complianceRate).toBe(1);
    expect(weights.ritualRate).toBe(0);
    // The last weight above 0 cannot go on its own either.
    expect(
      (await refusal(caller.goals.setWeights({ year: 2025, weights: { complianceRate: 0 } }))).code,
    ).toBe('BAD_REQUEST');
  });
});
