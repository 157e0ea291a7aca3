// The learner state as one short string (SCORM suspend data, the xAPI/cmi5 State document, browser
// storage), keyed by stable ids rather than positions: a course edited after a learner started
// (text changed, pages added, modules reordered) keeps their progress; a question that is gone, or
// whose shape changed, is dropped, never the whole state.
//
// cp2;<seed>;<attempt>;<Lp><Lq>;<page>;<seen>;<answers>[;@<passed>[,<name>]];<texts>
//   seed     6 base-64 characters: with the attempt it decides every draw and shuffle (random.ts)
//   attempt  base 36, 1 on the first attempt
//   Lp, Lq   one digit each, 2–5: the length of page and question hashes (the shortest without a clash in this scope)
//   page     the current page's hash, or `!` for the results page
//   seen     runs of seen pages within a module, '.'-separated: a page's hash (one page) or first + last hash
//   answers  ','-separated `<question hash><c|w><packed response>`; the hash is of the question's id, type and part counts
//   @…       only once there is something to keep (strings without it, as the first cp2 players wrote, still
//            read): the day the scope was passed, YYYY-MM-DD or empty, then, after a comma, the name the
//            learner typed for the certificate, with '%' and ';' percent-encoded
//   texts    fill-in answers as JSON `[[hash, text], …]`, or empty (always the last field: JSON may hold ';')
// A packed response is the answer's digits in as few base-64 characters as they need (random.ts pack):
// choices one bit per choice; true-false one bit; matching the right-hand index per left item;
// ordering the Lehmer code of the learner's order; fill-in nothing (its text is in `texts`).
import { RESUME_FORMAT, type PlayerQuestion } from './data.js'
import type { ProgressSnapshot } from './tracking/adapter.js'
import type { Answer, LearnerState, Scope } from './progress.js'
import { finalScore, goTo, initialState, locationOf, questionShape, RESULTS_KEY, statusOf, withDraw } from './progress.js'
import { isSeed, newSeed, pack, shortHash, unpack } from './random.js'
import { creditOf, type Response } from './scoring.js'
import { isIsoDate } from './certificate-code.js'

export const SUSPEND_LIMIT = 4096 // SCORM 1.2 CMIString4096, Moodle in standard mode
const FORMAT_TAG = RESUME_FORMAT
const RESULTS_MARK = '!'
const CERTIFICATE_MARK = '@' // a texts field starts with '[' or is empty: never this
const MAX_TEXT = 255
export const MAX_NAME = 120 // the certificate's name field allows no more

/** The certificate field: '' when there is nothing to keep, so such strings are the ones older players wrote. */
function certificateField(passedOn: string | undefined, name: string | undefined): string {
  if (passedOn === undefined && name === undefined) return ''
  const escaped = name === undefined ? '' : ',' + name.slice(0, MAX_NAME).replace(/[%;]/g, (c) => encodeURIComponent(c))
  return CERTIFICATE_MARK + (passedOn ?? '') + escaped
}

function readCertificateField(field: string): Pick<LearnerState, 'passedOn' | 'typedName'> {
  const comma = field.indexOf(',')
  const date = field.slice(1, comma < 0 ? undefined : comma)
  let name: string | undefined
  try {
    name = comma < 0 ? undefined : decodeURIComponent(field.slice(comma + 1)).slice(0, MAX_NAME)
  } catch {
    name = undefined // a broken escape loses the name alone: the learner types it again
  }
  return { ...(isIsoDate(date) ? { passedOn: date } : {}), ...(name ? { typedName: name } : {}) }
}

/** The shortest hash length (2–5) that gives every key its own hash. */
function hashLength(keys: readonly string[]): number {
  for (let length = 2; length < 5; length++) if (new Set(keys.map((k) => shortHash(k, length))).size === keys.length) return length
  return 5
}

/** Hash → index; a hash two keys share is left out (neither can be told apart). */
function indexByHash(keys: readonly string[], length: number): Map<string, number> {
  const map = new Map<string, number>()
  const clashes = new Set<string>()
  keys.forEach((key, i) => {
    const hash = shortHash(key, length)
    if (map.has(hash)) clashes.add(hash)
    map.set(hash, i)
  })
  for (const hash of clashes) map.delete(hash)
  return map
}

const pageKeys = (scope: Scope): string[] => scope.pages.map((p) => p.key)
const questionKeys = (scope: Scope): string[] => scope.questions.map((q) => questionShape(q.question))

/** The radices of a question's response digits (see the header). */
function radicesOf(q: PlayerQuestion): number[] {
  switch (q.type) {
    case 'single':
    case 'multiple': return q.choices.map(() => 2)
    case 'true-false': return [2]
    case 'fill-in': return []
    case 'matching': return q.pairs.map(() => q.pairs.length + q.distractors.length)
    case 'ordering': return q.items.map((_, i) => q.items.length - i)
  }
}

