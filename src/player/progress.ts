// The learner's progress: which pages were seen, what was answered, and what that means for score
// and status. Pure functions over plain data, no DOM, so the rules are tested in Node.
import type { PlayerData, PlayerModule, PlayerPage, PlayerQuestion } from './data.js'
import type { ProgressSnapshot, QuestionRecord, Status } from './tracking/adapter.js'

export type { Status }

/** One page of the scope; the results page is not one of these (its index is `scope.resultsIndex`). */
export interface ScopePage {
  index: number
  key: string // `moduleId/pageId`: a readable bookmark, unique in the course
  module: PlayerModule
  page: PlayerPage
}

export interface ScopeQuestion {
  index: number // position in the scope, the order of the suspend data
  question: PlayerQuestion
  graded: boolean
  pageIndex: number
  module: PlayerModule
}

/** The part of the course one launch plays: the whole course, or one module (a per-module SCO). */
export interface Scope {
  course: PlayerData['course']
  moduleId: string | null
  modules: PlayerModule[]
  pages: ScopePage[]
  questions: ScopeQuestion[]
  resultsIndex: number // the results page, always last
  fingerprint: string // changes when pages or questions change shape; guards resumed state
}

/** choice questions: chosen choice indices, ascending; true-false: the value; fill-in: the text, or null once dropped to save space. */
export type Response = number[] | boolean | string | null

export interface Answer { response: Response; correct: boolean }

export interface LearnerState {
  page: number // 0..resultsIndex
  seen: boolean[] // by page index, length resultsIndex + 1
  answers: Map<string, Answer> // by question id
}

export const RESULTS_KEY = 'results'
export const SUSPEND_LIMIT = 4096 // SCORM 1.2 CMIString4096, Moodle in standard mode
const FORMAT_TAG = 'cp1'
const MAX_TEXT = 255 // CMIFeedback: a stored fill-in answer never needs more

export function buildScope(data: PlayerData, moduleId: string | null): Scope {
  const only = moduleId === null ? undefined : data.modules.find((m) => m.id === moduleId)
  const modules = only ? [only] : data.modules
  const pages: ScopePage[] = []
  const questions: ScopeQuestion[] = []
  for (const module of modules) {
    for (const page of module.pages) {
      const pageIndex = pages.length
      pages.push({ index: pageIndex, key: `${module.id}/${page.id}`, module, page })
      for (const block of page.blocks) {
        if (block.type !== 'question') continue
        questions.push({ index: questions.length, question: block.question, graded: module.graded, pageIndex, module })
      }
    }
  }
  const shape = [
    pages.map((p) => p.key).join(' '),
    questions.map((sq) => `${sq.question.id}:${sq.question.type}:${'choices' in sq.question ? sq.question.choices.length : 0}`).join(' '),
  ].join('|')
  return {
    course: data.course,
    moduleId: only ? only.id : null,
    modules,
    pages,
    questions,
    resultsIndex: pages.length,
    fingerprint: fnv1a(shape),
  }
}

export function initialState(scope: Scope): LearnerState {
  const seen = new Array<boolean>(scope.resultsIndex + 1).fill(false)
  seen[0] = true
  return { page: 0, seen, answers: new Map() }
}

// ---- answering ----------------------------------------------------------------------------------

/** Fill-in answers match ignoring case, surrounding spaces and runs of inner whitespace. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

export function isCorrect(question: PlayerQuestion, response: Response): boolean {
  switch (question.type) {
    case 'single':
    case 'multiple': {
      if (!Array.isArray(response)) return false
      const chosen = new Set(response)
      return question.choices.every((c, i) => c.correct === chosen.has(i))
    }
    case 'true-false':
      return response === question.answer
    case 'fill-in': {
      if (typeof response !== 'string') return false
      const given = normalizeText(response)
      return question.answers.some((a) => normalizeText(a) === given)
    }
  }
}

/** Whether the response is something a learner could submit (a choice picked, text typed). */
export function isAnswerable(question: PlayerQuestion, response: Response): boolean {
  switch (question.type) {
    case 'single': return Array.isArray(response) && response.length === 1
    case 'multiple': return Array.isArray(response) && response.length > 0
    case 'true-false': return typeof response === 'boolean'
    case 'fill-in': return typeof response === 'string' && response.trim() !== ''
  }
}

