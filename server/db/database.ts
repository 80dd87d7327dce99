import type { Kysely, Transaction } from 'kysely';
import type { AchievementTable } from './tables/achievement.table';
import type {
  ActivityFormatTable,
  ActivityModuleTable,
  ActivitySharerTable,
  ActivityTable,
} from './tables/activity.table';
import type { AppMetaTable, DataVersionTable, RollupYearVersionTable } from './tables/app-meta.table';
import type { AttachmentTable } from './tables/attachment.table';
import type { AuditLogTable, LoginAttemptTable, SessionTable, UserTable } from './tables/auth.table';
import type { GoalTable, MetricWeightTable } from './tables/goal.table';
import type { ImportRunTable } from './tables/import-run.table';
import type { MemberTable } from './tables/member.table';
import type {
  BranchDayStatsTable,
  BranchMemberTotalTable,
  BranchMemberYearTable,
  BranchSlotSharerTable,
  BranchSlotStatsTable,
  CalendarSlotTable,
  MemberRollupDirtyTable,
  RollupDirtyTable,
} from './tables/metrics.table';
import type { UnitTable } from './tables/unit.table';

/** The whole schema as Kysely sees it; the migrations in ./migrations create exactly this. */
export interface Database {
  units: UnitTable;
  members: MemberTable;
  activities: ActivityTable;
  activity_formats: ActivityFormatTable;
  activity_modules: ActivityModuleTable;
  activity_sharers: ActivitySharerTable;
  achievements: AchievementTable;
  goals: GoalTable;
  metric_weights: MetricWeightTable;
  calendar_slots: CalendarSlotTable;
  branch_slot_stats: BranchSlotStatsTable;
  branch_day_stats: BranchDayStatsTable;
  branch_slot_sharers: BranchSlotSharerTable;
  rollup_dirty: RollupDirtyTable;
  branch_member_years: BranchMemberYearTable;
  branch_member_totals: BranchMemberTotalTable;
  member_rollup_dirty: MemberRollupDirtyTable;
  app_meta: AppMetaTable;
  data_version: DataVersionTable;
  metrics_version: DataVersionTable;
  member_index_version: DataVersionTable;
  setup_version: DataVersionTable;
  rollup_year_versions: RollupYearVersionTable;
  users: UserTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  import_runs: ImportRunTable;
  attachments: AttachmentTable;
}

export type DB = Kysely<Database>;
/** A database handle or an open transaction: query functions accept either. */
export type DBOrTrx = Kysely<Database> | Transaction<Database>;
