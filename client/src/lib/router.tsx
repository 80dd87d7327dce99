/**
 * A small History-API router: the app has a handful of flat routes, and page state (sorting, filters,
 * period) lives in the query string so a link reproduces the view.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useMemo, useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'pbd:navigate';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface TLocation {
  pathname: string;
  search: URLSearchParams;
}

/** The current location; re-renders on navigation and on back/forward. */
export function useLocation(): TLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

const pathnameSnapshot = () => window.location.pathname;

/**
 * Only the path: re-renders on a change of page, not of the query string (the app shell, whose re-render on
 * every sort or filter of a page would cost that page's interaction its frame budget).
 */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, pathnameSnapshot);
}

/** One query parameter: re-renders only when that parameter changes. */
export function useSearchParam(name: string): string | null {
  return useSyncExternalStore(subscribe, () => new URLSearchParams(window.location.search).get(name));
}

/**
 * Some query parameters (the others removed): re-renders only when one of them changes, so a page's
 * components can each listen to their part of the address.
 */
export function useSearchParams(names: readonly string[]): URLSearchParams {
  const key = useSyncExternalStore(subscribe, () => {
    const all = new URLSearchParams(window.location.search);
    const picked = new URLSearchParams();
    for (const name of names) {
      const value = all.get(name);
      if (value !== null) picked.set(name, value);
    }
    return picked.toString();
  });
  return useMemo(() => new URLSearchParams(key), [key]);
}

/** Calls `onChange` after every navigation (and back/forward), without re-rendering anything. */
export const subscribeToLocation = subscribe;

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Sets (or, with null, removes) query parameters of the current address, keeping the others. */
export function setSearchParams(
  changes: Record<string, string | null>,
  options?: { replace?: boolean },
): void {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  navigate(`${window.location.pathname}${query ? `?${query}` : ''}`, options);
}

/**
 * onClick of an <a href> (antd's `<Button href>`, say): a plain left click navigates in-app, any other
 * click (new tab, new window) is the browser's.
 */
export function followInApp(event: MouseEvent<HTMLElement>): void {
  const href = event.currentTarget.getAttribute('href');
  if (!href || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

/** An <a> that navigates in-app on a plain left click and behaves as a link otherwise (new tab, copy). */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
