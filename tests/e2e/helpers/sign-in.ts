import type { Page } from 'playwright-core';

/**
 * Signs the page's browser context in through the API (the cookie lands in the context's jar, so
 * page navigations carry it). For tests about other pages; the login form itself is tested in login.test.ts.
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  const res = await page.request.post(`${baseUrl}/trpc/auth.login`, { data: { username, password } });
  if (res.status() !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`);
}
