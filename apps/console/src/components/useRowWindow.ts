// Row windowing for long tables: only the rows in (or near) the scrolled viewport are in the DOM;
// spacers keep the scrollbar honest. Rows must have a fixed height. With 100 rows per page the DOM
// holds ~30 of them, whatever the page size.
import { useCallback, useLayoutEffect, useRef, useState } from "react";

export interface RowWindow {
  /** First and one-past-last rendered index. */
  start: number;
  end: number;
  /** Heights of the spacers before and after the rendered rows, in px. */
  before: number;
  after: number;
  /** Attach to the scrolling container. */
  ref: (element: HTMLElement | null) => void;
}

interface Options {
  /** Planned height of the scrolling container (used until it can be measured). */
  viewport: number;
  overscan?: number;
  /** When this changes (another page), the list goes back to its top. */
  resetKey?: unknown;
}

export function useRowWindow(count: number, rowHeight: number, options: Options): RowWindow {
  const { viewport, overscan = 8, resetKey } = options;
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(viewport);
  const element = useRef<HTMLElement | null>(null);
  const onScroll = useCallback(() => setScrollTop(element.current?.scrollTop ?? 0), []);

  const ref = useCallback(
    (el: HTMLElement | null) => {
      element.current?.removeEventListener("scroll", onScroll);
      element.current = el;
      if (!el) return;
      el.addEventListener("scroll", onScroll, { passive: true });
      // jsdom and hidden containers report 0: keep the planned viewport then.
      setHeight(el.clientHeight || viewport);
      setScrollTop(el.scrollTop);
    },
    [onScroll, viewport],
  );

  useLayoutEffect(() => {
    if (element.current) element.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  // A new, shorter list (next page, filter): back within range.
  useLayoutEffect(() => {
    const max = Math.max(0, count * rowHeight - height);
    if (scrollTop > max && element.current) {
      element.current.scrollTop = max;
      setScrollTop(max);
    }
  }, [count, rowHeight, height, scrollTop]);

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { start, end, before: start * rowHeight, after: Math.max(0, count - end) * rowHeight, ref };
}
