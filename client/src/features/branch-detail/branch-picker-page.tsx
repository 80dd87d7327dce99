/**
 * /branch without a code: a searchable picker over the branches the viewer may open, grouped by general
 * branch. A secretary (whose list holds only its own branch) goes straight to it.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Select, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { ErrorState } from '../../components/states';
import { useMessages } from '../../lib/messages';
import { navigate, useLocation } from '../../lib/router';
import { trpc } from '../../lib/trpc';
import { MESSAGES } from './messages';

export function branchPath(code: string, search: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const key of ['period', 'asOf']) {
    const value = search.get(key);
    if (value) keep.set(key, value);
  }
  const query = keep.toString();
  return `/branch/${encodeURIComponent(code)}${query ? `?${query}` : ''}`;
}

export function BranchPickerPage() {
  const m = useMessages(MESSAGES);
  const { search } = useLocation();
  const me = useQuery(trpc.auth.me.queryOptions());
  const list = useQuery(trpc.branches.list.queryOptions());

  const own = me.data?.role === 'secretary' ? list.data?.find((b) => b.id === me.data?.branchId) : undefined;
  useEffect(() => {
    if (own) navigate(branchPath(own.code, new URLSearchParams(window.location.search)), { replace: true });
  }, [own]);

  const options = useMemo(() => {
    const groups = new Map<string, { label: string; value: string; search: string }[]>();
    for (const b of list.data ?? []) {
      const group = b.parentName ?? m('noParent');
      groups.set(group, [
        ...(groups.get(group) ?? []),
        { label: `${b.name}（${b.code}）`, value: b.code, search: `${b.name} ${b.code}`.toLowerCase() },
      ]);
    }
    return [...groups].map(([label, items]) => ({ label, title: label, options: items }));
  }, [list.data, m]);

  return (
    <section data-testid="branch-picker">
      <Typography.Title level={1} className="page-title">
        {m('pickTitle')}
      </Typography.Title>
      <Card>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Select
              showSearch={{
                filterOption: (input, option) =>
                  String((option as { search?: string } | undefined)?.search ?? '').includes(
                    input.trim().toLowerCase(),
                  ),
              }}
              autoFocus
              loading={list.isPending}
              placeholder={m('pickPlaceholder')}
              options={options}
              style={{ width: '100%', maxWidth: 560 }}
              onChange={(code: string) => navigate(branchPath(code, search))}
              data-testid="branch-select"
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {m('pickHint')}
            </Typography.Paragraph>
          </>
        )}
      </Card>
    </section>
  );
}
