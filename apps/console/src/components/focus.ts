// Where keyboard focus goes when a form changes under it: to the first field in error after a refused
// submit, to the first field of a new step. Without this, focus falls back to the page body when the
// focused button disappears (a step folds, a dialog closes).

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

/** After a refused submit: the first field (in the order of `order`) that has an error, by its id `${prefix}-${field}`. */
export function focusFirstError(prefix: string, order: readonly string[], errors: Record<string, unknown>): void {
  const first = order.find((f) => errors[f]);
  if (!first) return;
  // After React has drawn the errors.
  requestAnimationFrame(() => document.getElementById(`${prefix}-${first}`)?.focus());
}
