/**
 * The composite index weights of a goal year (metrics.md: weights belong to a year; a year without its
 * own uses the latest earlier year's, else the defaults): every weighted metric with its weight and the
 * sum, where they come from, and — before an admin saves a change — how it would re-order that year's
 * ranking (goals.previewWeights).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_WEIGHTS, type TMetricKey } from '../../../../shared/metric-keys';
import type { TRankMove } from '../../../../shared/schemas/goals';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { weightsSheet, weightsSourceText } from './goal-export';
import { metricLabel, weightSum, weightsProblem } from './goal-model';
import { GOALS_MESSAGES } from './messages';
import { useInvalidateGoals } from './use-invalidate-goals';

export function WeightsEditor({ year, canEdit }: { year: number; canEdit: boolean }) {
  const { lang } = useI18n();
  const m = useMessages(GOALS_MESSAGES);
  const query = useQuery(trpc.goals.weights.queryOptions({ year }));
  const invalidate = useInvalidateGoals();
  const stored = useMemo(() => {
    // The year's weights, plus the default index metrics an admin may have removed (weight 0).
    const out: Partial<Record<TMetricKey, number>> = {};
    for (const key of Object.keys(DEFAULT_WEIGHTS) as TMetricKey[]) out[key] = 0;
    for (const w of query.data?.weights ?? []) out[w.metric] = w.weight;
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
  const candidate = useMemo(
    () => Object.fromEntries((Object.keys(draft) as TMetricKey[]).map((k) => [k, draft[k] ?? 0])),
    [draft],
  );
  const preview = useQuery({
    ...trpc.goals.previewWeights.queryOptions({ year, weights: candidate }),
    enabled: canEdit && changed.length > 0 && isValid,
    placeholderData: keepPreviousData,
  });
  const source = query.data?.source;
  const user = useSession();

  // The saved weights (not an unsaved draft), with the year and their source above the table.
  const getExport = (): TTableExport | null => {
    if (!source) return null;
    const sheet = weightsSheet(stored, lang);
    const title = m('weightsCard');
    const period = String(year);
    const [first, ...rest] = exportHeaderBlock({ title, lang, period, filters: [], user }, sheet);
    const sourceLine = `${m('weightsSource')}${lang === 'zh' ? '：' : ': '}${weightsSourceText(source, year, lang)}`;
    return {
      table: sheetTableOf(sheet, [first ?? title, sourceLine, ...rest], title),
      fileName: (extension) => tableExportFileName({ title, period, lang }, extension),
    };
  };

  return (
    <Card
      title={m('weightsCard')}
      size="small"
      data-testid="weights-card"
      className="card-head-wraps"
      extra={
        <Space wrap>
          {source ? (
            <Tag color={source.type === 'own' ? 'blue' : 'default'} data-testid="weights-source">
              {weightsSourceText(source, year, lang)}
            </Tag>
          ) : null}
          <TableExportButton getExport={getExport} disabled={!source} testId="weights-export" />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {m('weightsHint')}{' '}
        {source ? (source.type === 'own' ? m('weightsIsOwn', { year }) : m('weightsNotOwn', { year })) : null}
      </Typography.Paragraph>
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
                  aria-label={`${m('colWeight')} ${metricLabel(r.metric, lang)}`}
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
                      save.mutate({
                        year,
                        weights: Object.fromEntries(changed.map((k) => [k, draft[k] ?? 0])),
                      })
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
      {canEdit && changed.length > 0 && isValid && preview.data ? (
        <RankPreview year={year} preview={preview.data} />
      ) : null}
    </Card>
  );
}

function RankPreview({
  year,
  preview,
}: {
  year: number;
  preview: { asOf: string; ranked: number; moved: number; moves: TRankMove[] };
}) {
  const m = useMessages(GOALS_MESSAGES);
  const { lang } = useI18n();
  const rank = (r: number | null) => (r === null ? '—' : String(r));
  return (
    <div className="weights-preview" data-testid="weights-preview">
      <Typography.Text strong>{m('previewTitle', { year, asOf: preview.asOf })}</Typography.Text>
      <Typography.Paragraph
        type="secondary"
        data-testid="weights-preview-summary"
        style={{ margin: '4px 0' }}
      >
        {preview.ranked === 0
          ? m('previewEmpty', { year })
          : preview.moved === 0
            ? m('previewNone')
            : m('previewMoved', { moved: preview.moved, ranked: preview.ranked })}
      </Typography.Paragraph>
      {preview.moves.length > 0 ? (
        <Table
          size="small"
          rowKey="branchId"
          pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
          dataSource={preview.moves}
          columns={[
            {
              title: m('colBranch'),
              key: 'branch',
              render: (_, r) => (lang === 'zh' ? `${r.name}（${r.code}）` : `${r.name} (${r.code})`),
            },
            { title: m('colRankNow'), key: 'rank', align: 'right', render: (_, r) => rank(r.rank) },
            {
              title: m('colRankNew'),
              key: 'newRank',
              align: 'right',
              render: (_, r) => (
                <span data-testid="preview-new-rank">
                  {rank(r.newRank)}
                  {r.rank !== null && r.newRank !== null ? (
                    <Typography.Text type={r.newRank < r.rank ? 'success' : 'danger'}>
                      {' '}
                      {r.newRank < r.rank ? `↑${r.rank - r.newRank}` : `↓${r.newRank - r.rank}`}
                    </Typography.Text>
                  ) : null}
                </span>
              ),
            },
            {
              title: m('colIndexNew'),
              key: 'newIndex',
              align: 'right',
              render: (_, r) => (r.newIndex === null ? '—' : r.newIndex.toFixed(1)),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
