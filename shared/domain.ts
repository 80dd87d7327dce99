/**
 * The vocabulary of the domain (docs: domain.md, import-format.md), defined once.
 * Every enumerated value has an English key (stored in the database, used in the API)
 * and its Chinese / English labels. Importers also accept the `aliases`.
 */

export interface EnumEntry<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  /** Other spellings accepted on import (long forms of import-format.md). */
  aliases?: readonly string[];
}

function defineEnum<const K extends string>(entries: readonly EnumEntry<K>[]) {
  const keys = entries.map((e) => e.key) as unknown as readonly [K, ...K[]];
  const byKey = Object.fromEntries(entries.map((e) => [e.key, e])) as Record<K, EnumEntry<K>>;
  /** Resolves a key, a Chinese label or an alias to the key (undefined when unknown). */
  const parse = (text: string): K | undefined => {
    const t = text.trim();
    const hit = entries.find(
      (e) => e.key === t || e.zh === t || e.key.toLowerCase() === t.toLowerCase() || e.aliases?.includes(t),
    );
    return hit?.key;
  };
  return { entries, keys, byKey, parse };
}

export const UNIT_KINDS = defineEnum([
  { key: 'committee', zh: '党委', en: 'Party committee' },
  { key: 'general_branch', zh: '党总支', en: 'General branch' },
  { key: 'branch', zh: '党支部', en: 'Branch' },
]);
export type TUnitKind = (typeof UNIT_KINDS.keys)[number];

export const CATEGORIES = defineEnum([
  { key: 'admin', zh: '行政', en: 'Administration' },
  { key: 'faculty', zh: '教工', en: 'Faculty' },
  { key: 'student', zh: '学生', en: 'Students' },
  { key: 'retired', zh: '离退休', en: 'Retired' },
]);
export type TCategory = (typeof CATEGORIES.keys)[number];

export const MEMBER_ROLES = defineEnum([
  { key: 'secretary', zh: '书记', en: 'Secretary' },
  { key: 'deputy', zh: '副书记', en: 'Deputy secretary' },
  { key: 'committee', zh: '委员', en: 'Committee member' },
  { key: 'member', zh: '党员', en: 'Member' },
]);
export type TMemberRole = (typeof MEMBER_ROLES.keys)[number];

/** Activity types that can be recorded (secretary_lecture is a requirement, met by a party_lecture). */
export const ACTIVITY_TYPES = defineEnum([
  { key: 'general_meeting', zh: '支部党员大会', en: 'General meeting' },
  { key: 'committee_meeting', zh: '支部委员会', en: 'Committee meeting', aliases: ['支部委员会会议'] },
  { key: 'group_meeting', zh: '党小组会', en: 'Party group meeting' },
  { key: 'party_lecture', zh: '党课', en: 'Party lecture' },
  { key: 'theme_day', zh: '主题党日', en: 'Theme party day' },
  { key: 'org_life_meeting', zh: '组织生活会', en: 'Organisational life meeting' },
  { key: 'democratic_appraisal', zh: '民主评议党员', en: 'Democratic appraisal' },
]);
export type TActivityType = (typeof ACTIVITY_TYPES.keys)[number];

export type TSlotLength = 'month' | 'quarter' | 'year';

/** The required frequencies of the 支部工作条例 (domain.md), one entry per requirement. */
export const REQUIREMENTS = defineEnum([
  { key: 'general_meeting', zh: '支部党员大会', en: 'General meeting' },
  { key: 'committee_meeting', zh: '支部委员会', en: 'Committee meeting' },
  { key: 'group_meeting', zh: '党小组会', en: 'Party group meeting' },
  { key: 'party_lecture', zh: '党课', en: 'Party lecture' },
  { key: 'theme_day', zh: '主题党日', en: 'Theme party day' },
  { key: 'org_life_meeting', zh: '组织生活会', en: 'Organisational life meeting' },
  { key: 'democratic_appraisal', zh: '民主评议党员', en: 'Democratic appraisal' },
  { key: 'secretary_lecture', zh: '书记讲党课', en: "Secretary's party lecture" },
]);
export type TRequirement = (typeof REQUIREMENTS.keys)[number];

export const REQUIREMENT_SLOTS: Record<TRequirement, TSlotLength> = {
  general_meeting: 'quarter',
  committee_meeting: 'month',
  group_meeting: 'month',
  party_lecture: 'quarter',
  theme_day: 'month',
  org_life_meeting: 'year',
  democratic_appraisal: 'year',
  secretary_lecture: 'year',
};

export const FORMATS = defineEnum([
  { key: 'reading', zh: '学习文字资料', en: 'Reading' },
  { key: 'video', zh: '观看视频', en: 'Video' },
  { key: 'invited_speaker', zh: '请进来主讲', en: 'Invited speaker' },
  { key: 'field_visit', zh: '走出去参观', en: 'Field visit', aliases: ['走出去参观体验'] },
  { key: 'practice', zh: '实践活动', en: 'Practice' },
  { key: 'discussion', zh: '研讨交流', en: 'Discussion' },
  { key: 'member_sharing', zh: '党员分享', en: 'Member sharing', aliases: ['党员轮流分享'] },
]);
export type TFormat = (typeof FORMATS.keys)[number];

export const MODULES = defineEnum([
  { key: 'spirit', zh: '党性锤炼', en: 'Party spirit' },
  { key: 'capability', zh: '本领增强', en: 'Capability' },
  { key: 'development', zh: '改革发展', en: 'Reform & development' },
]);
export type TModule = (typeof MODULES.keys)[number];

export const ACHIEVEMENT_KINDS = defineEnum([
  { key: 'volunteer_service', zh: '志愿服务', en: 'Volunteer service' },
  { key: 'project_approval', zh: '项目获批', en: 'Project approved' },
  { key: 'award', zh: '荣誉表彰', en: 'Award' },
  { key: 'proposal_adopted', zh: '建议采纳', en: 'Proposal adopted' },
]);
export type TAchievementKind = (typeof ACHIEVEMENT_KINDS.keys)[number];

export const LEVELS = defineEnum([
  { key: 'national', zh: '国家级', en: 'National' },
  { key: 'provincial', zh: '省级', en: 'Provincial' },
  { key: 'municipal', zh: '市级', en: 'Municipal' },
  { key: 'school', zh: '校级', en: 'School' },
]);
export type TLevel = (typeof LEVELS.keys)[number];
