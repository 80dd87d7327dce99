/** Whether a CSS media query matches, as React state that follows the window (no first frame of the wrong layout). */
import { useCallback, useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint: phones. The app then opens its menu from the header. */
export const NARROW_QUERY = '(max-width: 767.98px)';

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
