/** The current language as React state, persisted, reflected in <html lang> and the tRPC requests. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type TLang, type TMessageKey, translate } from './i18n';

const STORAGE_KEY = 'pbd.lang';

/** `?lang=en` in the address wins (shareable links), then the last choice, then Chinese. */
export function initialLang(): TLang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/** Read by the tRPC link to send the language with each request (server messages follow it). */
let currentLang: TLang = 'zh';
export const getCurrentLang = () => currentLang;

interface I18nValue {
  lang: TLang;
  setLang(lang: TLang): void;
  t(key: TMessageKey, vars?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<TLang>(initialLang);
  currentLang = lang;
  useEffect(() => {
    // The tab's title is the page's (features/shell/page-title.ts).
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((next: TLang) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
