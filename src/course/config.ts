// course.yaml text → CourseConfig + diagnostics. Pure: no disk; load.ts checks that the listed files exist.
// Also the YAML reading every stage shares (front matter, quiz fences): positions come from yaml's LineCounter.
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import type { Course, SourcePos } from './model.js'

// ---------------------------------------------------------------------------------------------
// Shared YAML reading

/** A YAML mapping read from the author's text, with a way to turn any node back into a file position. */
export interface YamlMapping {
  map: YAMLMap<unknown, unknown>
  /** File position of an offset in the YAML text. */
  pos(offset: number): SourcePos
  /** File position of a node (its first character); the mapping's origin when the node has no range. */
  at(node: unknown): SourcePos
  /** The value node of `key`, or undefined when the key is absent. */
  node(key: string): Node | undefined
  /** Position of `key` itself, for "this key is wrong" findings. */
  keyAt(key: string): SourcePos
}

/** `origin` is where text[0] sits in the file (quiz YAML starts below its fence; front matter below `---`); origin.col - 1 is added to every column. */
export function readYamlMapping(
  text: string,
  origin: SourcePos,
  what: string,
  example: string,
  diagnostics: Diagnostic[],
): YamlMapping | undefined {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const pos = (offset: number): SourcePos => {
    const { line, col } = lc.linePos(offset)
    const l = Math.max(line, 1)
    // origin.col > 1 only for a fence indented in its file: marked strips that indentation from every line.
    return { file: origin.file, line: origin.line + l - 1, col: origin.col + col - 1 }
  }
  // One finding per document: after the first syntax error the rest of the tree is guesswork.
  const first = doc.errors[0]
  if (first) {
    diagnostics.push(diagnostic('yaml-syntax', pos(first.pos[0]), cleanYamlMessage(first.message)))
    return undefined
  }
  if (!isMap(doc.contents)) {
    const at = doc.contents?.range ? pos(doc.contents.range[0]) : origin
    diagnostics.push(diagnostic('yaml-not-mapping', at, what, example))
    return undefined
  }
  const map = doc.contents
  const pairOf = (key: string): Pair<unknown, unknown> | undefined =>
    map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
  const at = (node: unknown): SourcePos => {
    const range = (node as Node | undefined)?.range
    return range ? pos(range[0]) : origin
  }
  return {
    map,
    pos,
    at,
    node: (key) => {
      const pair = pairOf(key)
      return pair ? ((pair.value as Node | null) ?? undefined) : undefined
    },
    keyAt: (key) => at(pairOf(key)?.key),
  }
}

function cleanYamlMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message
  return firstLine.replace(/ at line \d+, column \d+:?\s*$/, '').replace(/[.:]\s*$/, '').trim()
}

/** The keys of a mapping, with positions, for the unknown-key check. */
export function warnUnknownKeys(y: YamlMapping, known: readonly string[], diagnostics: Diagnostic[]): void {
  for (const pair of y.map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    if (!known.includes(key)) diagnostics.push(diagnostic('unknown-key', y.at(pair.key), key, known, closest(key, known)))
  }
}

/** A scalar's text as the author wrote it: `id: 2024` and `- 3.10` are text to us, not numbers. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined
  if (typeof node.value === 'string') return node.value
  if (node.value === null) return undefined
  return node.source ?? String(node.value)
}

export const isBlank = (node: unknown): boolean => node === undefined || (isScalar(node) && node.value === null)

/** Reads an optional or required string field; reports the problems it finds. */
export function stringField(
  y: YamlMapping,
  key: string,
  diagnostics: Diagnostic[],
  required?: { example: string; where?: string; origin: SourcePos },
): string | undefined {
  const node = y.node(key)
  if (isBlank(node)) {
    if (required) diagnostics.push(diagnostic('missing-field', node ? y.keyAt(key) : required.origin, key, required.example, required.where))
    return undefined
  }
  const text = isScalar(node) && typeof node.value !== 'boolean' ? scalarText(node) : undefined
  if (text === undefined) {
    diagnostics.push(diagnostic('field-type', y.at(node), key, 'text on one line, or a YAML block of text'))
    return undefined
  }
  if (required && text.trim() === '') {
    diagnostics.push(diagnostic('missing-field', y.at(node), key, required.example, required.where))
    return undefined
  }
  return text.trim()
}

