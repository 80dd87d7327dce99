import type { Page } from 'playwright-core';

/**
 * A tRPC query over HTTP with the page's cookies (the signed-in user), for comparing what a page
 * shows with what the API says. Throws with the response text on any status but 200.
 */
export async function apiQuery<T>(page: Page, baseUrl: string, path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const url = `${baseUrl}/trpc/${path}${query}`;
  // A reused connection closed by the server as the request left is sent again, as browsers do.
  const res = await page.request
    .get(url)
    .catch((error: unknown) =>
      /ECONNRESET|socket hang up/.test(String(error)) ? page.request.get(url) : Promise.reject(error),
    );
  if (res.status() !== 200) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}
