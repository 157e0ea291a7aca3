// course.yaml `theme:` colours: read what the author wrote, derive the shades the player's theme uses
// from it, and measure WCAG 2.1 contrast against what each colour is drawn with. The build writes the
// derived shades into the launch page, so what `validate` measured is exactly what learners see.

/** An sRGB colour, 0–255 per channel. */
export interface Rgb { r: number; g: number; b: number }

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` (commas or spaces); undefined for anything else. */
export function parseColor(text: string): Rgb | undefined {
  const s = text.trim().toLowerCase()
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s)
  if (short) return { r: parseInt(short[1]! + short[1]!, 16), g: parseInt(short[2]! + short[2]!, 16), b: parseInt(short[3]! + short[3]!, 16) }
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(s)
  if (long) return { r: parseInt(long[1]!, 16), g: parseInt(long[2]!, 16), b: parseInt(long[3]!, 16) }
  const fn = /^rgb\(\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*\)$/.exec(s)
  if (fn) {
    const [r, g, b] = [Number(fn[1]), Number(fn[2]), Number(fn[3])]
    if (r <= 255 && g <= 255 && b <= 255) return { r, g, b }
  }
  return undefined
}

export const toHex = (c: Rgb): string => '#' + [c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('')

/** `share` of `other` mixed into `c`, channel by channel (as CSS color-mix in srgb), rounded. */
function mix(c: Rgb, other: Rgb, share: number): Rgb {
  const m = (a: number, b: number): number => Math.round(a * (1 - share) + b * share)
  return { r: m(c.r, other.r), g: m(c.g, other.g), b: m(c.b, other.b) }
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 }
const BLACK: Rgb = { r: 0, g: 0, b: 0 }

/** WCAG 2.1 relative luminance. */
function luminance(c: Rgb): number {
  const lin = (v: number): number => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4 }
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

/** WCAG 2.1 contrast ratio, 1–21. */
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** AA for normal text. */
const AA_TEXT = 4.5

export type ThemeColorKey = 'primary' | 'accent'

/**
 * What the theme colours are drawn with in the light theme, as templates/player/theme.css sets them (its
 * custom property, or the rule's selector and property); test/course/colors.test.ts keeps the two in step.
 */
export const drawnWith = {
  text: { css: '--cp-text', rgb: { r: 0x1f, g: 0x23, b: 0x28 } },
  page: { css: '--cp-bg', rgb: WHITE },
  onAccent: { css: '--cp-on-accent', rgb: WHITE },
  headerText: { css: '.cp-header color', rgb: WHITE },
} as const satisfies Record<string, { css: string; rgb: Rgb }>

/** The accent's shades for hover and the current page, and behind the current page and a chosen answer. */
const accentDark = (c: Rgb): Rgb => mix(c, BLACK, 0.25)
const accentSoft = (c: Rgb): Rgb => mix(c, WHITE, 0.88)

/**
 * What each theme colour becomes in theme.css, and what it is drawn with. `primary` is the header
 * (white title, progress and Contents button on it) in light and dark; `accent` colours links and
 * buttons, with a darker shade for hover and the current page and a pale one behind the current page
 * and a chosen answer (the light theme only: the dark theme keeps its own light accent).
 */
const themeColors: Record<ThemeColorKey, {
  shades(c: Rgb): Record<string, Rgb>
  pairs(c: Rgb): { what: string; fg: Rgb; bg: Rgb }[]
}> = {
  primary: {
    shades: (c) => ({ '--cp-header': c }),
    pairs: (c) => [{ what: "the header's white text", fg: drawnWith.headerText.rgb, bg: c }],
  },
  accent: {
    shades: (c) => ({ '--cp-accent': c, '--cp-accent-dark': accentDark(c), '--cp-accent-soft': accentSoft(c) }),
    pairs: (c) => {
      const [dark, soft] = [accentDark(c), accentSoft(c)]
      return [
        { what: 'the white page (links)', fg: c, bg: drawnWith.page.rgb },
        { what: "buttons' white text", fg: drawnWith.onAccent.rgb, bg: c },
        { what: 'the current page in the contents', fg: dark, bg: soft },
        { what: 'the text of a chosen answer', fg: drawnWith.text.rgb, bg: soft },
      ]
    },
  },
}

/** The worst pair below AA, or undefined when every pair passes. */
export function contrastProblem(key: ThemeColorKey, c: Rgb): { what: string; ratio: number } | undefined {
  let worst: { what: string; ratio: number } | undefined
  for (const p of themeColors[key].pairs(c)) {
    const ratio = contrast(p.fg, p.bg)
    if (ratio < AA_TEXT && (!worst || ratio < worst.ratio)) worst = { what: p.what, ratio }
  }
  return worst
}

/** The same colour darkened in steps of 5 % until every pair passes (black always does): a fix to suggest. */
export function passingColor(key: ThemeColorKey, c: Rgb): Rgb {
  for (let step = 1; step < 20; step++) {
    const candidate = mix(c, BLACK, step / 20)
    if (!contrastProblem(key, candidate)) return candidate
  }
  return BLACK
}

/** The launch page's style for the theme colours: primary everywhere, accent outside the dark theme (and always in print). */
export function themeStyle(colors: Partial<Record<ThemeColorKey, string>>): string {
  const decls = (key: ThemeColorKey): string => {
    const c = colors[key] === undefined ? undefined : parseColor(colors[key])
    if (!c) return ''
    return Object.entries(themeColors[key].shades(c)).map(([name, v]) => `${name}:${toHex(v)}`).join(';')
  }
  const primary = decls('primary')
  const accent = decls('accent')
  return (primary ? `:root{${primary}}` : '') + (accent ? `@media not screen and (prefers-color-scheme: dark){:root{${accent}}}` : '')
}
