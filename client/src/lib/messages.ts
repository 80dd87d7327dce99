/**
 * Per-feature dictionaries: each feature keeps its own zh/en strings next to its code, so features
 * can grow in parallel without one shared file. Chinese first; English must have the same keys.
 */
import { useCallback } from 'react';
import type { TLang } from './i18n';
import { useI18n } from './i18n-provider';

export type TMessages<K extends string> = { zh: Record<K, string>; en: Record<K, string> };

export function fillVars(text: string, vars?: Record<string, string | number>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export function defineMessages<const Z extends Record<string, string>>(
  zh: Z,
  en: Record<keyof Z & string, string>,
): TMessages<keyof Z & string> {
  return { zh, en };
}

export function translateFrom<K extends string>(
  messages: TMessages<K>,
  lang: TLang,
  key: K,
  vars?: Record<string, string | number>,
): string {
  return fillVars(messages[lang][key], vars);
}

/** `const m = useMessages(MESSAGES); m('title', { n: 3 })` */
export function useMessages<K extends string>(messages: TMessages<K>) {
  const { lang } = useI18n();
  return useCallback(
    (key: K, vars?: Record<string, string | number>) => translateFrom(messages, lang, key, vars),
    [messages, lang],
  );
}
