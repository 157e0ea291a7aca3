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
  // ---- the learner's course (issue 11): start page, review, retry, results, certificate, progress ----
  start: string // the start page's button on a first launch
  continue: string // the start page's button when resuming
  aboutCourse: string // the contents' link back to the start page
  leftOff: (page: string) => string
  leftOffResults: string
  durationLabel: string
  organizationLabel: string
  modulesHeading: string
  objectivesHeading: string
  yourChoiceRight: string // a choice's mark after Submit: the learner chose it and it is right
  yourChoiceWrong: string
  rightChoice: string // a right choice the learner did not choose
  correctAnswerIs: (answer: string) => string // fill-in: the answer expected
  retryMissedHint: string // retry keeps right answers
  toAnswerAgain: (count: number) => string
  learnerLabel: string
  dateLabel: string
  nextCertificate: string
  nextRetry: string
  nextRetryAll: string
  nextAnswer: string
  nextDone: string
  print: string
  viewCertificate: string
  certificateTitle: string
  certifies: string
  hasCompleted: string
  completedOn: (date: string) => string
  scoreLabel: string
  verificationLabel: string
  printCertificate: string
  printModule: string // on each page of a module: prints all its pages
  backToResults: string
  namePrompt: string
  nameSave: string
  nameNeeded: string
  courseProgress: string
  progressSummary: (seen: number, pages: number, answered: number, questions: number, percent: string) => string
  notStarted: string
  inProgress: string
  done: string
  // Matching, ordering and attempt limits (issue 14)
  matchFirst: string // a matching question submitted with a left item unmatched
  choosePlaceholder: string // the empty first option of each matching select list
  orderHint: string
  moveUp: (item: string) => string // accessible names of the move buttons
  moveDown: (item: string) => string
  movedTo: (item: string, position: number, total: number) => string // announced after a move
  attemptsLeft: (count: number) => string // results page, after a failed attempt with retries left
  noAttemptsLeft: string // results page, when the attempt limit is reached
  newTab: string // description of links that open in a new tab (course files, web pages)
  table: string // name of the region a wide table scrolls in
  // Media and resources (issue 12)
  transcript: string // the disclosure under an audio or video player (the compiler writes it into the page)
  resources: string // the resources page's title and its link in the contents
  resourcesIntro: string
  resourceDetails: (type: string, size: string) => string // a resource's kind in words and its size
  backToCourse: string
  resourcePdf: string
  resourceDocument: string
  resourceSpreadsheet: string
  resourcePresentation: string
  resourceText: string
  resourceArchive: string
  resourceAudio: string
  resourceVideo: string
  resourceImage: string
  resourceFile: (ext: string) => string // a file of no kind we name: "EPUB file"
}

/** A plural string: Intl.PluralRules picks the form. */
export interface PluralText { one: string; other: string }

/** Strings with a plural form (`{count}`), and the progress line with and without questions. */
type PluralKey = 'pagesLeft' | 'toAnswerAgain' | 'attemptsLeft'
export interface ProgressText { pages: string; questions: string }

/**
 * What a locale file holds: each string as text; a string that takes values as a template with
 * `{name}` placeholders (pageOf: {current} {total}; score, passingScore: {score}; inModule: {module};
 * leftOff: {page}; correctAnswerIs: {answer}; completedOn: {date}; moveUp, moveDown: {item};
 * movedTo: {item} {position} {total}; the plural ones: {count}, with a `one` and an `other` form;
 * progressSummary: {seen} {pages} {percent}, and {answered} {questions} in its `questions` form;
 * resourceDetails: {type} {size}; resourceFile: {ext}). Numbers are written as the language writes them.
 */
export type LocaleText = { [K in keyof Strings]: K extends PluralKey ? PluralText : K extends 'progressSummary' ? ProgressText : string }

const locales: Record<string, LocaleText> = { en, es, fr, pt, 'pt-br': ptBR }

/** The locale files, by the tag their file is named after. */
export const supportedLanguages = ['en', 'es', 'fr', 'pt', 'pt-BR']

