/**
 * `/login` is no page of its own (the session gate shows the login form at any address without a
 * session): once signed in, it goes on to the page asked for (`/login?next=/compare?period=2025`) or to
 * the user's home page, never to a 404 (issue 14.6). Only a path of this site is followed.
 */
export function afterLoginPath(search: string, homePath: string): string {
  const next = new URLSearchParams(search).get('next');
  const isOwnPath = !!next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return isOwnPath && !/^\/login(?:[/?#]|$)/.test(next) ? next : homePath;
}
