// Small text rules the compiler uses in more than one place, written once.

/** Text for HTML element content: &, < and > escaped. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Text for a double-quoted HTML attribute value: escapeHtml and the quote. */
export const escapeAttr = (s: string): string => escapeHtml(s).replace(/"/g, '&quot;')

/** A percent-decoded path or name; as written when it does not decode (a stray % is part of the name). */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Plain code-unit order, not localeCompare: the same course gives the same zip and report on every machine. */
export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
