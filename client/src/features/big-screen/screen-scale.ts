/** How large the big screen draws everything: its layout is 1920×1080's, times this scale. */
import { useSyncExternalStore } from 'react';

/**
 * The screen's size relative to 1920×1080 (the smaller of width and height, so nothing overflows), from
 * 0.6 up (below that a small laptop could no longer read it): 0.71 at 1366×768, 2 at 3840×2160.
 */
export function screenScale(width: number, height: number): number {
  return Math.max(0.6, Math.min(width / 1920, height / 1080));
}

function subscribeToResize(onChange: () => void) {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

export function useScreenScale(): number {
  return useSyncExternalStore(subscribeToResize, () => screenScale(window.innerWidth, window.innerHeight));
}
