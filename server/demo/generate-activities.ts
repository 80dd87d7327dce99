/**
 * One branch's organisational life over the window, following the required frequencies of
 * domain.md with the imperfections of real branches: missed months (工作欠账), summer breaks,
 * partial attendance, rituals skipped, a favourite handful of formats.
 */
import { ACTIVITY_TYPES, MODULES, type TActivityType, type TFormat, type TModule } from '../../shared/domain';
import { dayOf, daysInMonth, toIsoDay } from './days';
import type { BranchContext, PlannedMember } from './generate-members';
import type { DemoActivity } from './types';
import {
  COMMITTEE_AGENDAS,
  ORG_LIFE_TOPICS,
  SEASONAL_TOPICS,
  SECRETARY_LECTURE_TOPICS,
  STUDY_TOPICS,
  type Topic,
  WORK_TOPICS,
  XZ01_OFFICES,
} from './vocabulary';

const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

interface ActivityDraft {
  type: TActivityType;
  day: number;
  title: string;
  topic?: Topic;
  bySecretary?: boolean;
}

/** Topics current in a month (`YYYY-MM`) for a category; cached because every branch asks. */
const topicCache = new Map<string, Topic[]>();
function topicsFor(month: string, category: string): Topic[] {
  const key = `${month}|${category}`;
  let topics = topicCache.get(key);
  if (!topics) {
    const isCurrent = (t: Topic) =>
      (!t.from || t.from <= month) &&
      (!t.to || t.to >= month) &&
      (!t.categories || (t.categories as readonly string[]).includes(category));
    topics = [...STUDY_TOPICS.filter(isCurrent), ...WORK_TOPICS.filter(isCurrent)];
    topicCache.set(key, topics);
  }
  return topics;
}

export class ActivityGenerator {
  private readonly drafts: ActivityDraft[] = [];
  private readonly keys = new Set<string>();
  private sharerTurn = 0;
  private readonly sharerOrder: PlannedMember[];

  constructor(
    private readonly ctx: BranchContext,
    private readonly members: PlannedMember[],
  ) {
    // Members take turns to share (互融性): a fixed rotation, skipping those not in the branch then.
    this.sharerOrder = ctx.rng.sample(members, members.length);
  }

  /** A day in [lo, hi] ∩ the branch's life, or null; days after today have not happened yet. */
  private dayIn(lo: number, hi: number, preferLo = lo): number | null {
    const a = Math.max(lo, this.ctx.branch.established, this.ctx.college.from);
    const b = Math.min(hi, this.ctx.branch.dissolved ?? hi);
    if (a > b) return null;
    const day = this.ctx.rng.int(Math.min(Math.max(a, preferLo), b), b);
    return day <= this.ctx.college.today ? day : null;
  }

  private topic(year: number, month: number, isThemeDay: boolean): Topic {
    const { rng, branch } = this.ctx;
    const seasonal = isThemeDay
      ? SEASONAL_TOPICS[month]?.filter((t) => !t.categories || t.categories.includes(branch.category))
      : undefined;
    if (seasonal && seasonal.length > 0 && rng.chance(0.6)) {
      const t = rng.pick(seasonal);
      return { ...t, text: t.text.replace('{party}', String(year - 1921)) };
    }
    return rng.pick(topicsFor(`${year}-${String(month).padStart(2, '0')}`, branch.category));
  }

  private add(draft: ActivityDraft): void {
    const type = ACTIVITY_TYPES.byKey[draft.type].zh;
    let title = draft.title;
    // The natural key (branch, date, type, title) must be unique within the branch.
    for (let n = 2; this.keys.has(`${draft.day}|${type}|${title}`); n++) title = `${draft.title}（${n}）`;
    this.keys.add(`${draft.day}|${type}|${title}`);
    this.drafts.push({ ...draft, title });
  }

