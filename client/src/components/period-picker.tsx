/**
 * Period picker (year / quarter / month / custom range) bound to the address via usePeriodState.
 */
import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { memo } from 'react';
import 'dayjs/locale/zh-cn';
import type { TPeriodKind } from '../../../shared/schemas/period';
import { useI18n } from '../lib/i18n-provider';
import { periodOfKind, usePeriodState } from '../lib/period-state';

dayjs.extend(quarterOfYear);

const KIND_LABELS: Record<TPeriodKind, { zh: string; en: string }> = {
  year: { zh: '年度', en: 'Year' },
  quarter: { zh: '季度', en: 'Quarter' },
  month: { zh: '月度', en: 'Month' },
  range: { zh: '自定义', en: 'Custom' },
};

function periodOf(kind: TPeriodKind, day: Dayjs): string {
  switch (kind) {
    case 'year':
      return day.format('YYYY');
    case 'quarter':
      return `${day.format('YYYY')}-Q${day.quarter()}`;
    case 'month':
      return day.format('YYYY-MM');
    case 'range':
      return `${day.format('YYYY-MM-DD')}..${day.format('YYYY-MM-DD')}`;
  }
}

/** Memoized: it re-renders when the period in the address changes, not with its page. */
export const PeriodPicker = memo(function PeriodPicker() {
  const { lang } = useI18n();
  const { parsed, setPeriod } = usePeriodState();
  const start = dayjs(parsed.start);
  const end = dayjs(parsed.end);
  return (
    <Space wrap data-testid="period-picker">
      <Segmented<TPeriodKind>
        value={parsed.kind}
        options={(Object.keys(KIND_LABELS) as TPeriodKind[]).map((k) => ({
          value: k,
          label: KIND_LABELS[k][lang],
        }))}
        onChange={(kind) => setPeriod(periodOfKind(parsed, kind))}
      />
      {parsed.kind === 'range' ? (
        <DatePicker.RangePicker
          allowClear={false}
          value={[start, end]}
          onChange={(values) => {
            if (values?.[0] && values[1])
              setPeriod(`${values[0].format('YYYY-MM-DD')}..${values[1].format('YYYY-MM-DD')}`);
          }}
        />
      ) : (
        <DatePicker
          allowClear={false}
          picker={parsed.kind}
          value={start}
          format={parsed.kind === 'quarter' ? 'YYYY-[Q]Q' : parsed.kind === 'month' ? 'YYYY-MM' : 'YYYY'}
          onChange={(day) => day && setPeriod(periodOf(parsed.kind, day))}
        />
      )}
    </Space>
  );
});
