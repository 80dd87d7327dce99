/** Filters above the grid: category, general branch, search, columns menu, YoY columns, rank mode. */

import type { ColumnVisibilityState } from '@tanstack/react-table';
import { Button, Checkbox, Input, Popover, Segmented, Select, Space, Switch, Typography } from 'antd';
import { memo } from 'react';
import { CATEGORIES, type TCategory } from '../../../../shared/domain';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { IDENTITY_COLUMNS } from './compare-columns';
import { MESSAGES } from './compare-messages';
import { COLUMN_GROUPS, columnLabel } from './compare-metrics';
import type { TRankMode } from './compare-url-state';

export interface CompareToolbarProps {
  category: TCategory | undefined;
  onCategoryChange: (category: TCategory | undefined) => void;
  parentId: number | undefined;
  parents: readonly { id: number; name: string }[];
  onParentChange: (parentId: number | undefined) => void;
  search: string;
  onSearchChange: (search: string) => void;
  hidden: ColumnVisibilityState;
  onHiddenChange: (hidden: ColumnVisibilityState) => void;
  showDelta: boolean;
  onShowDeltaChange: (show: boolean) => void;
  rankMode: TRankMode;
  onRankModeChange: (mode: TRankMode) => void;
  hasFilters: boolean;
  onClearFilters: () => void;
}

/** Memoized (the page passes stable props): a sort or a selection does not re-render the filters. */
export const CompareToolbar = memo(function CompareToolbar(props: CompareToolbarProps) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const labels = {
    goalsMet: m('col.goalsMet'),
    meanAttainment: m('col.meanAttainment'),
    index: m('col.index'),
    rank: props.rankMode === 'category' ? m('col.categoryRank') : m('col.rank'),
  };
  const isVisible = (id: string) => props.hidden[id] !== false;
  const setVisible = (id: string, visible: boolean) => {
    const next = { ...props.hidden };
    if (visible) delete next[id];
    else next[id] = false;
    props.onHiddenChange(next);
  };
  const columnsMenu = (
    <div className="compare-columns-menu" data-testid="compare-columns-menu">
      <div className="compare-columns-group">
        <Typography.Text strong>{m('group.identity')}</Typography.Text>
        {IDENTITY_COLUMNS.map((id) => (
          <Checkbox
            key={id}
            checked={isVisible(id)}
            onChange={(e) => setVisible(id, e.target.checked)}
            data-column-toggle={id}
          >
            {m(`col.${id}`)}
          </Checkbox>
        ))}
      </div>
      {COLUMN_GROUPS.map((group) => (
        <div className="compare-columns-group" key={group.key}>
          <Typography.Text strong>{m(`group.${group.key}`)}</Typography.Text>
          {group.columns.map((id) => (
            <Checkbox
              key={id}
              checked={isVisible(id)}
              onChange={(e) => setVisible(id, e.target.checked)}
              data-column-toggle={id}
            >
              {columnLabel(id, lang, labels)}
            </Checkbox>
          ))}
        </div>
      ))}
    </div>
  );

  return (
    <Space wrap className="compare-toolbar" size={[12, 8]}>
      <Select
        aria-label={m('category')}
        data-testid="compare-category"
        style={{ width: 140 }}
        value={props.category ?? ''}
        options={[
          { value: '', label: m('allCategories') },
          ...CATEGORIES.keys.map((key) => ({ value: key, label: CATEGORIES.byKey[key][lang] })),
        ]}
        onChange={(value: string) => props.onCategoryChange((value || undefined) as TCategory | undefined)}
      />
      <Select
        aria-label={m('parent')}
        data-testid="compare-parent"
        style={{ width: 200 }}
        value={props.parentId ?? 0}
        options={[
          { value: 0, label: m('allParents') },
          ...props.parents.map((p) => ({ value: p.id, label: p.name })),
        ]}
        onChange={(value: number) => props.onParentChange(value || undefined)}
      />
      <Input.Search
        allowClear
        data-testid="compare-search"
        placeholder={m('search')}
        style={{ width: 220 }}
        defaultValue={props.search}
        onChange={(e) => props.onSearchChange(e.target.value)}
      />
      <Popover trigger="click" placement="bottomLeft" content={columnsMenu}>
        <Button data-testid="compare-columns">{m('columns')}</Button>
      </Popover>
      <Space size={6}>
        <Switch
          size="small"
          checked={props.showDelta}
          onChange={props.onShowDeltaChange}
          data-testid="compare-delta"
        />
        <Typography.Text>{m('showDelta')}</Typography.Text>
      </Space>
      <Segmented
        data-testid="compare-rank-mode"
        value={props.rankMode}
        options={[
          { value: 'all', label: m('rankAll') },
          { value: 'category', label: m('rankCategory') },
        ]}
        onChange={(value) => props.onRankModeChange(value as TRankMode)}
      />
      {props.hasFilters ? (
        <Button type="link" onClick={props.onClearFilters} data-testid="compare-clear-filters">
          {m('clearFilters')}
        </Button>
      ) : null}
    </Space>
  );
});