function digitsOf(q: PlayerQuestion, response: Response): number[] {
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const chosen = new Set(Array.isArray(response) ? response : [])
      return q.choices.map((_, i) => (chosen.has(i) ? 1 : 0))
    }
    case 'true-false': return [response === true ? 1 : 0]
    case 'fill-in': return []
    case 'matching': return Array.isArray(response) ? response.slice() : []
    case 'ordering': {
      const order = Array.isArray(response) ? response : []
      return order.length === q.items.length && new Set(order).size === order.length && order.every((i) => i >= 0 && i < q.items.length) ? lehmer(order) : []
    }
  }
}

/** Lehmer code: each item's place among the items not yet placed. */
function lehmer(order: readonly number[]): number[] {
  const left = order.map((_, i) => i)
  return order.map((item) => {
    const at = left.indexOf(item)
    left.splice(at, 1)
    return at
  })
}

function responseOf(q: PlayerQuestion, digits: number[]): Response {
  switch (q.type) {
    case 'single':
    case 'multiple': return digits.flatMap((on, i) => (on ? [i] : []))
    case 'true-false': return digits[0] === 1
    case 'fill-in': return null
    case 'matching': return digits
    case 'ordering': {
      const left = q.items.map((_, i) => i)
      return digits.map((at) => left.splice(at, 1)[0]!)
    }
  }
}

function packResponse(q: PlayerQuestion, response: Response): string {
  const radices = radicesOf(q)
  if (radices.length === 0) return ''
  const digits = digitsOf(q, response)
  return digits.length === radices.length && digits.every((d, i) => Number.isInteger(d) && d >= 0 && d < radices[i]!) ? pack(digits, radices) : ''
}

function unpackResponse(q: PlayerQuestion, body: string): Response | undefined {
  const radices = radicesOf(q)
  if (radices.length === 0) return body === '' ? null : undefined
  const digits = unpack(body, radices)
  return digits ? responseOf(q, digits) : undefined
}

interface Parts { seen: string[]; tokens: { graded: boolean; text: string }[]; texts: [string, string][]; name: string | undefined }

/** Runs of seen pages within each module: a learner who reads in order costs two hashes a module. */
function seenRuns(scope: Scope, seen: readonly boolean[], hash: (i: number) => string): string[] {
  const runs: string[] = []
  let start = -1
  scope.pages.forEach((p, i) => {
    const on = seen[i] === true
    if (on && start < 0) start = i
    const last = i === scope.pages.length - 1 || scope.pages[i + 1]!.module !== p.module || !seen[i + 1]
    if (on && last) {
      runs.push(start === i ? hash(i) : hash(start) + hash(i))
      start = -1
    }
  })
  return runs
}

/**
 * The learner state as one string of at most `limit` characters. When the full state does not fit,
 * it degrades: fill-in texts go first (longest first; correctness stays), then the typed name, then
 * practice answers, then the record of seen pages (the current page stays seen). Seed, attempt, graded
 * answers and the day of the pass always stay.
 */
export function encodeState(scope: Scope, state: LearnerState, limit = SUSPEND_LIMIT): string {
  const lp = hashLength(pageKeys(scope))
  const lq = hashLength(questionKeys(scope))
  const pageHash = (i: number) => shortHash(scope.pages[i]!.key, lp)
  const page = state.page >= scope.resultsIndex ? RESULTS_MARK : pageHash(state.page)
  const parts: Parts = { seen: seenRuns(scope, state.seen, pageHash), tokens: [], texts: [], name: state.typedName }
  for (const q of scope.questions) {
    const a = state.answers.get(q.question.id)
    if (!a) continue
    const hash = shortHash(questionShape(q.question), lq)
    parts.tokens.push({ graded: q.graded, text: hash + (a.correct ? 'c' : 'w') + packResponse(q.question, a.response) })
    if (q.question.type === 'fill-in' && typeof a.response === 'string') parts.texts.push([hash, a.response.slice(0, MAX_TEXT)])
  }
  const join = (): string => {
    const texts = parts.texts.length > 0 ? JSON.stringify(parts.texts) : ''
    const certificate = certificateField(state.passedOn, parts.name)
    return [FORMAT_TAG, state.seed, state.attempt.toString(36), `${lp}${lq}`, page, parts.seen.join('.'), parts.tokens.map((t) => t.text).join(','), ...(certificate ? [certificate] : []), texts].join(';')
  }
  let text = join()
  if (text.length <= limit) return text

  // Longest text first, ties by position: the same state always degrades the same way.
  const byLength = parts.texts.map((entry, i) => ({ entry, i })).sort((x, y) => y.entry[1].length - x.entry[1].length || x.i - y.i)
  for (const { entry } of byLength) {
    parts.texts = parts.texts.filter((e) => e !== entry)
    text = join()
    if (text.length <= limit) return text
  }
  parts.name = undefined // typed again at the next certificate
  text = join()
  if (text.length <= limit) return text
  parts.tokens = parts.tokens.filter((t) => t.graded)
  text = join()
  if (text.length <= limit) return text

  parts.seen = state.page < scope.resultsIndex ? [pageHash(state.page)] : []
  return join()
}

