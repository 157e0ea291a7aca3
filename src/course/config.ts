// course.yaml text → CourseConfig + diagnostics. Pure: no disk; load.ts checks that the listed files exist.
import { isMap, isScalar, isSeq } from 'yaml'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import { isAbsoluteIri, isCourseId, isLanguageTag, isSemver } from './formats.js'
import { localeFor, overridableStrings, supportedLanguages, type StringOverrides } from '../player/i18n.js'
import type { Course, SourcePos } from './model.js'
import { SHOW_ANSWERS_MEANING } from './markdown.js'
import { contrastProblem, parseColor, passingColor, toHex } from './colors.js'
import { booleanField, countField, describe, durationField, enumField, isBlank, normalizeNewlines, readYamlMapping, scalarText, stringField, subMapping, warnUnknownKeys, type YamlMapping } from './yaml.js'

/** A file path written in course.yaml (relative to the course folder), with where it was written. */
export interface PathRef { path: string; at: SourcePos }

/** What course.yaml says. Only meaningful when the diagnostics have no error; invalid fields keep their defaults. */
export interface CourseConfig extends Pick<Course,
  'id' | 'title' | 'language' | 'version' | 'description' | 'organization' | 'duration' | 'passingScore' | 'sco' | 'scoAt' | 'attempts' | 'shuffle' | 'strings'> {
  /** undefined: every modules/*.md, sorted by file name. */
  modules?: PathRef[]
  /** Where `modules:` is written, for an empty list. */
  modulesAt?: SourcePos
  assets: PathRef[]
  xapiActivityId?: string
  showAnswers?: false
  retry?: 'all'
  /** course.yaml `certificate:`; load.ts decides whether the course offers one (enabled, or graded questions). */
  certificate?: CertificateConfig
  /** course.yaml `theme:`: colours already checked for contrast, and the logo's path as written. */
  theme?: ThemeConfig
}

export interface ThemeConfig {
  primary?: string
  accent?: string
  logo?: PathRef
}

export interface CertificateConfig {
  enabled?: boolean
  title?: string
  signatory?: { name: string; role?: string }
  logo?: PathRef
}

export const courseKeys = [
  'id', 'title', 'language', 'version', 'description', 'organization', 'duration',
  'passing_score', 'attempts', 'shuffle', 'modules', 'scorm', 'assets', 'xapi', 'show_answers', 'retry', 'certificate', 'strings', 'theme',
] as const

const scoModes = ['single', 'per-module'] as const

export const defaultConfig = (): CourseConfig => ({
  id: '', title: '', language: 'en', version: '', passingScore: 80, sco: 'single', assets: [],
})

