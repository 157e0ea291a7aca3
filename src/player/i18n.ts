// Interface strings, one file per language in templates/locales/ (bundled at build time), chosen by the
// course language: the exact tag (pt-BR), else its primary subtag (es-MX → es); English when we have no
// translation. Button names are exact: browser tests find controls by them.
import en from '../../templates/locales/en.json' with { type: 'json' }
import es from '../../templates/locales/es.json' with { type: 'json' }
import fr from '../../templates/locales/fr.json' with { type: 'json' }
import pt from '../../templates/locales/pt.json' with { type: 'json' }
import ptBR from '../../templates/locales/pt-BR.json' with { type: 'json' }

export interface Strings {
  next: string
  previous: string
  submit: string
  tryAgain: string
  retry: string
  exit: string
  true: string
  false: string
  contents: string // the table of contents landmark and its toggle button
  skipToContent: string
  results: string // title of the results page
  seen: string // description of a seen page's link in the contents
  correct: string
  incorrect: string
  practice: string
  chooseFirst: string
  typeFirst: string
  yourAnswer: string
  pageOf: (current: number, total: number) => string
  notSaved: string
  notSavedRefused: string // the LMS is there but refuses to keep progress
  notRecorded: string // results page: the LMS did not take the result
  reviewing: string // banner when the LMS opens a finished attempt for review
  browsing: string // banner when the LMS opens the course in browse mode
  newAttempt: string // how to start a new attempt, in any LMS
  score: (formatted: string) => string
  passingScore: (formatted: string) => string
  passed: string
  failed: string
  completed: string
  incomplete: string
  pagesLeft: (count: number) => string
  answerAllForScore: string
  missedHeading: string
  unansweredHeading: string
  inModule: (module: string) => string
  retryHint: string
  exitHint: string
  closed: string
  noCourse: string
  newTab: string // description of links that open in a new tab (course files, web pages)
  table: string // name of the region a wide table scrolls in
}

/** A plural string: Intl.PluralRules picks the form. */
export interface PluralText { one: string; other: string }

/**
 * What a locale file holds: each string as text; a string that takes values as a template with
 * `{name}` placeholders (pageOf: {current} {total}; score, passingScore: {score}; inModule: {module};
 * pagesLeft: {count}, with a `one` and an `other` form).
 */
export type LocaleText = { [K in keyof Strings]: K extends 'pagesLeft' ? PluralText : string }

const locales: Record<string, LocaleText> = { en, es, fr, pt, 'pt-br': ptBR }

/** The locale files, by the tag their file is named after. */
export const supportedLanguages = ['en', 'es', 'fr', 'pt', 'pt-BR']

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))

/** A locale file as the player's Strings; `language` picks plural forms. */
export function compileStrings(text: LocaleText, language: string): Strings {
  let plural: Intl.PluralRules | undefined
  try { plural = new Intl.PluralRules(language) } catch { plural = undefined }
  return {
    ...text,
    pageOf: (current, total) => fill(text.pageOf, { current, total }),
    score: (score) => fill(text.score, { score }),
    passingScore: (score) => fill(text.passingScore, { score }),
    inModule: (module) => fill(text.inModule, { module }),
    pagesLeft: (count) => fill(plural?.select(count) === 'one' ? text.pagesLeft.one : text.pagesLeft.other, { count }),
  }
}

/** The locale file for a BCP 47 tag, or undefined when we have none (the player then speaks English). */
export function localeFor(language: string | undefined): LocaleText | undefined {
  const tag = (language ?? '').trim().toLowerCase().replace(/_/g, '-')
  const primary = tag.split('-')[0] ?? ''
  for (const key of [tag, primary]) if (Object.prototype.hasOwnProperty.call(locales, key)) return locales[key]
  return undefined
}

/** What course.yaml's `strings:` may replace: any string by its key (pagesLeft, with its plural forms, is not one). */
export type StringOverrides = { [K in Exclude<keyof LocaleText, 'pagesLeft'>]?: string }
export const overridableStrings = Object.keys(en).filter((key) => key !== 'pagesLeft') as (keyof StringOverrides)[]

/**
 * Strings for a BCP 47 tag ("es-MX" → Spanish, "pt-BR" → Brazilian Portuguese); English for anything we do
 * not translate. `overrides` (course.yaml `strings:`) replace single strings.
 */
export function stringsFor(language: string | undefined, overrides?: StringOverrides): Strings {
  const text = localeFor(language)
  return compileStrings({ ...(text ?? en), ...overrides }, text ? (language ?? 'en') : 'en')
}

/** Right-to-left scripts: the player lays itself out right to left (dir="rtl") for these languages. */
const RTL = new Set(['ar', 'he', 'fa', 'ur'])
export const isRightToLeft = (language: string): boolean => RTL.has(language.trim().toLowerCase().split(/[-_]/)[0] ?? '')

/** Numbers as the learner reads them: "87.5" in English, "87,5" in Spanish. */
export function formatNumber(n: number, language: string): string {
  try {
    return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(n)
  } catch {
    return String(n)
  }
}
