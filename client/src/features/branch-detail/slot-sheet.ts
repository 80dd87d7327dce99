/**
 * A branch's required-session slots as a sheet (issue 12): the 规定动作完成情况 grid (every slot, in the
 * grid's order: months, quarters, the year; requirement by requirement) and a drill-through's list (the
 * slots it shows, in its order). One row per slot with its status in words on the status colour, and
 * the sessions that met it as a number — a long table the 组织部 can filter and sum.
 */
import { REQUIREMENTS } from '../../../../shared/domain';
import type { TSlotStatus } from '../../../../shared/schemas/records';
import type { TBranchSlot } from '../../lib/api-types';
import { enumLabel, type TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import type { TGridSheet } from '../../lib/table-export';
import { MESSAGES } from './messages';
import { buildSlotGrid } from './slot-grid';

/**
 * Light fills of the grid's colours (dark text stays readable on them); a pending slot has none, and a
 * slot outside the branch's existence is grey (not owed at all).
 */
const STATUS_FILLS: Partial<Record<TSlotStatus, string>> = {
  met: '#d9f7be',
  missed: '#ffccc7',
  outside: '#f0f0f0',
};

/** The slots as rows, in the order given. */
export function slotSheet(slots: readonly TBranchSlot[], lang: TLang): TGridSheet {
  const m = (key: keyof (typeof MESSAGES)['zh']) => translateFrom(MESSAGES, lang, key);
  return {
    columns: [
      { header: m('col.slot'), format: 'text', width: 12 },
      { header: m('col.type'), format: 'text', width: 16 },
      { header: m('col.status'), format: 'text', width: 10 },
      { header: m('col.sessions'), format: 'int', width: 8 },
    ],
    rows: slots.map((s) => {
      const status = m(`slot.${s.status}`);
      const fill = STATUS_FILLS[s.status];
      return [
        s.slot,
        enumLabel(REQUIREMENTS, s.type, lang),
        fill ? { value: status, fill } : status,
        s.sessionIds.length,
      ];
    }),
    filters: [],
  };
}

/** Every slot in the grid's order (slot-grid.ts): months, then quarters, then the year, by requirement. */
export function slotsInGridOrder(slots: readonly TBranchSlot[]): TBranchSlot[] {
  const byKey = new Map(slots.map((s) => [`${s.type}|${s.slot}`, s]));
  return buildSlotGrid(slots).blocks.flatMap((block) =>
    block.rows.flatMap((row) =>
      row.cells.flatMap((cell) => {
        const slot = cell && byKey.get(`${row.type}|${cell.slot}`);
        return slot ? [slot] : [];
      }),
    ),
  );
}