export function findQuestion(scope: Scope, id: string): ScopeQuestion | undefined {
  return scope.questions.find((q) => q.question.id === id)
}

/** A graded answer is final; a practice question can be answered again. */
export function canAnswer(scope: Scope, state: LearnerState, id: string): boolean {
  const q = findQuestion(scope, id)
  if (!q) return false
  return !q.graded || !state.answers.has(id)
}

export function answerQuestion(scope: Scope, state: LearnerState, id: string, response: Response): { state: LearnerState; answer: Answer } | null {
  const q = findQuestion(scope, id)
  if (!q || !canAnswer(scope, state, id) || !isAnswerable(q.question, response)) return null
  const stored = typeof response === 'string' ? response.trim().slice(0, MAX_TEXT) : Array.isArray(response) ? [...response].sort((a, b) => a - b) : response
  const answer: Answer = { response: stored, correct: isCorrect(q.question, response) }
  const answers = new Map(state.answers)
  answers.set(id, answer)
  return { state: { ...state, answers }, answer }
}

/** "Try again" on a practice question. */
export function clearPracticeAnswer(scope: Scope, state: LearnerState, id: string): LearnerState {
  const q = findQuestion(scope, id)
  if (!q || q.graded) return state
  const answers = new Map(state.answers)
  answers.delete(id)
  return { ...state, answers }
}

// ---- score and status ---------------------------------------------------------------------------

export function gradedQuestions(scope: Scope): ScopeQuestion[] {
  return scope.questions.filter((q) => q.graded)
}

/** Weighted share of graded questions answered correctly, 0–100, at most 2 decimals; unanswered count as wrong. */
export function scoreOf(scope: Scope, state: LearnerState): number {
  let total = 0
  let earned = 0
  for (const q of gradedQuestions(scope)) {
    const weight = Math.max(0, q.question.weight)
    total += weight
    if (state.answers.get(q.question.id)?.correct) earned += weight
  }
  if (total === 0) return gradedQuestions(scope).every((q) => state.answers.get(q.question.id)?.correct) ? 100 : 0
  return Math.round((earned / total) * 10000) / 100
}

export function allGradedAnswered(scope: Scope, state: LearnerState): boolean {
  return gradedQuestions(scope).every((q) => state.answers.has(q.question.id))
}

export function allPagesSeen(scope: Scope, state: LearnerState): boolean {
  return scope.pages.every((p) => state.seen[p.index])
}

export function statusOf(scope: Scope, state: LearnerState): Status {
  if (gradedQuestions(scope).length > 0) {
    if (!allGradedAnswered(scope, state)) return 'incomplete'
    return scoreOf(scope, state) >= scope.course.passingScore ? 'passed' : 'failed'
  }
  return allPagesSeen(scope, state) ? 'completed' : 'incomplete'
}

/** The score once it means something: every graded question answered. */
export function finalScore(scope: Scope, state: LearnerState): number | null {
  return gradedQuestions(scope).length > 0 && allGradedAnswered(scope, state) ? scoreOf(scope, state) : null
}

export function missedQuestions(scope: Scope, state: LearnerState): ScopeQuestion[] {
  return gradedQuestions(scope).filter((q) => state.answers.get(q.question.id)?.correct === false)
}

export function unansweredQuestions(scope: Scope, state: LearnerState): ScopeQuestion[] {
  return gradedQuestions(scope).filter((q) => !state.answers.has(q.question.id))
}

/** Clear every graded answer and go to the page of the first graded question. */
export function retry(scope: Scope, state: LearnerState): LearnerState {
  const answers = new Map(state.answers)
  for (const q of gradedQuestions(scope)) answers.delete(q.question.id)
  const first = gradedQuestions(scope)[0]
  return goTo(scope, { ...state, answers }, first ? first.pageIndex : 0)
}

