/** Whether a CSS media query matches, as React state that follows the window (no first frame of the wrong layout). */
import { useCallback, useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint: phones. The app then opens its menu from the header. */
export const NARROW_QUERY = '(max-width: 767.98px)';

/**
 * Printing (window.print, or a test's emulated print media): the theme turns light (lib/theme.tsx) and
 * virtualized grids render every row (components/virtual-data-table.tsx). The browser reports the change
 * to matchMedia listeners before it lays the page out for paper, and the state update is flushed then.
 */
export const PRINT_QUERY = 'print';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
