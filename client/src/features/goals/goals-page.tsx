/**
 * 目标 (/goals?year=): the goals of a year (全部 / category / branch × metric) and the composite index
 * weights. Admins add, edit and remove goals and change weights (goals.set / setWeights, audited);
 * leaders and secretaries read (the server refuses their writes anyway).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, message, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { IS_ADDITIVE } from '../../../../shared/metric-keys';
import { todayIso } from '../../../../shared/schemas/date';
import type { TGoalItem } from '../../../../shared/schemas/goals';
import { COLLEGE_SUBJECT } from '../../components/chart-scope';
import { ErrorState } from '../../components/states';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, useSearchParam } from '../../lib/router';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { goalsSheet } from './goal-export';
import { GoalFormModal } from './goal-form-modal';
import { actualOf, formatActual, formatTarget, metricLabel, scopeKey, scopeLabel } from './goal-model';
import { goalYearOf } from './goal-year';
import { GOALS_MESSAGES } from './messages';
import { useInvalidateGoals } from './use-invalidate-goals';
import { WeightsEditor } from './weights-editor';
import './goals.css';

/** Numbers and their headers on one line: a phone's narrow column split "86.87 %" and "35.05/支 部". */
const NO_WRAP = {
  onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
  onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
};

export function GoalsPage() {
  const { lang } = useI18n();
  const m = useMessages(GOALS_MESSAGES);
  const user = useSession();
  const canEdit = user.role === 'admin';
  const thisYear = Number(todayIso().slice(0, 4));
  const year = goalYearOf(useSearchParam('year'), thisYear);
  const query = useQuery(trpc.goals.list.queryOptions({ year }));
  const invalidate = useInvalidateGoals();
  const remove = useMutation(trpc.goals.set.mutationOptions({ onSuccess: () => invalidate() }));
  const [modal, setModal] = useState<{ open: boolean; editing: TGoalItem | null }>({
    open: false,
    editing: null,
  });

  const yearOptions = useMemo(() => {
    const years = new Set([...(query.data?.years ?? []), thisYear - 1, thisYear, thisYear + 1, year]);
    return [...years].sort((a, b) => b - a).map((y) => ({ value: y, label: m('yearOption', { year: y }) }));
  }, [query.data?.years, thisYear, year, m]);

  const goals = query.data?.goals ?? [];
  // Last year's actuals beside the targets: the college, each category, the branches with goals.
  const branchCodes = useMemo(
    () => goals.flatMap((g) => (g.scope.type === 'branch' ? [g.scope.branchCode] : [])),
    [goals],
  );
  const actuals = useQuery(trpc.goals.actuals.queryOptions({ year, branchCodes }));
  const copy = useMutation(
    trpc.goals.copyYear.mutationOptions({
      onSuccess: (result) => {
        void invalidate();
        message.success(
          m('copied', {
            goals: result.goalsCopied,
            kept: result.goalsKept,
            weights: result.weightsCopied ? m('copiedWeights') : m('keptWeights'),
          }),
        );
      },
      onError: (error) => message.error(error.message),
    }),
  );

  // The list as shown: its rows in their order, last year's actuals as far as they have loaded.
  const getExport = (): TTableExport | null => {
    if (!query.data) return null;
    const sheet = goalsSheet(goals, actuals.data, year, lang);
    const title = m('title');
    const subject = COLLEGE_SUBJECT[lang];
    const period = String(year);
    return {
      table: sheetTableOf(
        sheet,
        exportHeaderBlock({ title: m('goalsCard', { year }), lang, period, filters: [], user }, sheet),
        title,
      ),
      fileName: (extension) => tableExportFileName({ title, subject, period, lang }, extension),
    };
  };
  const exportButton = (
    <TableExportButton getExport={getExport} disabled={goals.length === 0} testId="goals-export" />
  );

  return (
    <section className="goals-page" data-testid="goals-page">
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} className="page-title">
          {m('title')}
        </Typography.Title>
        <Space>
          <span>{m('year')}</span>
          <Select
            data-testid="goals-year"
            value={year}
            options={yearOptions}
            style={{ width: 120 }}
            onChange={(y) => setSearchParams({ year: String(y) })}
          />
        </Space>
      </Space>
      {!canEdit ? <Alert type="info" showIcon title={m('readOnly')} style={{ marginBottom: 16 }} /> : null}
      <div className="goals-layout">
        <Card
          size="small"
          className="card-head-wraps"
          title={m('goalsCard', { year })}
          extra={
            canEdit ? (
              <Space wrap>
                {exportButton}
                <Popconfirm
                  title={m('copyConfirm', { from: year - 1, to: year })}
                  okText={m('copy')}
                  cancelText={m('cancel')}
                  onConfirm={() => copy.mutateAsync({ from: year - 1, to: year })}
                >
                  <Button data-testid="goals-copy" loading={copy.isPending}>
                    {m('copy', { from: year - 1 })}
                  </Button>
                </Popconfirm>
                <Button
                  type="primary"
                  data-testid="goal-add"
                  onClick={() => setModal({ open: true, editing: null })}
                >
                  {m('add')}
                </Button>
              </Space>
            ) : (
              exportButton
            )
          }
        >
          {query.error ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Table
              size="small"
              data-testid="goals-table"
              // A phone scrolls the table sideways: squeezed to 390 px, 指标 went one character a line.
              scroll={{ x: canEdit ? 620 : 500 }}
              rowKey={(g) => `${scopeKey(g.scope)}|${g.metric}`}
              loading={query.isLoading}
              dataSource={goals}
              pagination={false}
              locale={{ emptyText: m('empty') }}
              onRow={(g) => ({ 'data-goal': `${scopeKey(g.scope)}|${g.metric}` }) as object}
              columns={[
                {
                  title: m('colScope'),
                  key: 'scope',
                  render: (_, g) => scopeLabel(g, lang, m('scopeAll')),
                },
                { title: m('colMetric'), key: 'metric', render: (_, g) => metricLabel(g.metric, lang) },
                {
                  title: m('colTarget'),
                  key: 'target',
                  align: 'right',
                  ...NO_WRAP,
                  render: (_, g) => <span data-testid="goal-target">{formatTarget(g.metric, g.target)}</span>,
                },
                {
                  title: m('colActual', { year: year - 1 }),
                  key: 'actual',
                  align: 'right',
                  ...NO_WRAP,
                  render: (_, g) => {
                    const text = formatActual(g.metric, actualOf(g, actuals.data));
                    // A branch total of a scope of several branches is shown per branch, like its goal.
                    const perBranch = IS_ADDITIVE[g.metric] && g.scope.type !== 'branch' && text !== '—';
                    return (
                      <Typography.Text type="secondary" data-testid="goal-actual">
                        {perBranch ? m('perBranch', { value: text }) : text}
                      </Typography.Text>
                    );
                  },
                },
                ...(canEdit
                  ? [
                      {
                        title: m('colActions'),
                        key: 'actions',
                        width: 140,
                        render: (_: unknown, g: TGoalItem) => (
                          <Space size="small">
                            <Button
                              size="small"
                              type="link"
                              data-testid="goal-edit"
                              onClick={() => setModal({ open: true, editing: g })}
                            >
                              {m('edit')}
                            </Button>
                            <Popconfirm
                              title={m('removeConfirm')}
                              okText={m('remove')}
                              cancelText={m('cancel')}
                              onConfirm={() =>
                                remove.mutateAsync({
                                  year: g.year,
                                  scope: g.scope,
                                  metric: g.metric,
                                  target: null,
                                })
                              }
                            >
                              <Button size="small" type="link" danger data-testid="goal-remove">
                                {m('remove')}
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Card>
        <WeightsEditor year={year} canEdit={canEdit} />
      </div>
      {canEdit ? (
        <GoalFormModal
          year={year}
          open={modal.open}
          editing={modal.editing}
          existing={goals}
          onClose={() => setModal({ open: false, editing: null })}
        />
      ) : null}
    </section>
  );
}
