/**
 * The organisation chart of the demo college and each branch's "character" (how diligent, which
 * formats it likes, …). Planned up front from the seed alone, because transfers need to know every
 * branch's lifetime before any branch's rows are generated.
 */
import { FORMATS, type TCategory, type TFormat } from '../../shared/domain';
import { dayOf, toIsoDay, yearOfDay } from './days';
import { createRng, type Rng } from './prng';
import type { DemoUnit, TResolvedDemoOptions } from './types';
import { ADMIN_OFFICES, COLLEGES, chineseNumber } from './vocabulary';

export const COMMITTEE_CODE = 'DW';
export const MODEL_BRANCH_CODE = 'XZ01';
/** 行政第一党支部 has exactly this many members on `today` (domain.md). */
export const MODEL_BRANCH_SIZE = 16;

const CODE_PREFIX: Record<TCategory, string> = { admin: 'XZ', faculty: 'JG', student: 'XS', retired: 'LT' };
/** Share of branches per category, roughly that of a medical university. */
const CATEGORY_SHARE: Record<TCategory, number> = { admin: 0.2, faculty: 0.4, student: 0.3, retired: 0.1 };
/** A general branch holds about this many faculty and student branches once the college is large. */
const BRANCHES_PER_GENERAL_BRANCH = 25;

export interface BranchPlan {
  index: number;
  unit: DemoUnit;
  category: TCategory;
  /** The college (党总支 name without suffix) for faculty and student branches. */
  college: string | null;
  studentLevel: '本科生' | '研究生' | null;
  established: number;
  dissolved: number | null;
  hasGroups: boolean;
  groupCount: number;
  /** Members on the first day of the window (or at founding). */
  size: number;
  /** Probability of holding each required activity (工作欠账 when it fails). */
  diligence: number;
  attendance: number;
  ritual: number;
  integration: number;
  formats: TFormat[];
  moduleWeights: [number, number, number];
  isModel: boolean;
  /** Where the members of a dissolved branch go. */
  mergeTargetCode: string | null;
  seed: number;
}

export interface CollegePlan {
  options: TResolvedDemoOptions;
  from: number;
  today: number;
  units: DemoUnit[];
  branches: BranchPlan[];
  byCode: Map<string, BranchPlan>;
  byCategory: Record<TCategory, BranchPlan[]>;
}

function splitCategories(total: number): Record<TCategory, number> {
  const counts = { admin: 1, faculty: 0, student: 0, retired: 0 } as Record<TCategory, number>;
  // Largest-remainder split of the rest, admin already holding XZ01.
  const rest = total - 1;
  const order: TCategory[] = ['faculty', 'student', 'retired', 'admin'];
  let assigned = 0;
  for (const c of order) {
    const n = Math.floor(rest * CATEGORY_SHARE[c]);
    counts[c] += n;
    assigned += n;
  }
  for (let i = 0; assigned < rest; i++, assigned++) {
    const c = order[i % order.length] as TCategory;
    counts[c] += 1;
  }
  return counts;
}

function formatSet(rng: Rng): TFormat[] {
  const size = rng.weighted([1, 2, 3, 4, 5, 6, 7], [6, 9, 14, 18, 18, 15, 20]);
  // Reading and discussion are what almost every branch starts with.
  const ranked = [
    'reading',
    'discussion',
    ...rng.sample(
      FORMATS.keys.filter((f) => f !== 'reading' && f !== 'discussion'),
      5,
    ),
  ];
  return ranked.slice(0, size) as TFormat[];
}

function diligence(rng: Rng): number {
  const tier = rng.weighted(['good', 'medium', 'weak'], [6, 3, 1]);
  if (tier === 'good') return rng.float(0.93, 1);
  if (tier === 'medium') return rng.float(0.78, 0.93);
  return rng.float(0.5, 0.78);
}

/** Picks a day in [lo, hi], avoiding the 1st of a month so that a founding leaves that month unowed. */
function pickMidMonthDay(rng: Rng, lo: number, hi: number): number {
  const day = hi <= lo ? lo : rng.int(lo, hi);
  const iso = toIsoDay(day);
  return iso.endsWith('-01') ? day + rng.int(9, 16) : day;
}

