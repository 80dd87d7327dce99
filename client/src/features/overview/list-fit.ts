/**
 * How many lines of a list fit a box that does not scroll (the big screen's 工作欠账): all of them when they
 * fit, else as many as leave room for the "and N more" line. Lines are one line high each (the big screen
 * keeps each on one line), so a cut line is never shown.
 */
import { type RefObject, useLayoutEffect, useState } from 'react';

export function fitCount({
  available,
  lineHeight,
  total,
  moreHeight = lineHeight,
}: {
  available: number;
  lineHeight: number;
  total: number;
  moreHeight?: number;
}): number {
  if (lineHeight <= 0 || total * lineHeight <= available) return total;
  return Math.max(0, Math.min(total, Math.floor((available - moreHeight) / lineHeight)));
}

/**
 * `fitCount` for a list element: measures the list's height and its first line, again when the box
 * changes size. Until measured, everything is shown (and clipped by the box).
 */
export function useFitCount(list: RefObject<HTMLElement | null>, total: number, isOn: boolean): number {
  const [count, setCount] = useState(total);
  useLayoutEffect(() => {
    const element = list.current;
    if (!isOn || !element) return;
    const measure = () => {
      const first = element.firstElementChild as HTMLElement | null;
      setCount(fitCount({ available: element.clientHeight, lineHeight: first?.offsetHeight ?? 0, total }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [list, total, isOn]);
  return isOn ? count : total;
}
