/** The composite index weights: every weighted metric with its weight and the sum; admins edit and save. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, InputNumber, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_WEIGHTS, type TMetricKey } from '../../../../shared/metric-keys';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { metricLabel, weightSum, weightsProblem } from './goal-model';
import { GOALS_MESSAGES } from './messages';
import { useInvalidateGoals } from './use-invalidate-goals';

export function WeightsEditor({ canEdit }: { canEdit: boolean }) {
  const { lang } = useI18n();
  const m = useMessages(GOALS_MESSAGES);
  const query = useQuery(trpc.goals.weights.queryOptions());
  const invalidate = useInvalidateGoals();
  const stored = useMemo(() => {
    // The stored weights, plus the default index metrics an admin may have removed (weight 0).
    const out: Partial<Record<TMetricKey, number>> = {};
    for (const key of Object.keys(DEFAULT_WEIGHTS) as TMetricKey[]) out[key] = 0;
    for (const w of query.data ?? []) out[w.metric] = w.weight;
    return out;
  }, [query.data]);
  const [draft, setDraft] = useState<Partial<Record<TMetricKey, number | null>>>({});
  useEffect(() => setDraft(stored), [stored]);
  const save = useMutation(trpc.goals.setWeights.mutationOptions({ onSuccess: () => invalidate() }));

  const rows = (Object.keys(stored) as TMetricKey[]).map((metric) => ({ metric }));
  // The API's rule on the set the save leaves (every weight valid, sum above 0), with its message.
  const problem = useMemo(() => weightsProblem(draft, lang), [draft, lang]);
  const isValid = problem === null;
  const changed = (Object.keys(draft) as TMetricKey[]).filter((k) => draft[k] !== stored[k]);
  const sum = weightSum(draft);

  return (
    <Card title={m('weightsCard')} size="small" data-testid="weights-card">
      <Typography.Paragraph type="secondary">{m('weightsHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="metric"
        pagination={false}
        loading={query.isLoading}
        dataSource={rows}
        columns={[
          { title: m('colMetric'), key: 'metric', render: (_, r) => metricLabel(r.metric, lang) },
          {
            title: m('colWeight'),
            key: 'weight',
            align: 'right',
            width: 140,
            render: (_, r) =>
              canEdit ? (
                <InputNumber
                  size="small"
                  // No min/max: clamping would silently turn −5 into 0; the shared schema refuses it.
                  value={draft[r.metric] ?? null}
                  onChange={(v) => setDraft((d) => ({ ...d, [r.metric]: v }))}
                  data-testid={`weight-${r.metric}`}
                />
              ) : (
                <span data-testid={`weight-${r.metric}`}>{stored[r.metric]}</span>
              ),
          },
          {
            title: '%',
            key: 'share',
            align: 'right',
            width: 80,
            render: (_, r) => (sum > 0 ? `${Math.round(((draft[r.metric] ?? 0) / sum) * 1000) / 10}%` : '—'),
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong data-testid="weights-sum">{m('weightsSum', { sum })}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} colSpan={2} align="right">
              {canEdit ? (
                <Space>
                  <Button size="small" disabled={changed.length === 0} onClick={() => setDraft(stored)}>
                    {m('weightsReset')}
                  </Button>
                  <Button
                    size="small"
                    type="primary"
                    disabled={changed.length === 0 || !isValid}
                    loading={save.isPending}
                    data-testid="weights-save"
                    onClick={() =>
                      save.mutate({ weights: Object.fromEntries(changed.map((k) => [k, draft[k] ?? 0])) })
                    }
                  >
                    {m('weightsSave')}
                  </Button>
                </Space>
              ) : null}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {problem ? <Alert type="error" showIcon title={problem} data-testid="weights-problem" /> : null}
      {save.error ? <Alert type="error" showIcon title={save.error.message} /> : null}
    </Card>
  );
}
