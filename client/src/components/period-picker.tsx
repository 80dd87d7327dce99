/**
 * Period picker (year / quarter / month / custom range) bound to the address via usePeriodState. It offers
 * the years from the first with records to this year (`metrics.years`): no empty past, no future year.
 */

import { useQuery } from '@tanstack/react-query';
import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { memo, useCallback } from 'react';
import 'dayjs/locale/zh-cn';
import type { TPeriodKind } from '../../../shared/schemas/period';
import { useI18n } from '../lib/i18n-provider';
import { periodOfKind, usePeriodState } from '../lib/period-state';
import { trpc } from '../lib/trpc';

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
  const years = useQuery(trpc.metrics.years.queryOptions(undefined, { staleTime: 60 * 60_000 })).data;
  // Until the years arrive nothing is disabled (the period in the address is shown either way).
  const isOutside = useCallback(
    (day: Dayjs) => !!years && (day.year() < years.first || day.year() > years.last),
    [years],
  );
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
          disabledDate={isOutside}
          value={[start, end]}
          onChange={(values) => {
            if (values?.[0] && values[1])
              setPeriod(`${values[0].format('YYYY-MM-DD')}..${values[1].format('YYYY-MM-DD')}`);
          }}
        />
      ) : (
        <DatePicker
          allowClear={false}
          disabledDate={isOutside}
          picker={parsed.kind}
          value={start}
          format={parsed.kind === 'quarter' ? 'YYYY-[Q]Q' : parsed.kind === 'month' ? 'YYYY-MM' : 'YYYY'}
          onChange={(day) => day && setPeriod(periodOf(parsed.kind, day))}
        />
      )}
    </Space>
  );
});