  private monthly(year: number, month: number, skipsSummer: boolean): void {
    const { branch, rng } = this.ctx;
    const lo = dayOf(year, month, 1);
    const hi = lo + daysInMonth(year, month) - 1;
    const ym = `${year}年${month}月`;
    if (!skipsSummer && rng.chance(branch.diligence)) {
      const day = this.dayIn(lo, hi, lo + 9);
      const topic = this.topic(year, month, true);
      if (day !== null) this.add({ type: 'theme_day', day, title: `${ym}主题党日：${topic.text}`, topic });
    }
    if (rng.chance(Math.min(1, branch.diligence + 0.03))) {
      const day = this.dayIn(lo, hi);
      if (day !== null)
        this.add({
          type: 'committee_meeting',
          day,
          title: `${ym}支部委员会：${rng.pick(COMMITTEE_AGENDAS)}`,
        });
    }
    if (branch.hasGroups && !skipsSummer && rng.chance(branch.diligence - 0.03)) {
      const day = this.dayIn(lo, hi);
      const topic = this.topic(year, month, false);
      if (day !== null)
        this.add({ type: 'group_meeting', day, title: `${ym}党小组会：${topic.text}`, topic });
    }
  }

  private quarterly(year: number, quarter: number, secretaryQuarter: number): void {
    const { branch, rng } = this.ctx;
    const lo = dayOf(year, quarter * 3 + 1, 1);
    const hi = dayOf(year, quarter * 3 + 4, 1) - 1;
    const q = `${year}年第${QUARTER_NAMES[quarter]}季度`;
    const month = quarter * 3 + 2;
    if (rng.chance(branch.diligence)) {
      const day = this.dayIn(lo, hi);
      const topic = this.topic(year, month, false);
      if (day !== null)
        this.add({ type: 'general_meeting', day, title: `${q}支部党员大会：${topic.text}`, topic });
    }
    // The secretary's lecture also meets its quarter's party lecture, so most branches skip a second one.
    if (quarter !== secretaryQuarter || rng.chance(0.3)) {
      if (rng.chance(branch.diligence)) {
        const day = this.dayIn(lo, hi);
        const topic = this.topic(year, month, false);
        if (day !== null) this.add({ type: 'party_lecture', day, title: `${q}党课：${topic.text}`, topic });
      }
    }
  }

  private yearly(year: number, secretaryQuarter: number): void {
    const { branch, rng } = this.ctx;
    const y = `${year}年`;
    if (rng.chance(Math.min(1, branch.diligence + 0.05))) {
      // 组织生活会 and 民主评议 are held together early in the year, or at its end.
      const isEarly = rng.chance(0.75);
      const lo = isEarly ? dayOf(year, 1, 5) : dayOf(year, 12, 1);
      const day = this.dayIn(lo, Math.min(lo + 50, dayOf(year, 12, 31)));
      if (day !== null) {
        this.add({ type: 'org_life_meeting', day, title: `${y}组织生活会：${rng.pick(ORG_LIFE_TOPICS)}` });
        if (rng.chance(0.95)) this.add({ type: 'democratic_appraisal', day, title: `${y}民主评议党员` });
      }
    }
    if (rng.chance(Math.min(1, branch.diligence + 0.05))) {
      const lo = dayOf(year, secretaryQuarter * 3 + 1, 1);
      const day = this.dayIn(lo, dayOf(year, secretaryQuarter * 3 + 4, 1) - 1);
      if (day !== null) {
        this.add({
          type: 'party_lecture',
          day,
          title: `${y}书记讲党课：${rng.pick(SECRETARY_LECTURE_TOPICS)}`,
          bySecretary: true,
        });
      }
    }
  }

