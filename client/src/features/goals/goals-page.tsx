/**
 * 目标 (/goals?year=): the goals of a year (全部 / category / branch × metric) and the composite index
 * weights. Admins add, edit and remove goals and change weights (goals.set / setWeights, audited);
 * leaders and secretaries read (the server refuses their writes anyway).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { TGoalItem } from '../../../../shared/schemas/goals';
import { ErrorState } from '../../components/states';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, useSearchParam } from '../../lib/router';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { GoalFormModal } from './goal-form-modal';
import { formatTarget, metricLabel, scopeKey, scopeLabel } from './goal-model';
import { GOALS_MESSAGES } from './messages';
import { useInvalidateGoals } from './use-invalidate-goals';
import { WeightsEditor } from './weights-editor';
import './goals.css';

function parseYear(text: string | null, fallback: number): number {
  const year = Number(text);
  return Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : fallback;
}

export function GoalsPage() {
  const { lang } = useI18n();
  const m = useMessages(GOALS_MESSAGES);
  const user = useSession();
  const canEdit = user.role === 'admin';
  const thisYear = new Date().getFullYear();
  const year = parseYear(useSearchParam('year'), thisYear);
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

  return (
    <section className="goals-page" data-testid="goals-page">
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
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
          title={m('goalsCard', { year })}
          extra={
            canEdit ? (
              <Button
                type="primary"
                data-testid="goal-add"
                onClick={() => setModal({ open: true, editing: null })}
              >
                {m('add')}
              </Button>
            ) : null
          }
        >
          {query.error ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Table
              size="small"
              data-testid="goals-table"
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
                  render: (_, g) => <span data-testid="goal-target">{formatTarget(g.metric, g.target)}</span>,
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
        <WeightsEditor canEdit={canEdit} />
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
