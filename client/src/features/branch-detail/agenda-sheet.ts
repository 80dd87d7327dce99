/**
 * 本支部待办 as a sheet (issue 12): the list as the card shows it — this month's, quarter's and year's
 * required sessions, then the overdue ones of the period, oldest first — one row per slot with its
 * group, status in words, last day, days left as a number (negative: overdue by that many) and the
 * sessions that met it as a number. The file is written by components/table-export-button.tsx.
 */
import { REQUIREMENTS } from '../../../../shared/domain';
import { enumLabel, type TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import type { TGridSheet } from '../../lib/table-export';
import { MESSAGES } from './messages';
import { agendaGroups, type TAgenda, type TAgendaSlot } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

export function agendaSheet(agenda: TAgenda, lang: TLang): TGridSheet {
  const r = (key: keyof (typeof RECORD_MESSAGES)['zh'], vars?: Record<string, string | number>) =>
    translateFrom(RECORD_MESSAGES, lang, key, vars);
  const m = (key: keyof (typeof MESSAGES)['zh']) => translateFrom(MESSAGES, lang, key);
  const groups = agendaGroups(agenda);
  const statusOf = (slot: TAgendaSlot) =>
    slot.status === 'done'
      ? r('agenda.done')
      : slot.status === 'overdue'
        ? r('agenda.overdueBy')
        : slot.daysLeft === 0
          ? r('agenda.dueToday')
          : r('agenda.daysLeft', { n: slot.daysLeft });
  const rowsOf = (group: string, slots: readonly TAgendaSlot[]) =>
    slots.map((slot) => [
      group,
      enumLabel(REQUIREMENTS, slot.type, lang),
      formatPeriod(slot.slot, lang),
      slot.end,
      statusOf(slot),
      // Done: nothing left to count; an overdue slot's days are negative, as the API gives them.
      slot.status === 'done' ? null : slot.daysLeft,
      slot.sessionIds.length,
    ]);
  const current = (key: 'agenda.month' | 'agenda.quarter' | 'agenda.year', slots: readonly TAgendaSlot[]) =>
    rowsOf(r(key, { slot: formatPeriod(slots[0]?.slot ?? '', lang) }), slots);
  return {
    columns: [
      { header: r('agenda.col.group'), format: 'text', width: 18 },
      { header: m('col.type'), format: 'text', width: 16 },
      { header: m('col.slot'), format: 'text', width: 12 },
      { header: r('agenda.col.end'), format: 'text', width: 12 },
      { header: m('col.status'), format: 'text', width: 12 },
      { header: r('agenda.col.daysLeft'), format: 'int', width: 10 },
      { header: m('col.sessions'), format: 'int', width: 8 },
    ],
    rows: [
      ...current('agenda.month', groups.month),
      ...current('agenda.quarter', groups.quarter),
      ...current('agenda.year', groups.year),
      ...rowsOf(r('agenda.overdue', { period: formatPeriod(agenda.scope.period, lang) }), groups.overdue),
    ],
    filters: [],
  };
}