  /** Plans every session of the window, then fills in who came and how. */
  generate(intakeDays: readonly number[]): DemoActivity[] {
    const { ctx } = this;
    const { rng, branch } = ctx;
    const startYear = new Date(ctx.start * 86_400_000).getUTCFullYear();
    const endYear = new Date(ctx.end * 86_400_000).getUTCFullYear();
    for (let year = startYear; year <= endYear; year++) {
      const skipsSummer = branch.category === 'student' && rng.chance(0.5);
      // Around 七一 or in the autumn term.
      const secretaryQuarter = rng.chance(0.6) ? 1 + rng.int(0, 1) : 3;
      this.yearly(year, secretaryQuarter);
      for (let quarter = 0; quarter < 4; quarter++) this.quarterly(year, quarter, secretaryQuarter);
      for (let month = 1; month <= 12; month++)
        this.monthly(year, month, skipsSummer && (month === 7 || month === 8));
    }
    for (const day of intakeDays) {
      const d = new Date(day * 86_400_000);
      this.add({
        type: 'general_meeting',
        day,
        title: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月支部党员大会：讨论接收预备党员`,
      });
    }
    return this.drafts.map((draft) => this.complete(draft));
  }

  private activeOn(day: number): PlannedMember[] {
    return this.members.filter((m) => m.joined <= day && (m.left === null || m.left >= day));
  }

  private pickFormats(type: TActivityType): TFormat[] {
    const { rng, branch } = this.ctx;
    if (type === 'committee_meeting' || type === 'democratic_appraisal' || type === 'org_life_meeting') {
      const plain = branch.formats.filter((f) => f === 'reading' || f === 'discussion');
      return rng.sample(plain.length > 0 ? plain : branch.formats, 1);
    }
    return rng.sample(branch.formats, rng.weighted([1, 2, 3], [4, 4, 2]));
  }

  private pickModules(topic: Topic | undefined): TModule[] {
    const { rng, branch } = this.ctx;
    const chosen = new Set<TModule>(topic && rng.chance(0.7) ? topic.modules : []);
    if (chosen.size === 0 || rng.chance(0.3)) chosen.add(rng.weighted(MODULES.keys, branch.moduleWeights));
    return [...chosen];
  }

  private pickSharers(day: number): string[] {
    const want = this.ctx.rng.int(1, 3);
    const n = this.sharerOrder.length;
    const out: string[] = [];
    let last = -1;
    for (let step = 0; step < n && out.length < want; step++) {
      const index = (this.sharerTurn + step) % n;
      const m = this.sharerOrder[index] as PlannedMember;
      if (m.joined <= day && (m.left === null || m.left >= day)) {
        out.push(m.code);
        last = index;
      }
    }
    if (last >= 0) this.sharerTurn = (last + 1) % n;
    return out;
  }

  private complete(draft: ActivityDraft): DemoActivity {
    const { rng, branch } = this.ctx;
    const active = this.activeOn(draft.day);
    let expected: number | null =
      draft.type === 'committee_meeting'
        ? Math.max(1, active.filter((m) => m.role !== 'member').length)
        : draft.type === 'group_meeting'
          ? Math.max(1, Math.ceil(active.length / Math.max(1, branch.groupCount)))
          : active.length;
    const presence =
      draft.type === 'org_life_meeting' || draft.type === 'democratic_appraisal' ? 0.97 : branch.attendance;
    let attended: number | null = rng.binomial(expected, presence);
    if (rng.chance(0.02)) {
      expected = null;
      attended = null;
    } else if (rng.chance(0.01)) {
      attended = null;
    }
    const formats = this.pickFormats(draft.type);
    const isThemeDay = draft.type === 'theme_day';
    const isRitual = isThemeDay && rng.chance(branch.ritual);
    const half = isThemeDay && !isRitual ? rng.int(0, 2) : 0;
    const isShared = formats.includes('member_sharing') && active.length > 0;
    return {
      branch_code: branch.unit.code,
      held_on: toIsoDay(draft.day),
      type: draft.type,
      title: draft.title,
      formats,
      modules: this.pickModules(draft.topic),
      expected,
      attended,
      integrated_with_work: rng.chance(draft.type === 'democratic_appraisal' ? 0.1 : branch.integration),
      oath_renewed: isRitual || half === 1,
      dues_collected: isRitual || half === 2,
      by_secretary: draft.bySecretary === true,
      sharers: isShared ? this.pickSharers(draft.day) : [],
      notes: this.notes(draft),
    };
  }

  private notes(draft: ActivityDraft): string | null {
    const { rng, branch } = this.ctx;
    if (branch.isModel && draft.type === 'theme_day' && rng.chance(0.4))
      return `${XZ01_OFFICES.join('、')}联合开展`;
    if (rng.chance(0.04)) return '线上线下相结合';
    return null;
  }
}
