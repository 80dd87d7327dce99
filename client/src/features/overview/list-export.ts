/**
 * The overview's two lists to Excel / CSV (issue 12): 工作欠账 (one row per branch, as listed, with how
 * many slots it missed and which) and 即将到期 (one row per open slot, soonest first, with its last day and
 * the days left as numbers). The file is written by components/table-export-button.tsx.
 */
import { REQUIREMENTS } from '../../../../shared/domain';
import type { TDueSoon } from '../../../../shared/schemas/overview';
import type { TOverviewSummary } from '../../lib/api-types';
import { enumLabel, joinList, type TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import type { TGridSheet } from '../../lib/table-export';
import { OVERVIEW_MESSAGES } from './messages';

type TOverviewKey = keyof (typeof OVERVIEW_MESSAGES)['zh'] & string;

function translator(lang: TLang) {
  return (key: TOverviewKey) => translateFrom(OVERVIEW_MESSAGES, lang, key);
}

export function alertsSheet(alerts: TOverviewSummary['alerts'], lang: TLang): TGridSheet {
  const m = translator(lang);
  return {
    columns: [
      { header: m('colBranch'), format: 'text', width: 28 },
      { header: m('colCode'), format: 'text', width: 10 },
      { header: m('colBacklogCount'), format: 'int', width: 10 },
      { header: m('colBacklog'), format: 'text', width: 50 },
    ],
    rows: alerts.items.map((item) => [
      item.name,
      item.code,
      item.backlog.length,
      joinList(
        item.backlog.map((b) => enumLabel(REQUIREMENTS, b.type, lang)),
        lang,
      ),
    ]),
    filters: [],
  };
}

export function dueSoonSheet(dueSoon: TDueSoon, lang: TLang): TGridSheet {
  const m = translator(lang);
  return {
    columns: [
      { header: m('colBranch'), format: 'text', width: 28 },
      { header: m('colCode'), format: 'text', width: 10 },
      { header: m('colRequirement'), format: 'text', width: 16 },
      { header: m('colSlot'), format: 'text', width: 14 },
      { header: m('colDueOn'), format: 'text', width: 12 },
      { header: m('colDaysLeft'), format: 'int', width: 10 },
    ],
    rows: dueSoon.items.map((item) => [
      item.name,
      item.code,
      enumLabel(REQUIREMENTS, item.type, lang),
      formatPeriod(item.slot, lang),
      item.slotEnd,
      item.daysLeft,
    ]),
    filters: [],
  };
}
