import type { Generated } from 'kysely';

/**
 * Tables owned by the metrics engine (migration 20261126T0300-metrics-rollups): a slot calendar and
 * the slot roll-up of activity and achievement sums, kept exact by triggers + `refreshRollups` (server/metrics/rollups.ts).
 */

/** Every month, quarter and year 1990–2100 (`2025-03`, `2025-Q1`, `2025`), first and last day inclusive. */
export interface CalendarSlotTable {
  label: string;
  length: 'month' | 'quarter' | 'year';
  start_on: string;
  end_on: string;
}

/**
 * Per branch and calendar slot (length month/quarter/year, slot_start its first day): the sums of the
 * activities and achievements dated in it, and `s_<type>` = the met slots of that requirement lying
 * inside this slot (a quarter row: months with a committee meeting, and 0/1 for its own general meeting).
 * `ytd` rows (migration 20261126T0800) cover 1 January to the end of the month starting `slot_start`.
 */
export interface BranchSlotStatsTable {
  length: 'month' | 'quarter' | 'year' | 'ytd';
  slot_start: string;
  branch_id: number;
  sessions: number;
  /** Σ attended over activities that recorded it, whatever their expected (attendedPersonTimes). */
  att_all: number;
  /** Σ attended / Σ expected over activities with expected > 0 and a recorded attended. */
  att_sum: number;
  exp_sum: number;
  theme_days: number;
  /** Theme days with both oath_renewed and dues_collected. */
  theme_complete: number;
  integrated: number;
  n_general_meeting: number;
  n_committee_meeting: number;
  n_group_meeting: number;
  n_party_lecture: number;
  n_theme_day: number;
  n_org_life_meeting: number;
  n_democratic_appraisal: number;
  /** party_lecture with by_secretary = 1. */
  n_secretary_lecture: number;
  f_reading: number;
  f_video: number;
  f_invited_speaker: number;
  f_field_visit: number;
  f_practice: number;
  f_discussion: number;
  f_member_sharing: number;
  m_spirit: number;
  m_capability: number;
  m_development: number;
  s_general_meeting: number;
  s_committee_meeting: number;
  s_group_meeting: number;
  s_party_lecture: number;
  s_theme_day: number;
  s_org_life_meeting: number;
  s_democratic_appraisal: number;
  s_secretary_lecture: number;
  ach_person_times: number;
  ach_projects: number;
  ach_lvl_national: number;
  ach_lvl_provincial: number;
  ach_lvl_municipal: number;
  ach_lvl_school: number;
  ach_awards: number;
  ach_proposals: number;
  ach_hours: number;
}

/**
 * Per branch and day with any activity or achievement (migration 20261126T0700-day-rollups): the
 * summable columns of BranchSlotStatsTable without met slots, for the partial months at the edges of a
 * counted range.
 */
export type BranchDayStatsTable = { day: string } & Omit<
  BranchSlotStatsTable,
  'length' | 'slot_start' | `s_${string}`
>;

/** The distinct sharer codes of each branch and slot (month, quarter, year rows). */
export interface BranchSlotSharerTable {
  length: 'month' | 'quarter' | 'year';
  slot_start: string;
  branch_id: number;
  member_code: string;
  /**
   * 1 when the code is a member of this branch active somewhere in the slot (migration 20261126T0500;
   * set by refreshRollups on sharer and member writes).
   */
  active: Generated<number>;
  /** The first day the code shared in the slot (migration 20261126T0900; set by refreshRollups). */
  first_on: string | null;
}

/** (branch, month) pairs whose stats are stale; filled by triggers, emptied by `refreshRollups`. */
export interface RollupDirtyTable {
  branch_id: number;
  month_start: string;
}

/**
 * Per branch and calendar year (slot_start = 1 January), the members whose membership overlaps the year,
 * for every year of the branch's span of membership dates (migration 20261126T0500).
 */
export interface BranchMemberYearTable {
  slot_start: string;
  branch_id: number;
  active_members: number;
}

/** Per branch with members: members without left_on, and 1 January of its last membership date's year. */
export interface BranchMemberTotalTable {
  branch_id: number;
  open_members: number;
  last_start: string;
}

/** Branches whose memberships changed; filled by triggers on members, emptied by `refreshRollups`. */
export interface MemberRollupDirtyTable {
  branch_id: number;
}