// ---- navigation ---------------------------------------------------------------------------------

export function goTo(scope: Scope, state: LearnerState, index: number): LearnerState {
  const page = Math.max(0, Math.min(scope.resultsIndex, Math.trunc(index)))
  const seen = state.seen.slice()
  seen[page] = true
  return { ...state, page, seen }
}

export function locationOf(scope: Scope, page: number): string {
  return page >= scope.resultsIndex ? RESULTS_KEY : scope.pages[page]!.key
}

// ---- what the adapter is told ------------------------------------------------------------------

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

export function questionRecord(q: ScopeQuestion, answer: Answer, timing: { latencyMs: number; answeredAt: number }): QuestionRecord {
  const question = q.question
  const base = {
    id: question.id,
    prompt: question.prompt,
    correct: answer.correct,
    weight: question.weight,
    graded: q.graded,
    latencyMs: Math.max(0, timing.latencyMs),
    answeredAt: timing.answeredAt,
  }
  switch (question.type) {
    case 'true-false':
      return { ...base, type: question.type, response: answer.response === true, correctResponse: question.answer }
    case 'fill-in':
      return { ...base, type: question.type, response: typeof answer.response === 'string' ? answer.response : '', correctResponse: question.answers.slice() }
    default:
      return {
        ...base,
        type: question.type,
        choices: question.choices.map((c) => c.text),
        response: Array.isArray(answer.response) ? answer.response.slice() : [],
        correctResponse: question.choices.flatMap((c, i) => (c.correct ? [i] : [])),
      }
  }
}

// ---- suspend data -------------------------------------------------------------------------------
// cp1;<fingerprint>;<page, base 36>;<seen pages, 6 bits a char>;<answers, one token per question, ','-separated>;<fill-in texts, JSON>
// An answer token is '' (unanswered) or 'c'/'w' (correct/wrong) followed by the response: choices as
// a bit set, 5 bits a char; true-false 't'/'f'; fill-in nothing (its text, if kept, is in the last field).

const BITS6 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const BITS5 = '0123456789abcdefghijklmnopqrstuv'

function encodeBits(bits: boolean[], alphabet: string, width: number): string {
  let out = ''
  for (let i = 0; i < bits.length; i += width) {
    let v = 0
    for (let b = 0; b < width; b++) if (bits[i + b]) v |= 1 << b
    out += alphabet[v]
  }
  return out
}

function decodeBits(text: string, alphabet: string, width: number, length: number): boolean[] | null {
  if (text.length !== Math.ceil(length / width)) return null
  const bits: boolean[] = []
  for (const ch of text) {
    const v = alphabet.indexOf(ch)
    if (v < 0) return null
    for (let b = 0; b < width; b++) bits.push((v & (1 << b)) !== 0)
  }
  return bits.slice(0, length)
}

interface EncodeParts { seen: boolean[]; tokens: string[]; texts: [number, string][] }

function joinParts(scope: Scope, page: number, p: EncodeParts): string {
  const texts = p.texts.length > 0 ? JSON.stringify(p.texts) : ''
  return [FORMAT_TAG, scope.fingerprint, page.toString(36), encodeBits(p.seen, BITS6, 6), p.tokens.join(','), texts].join(';')
}

/**
 * The learner state as one string of at most `limit` characters. When the full state does not fit,
 * it degrades: fill-in texts go first (longest first; correctness stays), then practice answers,
 * then the record of seen pages (the current page stays seen).
 */