/** Parses course.yaml. `readable` is false when the file could not be read as a mapping at all. */
export function parseConfig(
  text: string,
  file = 'course.yaml',
): { config: CourseConfig; readable: boolean; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const config = defaultConfig()
  const origin: SourcePos = { file, line: 1, col: 1 }
  const y = readYamlMapping(normalizeNewlines(text), origin, 'course.yaml', 'id: my-course', diagnostics)
  if (!y) return { config, readable: false, diagnostics }

  warnUnknownKeys(y, courseKeys, diagnostics)
  const required = (key: string, example: string) => stringField(y, key, diagnostics, { example, origin })

  const id = required('id', 'id: my-course')
  if (id !== undefined) {
    if (isCourseId(id)) config.id = id
    else diagnostics.push(diagnostic('course-id-format', y.at(y.node('id')), id))
  }
  config.title = required('title', 'title: Fire safety basics') ?? ''

  const language = required('language', 'language: en')
  if (language !== undefined) {
    if (isLanguageTag(language)) {
      config.language = language
      if (!localeFor(language)) diagnostics.push(diagnostic('language-unsupported', y.at(y.node('language')), language, supportedLanguages))
    } else diagnostics.push(diagnostic('language-format', y.at(y.node('language')), language))
  }
  const version = required('version', 'version: 1.0.0')
  if (version !== undefined) {
    if (isSemver(version)) config.version = version
    else diagnostics.push(diagnostic('version-format', y.at(y.node('version')), version))
  }
  const description = stringField(y, 'description', diagnostics)
  if (description) config.description = description
  const organization = stringField(y, 'organization', diagnostics)
  if (organization) config.organization = organization
  const duration = durationField(y, 'duration', diagnostics)
  if (duration) config.duration = duration

  const score = y.node('passing_score')
  if (!isBlank(score)) {
    const value = passingScoreOf(score)
    if (typeof value === 'number') config.passingScore = value
    else diagnostics.push(diagnostic(value.code, y.at(score), describe(score)))
  }

  const attempts = countField(y, 'attempts', diagnostics, (at, written) => diagnostic('attempts-value', at, written))
  if (attempts !== undefined) config.attempts = attempts
  if (booleanField(y, 'shuffle', diagnostics)) config.shuffle = true

  const scorm = y.node('scorm')
  if (!isBlank(scorm)) {
    if (!isMap(scorm)) diagnostics.push(diagnostic('field-type', y.at(scorm), 'scorm', 'a mapping such as `scorm: { sco: per-module }`'))
    else {
      const sub = subMapping(y, scorm)
      warnUnknownKeys(sub, ['sco'], diagnostics)
      const sco = enumField(sub, 'sco', scoModes, diagnostics, (at, written, suggestion) => diagnostic('sco-value', at, written, suggestion))
      if (sco) { config.sco = sco; config.scoAt = sub.at(sub.node('sco')) }
    }
  }

  const modules = y.node('modules')
  if (!isBlank(modules)) {
    config.modulesAt = y.keyAt('modules')
    config.modules = pathList(y, 'modules', modules, 'modules/01-intro.md', diagnostics)
  }
  const assets = y.node('assets')
  if (!isBlank(assets)) config.assets = pathList(y, 'assets', assets, 'media/handout.pdf', diagnostics) ?? []

  const xapi = y.node('xapi')
  if (!isBlank(xapi)) {
    if (!isMap(xapi)) diagnostics.push(diagnostic('field-type', y.at(xapi), 'xapi', 'a mapping such as `xapi: { activity_id: https://example.com/courses/my-course }`'))
    else {
      const sub = subMapping(y, xapi)
      warnUnknownKeys(sub, ['activity_id'], diagnostics)
      const node = sub.node('activity_id')
      if (!isBlank(node)) {
        const value = scalarText(node)
        if (value !== undefined && isAbsoluteIri(value.trim())) config.xapiActivityId = value.trim()
        else diagnostics.push(diagnostic('xapi-activity-id', y.at(node), value ?? describe(node)))
      }
    }
  }
  const strings = y.node('strings')
  if (!isBlank(strings)) {
    if (!isMap(strings)) diagnostics.push(diagnostic('field-type', y.at(strings), 'strings', 'a mapping of interface strings to your own words, such as `strings: { next: Continue }`'))
    else {
      const sub = subMapping(y, strings)
      warnUnknownKeys(sub, overridableStrings, diagnostics)
      const overrides: StringOverrides = {}
      for (const key of overridableStrings) {
        const text = stringField(sub, key, diagnostics)
        if (text) overrides[key] = text
      }
      if (Object.keys(overrides).length > 0) config.strings = overrides
    }
  }
  readLearnerOptions(y, config, diagnostics)
  readTheme(y, config, diagnostics)
  return { config, readable: true, diagnostics }
}

const themeKeys = ['primary', 'accent', 'logo'] as const

/** `theme: { primary, accent, logo }`: each colour must be readable and meet AA with what it is drawn with (colors.ts). */
function readTheme(y: YamlMapping, config: CourseConfig, diagnostics: Diagnostic[]): void {
  const node = y.node('theme')
  if (isBlank(node)) return
  if (!isMap(node)) {
    diagnostics.push(diagnostic('field-type', y.at(node), 'theme', 'a mapping such as `theme: { primary: "#1d3a5f", accent: "#1a5599", logo: media/logo.png }`'))
    return
  }
  const sub = subMapping(y, node)
  warnUnknownKeys(sub, themeKeys, diagnostics)
  const theme: ThemeConfig = {}
  for (const key of ['primary', 'accent'] as const) {
    const value = sub.node(key)
    if (value === undefined) continue
    // `primary: #1a5599` unquoted is an empty value and a comment: said at the key, with the fix.
    const written = isBlank(value) ? '' : scalarText(value)?.trim() ?? describe(value)
    const color = parseColor(written)
    const at = isBlank(value) ? sub.keyAt(key) : sub.at(value)
    if (!color) { diagnostics.push(diagnostic('theme-color', at, key, written)); continue }
    const problem = contrastProblem(key, color)
    if (problem) diagnostics.push(diagnostic('theme-contrast', at, key, written, problem.what, problem.ratio.toFixed(2), toHex(passingColor(key, color))))
    else theme[key] = toHex(color)
  }
  const logo = imagePath(sub, 'logo', diagnostics)
  if (logo) theme.logo = logo
  config.theme = theme
}

