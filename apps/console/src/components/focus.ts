// Where keyboard focus goes when a view changes under it and is no form field of react-hook-form (whose
// setFocus / shouldFocusError place it on fields and errors): a new step's first button, its summary,
// an outcome. Without this, focus falls back to the page body when the focused button disappears (a
// step folds).

const FIELDS =
  'input:not([type="hidden"]):not([disabled]):not([readonly]), textarea:not([disabled]), [role="combobox"]:not([aria-disabled="true"]), button:not([disabled])';

/**
 * Focuses what a new step or view starts with: its `[data-focus-here]` element when it names one (a
 * summary, an outcome), else its first visible field or button, else `root` itself.
 */
export function focusFirstField(root: HTMLElement | null): void {
  if (!root) return;
  const named = root.querySelector<HTMLElement>("[data-focus-here]");
  const field = [...root.querySelectorAll<HTMLElement>(FIELDS)].find((e) => e.checkVisibility?.() ?? true);
  const target = named ?? field ?? root;
  if (!target.hasAttribute("tabindex") && target === root) target.setAttribute("tabindex", "-1");
  target.focus();
}