/** A locale file as the player's Strings; `language` picks plural forms and writes numbers ("1,234", "1 234"). */
export function compileStrings(text: LocaleText, language: string): Strings {
  let plural: Intl.PluralRules | undefined
  try { plural = new Intl.PluralRules(language) } catch { plural = undefined }
  const form = (forms: PluralText, count: number): string => (plural?.select(count) === 'one' ? forms.one : forms.other)
  const fill = (template: string, values: Record<string, string | number>): string =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(values, name)) return whole
      const value = values[name]!
      return typeof value === 'number' ? formatNumber(value, language) : value
    })
  return {
    ...text,
    pageOf: (current, total) => fill(text.pageOf, { current, total }),
    score: (score) => fill(text.score, { score }),
    passingScore: (score) => fill(text.passingScore, { score }),
    inModule: (module) => fill(text.inModule, { module }),
    pagesLeft: (count) => fill(form(text.pagesLeft, count), { count }),
    leftOff: (page) => fill(text.leftOff, { page }),
    correctAnswerIs: (answer) => fill(text.correctAnswerIs, { answer }),
    toAnswerAgain: (count) => fill(form(text.toAnswerAgain, count), { count }),
    completedOn: (date) => fill(text.completedOn, { date }),
    progressSummary: (seen, pages, answered, questions, percent) =>
      fill(questions > 0 ? text.progressSummary.questions : text.progressSummary.pages, { seen, pages, answered, questions, percent }),
    moveUp: (item) => fill(text.moveUp, { item }),
    moveDown: (item) => fill(text.moveDown, { item }),
    movedTo: (item, position, total) => fill(text.movedTo, { item, position, total }),
    attemptsLeft: (count) => fill(form(text.attemptsLeft, count), { count }),
    resourceDetails: (type, size) => fill(text.resourceDetails, { type, size }),
    resourceFile: (ext) => fill(text.resourceFile, { ext }),
  }
}

/** The locale file for a BCP 47 tag, or undefined when we have none (the player then speaks English). */
export function localeFor(language: string | undefined): LocaleText | undefined {
  const tag = (language ?? '').trim().toLowerCase().replace(/_/g, '-')
  const primary = tag.split('-')[0] ?? ''
  for (const key of [tag, primary]) if (Object.prototype.hasOwnProperty.call(locales, key)) return locales[key]
  return undefined
}

/** What course.yaml's `strings:` may replace: any string by its key (the ones with several forms are not). */
export type StringOverrides = { [K in keyof LocaleText as LocaleText[K] extends string ? K : never]?: string }
export const overridableStrings = (Object.keys(en) as (keyof LocaleText)[]).filter((key) => typeof en[key] === 'string') as (keyof StringOverrides)[]

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

/** A date (local YYYY-MM-DD) as the learner reads it: "30 November 2026", "30 de noviembre de 2026". */
export function formatDate(isoDate: string, language: string): string {
  const [y, m, d] = isoDate.split('-').map(Number)
  try {
    return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(y!, m! - 1, d!))
  } catch {
    return isoDate
  }
}

/**
 * An ISO 8601 duration as words: PT4H → "4 hours" / "4 horas", PT1H30M → "1 hour, 30 minutes".
 * Units come from Intl (unit style), so every language the browser knows reads right.
 */
export function formatDuration(iso: string, language: string): string {
  const m = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/.exec(iso)
  if (!m) return iso
  const units = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second']
  const parts: string[] = []
  units.forEach((unit, i) => {
    const value = m[i + 1] ? Number(m[i + 1]!.replace(',', '.')) : 0
    if (value <= 0) return
    try {
      parts.push(new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 2 }).format(value))
    } catch {
      parts.push(`${value} ${unit}${value === 1 ? '' : 's'}`)
    }
  })
  if (parts.length === 0) return iso
  const List = (Intl as unknown as { ListFormat?: new (l: string, o: object) => { format(items: string[]): string } }).ListFormat
  try {
    return List ? new List(language, { type: 'unit', style: 'long' }).format(parts) : parts.join(' ')
  } catch {
    return parts.join(' ')
  }
}

/** One number format per language (null where the browser knows none): making one costs more than using it, and each page writes several numbers. */
const numberFormats = new Map<string, Intl.NumberFormat | null>()

/** Numbers as the learner reads them: "87.5" in English, "87,5" in Spanish. */
export function formatNumber(n: number, language: string): string {
  let format = numberFormats.get(language)
  if (format === undefined) {
    try { format = new Intl.NumberFormat(language, { maximumFractionDigits: 2 }) } catch { format = null }
    numberFormats.set(language, format)
  }
  return format ? format.format(n) : String(n)
}

/** A file size as the learner reads it, in SI units: "2.7 kB", "1.2 MB" in English, "1,2 MB" in Spanish. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const
  // One decimal below 10 (1.2 MB), none above (86 kB): as precise as a download needs.
  const round = (v: number, unit: number): number => (unit === 0 ? v : v < 10 ? Math.round(v * 10) / 10 : Math.round(v))
  let unit = 0
  let rounded = bytes
  while (rounded >= 1000 && unit < units.length - 1) { unit++; rounded = round(bytes / 1000 ** unit, unit) }
  try {
    return new Intl.NumberFormat(language, { style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: 1 }).format(rounded)
  } catch {
    return `${rounded} ${['bytes', 'kB', 'MB', 'GB'][unit]}`
  }
}
