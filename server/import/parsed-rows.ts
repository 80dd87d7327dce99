import type { AchievementRow } from './sheets/achievements';
import type { ActivityRow } from './sheets/activities';
import type { GoalRow } from './sheets/goals';
import type { MemberRow } from './sheets/members';
import type { UnitRow } from './sheets/units';

/** Every row that passed its own checks, per sheet; `present` says which sheets the import had. */
export interface ParsedRows {
  units: UnitRow[];
  members: MemberRow[];
  activities: ActivityRow[];
  achievements: AchievementRow[];
  goals: GoalRow[];
}

export function emptyParsedRows(): ParsedRows {
  return { units: [], members: [], activities: [], achievements: [], goals: [] };
}