export function encodeState(scope: Scope, state: LearnerState, limit = SUSPEND_LIMIT): string {
  const parts: EncodeParts = { seen: state.seen.slice(0, scope.resultsIndex + 1), tokens: [], texts: [] }
  for (const q of scope.questions) {
    const a = state.answers.get(q.question.id)
    if (!a) { parts.tokens.push(''); continue }
    let token = a.correct ? 'c' : 'w'
    const question = q.question
    if ((question.type === 'single' || question.type === 'multiple') && Array.isArray(a.response)) {
      const chosen = new Set(a.response)
      token += encodeBits(question.choices.map((_, i) => chosen.has(i)), BITS5, 5)
    } else if (question.type === 'true-false') {
      token += a.response === true ? 't' : 'f'
    } else if (question.type === 'fill-in' && typeof a.response === 'string') {
      parts.texts.push([q.index, a.response.slice(0, MAX_TEXT)])
    }
    parts.tokens.push(token)
  }
  let text = joinParts(scope, state.page, parts)
  if (text.length <= limit) return text

  parts.texts.sort((x, y) => y[1].length - x[1].length || x[0] - y[0]) // longest first, then by position: deterministic
  while (parts.texts.length > 0 && text.length > limit) {
    parts.texts.shift()
    parts.texts.sort((x, y) => x[0] - y[0])
    text = joinParts(scope, state.page, parts)
    parts.texts.sort((x, y) => y[1].length - x[1].length || x[0] - y[0])
  }
  if (text.length <= limit) return text

  for (const q of scope.questions) if (!q.graded) parts.tokens[q.index] = ''
  text = joinParts(scope, state.page, parts)
  if (text.length <= limit) return text

  parts.seen = parts.seen.map((_, i) => i === state.page)
  return joinParts(scope, state.page, parts)
}

/** The state a suspend string describes, or null when it is unreadable or from another course shape. */
export function decodeState(scope: Scope, text: string): LearnerState | null {
  try {
    const fields = text.split(';')
    if (fields.length < 6 || fields[0] !== FORMAT_TAG || fields[1] !== scope.fingerprint) return null
    const page = parseInt(fields[2]!, 36)
    if (!Number.isInteger(page) || page < 0 || page > scope.resultsIndex) return null
    const seen = decodeBits(fields[3]!, BITS6, 6, scope.resultsIndex + 1)
    if (!seen) return null
    const tokens = fields[4]!.split(',') // '' splits into [''], so an empty scope still has one (empty) token
    if (tokens.length !== Math.max(1, scope.questions.length)) return null
    const rest = fields.slice(5).join(';') // JSON text may itself contain ';'
    const texts = new Map<number, string>()
    if (rest !== '') {
      const parsed: unknown = JSON.parse(rest)
      if (!Array.isArray(parsed)) return null
      for (const entry of parsed) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'number' || typeof entry[1] !== 'string') return null
        texts.set(entry[0], entry[1])
      }
    }
    const answers = new Map<string, Answer>()
    for (const q of scope.questions) {
      const token = tokens[q.index] ?? ''
      if (token === '') continue
      const flag = token[0]
      if (flag !== 'c' && flag !== 'w') return null
      const body = token.slice(1)
      const question = q.question
      let response: Response
      if (question.type === 'single' || question.type === 'multiple') {
        const bits = decodeBits(body, BITS5, 5, question.choices.length)
        if (!bits) return null
        response = bits.flatMap((on, i) => (on ? [i] : []))
      } else if (question.type === 'true-false') {
        if (body !== 't' && body !== 'f') return null
        response = body === 't'
      } else {
        response = texts.get(q.index) ?? null
      }
      answers.set(question.id, { response, correct: flag === 'c' })
    }
    seen[page] = true
    return { page, seen, answers }
  } catch {
    return null
  }
}

/** Where a relaunch starts: the suspend data if it is ours, else the bookmark alone, else the beginning. */
export function restoreState(scope: Scope, saved: { suspend?: string; location?: string } | null): LearnerState {
  const fresh = initialState(scope)
  if (!saved) return fresh
  const decoded = saved.suspend ? decodeState(scope, saved.suspend) : null
  if (decoded) return decoded
  if (saved.location) {
    const index = saved.location === RESULTS_KEY ? scope.resultsIndex : scope.pages.findIndex((p) => p.key === saved.location)
    if (index >= 0) return goTo(scope, fresh, index)
  }
  return fresh
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(36)
}
