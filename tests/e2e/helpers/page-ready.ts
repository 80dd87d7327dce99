import type { Page } from 'playwright-core';

/**
 * Waits until the page has settled for a screenshot: nothing shows a loading state, the fonts are in,
 * every chart has drawn its canvas and the entry animations have stopped (two reads of every canvas
 * 300 ms apart are the same). A condition, not a fixed pause: fast when the page is.
 */
export async function waitForSettledPage(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('[data-state="loading"]').length === 0,
    undefined,
    {
      polling: 200,
    },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('figure.e-chart [role="img"]')).every(
        (body) => body.querySelector('canvas') !== null,
      ),
    undefined,
    { polling: 200 },
  );
  // Every canvas the same in two polls 300 ms apart: the entry animations are over.
  await page.waitForFunction(
    () => {
      const now = Array.from(document.querySelectorAll('figure.e-chart canvas'), (canvas) =>
        (canvas as HTMLCanvasElement).toDataURL(),
      ).join('|');
      const state = window as unknown as { pbdCanvases?: string };
      const isSame = state.pbdCanvases === now;
      state.pbdCanvases = now;
      return isSame;
    },
    undefined,
    { polling: 300 },
  );
}
