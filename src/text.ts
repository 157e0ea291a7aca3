// Small text rules the compiler uses in more than one place, written once.

/** Text for HTML element content: &, < and > escaped. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Text for a double-quoted HTML attribute value: escapeHtml and the quote. */
export const escapeAttr = (s: string): string => escapeHtml(s).replace(/"/g, '&quot;')

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/**
 * Text from raw HTML with its character references decoded: the common named ones and any numeric one
 * (`&#39;`, `&#x27;`); an unknown name or an impossible number stays as written.
 */
export function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? whole
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

/** A percent-decoded path or name; as written when it does not decode (a stray % is part of the name). */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Runs of white space as one space, none at the ends: text as it reads on screen and to a screen reader. */
export const collapseSpaces = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** Plain code-unit order, not localeCompare: the same course gives the same zip and report on every machine. */
export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
