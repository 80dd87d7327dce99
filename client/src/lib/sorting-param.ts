import type { SortingState } from '@tanstack/react-table';

/** `name.desc,code` ⇄ sorting state, for keeping the sort in the address (`?sort=`). */
export function parseSorting(text: string | null): SortingState {
  if (!text) return [];
  return text
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const [id = '', dir] = part.split('.');
      return { id, desc: dir === 'desc' };
    })
    .filter((s) => s.id !== '');
}

export function formatSorting(sorting: SortingState): string | null {
  return sorting.length ? sorting.map((s) => `${s.id}${s.desc ? '.desc' : ''}`).join(',') : null;
}
