/**
 * A running month's index shown as the note it is (shared/goal-scaling.ts `isRunningMonth`): every place
 * that would draw or list that index — the KPI card, the branch header, the overview's and the big
 * screen's ranking, the compare grid's index and rank — says 进行中 instead of a misleading number.
 */
import { Tooltip } from 'antd';
import { RUNNING_MONTH_TEXT } from '../../../shared/goal-scaling';
import type { TLang } from '../lib/i18n';
import { useI18n } from '../lib/i18n-provider';
import { EmptyState } from './states';

/** `进行中：本月尚未结束…` / `In progress: the month is not over…` */
function runningText(lang: TLang): string {
  const { label, note } = RUNNING_MONTH_TEXT[lang];
  return lang === 'zh' ? `${label}：${note}` : `${label}: ${note}`;
}

/** In place of a chart or list of the index: the label and why. */
export function RunningMonthNote() {
  const { lang } = useI18n();
  return (
    <div data-testid="running-month-note">
      <EmptyState description={runningText(lang)} />
    </div>
  );
}

/** In place of one value (a grid cell): the label, the reason on hover and for screen readers. */
export function RunningMonthValue() {
  const { lang } = useI18n();
  const running = RUNNING_MONTH_TEXT[lang];
  return (
    <Tooltip title={running.note}>
      <span className="grid-empty" data-running-month="true">
        {running.label}
      </span>
    </Tooltip>
  );
}
