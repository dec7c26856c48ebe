import { useEffect } from "react";

/** Each screen names itself in the browser's title (read first by screen readers). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Annuaire des identités et des accès — Convergences`;
  }, [title]);
}
