/** The slot grid (months / quarters / year × required types); a cell opens the sessions that met it. */
import { Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { REQUIREMENTS } from '../../../../shared/domain';
import type { TSlotStatus } from '../../../../shared/schemas/records';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { MESSAGES } from './messages';
import { buildSlotGrid, slotHeading, type TSlotInput } from './slot-grid';

export function slotStatusColor(status: TSlotStatus): string {
  return status === 'met' ? 'success' : status === 'missed' ? 'error' : 'default';
}

/** `/` for a slot outside the branch's existence: not applicable, as on a paper form. */
const MARK: Record<TSlotStatus, string> = { met: '✓', missed: '✗', pending: '·', outside: '/' };

export function SlotGridView({
  slots,
  onOpenSlot,
}: {
  slots: readonly TSlotInput[];
  onOpenSlot: (slot: string, type: TSlotInput['type']) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const grid = useMemo(() => buildSlotGrid(slots), [slots]);
  return (
    <div className="bd-slot-grid" data-testid="slot-grid">
      <Typography.Paragraph type="secondary" className="bd-slot-legend">
        <span className="bd-slot-cell bd-slot-met">{MARK.met}</span> {m('slot.met')}
        <span className="bd-slot-cell bd-slot-missed">{MARK.missed}</span> {m('slot.missed')}
        <span className="bd-slot-cell bd-slot-pending">{MARK.pending}</span> {m('slot.pending')}
        {/* Only a branch founded or dissolved inside the period has such slots. */}
        {grid.totals.outside > 0 ? (
          <>
            <span className="bd-slot-cell bd-slot-outside">{MARK.outside}</span> {m('slot.outside')}
          </>
        ) : null}{' '}
        · {m('slot.totals', grid.totals)}
        {grid.totals.outside > 0 ? ` · ${m('slot.outsideTotal', grid.totals)}` : null}
      </Typography.Paragraph>
      {grid.blocks.map((block) => (
        <div key={block.length} className="bd-slot-block">
          <table className="bd-slot-table" aria-label={m(`slot.${block.length}`)}>
            <thead>
              <tr>
                <th className="bd-slot-type">{m(`slot.${block.length}`)}</th>
                {block.slots.map((slot) => (
                  <th key={slot}>{slotHeading(slot, lang)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row) => {
                const typeLabel = enumLabel(REQUIREMENTS, row.type, lang);
                return (
                  <tr key={row.type}>
                    <th className="bd-slot-type" scope="row">
                      {typeLabel}
                    </th>
                    {row.cells.map((cell, i) => (
                      <td key={block.slots[i]}>
                        {cell ? (
                          <Tooltip
                            title={
                              cell.status === 'outside'
                                ? m('slot.outsideTitle', {
                                    type: typeLabel,
                                    slot: cell.slot,
                                    n: cell.sessions,
                                  })
                                : m('slot.cellTitle', {
                                    type: typeLabel,
                                    slot: cell.slot,
                                    status: m(`slot.${cell.status}`),
                                    n: cell.sessions,
                                  })
                            }
                          >
                            <button
                              type="button"
                              className={`bd-slot-cell bd-slot-${cell.status}`}
                              data-slot={cell.slot}
                              data-type={row.type}
                              data-status={cell.status}
                              onClick={() => onOpenSlot(cell.slot, row.type)}
                            >
                              {cell.sessions > 0 ? cell.sessions : MARK[cell.status]}
                            </button>
                          </Tooltip>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
