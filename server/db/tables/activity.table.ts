import type { Generated, Insertable, Selectable } from 'kysely';
import type { TActivityType, TFormat, TModule } from '../../../shared/domain';

/** One organisational-life session. Yes/no fields are 0/1 integers (portable, and SUM-able). */
export interface ActivityTable {
  id: Generated<number>;
  branch_id: number;
  held_on: string;
  type: TActivityType;
  title: string;
  expected: number | null;
  attended: number | null;
  integrated_with_work: number;
  oath_renewed: number;
  dues_collected: number;
  by_secretary: number;
  notes: string | null;
}
export type Activity = Selectable<ActivityTable>;
export type NewActivity = Insertable<ActivityTable>;

export interface ActivityFormatTable {
  activity_id: number;
  format: TFormat;
}

export interface ActivityModuleTable {
  activity_id: number;
  module: TModule;
}

/** Members who shared their work experience; a member code of any branch (not a row id). */
export interface ActivitySharerTable {
  activity_id: number;
  member_code: string;
}
