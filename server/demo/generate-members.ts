/**
 * The memberships of one branch over the window: people who were there before, join, leave,
 * transfer (a `left_on` here plus a new row elsewhere with the same code), students who graduate
 * every June, and the merge of a dissolved branch into its sibling.
 */
import type { TCategory, TMemberRole } from '../../shared/domain';
import { dayOf, toIsoDay, yearOfDay } from './days';
import { type BranchPlan, type CollegePlan, MODEL_BRANCH_SIZE } from './plan-units';
import type { Rng } from './prng';
import type { DemoMember } from './types';
import { GIVEN_NAME_CHARS, SURNAMES } from './vocabulary';

export interface PlannedMember {
  code: string;
  name: string;
  role: TMemberRole;
  joined: number;
  left: number | null;
}

export interface BranchContext {
  college: CollegePlan;
  branch: BranchPlan;
  rng: Rng;
  /** First and last day of the branch inside the window. */
  start: number;
  end: number;
  nextMemberCode(): string;
}

export interface BranchMembers {
  own: PlannedMember[];
  /** New rows in other branches for members who transferred out of this one. */
  transfersOut: DemoMember[];
  /** Days on which the student branch accepted a batch of new members (a general meeting). */
  intakeDays: number[];
}

const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 6));

export function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const given = rng.chance(0.3)
    ? rng.pick(GIVEN_NAME_CHARS)
    : rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS);
  return surname + given;
}

/** A branch of the same category (or `category`) that exists on `day` and can take a member in. */
function pickTransferTarget(ctx: BranchContext, category: TCategory, day: number): BranchPlan | null {
  const candidates = ctx.college.byCategory[category];
  for (let attempt = 0; attempt < 8 && candidates.length > 0; attempt++) {
    const t = ctx.rng.pick(candidates);
    if (t !== ctx.branch && !t.isModel && t.dissolved === null && t.established < day) return t;
  }
  return null;
}

function transferRow(
  member: PlannedMember,
  target: BranchPlan,
  joined: number,
  left: number | null,
): DemoMember {
  return {
    code: member.code,
    name: member.name,
    branch_code: target.unit.code,
    role: 'member',
    joined_on: toIsoDay(joined),
    left_on: left === null ? null : toIsoDay(left),
  };
}

function newMember(ctx: BranchContext, joined: number): PlannedMember {
  return { code: ctx.nextMemberCode(), name: personName(ctx.rng), role: 'member', joined, left: null };
}

/** Secretary, deputy and committee members among those who stay the whole window. */
function assignRoles(ctx: BranchContext, members: PlannedMember[]): void {
  const stayers = members.filter((m) => m.left === null && m.joined <= ctx.start);
  const pool = stayers.length >= 3 ? stayers : members;
  const committeeSize = members.length >= 10 ? ctx.rng.int(3, 5) : 3;
  const chosen = ctx.rng.sample(pool, committeeSize);
  chosen.forEach((m, i) => {
    m.role = i === 0 ? 'secretary' : i === 1 && members.length >= 10 ? 'deputy' : 'committee';
  });
}

function dayInYear(ctx: BranchContext, year: number, lo: number, hi: number): number | null {
  const a = Math.max(lo, dayOf(year, 1, 1), ctx.start);
  const b = Math.min(hi, dayOf(year, 12, 31), ctx.end);
  return a <= b ? ctx.rng.int(a, b) : null;
}

/** Staff and retired branches: a stable core, a few joining and leaving each year. */
function staffMembers(ctx: BranchContext, out: BranchMembers): void {
  const { branch, rng } = ctx;
  const isFounded = branch.established >= ctx.college.from;
  for (let i = 0; i < branch.size; i++) {
    const joined = isFounded ? branch.established : rng.int(branch.established, ctx.college.from - 1);
    out.own.push(newMember(ctx, joined));
  }
  assignRoles(ctx, out.own);
  const leaveRate = branch.category === 'retired' ? 0.03 : 0.05;
  for (let year = yearOfDay(ctx.start); year <= yearOfDay(ctx.end); year++) {
    for (const m of out.own.slice()) {
      if (m.left !== null || m.role !== 'member' || !rng.chance(leaveRate)) continue;
      const day = dayInYear(ctx, year, m.joined + 30, ctx.end - 1);
      if (day === null) continue;
      m.left = day;
      const toRetired = branch.category !== 'retired' && rng.chance(0.3);
      const target = rng.chance(0.55)
        ? pickTransferTarget(ctx, toRetired ? 'retired' : branch.category, day + 1)
        : null;
      if (target && day + 1 <= ctx.college.today)
        out.transfersOut.push(transferRow(m, target, day + 1, null));
    }
    const joins = rng.binomial(branch.size, 0.05);
    for (let j = 0; j < joins; j++) {
      const day = dayInYear(ctx, year, ctx.start, ctx.end);
      if (day !== null) out.own.push(newMember(ctx, day));
    }
  }
}

