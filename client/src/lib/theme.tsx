/**
 * Light / dark theme as React state: `?theme=dark` in the address wins (big screens open a link),
 * then the last choice. Charts and antd read the same value. Paper is always light: while printing the
 * mode is light whatever was chosen (issue 12), and the choice comes back after.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { PRINT_QUERY, useMediaQuery } from './media-query';

export type TThemeMode = 'light' | 'dark';
const STORAGE_KEY = 'pbd.theme';

function initialTheme(): TThemeMode {
  const fromUrl = new URLSearchParams(window.location.search).get('theme');
  if (fromUrl === 'dark' || fromUrl === 'light') return fromUrl;
  return window.localStorage.getItem(STORAGE_KEY) === 'dark' ? 'dark' : 'light';
}

interface ThemeValue {
  mode: TThemeMode;
  setMode(mode: TThemeMode): void;
}

const ThemeContext = createContext<ThemeValue | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [chosen, setModeState] = useState<TThemeMode>(initialTheme);
  const isPrinting = useMediaQuery(PRINT_QUERY);
  const mode = isPrinting ? 'light' : chosen;
  useEffect(() => {
    document.documentElement.dataset.theme = mode;
  }, [mode]);
  const setMode = useCallback((next: TThemeMode) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setModeState(next);
  }, []);
  const value = useMemo(() => ({ mode, setMode }), [mode, setMode]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useThemeMode(): ThemeValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useThemeMode outside ThemeProvider');
  return value;
}

/** Forces a mode for a subtree (the big screen is always dark) without changing the user's saved choice. */
export function ThemeModeOverride({ mode, children }: { mode: TThemeMode; children: ReactNode }) {
  const { setMode } = useThemeMode();
  const value = useMemo(() => ({ mode, setMode }), [mode, setMode]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}
