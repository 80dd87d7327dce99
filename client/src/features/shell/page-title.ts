/**
 * The browser tab's text: the page, what it is about and its period, then the app — `总览 · 2025年第3季度 —
 * 党建成效分析看板`. Tabs, bookmarks and screen readers name the page by it (issue 14.8).
 */
import { useEffect } from 'react';

export function pageTitle({
  page,
  subject,
  period,
  app,
}: {
  page: string;
  subject?: string;
  period?: string;
  app: string;
}): string {
  const name = subject ? `${page} ${subject}` : page;
  return `${period ? `${name} · ${period}` : name} — ${app}`;
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
