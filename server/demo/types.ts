/**
 * What the generator produces: rows in the vocabulary of import-format.md (codes, not ids;
 * English keys; booleans), so one stream feeds both the database loader and the CSV writer.
 */
import type {
  TAchievementKind,
  TActivityType,
  TCategory,
  TFormat,
  TLevel,
  TMemberRole,
  TModule,
  TUnitKind,
} from '../../shared/domain';
import type { TMetricKey } from '../../shared/metric-keys';

export interface DemoOptions {
  /** Number of 党支部 (default 40). */
  branches?: number;
  /** Calendar years of activity ending with the year of `today` (default 3). */
  years?: number;
  seed?: number;
  /** Last day of generated activity, YYYY-MM-DD (default: the real current date). */
  today?: string;
}

export interface TResolvedDemoOptions {
  branches: number;
  years: number;
  seed: number;
  today: string;
  /** First day of generated activity: 1 January of the first year. */
  from: string;
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: TUnitKind;
  parent_code: string | null;
  category: TCategory | null;
  established_on: string;
  dissolved_on: string | null;
  has_groups: boolean;
}

export interface DemoMember {
  code: string;
  name: string;
  branch_code: string;
  role: TMemberRole;
  joined_on: string;
  left_on: string | null;
}

export interface DemoActivity {
  branch_code: string;
  held_on: string;
  type: TActivityType;
  title: string;
  formats: TFormat[];
  modules: TModule[];
  expected: number | null;
  attended: number | null;
  integrated_with_work: boolean;
  oath_renewed: boolean;
  dues_collected: boolean;
  by_secretary: boolean;
  sharers: string[];
  notes: string | null;
}

export interface DemoAchievement {
  branch_code: string;
  achieved_on: string;
  kind: TAchievementKind;
  title: string;
  level: TLevel | null;
  hours: number | null;
  participants: number | null;
  notes: string | null;
}

export type TDemoGoalScope =
  | { type: 'all' }
  | { type: 'category'; category: TCategory }
  | { type: 'branch'; code: string };

export interface DemoGoal {
  year: number;
  scope: TDemoGoalScope;
  metric: TMetricKey;
  target: number;
}

/**
 * One branch's rows. `members` may include rows of other branches: a member who transfers out
 * gets the new membership row here, generated together with the old one.
 */
export interface DemoBranchRows {
  members: DemoMember[];
  activities: DemoActivity[];
  achievements: DemoAchievement[];
}

export interface DemoCounts {
  units: number;
  members: number;
  activities: number;
  activity_formats: number;
  activity_modules: number;
  activity_sharers: number;
  achievements: number;
  goals: number;
}

export interface DemoSummary {
  options: TResolvedDemoOptions;
  counts: DemoCounts;
}
