/**
 * Inputs of the records behind the dashboard's numbers (records.* procedures), shared by server and
 * client: one branch over one counted range (period + optional asOf, metrics.md), optionally narrowed.
 */
import { z } from 'zod';
import { ACHIEVEMENT_KINDS, REQUIREMENTS } from '../domain';
import { ZPeriodInputSchema } from './period';

export const ZBranchRangeInputSchema = ZPeriodInputSchema.extend({
  branchId: z.number().int().positive(),
});
export type TBranchRangeInput = z.infer<typeof ZBranchRangeInputSchema>;

export const ZActivityRecordsInputSchema = ZBranchRangeInputSchema.extend({
  /** A requirement key: `secretary_lecture` means party lectures given by the secretary. */
  type: z.enum(REQUIREMENTS.keys).optional(),
  /** Only these activities (the sessions that met a slot). */
  ids: z.array(z.number().int().positive()).max(1000).optional(),
});
export type TActivityRecordsInput = z.infer<typeof ZActivityRecordsInputSchema>;

export const ZAchievementRecordsInputSchema = ZBranchRangeInputSchema.extend({
  kind: z.enum(ACHIEVEMENT_KINDS.keys).optional(),
});
export type TAchievementRecordsInput = z.infer<typeof ZAchievementRecordsInputSchema>;

export const ZBranchByCodeInputSchema = z.object({ code: z.string().trim().min(1).max(64) });
export type TBranchByCodeInput = z.infer<typeof ZBranchByCodeInputSchema>;

/**
 * A slot of one requirement: met, missed (due and unmet), pending (inside the branch's existence but not
 * over by asOf: not yet due) or outside (not wholly inside the branch's existence: never owed).
 */
export type TSlotStatus = 'met' | 'missed' | 'pending' | 'outside';

/** The `?drill=` values the branch detail page understands (other pages link with them). */
export const DRILL_KINDS = ['slots', 'sessions', 'achievements', 'attendance'] as const;
export type TDrillKind = (typeof DRILL_KINDS)[number];
