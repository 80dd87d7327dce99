import type { Generated, Insertable, Selectable } from 'kysely';
import type { TAchievementKind, TLevel } from '../../../shared/domain';

export interface AchievementTable {
  id: Generated<number>;
  branch_id: number;
  achieved_on: string;
  kind: TAchievementKind;
  title: string;
  level: TLevel | null;
  hours: number | null;
  participants: number | null;
  notes: string | null;
}
export type Achievement = Selectable<AchievementTable>;
export type NewAchievement = Insertable<AchievementTable>;
