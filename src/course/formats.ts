// The formats course sources must follow: pure string checks, shared by course.yaml, modules and targets.

// Well-formed BCP 47 (RFC 5646 langtag): language, script, region, variants, extensions, private use.
const bcp47 =
  /^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(-[A-WY-Za-wy-z\d](-[A-Za-z\d]{2,8})+)*(-x(-[A-Za-z\d]{1,8})+)?$/
export const isLanguageTag = (s: string): boolean => bcp47.test(s)

// semver.org's recommended expression.
const semver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/
export const isSemver = (s: string): boolean => semver.test(s)

const isoDuration = /^P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/
export const isIsoDuration = (s: string): boolean => isoDuration.test(s)

/** Course ids end up in LMS identifiers and file names: ASCII letters, digits, `.`, `-`, `_`. */
export const isCourseId = (s: string): boolean => /^[A-Za-z0-9._-]+$/.test(s)

/** An absolute IRI: a scheme, then no spaces; URL parsing catches the rest (it accepts non-ASCII, as IRIs do). */
export const isAbsoluteIri = (s: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(s) && URL.canParse(s)
