/**
 * The slot grid's layout (pure, unit-tested): one block per slot length (months, quarters, year), rows
 * = the requirements of that length the branch owes, columns = the slots of the period, each cell the
 * slot's status and the sessions that met it. A requirement the branch does not owe has no row.
 */
import {
  REQUIREMENT_SLOTS,
  REQUIREMENTS,
  type TRequirement,
  type TSlotLength,
} from '../../../../shared/domain';
import type { TSlotStatus } from '../../../../shared/schemas/records';

/** What the grid needs of a slot (records.slots returns these fields and more). */
export interface TSlotInput {
  type: TRequirement;
  slot: string;
  length: TSlotLength;
  status: TSlotStatus;
  sessionIds: readonly number[];
}

export interface TSlotCell {
  slot: string;
  status: TSlotStatus;
  sessions: number;
}

export interface TSlotBlock {
  length: TSlotLength;
  /** Slot labels in calendar order. */
  slots: string[];
  /** One row per owed requirement of this length; a cell is null where the slot is not in the data. */
  rows: { type: TRequirement; cells: (TSlotCell | null)[] }[];
}

export interface TSlotGrid {
  blocks: TSlotBlock[];
  totals: Record<TSlotStatus, number>;
}

const LENGTHS: TSlotLength[] = ['month', 'quarter', 'year'];

export function buildSlotGrid(slots: readonly TSlotInput[]): TSlotGrid {
  const totals: Record<TSlotStatus, number> = { met: 0, missed: 0, pending: 0, outside: 0 };
  for (const s of slots) totals[s.status] += 1;
  const blocks: TSlotBlock[] = [];
  for (const length of LENGTHS) {
    const ofLength = slots.filter((s) => s.length === length);
    if (ofLength.length === 0) continue;
    // Labels of one length sort in calendar order as plain strings (2025-01 < 2025-02, 2025-Q1 < 2025-Q2).
    const labels = [...new Set(ofLength.map((s) => s.slot))].sort();
    const types = REQUIREMENTS.keys.filter(
      (t) => REQUIREMENT_SLOTS[t] === length && ofLength.some((s) => s.type === t),
    );
    const byKey = new Map(ofLength.map((s) => [`${s.type}|${s.slot}`, s]));
    blocks.push({
      length,
      slots: labels,
      rows: types.map((type) => ({
        type,
        cells: labels.map((slot) => {
          const s = byKey.get(`${type}|${slot}`);
          return s ? { slot, status: s.status, sessions: s.sessionIds.length } : null;
        }),
      })),
    });
  }
  return { blocks, totals };
}

/** Short column heading: `1月` / `Jan`, `Q1`, `2025`. */
export function slotHeading(slot: string, lang: 'zh' | 'en'): string {
  const month = /^\d{4}-(\d{2})$/.exec(slot);
  if (month) {
    const n = Number(month[1]);
    return lang === 'zh'
      ? `${n}月`
      : new Date(Date.UTC(2000, n - 1, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  }
  const quarter = /^\d{4}-(Q[1-4])$/.exec(slot);
  return quarter?.[1] ?? slot;
}