/** The state a suspend string describes, or null when it is not ours. What no longer matches the course is dropped. */
export function decodeState(scope: Scope, text: string): LearnerState | null {
  const fields = text.split(';')
  if (fields.length < 8 || fields[0] !== FORMAT_TAG) return null
  const [, seed, attemptText, lengths, pageText, seenText, tokenText] = fields as [string, string, string, string, string, string, string]
  const attempt = parseInt(attemptText, 36)
  const lp = Number(lengths[0])
  const lq = Number(lengths[1])
  if (!isSeed(seed) || !Number.isInteger(attempt) || attempt < 1 || lengths.length !== 2 || !(lp >= 2 && lp <= 5) || !(lq >= 2 && lq <= 5)) return null

  const pages = indexByHash(pageKeys(scope), lp)
  const questions = indexByHash(questionKeys(scope), lq)
  const page = pageText === RESULTS_MARK ? scope.resultsIndex : pages.get(pageText) ?? 0

  const seen = new Array<boolean>(scope.resultsIndex + 1).fill(false)
  for (const run of seenText ? seenText.split('.') : []) {
    const first = pages.get(run.slice(0, lp))
    const last = run.length === 2 * lp ? pages.get(run.slice(lp)) : run.length === lp ? first : undefined
    if (first === undefined || last === undefined || last < first) continue
    // A run stays within one module; pages added inside it since count as seen, a run whose ends moved apart is dropped.
    if (scope.pages[first]!.module !== scope.pages[last]!.module) continue
    for (let i = first; i <= last; i++) seen[i] = true
  }

  const hasCertificate = fields.length >= 9 && fields[7]!.startsWith(CERTIFICATE_MARK)
  const certificate = hasCertificate ? readCertificateField(fields[7]!) : {}
  const texts = new Map<string, string>()
  const rest = fields.slice(hasCertificate ? 8 : 7).join(';')
  if (rest !== '') {
    try {
      const parsed: unknown = JSON.parse(rest)
      if (Array.isArray(parsed)) {
        for (const entry of parsed) if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') texts.set(entry[0], entry[1].slice(0, MAX_TEXT))
      }
    } catch {
      // texts are the first thing dropped anyway: an unreadable list loses them, nothing else
    }
  }

  const answers = new Map<string, Answer>()
  for (const token of tokenText ? tokenText.split(',') : []) {
    const hash = token.slice(0, lq)
    const flag = token[lq]
    const index = questions.get(hash)
    if (index === undefined || (flag !== 'c' && flag !== 'w')) continue
    const question = scope.questions[index]!.question
    const unpacked = unpackResponse(question, token.slice(lq + 1))
    if (unpacked === undefined) continue
    const response = question.type === 'fill-in' ? texts.get(hash) ?? null : unpacked
    // Partial credit is worked out again from the response rather than stored.
    const partial = flag === 'w' && response !== null ? creditOf(question, response) : 0
    answers.set(question.id, { response, correct: flag === 'c', credit: flag === 'c' ? 1 : partial < 1 ? partial : 0 })
  }

  const state = withDraw(scope, { page, seen, answers, seed, attempt, undrawn: new Set(), ...certificate })
  return goTo(scope, state, page)
}

/** Where a relaunch starts: the suspend data if it is ours, else the bookmark alone, else the beginning (with a new seed). */
export function restoreState(scope: Scope, saved: { suspend?: string; location?: string } | null, seed = newSeed()): LearnerState {
  const fresh = initialState(scope, seed)
  if (!saved) return fresh
  const decoded = saved.suspend ? decodeState(scope, saved.suspend) : null
  if (decoded) return decoded
  if (saved.location) {
    const index = saved.location === RESULTS_KEY ? scope.resultsIndex : scope.pages.findIndex((p) => p.key === saved.location)
    if (index >= 0) return goTo(scope, fresh, index)
  }
  return fresh
}

/** What the adapter is told after every change: status, score, bookmark and this suspend string. */
export function snapshotOf(scope: Scope, state: LearnerState, cause: ProgressSnapshot['cause']): ProgressSnapshot {
  return {
    status: statusOf(scope, state),
    score: finalScore(scope, state),
    passingScore: scope.course.passingScore,
    location: locationOf(scope, state.page),
    suspend: encodeState(scope, state),
    cause,
  }
}