/** An image path in course.yaml (`certificate.logo`, `theme.logo`): load.ts checks that it is in the course folder. */
function imagePath(y: YamlMapping, key: string, diagnostics: Diagnostic[]): PathRef | undefined {
  const node = y.node(key)
  if (isBlank(node)) return undefined
  const path = isScalar(node) ? scalarText(node)?.trim() : undefined
  if (path && /\.(png|jpe?g|gif|svg|webp)$/i.test(path)) return { path, at: y.at(node) }
  diagnostics.push(diagnostic('field-type', y.at(node), key, `the path of an image in the course folder (PNG, JPEG, GIF, SVG or WebP), such as \`${key}: media/logo.png\``))
  return undefined
}

const retryModes = ['missed', 'all'] as const

/** What the learner's side of the player follows: answers shown in review, what Retry clears, the certificate. */
function readLearnerOptions(y: YamlMapping, config: CourseConfig, diagnostics: Diagnostic[]): void {
  if (booleanField(y, 'show_answers', diagnostics, SHOW_ANSWERS_MEANING) === false) config.showAnswers = false
  const retry = enumField(y, 'retry', retryModes, diagnostics, (at, written, suggestion) =>
    diagnostic('field-type', at, 'retry', `\`missed\` (Retry clears only wrong answers, the default) or \`all\` (a clean attempt), not "${written}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`))
  if (retry === 'all') config.retry = 'all'

  const node = y.node('certificate')
  if (isBlank(node)) return
  const example = 'a mapping such as `certificate: { title: Certificate of achievement, signatory: { name: Ana Ruiz, role: Director } }`'
  if (!isMap(node)) { diagnostics.push(diagnostic('field-type', y.at(node), 'certificate', example)); return }
  const sub = subMapping(y, node)
  warnUnknownKeys(sub, ['enabled', 'title', 'signatory', 'logo'], diagnostics)
  const certificate: CertificateConfig = {}
  const enabled = booleanField(sub, 'enabled', diagnostics, '`false` offers no certificate')
  if (enabled !== undefined) certificate.enabled = enabled
  const title = stringField(sub, 'title', diagnostics)
  if (title) certificate.title = title
  const signatory = sub.node('signatory')
  if (!isBlank(signatory)) {
    if (!isMap(signatory)) diagnostics.push(diagnostic('field-type', sub.at(signatory), 'signatory', 'a mapping such as `signatory: { name: Ana Ruiz, role: Director }`'))
    else {
      const who = subMapping(sub, signatory)
      warnUnknownKeys(who, ['name', 'role'], diagnostics)
      const name = stringField(who, 'name', diagnostics, { example: 'name: Ana Ruiz', where: 'to `signatory`', origin: sub.at(signatory) })
      const role = stringField(who, 'role', diagnostics)
      if (name) certificate.signatory = { name, ...(role ? { role } : {}) }
    }
  }
  const logo = imagePath(sub, 'logo', diagnostics)
  if (logo) certificate.logo = logo
  config.certificate = certificate
}

/**
 * passing_score is a percentage. A value between 0 and 1 is SCORM's 0–1 habit (0.8 would pass everyone
 * at 0.8 %), and a quoted number is text: each gets its own fix rather than the range.
 */
function passingScoreOf(node: unknown): number | { code: 'passing-score-fraction' | 'passing-score-quoted' | 'passing-score-range' } {
  const value = isScalar(node) ? node.value : undefined
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value > 0 && value < 1) return { code: 'passing-score-fraction' }
    if (value >= 0 && value <= 100) return value
  }
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) && Number(value) <= 100) return { code: 'passing-score-quoted' }
  return { code: 'passing-score-range' }
}

function pathList(y: YamlMapping, key: string, node: unknown, example: string, diagnostics: Diagnostic[]): PathRef[] | undefined {
  if (!isSeq(node)) {
    diagnostics.push(diagnostic('field-type', y.at(node), key, `a list of file paths relative to the course folder, such as \`${key}: [${example}]\``))
    return undefined
  }
  const refs: PathRef[] = []
  for (const item of node.items) {
    const path = isScalar(item) ? scalarText(item)?.trim() : undefined
    if (!path) diagnostics.push(diagnostic('field-type', y.at(item), key, `a list of file paths such as \`- ${example}\``))
    else refs.push({ path, at: y.at(item) })
  }
  return refs
}