/** Closest candidate by edit distance, for "did you mean"; case-only differences always win. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  const sameLetters = candidates.find((c) => c !== word && c.toLowerCase() === lower)
  if (sameLetters) return sameLetters
  let best: string | undefined
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [c, d]
  }
  return best
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]!
}

// ---------------------------------------------------------------------------------------------
// Formats

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

const courseId = /^[A-Za-z0-9._-]+$/

/** An absolute IRI: a scheme, then no spaces; URL parsing catches the rest (it accepts non-ASCII, as IRIs do). */
export const isAbsoluteIri = (s: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(s) && URL.canParse(s)

/** Reads an optional ISO 8601 duration field. */
export function durationField(y: YamlMapping, key: string, diagnostics: Diagnostic[]): string | undefined {
  const node = y.node(key)
  if (isBlank(node)) return undefined
  const text = scalarText(node)
  if (text === undefined || !isIsoDuration(text.trim())) {
    diagnostics.push(diagnostic('duration-format', y.at(node), text ?? describe(node)))
    return undefined
  }
  return text.trim()
}

/** A short description of a YAML value for messages. */
export function describe(node: unknown): string {
  if (isSeq(node)) return 'a list'
  if (isMap(node)) return 'a mapping'
  if (isScalar(node)) return node.source ?? String(node.value)
  return String(node)
}

// ---------------------------------------------------------------------------------------------
// course.yaml

/** A file path written in course.yaml (relative to the course folder), with where it was written. */
export interface PathRef { path: string; at: SourcePos }

/** What course.yaml says. Only meaningful when the diagnostics have no error; invalid fields keep their defaults. */
export interface CourseConfig extends Pick<Course,
  'id' | 'title' | 'language' | 'version' | 'description' | 'organization' | 'duration' | 'passingScore' | 'sco' | 'scoAt'> {
  /** undefined: every modules/*.md, sorted by file name. */
  modules?: PathRef[]
  /** Where `modules:` is written, for an empty list. */
  modulesAt?: SourcePos
  assets: PathRef[]
  xapiActivityId?: string
}

export const courseKeys = [
  'id', 'title', 'language', 'version', 'description', 'organization', 'duration',
  'passing_score', 'modules', 'scorm', 'assets', 'xapi',
] as const

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
    if (courseId.test(id)) config.id = id
    else diagnostics.push(diagnostic('course-id-format', y.at(y.node('id')), id))
  }
  config.title = required('title', 'title: Fire safety basics') ?? ''

  const language = required('language', 'language: en')
  if (language !== undefined) {
    if (isLanguageTag(language)) config.language = language
    else diagnostics.push(diagnostic('language-format', y.at(y.node('language')), language))
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
    const value = isScalar(score) ? score.value : undefined
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100) config.passingScore = value
    else diagnostics.push(diagnostic('passing-score-range', y.at(score), describe(score)))
  }

  const scorm = y.node('scorm')
  if (!isBlank(scorm)) {
    if (!isMap(scorm)) diagnostics.push(diagnostic('field-type', y.at(scorm), 'scorm', 'a mapping such as `scorm: { sco: per-module }`'))
    else {
      const sub = subMapping(y, scorm)
      warnUnknownKeys(sub, ['sco'], diagnostics)
      const sco = sub.node('sco')
      if (!isBlank(sco)) {
        const value = scalarText(sco)
        if (value === 'single' || value === 'per-module') { config.sco = value; config.scoAt = y.at(sco) }
        else diagnostics.push(diagnostic('sco-value', y.at(sco), value ?? describe(sco)))
      }
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
  return { config, readable: true, diagnostics }
}

function subMapping(parent: YamlMapping, map: YAMLMap<unknown, unknown>): YamlMapping {
  const pairOf = (key: string) => map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
  return {
    map,
    pos: parent.pos,
    at: parent.at,
    node: (key) => (pairOf(key)?.value as Node | null | undefined) ?? undefined,
    keyAt: (key) => parent.at(pairOf(key)?.key),
  }
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

/** CRLF and lone CR become LF before anything counts lines (as marked does). */
export const normalizeNewlines = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
