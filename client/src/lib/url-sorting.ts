import type { SortingState } from '@tanstack/react-table';
import { useMemo } from 'react';
import { setSearchParams, useSearchParam } from './router';
import { formatSorting, parseSorting } from './sorting-param';

/** A table's sorting kept in the address (`?sort=`), replacing the entry (sorting is not a step back). */
export function useUrlSorting(): { sorting: SortingState; onSortingChange: (next: SortingState) => void } {
  const sortParam = useSearchParam('sort');
  const sorting = useMemo(() => parseSorting(sortParam), [sortParam]);
  return { sorting, onSortingChange: onUrlSortingChange };
}

function onUrlSortingChange(next: SortingState): void {
  setSearchParams({ sort: formatSorting(next) }, { replace: true });
}