export function planCollege(options: TResolvedDemoOptions): CollegePlan {
  const rng = createRng(options.seed);
  const from = dayOf(Number(options.from.slice(0, 4)), 1, 1);
  const today = dayOf(
    Number(options.today.slice(0, 4)),
    Number(options.today.slice(5, 7)),
    Number(options.today.slice(8, 10)),
  );
  const firstYear = yearOfDay(from);
  const committeeYear = Math.min(2005, firstYear - 10);

  const counts = splitCategories(options.branches);
  const collegeBranches = counts.faculty + counts.student;
  const generalCount =
    options.branches <= 200
      ? COLLEGES.length
      : Math.max(COLLEGES.length, Math.ceil(collegeBranches / BRANCHES_PER_GENERAL_BRANCH));

  const units: DemoUnit[] = [
    {
      code: COMMITTEE_CODE,
      name: '学校党委',
      kind: 'committee',
      parent_code: null,
      category: null,
      established_on: `${committeeYear}-07-01`,
      dissolved_on: null,
      has_groups: false,
    },
  ];
  const generals: { code: string; college: string; established: number }[] = [];
  const codeWidth = Math.max(2, String(generalCount).length);
  for (let g = 0; g < generalCount; g++) {
    const college = COLLEGES[g % COLLEGES.length] as string;
    const copy = Math.floor(g / COLLEGES.length);
    const code = `ZZ${String(g + 1).padStart(codeWidth, '0')}`;
    const established = dayOf(committeeYear + 2 + Math.min(copy, 5), rng.int(1, 12), 1);
    generals.push({ code, college, established });
    units.push({
      code,
      name: copy === 0 ? `${college}党总支` : `${college}第${chineseNumber(copy + 1)}党总支`,
      kind: 'general_branch',
      parent_code: COMMITTEE_CODE,
      category: null,
      established_on: toIsoDay(established),
      dissolved_on: null,
      has_groups: false,
    });
  }

  // Which general branch each faculty/student branch sits in, and its number within it.
  const facultyIn = new Map<number, number>();
  const studentIn = new Map<number, { undergrad: number; postgrad: number }>();
  const branches: BranchPlan[] = [];
  const perCategory = { admin: 0, faculty: 0, student: 0, retired: 0 } as Record<TCategory, number>;
  const categoryOrder: TCategory[] = ['admin', 'faculty', 'student', 'retired'];
  const facultyTotals = new Array<number>(generalCount).fill(0);
  const studentTotals = new Array<{ undergrad: number; postgrad: number }>(generalCount)
    .fill({ undergrad: 0, postgrad: 0 })
    .map(() => ({ undergrad: 0, postgrad: 0 }));
  for (let i = 0; i < counts.faculty; i++)
    facultyTotals[i % generalCount] = (facultyTotals[i % generalCount] ?? 0) + 1;
  for (let i = 0; i < counts.student; i++) {
    const t = studentTotals[i % generalCount] as { undergrad: number; postgrad: number };
    if (Math.floor(i / generalCount) % 2 === 0) t.undergrad++;
    else t.postgrad++;
  }

  for (const category of categoryOrder) {
    for (let k = 0; k < counts[category]; k++) {
      perCategory[category]++;
      const n = perCategory[category];
      const code = `${CODE_PREFIX[category]}${String(n).padStart(2, '0')}`;
      const isModel = code === MODEL_BRANCH_CODE;
      let name: string;
      let parent = COMMITTEE_CODE;
      let college: string | null = null;
      let studentLevel: BranchPlan['studentLevel'] = null;
      let parentEstablished = dayOf(committeeYear, 7, 1);
      if (category === 'admin') {
        const officeIndex = n - 5;
        name =
          n <= 4
            ? `行政第${chineseNumber(n)}党支部`
            : officeIndex < ADMIN_OFFICES.length
              ? `${ADMIN_OFFICES[officeIndex]}党支部`
              : `行政第${chineseNumber(n - ADMIN_OFFICES.length)}党支部`;
      } else if (category === 'retired') {
        name = `离退休第${chineseNumber(n)}党支部`;
      } else {
        const g = k % generalCount;
        const general = generals[g] as (typeof generals)[number];
        parent = general.code;
        parentEstablished = general.established;
        college = general.college;
        if (category === 'faculty') {
          const nth = (facultyIn.get(g) ?? 0) + 1;
          facultyIn.set(g, nth);
          name =
            facultyTotals[g] === 1 ? `${college}教工党支部` : `${college}教工第${chineseNumber(nth)}党支部`;
        } else {
          const seen = studentIn.get(g) ?? { undergrad: 0, postgrad: 0 };
          const isUndergrad = Math.floor(k / generalCount) % 2 === 0;
          studentLevel = isUndergrad ? '本科生' : '研究生';
          const nth = isUndergrad ? ++seen.undergrad : ++seen.postgrad;
          studentIn.set(g, seen);
          const total = (studentTotals[g] as { undergrad: number; postgrad: number })[
            isUndergrad ? 'undergrad' : 'postgrad'
          ];
          name =
            total === 1
              ? `${college}${studentLevel}党支部`
              : `${college}${studentLevel}第${chineseNumber(nth)}党支部`;
        }
      }
      // Branches older than the window, founded after their parent.
      const established = isModel
        ? dayOf(firstYear - 5, 3, 1)
        : rng.int(Math.max(parentEstablished + 30, from - 365 * 8), from - 200);
      const size = isModel
        ? MODEL_BRANCH_SIZE
        : category === 'admin'
          ? rng.int(8, 20)
          : category === 'faculty'
            ? rng.int(12, 35)
            : category === 'student'
              ? rng.int(15, 45)
              : rng.int(20, 50);
      const hasGroups = !isModel && (size >= 25 ? rng.chance(0.8) : rng.chance(0.15));
      const baseAttendance = category === 'retired' ? rng.float(0.6, 0.85) : rng.float(0.82, 0.99);
      branches.push({
        index: branches.length,
        unit: {
          code,
          name,
          kind: 'branch',
          parent_code: parent,
          category,
          established_on: toIsoDay(established),
          dissolved_on: null,
          has_groups: hasGroups,
        },
        category,
        college,
        studentLevel,
        established,
        dissolved: null,
        hasGroups,
        groupCount: hasGroups ? Math.max(2, Math.min(5, Math.round(size / 10))) : 0,
        size,
        diligence: isModel ? 1 : diligence(rng),
        attendance: isModel ? 0.95 : baseAttendance,
        ritual: isModel ? 1 : rng.float(0.55, 1),
        integration: isModel ? 0.9 : rng.float(0.15, 0.9),
        formats: isModel ? [...FORMATS.keys] : formatSet(rng),
        moduleWeights: isModel ? [1, 1, 1] : [rng.float(1, 4), rng.float(0.3, 3), rng.float(0.2, 3)],
        isModel,
        mergeTargetCode: null,
        seed: rng.int(0, 0x7fffffff),
      });
    }
  }

  markLifecycleChanges(rng, branches, from, today);
  const byCategory = { admin: [], faculty: [], student: [], retired: [] } as Record<TCategory, BranchPlan[]>;
  for (const b of branches) byCategory[b.category].push(b);
  for (const b of branches) units.push(b.unit);
  return {
    options,
    from,
    today,
    units,
    branches,
    byCode: new Map(branches.map((b) => [b.unit.code, b])),
    byCategory,
  };
}

