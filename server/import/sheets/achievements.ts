import { ACHIEVEMENT_KINDS, LEVELS, type TAchievementKind, type TLevel } from '../../../shared/domain';
import { RECORD_LIMITS } from '../../../shared/record-rules';
import type { RowReader } from '../row-reader';

export interface AchievementRow {
  row: number;
  branchCode: string;
  achievedOn: string;
  kind: TAchievementKind;
  title: string;
  level: TLevel | null;
  hours: number | null;
  participants: number | null;
  notes: string | null;
}

export function readAchievementRow(r: RowReader): AchievementRow | undefined {
  const branchCode = r.text('branch_code', RECORD_LIMITS.code);
  const achievedOn = r.date('achieved_on');
  const kind = r.enumOf('kind', ACHIEVEMENT_KINDS);
  const title = r.text('title', RECORD_LIMITS.title);
  const level = r.enumOf('level', LEVELS);
  const hours = r.nonNegative('hours');
  const participants = r.count('participants');
  const notes = r.text('notes', RECORD_LIMITS.notes);
  if (r.hasErrors || !branchCode || !achievedOn || !kind || !title) return undefined;
  const { pool } = r;
  return {
    row: r.row,
    branchCode: pool.intern(branchCode),
    achievedOn: pool.intern(achievedOn),
    kind,
    title: pool.intern(title),
    level,
    hours,
    participants,
    notes: pool.intern(notes),
  };
}