/** Student branches: a teacher as secretary, students accepted in batches, graduating on 30 June. */
function studentMembers(ctx: BranchContext, out: BranchMembers): void {
  const { branch, rng, college } = ctx;
  const isFounded = branch.established >= college.from;
  const firstYear = yearOfDay(college.from);
  const graduate = (m: PlannedMember, year: number) => {
    const day = dayOf(year, 6, 30);
    if (day <= college.today && day >= m.joined) m.left = day;
  };
  const adviser = newMember(
    ctx,
    isFounded ? branch.established : rng.int(branch.established, college.from - 1),
  );
  out.own.push(adviser);
  for (let i = 1; i < branch.size; i++) {
    const joined = isFounded
      ? branch.established
      : rng.int(Math.max(branch.established, college.from - 900), college.from - 1);
    const m = newMember(ctx, joined);
    graduate(m, Math.max(firstYear, yearOfDay(joined) + rng.int(1, 3)));
    out.own.push(m);
  }
  assignRoles(ctx, out.own);
  adviser.role = 'secretary';
  for (const m of out.own) if (m !== adviser && m.role === 'secretary') m.role = 'committee';

  const perBatch = Math.max(1, Math.round(branch.size / 5));
  for (let year = yearOfDay(ctx.start); year <= yearOfDay(ctx.end); year++) {
    for (const [lo, hi] of [
      [dayOf(year, 5, 20), dayOf(year, 6, 15)],
      [dayOf(year, 11, 10), dayOf(year, 12, 20)],
    ] as const) {
      const day = dayInYear(ctx, year, lo, hi);
      if (day === null) continue;
      out.intakeDays.push(day);
      for (let j = rng.int(perBatch - 1, perBatch + 2); j > 0; j--) {
        const m = newMember(ctx, day);
        graduate(m, year + rng.int(1, 3));
        out.own.push(m);
      }
    }
  }
  // Some undergraduates go on to postgraduate study in the same university.
  // (Not from a branch that is dissolved: its members move with the merge instead.)
  if (branch.studentLevel === '本科生' && branch.dissolved === null) {
    for (const m of out.own) {
      if (m.left === null || !rng.chance(0.15)) continue;
      const start = dayOf(yearOfDay(m.left), 9, 1);
      const target = start <= college.today ? pickTransferTarget(ctx, 'student', start) : null;
      if (target?.studentLevel === '研究生') out.transfersOut.push(transferRow(m, target, start, null));
    }
  }
}

/** 行政第一党支部: 16 members today from 党政办 and 对外交流部, two who left during the window. */
function modelMembers(ctx: BranchContext, out: BranchMembers): void {
  const { branch, rng, college } = ctx;
  const lastDay = college.today - 1;
  const oldJoin = () => rng.int(branch.established, Math.max(branch.established, college.from - 100));
  for (let i = 0; i < MODEL_BRANCH_SIZE - 2; i++) out.own.push(newMember(ctx, oldJoin()));
  for (let i = 0; i < 2; i++) out.own.push(newMember(ctx, rng.int(Math.min(college.from, lastDay), lastDay)));
  const roles: TMemberRole[] = ['secretary', 'deputy', 'committee', 'committee', 'committee'];
  roles.forEach((role, i) => {
    (out.own[i] as PlannedMember).role = role;
  });
  for (const category of ['retired', 'admin'] as const) {
    const m = newMember(ctx, oldJoin());
    m.left = Math.max(m.joined, rng.int(Math.min(college.from, lastDay), lastDay));
    out.own.push(m);
    const target = pickTransferTarget(ctx, category, m.left + 1);
    if (target) out.transfersOut.push(transferRow(m, target, m.left + 1, null));
  }
}

/** On dissolution everyone leaves; most move to the sibling branch the old one merged into. */
function dissolve(ctx: BranchContext, out: BranchMembers): void {
  const { branch, college } = ctx;
  if (branch.dissolved === null) return;
  const target = branch.mergeTargetCode ? college.byCode.get(branch.mergeTargetCode) : undefined;
  for (const m of out.own) {
    if (m.left !== null && m.left <= branch.dissolved) continue;
    m.left = branch.dissolved;
    const next = branch.dissolved + 1;
    if (target && next <= college.today && ctx.rng.chance(0.85))
      out.transfersOut.push(transferRow(m, target, next, null));
  }
}

export function generateMembers(ctx: BranchContext): BranchMembers {
  const out: BranchMembers = { own: [], transfersOut: [], intakeDays: [] };
  if (ctx.branch.isModel) modelMembers(ctx, out);
  else if (ctx.branch.category === 'student') studentMembers(ctx, out);
  else staffMembers(ctx, out);
  // Nobody joins after the branch is gone or after today.
  out.own = out.own.filter((m) => m.joined <= ctx.end);
  dissolve(ctx, out);
  return out;
}

export function toMemberRow(branchCode: string, m: PlannedMember): DemoMember {
  return {
    code: m.code,
    name: m.name,
    branch_code: branchCode,
    role: m.role,
    joined_on: toIsoDay(m.joined),
    left_on: m.left === null ? null : toIsoDay(m.left),
  };
}