/**
 * About one branch in forty is founded inside the window (mid-month, so it owes nothing for that
 * month) and as many are dissolved, their members merging into a sibling branch.
 */
function markLifecycleChanges(rng: Rng, branches: BranchPlan[], from: number, today: number): void {
  const candidates = branches.filter((b) => !b.isModel);
  if (candidates.length < 2) return;
  const changes = Math.max(1, Math.floor(branches.length / 40));
  const picked = rng.sample(candidates, changes * 2);
  const span = today - from;
  picked.forEach((b, i) => {
    if (i % 2 === 0) {
      b.established = pickMidMonthDay(
        rng,
        from + Math.floor(span * 0.4),
        today - Math.min(60, Math.floor(span * 0.1)),
      );
      b.established = Math.min(b.established, today);
      b.unit.established_on = toIsoDay(b.established);
    } else {
      // Merged into a sibling of the same general branch, else any branch of the category.
      const sameCategory = branches.filter((s) => s !== b && s.category === b.category && !s.isModel);
      const sameParent = sameCategory.filter((s) => s.unit.parent_code === b.unit.parent_code);
      const siblings = sameParent.length > 0 ? sameParent : sameCategory;
      const lo = Math.max(b.established + 30, from + Math.floor(span * 0.25));
      b.dissolved = Math.min(pickMidMonthDay(rng, lo, from + Math.floor(span * 0.75)), today);
      b.unit.dissolved_on = toIsoDay(b.dissolved);
      b.mergeTargetCode = siblings.length > 0 ? rng.pick(siblings).unit.code : null;
    }
  });
  // A merge target must outlive the merge; otherwise the members simply leave.
  for (const b of branches) {
    if (!b.mergeTargetCode || b.dissolved === null) continue;
    const target = branches.find((t) => t.unit.code === b.mergeTargetCode);
    if (!target || target.dissolved !== null || target.established > b.dissolved) b.mergeTargetCode = null;
  }
}
