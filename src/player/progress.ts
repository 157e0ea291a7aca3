// The learner's progress: which pages were seen, what was answered, what each attempt drew and in
// what order it shows choices, and what that means for score and status. Pure functions over plain
// data, no DOM, so the rules are tested in Node. The suspend-data codec is suspend.ts.
import type { PlayerData, PlayerModule, PlayerPage, PlayerQuestion } from './data.js'
import type { ProgressSnapshot, QuestionRecord, Status } from './tracking/adapter.js'
import { creditOf, isAnswerable, rightItems, type Response } from './scoring.js'
import { newSeed, permutation, randomFrom, rankPool } from './random.js'

export type { Response, Status }
export { isCorrect, normalizeText } from './scoring.js'

/** One page of the scope; the results page is not one of these (its index is `scope.resultsIndex`). */
export interface ScopePage {
  index: number
  key: string // `moduleId/pageId`: a readable bookmark, unique in the course
  module: PlayerModule
  page: PlayerPage
  questions: ScopeQuestion[] // the questions on this page, in page order (the same objects as scope.questions)
}

export interface ScopeQuestion {
  index: number // position in the scope
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
}

/** `credit`: 0–1, what the answer earns (below 1 only for partial matching and ordering); `correct` is credit 1. */
export interface Answer { response: Response; correct: boolean; credit: number }

export interface LearnerState {
  page: number // 0..resultsIndex
  seen: boolean[] // by page index, length resultsIndex + 1
  answers: Map<string, Answer> // by question id
  /** The learner's random seed: with the attempt it decides every draw and every shuffled order. */
  seed: string
  /** 1 on the first attempt; Retry starts the next. */
  attempt: number
  /** Bank questions this attempt did not draw: not shown, not scored. */
  undrawn: ReadonlySet<string>
  /** YYYY-MM-DD, the learner's day when the scope was first passed (or completed, without graded questions): the certificate's date. */
  passedOn?: string
  /** The name the learner typed for the certificate, kept for when the LMS gives none. */
  typedName?: string
}

export const RESULTS_KEY = 'results'
export const MAX_TEXT = 255 // CMIFeedback: a stored fill-in answer never needs more

export function buildScope(data: PlayerData, moduleId: string | null): Scope {
  const only = moduleId === null ? undefined : data.modules.find((m) => m.id === moduleId)
  const modules = only ? [only] : data.modules
  const pages: ScopePage[] = []
  const questions: ScopeQuestion[] = []
  for (const module of modules) {
    for (const page of module.pages) {
      const pageIndex = pages.length
      const own: ScopeQuestion[] = []
      pages.push({ index: pageIndex, key: `${module.id}/${page.id}`, module, page, questions: own })
      for (const block of page.blocks) {
        if (block.type !== 'question') continue
        const q: ScopeQuestion = { index: questions.length, question: block.question, graded: module.graded, pageIndex, module }
        own.push(q)
        questions.push(q)
      }
    }
  }
  return {
    course: data.course,
    moduleId: only ? only.id : null,
    modules,
    pages,
    questions,
    resultsIndex: pages.length,
  }
}

/** A question's id, type and part counts: saved answers are keyed by it, so a question whose shape changed starts unanswered. */
export function questionShape(q: PlayerQuestion): string {
  const counts = q.type === 'single' || q.type === 'multiple' ? q.choices.length
    : q.type === 'matching' ? `${q.pairs.length}/${q.distractors.length}`
      : q.type === 'ordering' ? q.items.length : ''
  return `${q.id}:${q.type}:${counts}`
}

export function initialState(scope: Scope, seed = newSeed()): LearnerState {
  const seen = new Array<boolean>(scope.resultsIndex + 1).fill(false)
  const state: LearnerState = { page: 0, seen, answers: new Map(), seed, attempt: 1, undrawn: new Set() }
  return goTo(scope, withDraw(scope, state), 0)
}

// ---- banks and shuffles -------------------------------------------------------------------------

/** Source indices in the order shown: choices or left items (`lefts`), matching's right-hand options (`rights`). */
export interface DisplayOrder { lefts: number[]; rights: number[] }

/**
 * The state with `undrawn` worked out for its seed and attempt. Questions answered in this attempt stay
 * drawn (an edited bank never takes back a question the learner answered); the attempt's ranking fills the rest.
 */
export function withDraw(scope: Scope, state: LearnerState): LearnerState {
  const undrawn = new Set<string>()
  for (const module of scope.modules) {
    if (!module.bank || !module.graded) continue
    const pool = scope.questions.filter((q) => q.module === module).map((q) => q.question.id)
    const draw = Math.min(module.bank.draw, pool.length)
    const kept = pool.filter((id) => state.answers.has(id)).slice(0, draw)
    const drawn = new Set(kept)
    for (const id of rankPool(pool, draw, state.seed, module.id, state.attempt)) {
      if (drawn.size >= draw) break
      drawn.add(id)
    }
    for (const id of pool) if (!drawn.has(id)) undrawn.add(id)
  }
  return { ...state, undrawn }
}

export const isDrawn = (state: LearnerState, id: string): boolean => !state.undrawn.has(id)

/** A page is shown unless it has questions and this attempt drew none of them. */
export function isPageShown(scope: Scope, state: LearnerState, index: number): boolean {
  const own = scope.pages[index]?.questions ?? [] // the results page has none
  return own.length === 0 || own.some((q) => isDrawn(state, q.question.id))
}

/** The pages this attempt shows, in course order (the results page not included). */
export function shownPages(scope: Scope, state: LearnerState): ScopePage[] {
  return scope.pages.filter((p) => isPageShown(scope, state, p.index))
}

/**
 * The order in which a question shows its options, as source indices. single/multiple: the choices;
 * matching: `lefts` are the left items and `rights` the right-hand options; ordering: the starting order.
 * Shuffled per learner and attempt; matching options not shuffled are listed alphabetically (in pair
 * order they would give the answer away); an ordering question never starts in the right order.
 */
export function displayOrder(q: PlayerQuestion, state: Pick<LearnerState, 'seed' | 'attempt'>): DisplayOrder {
  const random = randomFrom(state.seed, `${q.id}#${state.attempt}`)
  const identity = (n: number) => Array.from({ length: n }, (_, i) => i)
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { lefts: q.shuffle ? permutation(q.choices.length, random) : identity(q.choices.length), rights: [] }
    case 'matching': {
      const rights = rightItems(q)
      if (q.shuffle) return { lefts: permutation(q.pairs.length, random), rights: permutation(rights.length, random) }
      const alphabetical = identity(rights.length).sort((a, b) => rights[a]!.localeCompare(rights[b]!))
      return { lefts: identity(q.pairs.length), rights: alphabetical }
    }
    case 'ordering': {
      const order = permutation(q.items.length, random)
      if (order.every((v, i) => v === i)) order.push(order.shift()!) // a rotation is never the identity for n ≥ 2
      return { lefts: order, rights: [] }
    }
    default:
      return { lefts: [], rights: [] }
  }
}

// ---- answering ----------------------------------------------------------------------------------

export function findQuestion(scope: Scope, id: string): ScopeQuestion | undefined {
  return scope.questions.find((q) => q.question.id === id)
}

/** A graded answer is final; a practice question can be answered again; an undrawn question is not asked. */
export function canAnswer(scope: Scope, state: LearnerState, id: string): boolean {
  const q = findQuestion(scope, id)
  if (!q || !isDrawn(state, id)) return false
  return !q.graded || !state.answers.has(id)
}

export function answerQuestion(scope: Scope, state: LearnerState, id: string, response: Response): { state: LearnerState; answer: Answer } | null {
  const q = findQuestion(scope, id)
  if (!q || !canAnswer(scope, state, id) || !isAnswerable(q.question, response)) return null
  const stored = typeof response === 'string' ? response.trim().slice(0, MAX_TEXT)
    : Array.isArray(response) ? (q.question.type === 'single' || q.question.type === 'multiple' ? [...response].sort((a, b) => a - b) : [...response])
      : response
  const credit = creditOf(q.question, response)
  const answer: Answer = { response: stored, correct: credit === 1, credit }
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

/** Every graded question in the scope, drawn or not (the banks' pools included). */
export function gradedQuestions(scope: Scope): ScopeQuestion[] {
  return scope.questions.filter((q) => q.graded)
}

/** The graded questions this attempt asks: score, status and results count these only. */
export function assessedQuestions(scope: Scope, state: LearnerState): ScopeQuestion[] {
  return scope.questions.filter((q) => q.graded && isDrawn(state, q.question.id))
}

/** Weighted credit of the assessed questions, 0–100, at most 2 decimals; unanswered count as wrong. */
export function scoreOf(scope: Scope, state: LearnerState): number {
  let total = 0
  let earned = 0
  const assessed = assessedQuestions(scope, state)
  for (const q of assessed) {
    const weight = Math.max(0, q.question.weight)
    total += weight
    earned += weight * (state.answers.get(q.question.id)?.credit ?? 0)
  }
  if (total === 0) return assessed.every((q) => state.answers.get(q.question.id)?.correct) ? 100 : 0
  return Math.round((earned / total) * 10000) / 100
}

export function allGradedAnswered(scope: Scope, state: LearnerState): boolean {
  return assessedQuestions(scope, state).every((q) => state.answers.has(q.question.id))
}

export function allPagesSeen(scope: Scope, state: LearnerState): boolean {
  return shownPages(scope, state).every((p) => state.seen[p.index])
}

export function statusOf(scope: Scope, state: LearnerState): Status {
  if (gradedQuestions(scope).length > 0) {
    if (!allGradedAnswered(scope, state)) return 'incomplete'
    return scoreOf(scope, state) >= scope.course.passingScore ? 'passed' : 'failed'
  }
  return allPagesSeen(scope, state) ? 'completed' : 'incomplete'
}

/**
 * The state with the day it was passed written down the first time it is (`today`, YYYY-MM-DD), and
 * forgotten if it no longer is (an edited course asks more): a certificate shown later carries that day.
 */
export function withPassDate(scope: Scope, state: LearnerState, today: string): LearnerState {
  const status = statusOf(scope, state)
  const achieved = status === 'passed' || status === 'completed'
  if (achieved === (state.passedOn !== undefined)) return state
  if (achieved) return { ...state, passedOn: today }
  const rest = { ...state }
  delete rest.passedOn
  return rest
}

/** The score once it means something: every assessed question answered. */
export function finalScore(scope: Scope, state: LearnerState): number | null {
  return gradedQuestions(scope).length > 0 && allGradedAnswered(scope, state) ? scoreOf(scope, state) : null
}

export function missedQuestions(scope: Scope, state: LearnerState): ScopeQuestion[] {
  return assessedQuestions(scope, state).filter((q) => state.answers.get(q.question.id)?.correct === false)
}

export function unansweredQuestions(scope: Scope, state: LearnerState): ScopeQuestion[] {
  return assessedQuestions(scope, state).filter((q) => !state.answers.has(q.question.id))
}

/** Failed attempts the course still allows after this one; Infinity without `attempts:`. */
export function attemptsLeft(scope: Scope, state: LearnerState): number {
  const limit = scope.course.attempts
  return typeof limit === 'number' ? Math.max(0, limit - state.attempt) : Infinity
}

/** Retry is offered after a failed attempt, while the attempt limit allows another. */
export function canRetry(scope: Scope, state: LearnerState): boolean {
  return statusOf(scope, state) === 'failed' && attemptsLeft(scope, state) > 0
}

/**
 * A new attempt: the count goes up, every graded answer is cleared, banks draw again (unseen questions
 * first) and shuffles reorder; it opens at the page of the first question asked. Past the limit, nothing changes.
 */
/**
 * The graded questions Retry clears: only the ones answered wrongly, so right answers are kept
 * (`retry: all` in course.yaml: every graded answer, for courses that need a clean attempt).
 */
export function questionsToRetry(scope: Scope, state: LearnerState): ScopeQuestion[] {
  return scope.course.retry === 'all' ? gradedQuestions(scope) : missedQuestions(scope, state)
}

/**
 * Start the next attempt: clear the answers Retry clears and go to the first question to answer. In a
 * bank, kept right answers stay drawn and the cleared ones are drawn again, unseen questions first.
 */
export function retry(scope: Scope, state: LearnerState): LearnerState {
  if (!canRetry(scope, state)) return state
  const answers = new Map(state.answers)
  for (const q of questionsToRetry(scope, state)) answers.delete(q.question.id)
  const next = withDraw(scope, { ...state, answers, attempt: state.attempt + 1 })
  const first = assessedQuestions(scope, next).find((q) => !answers.has(q.question.id))
  return goTo(scope, next, first ? first.pageIndex : 0)
}

// ---- how far the learner is ----------------------------------------------------------------------

export interface CourseProgress { seen: number; pages: number; answered: number; questions: number; percent: number }

/** Pages seen and questions answered (practice ones too) of what this attempt shows, and one percentage over both. */
export function progressOf(scope: Scope, state: LearnerState, pages: ScopePage[] = shownPages(scope, state)): CourseProgress {
  const indices = new Set(pages.map((p) => p.index))
  const questions = scope.questions.filter((q) => indices.has(q.pageIndex) && isDrawn(state, q.question.id))
  const seen = pages.filter((p) => state.seen[p.index]).length
  const answered = questions.filter((q) => state.answers.has(q.question.id)).length
  const total = pages.length + questions.length
  return { seen, pages: pages.length, answered, questions: questions.length, percent: total === 0 ? 100 : Math.floor(((seen + answered) / total) * 100) }
}

export type ModuleStatus = 'not-started' | 'in-progress' | 'done'

/** Done: every shown page seen and every drawn question answered; not started: nothing seen or answered yet. */
export function moduleStatus(scope: Scope, state: LearnerState, module: PlayerModule): ModuleStatus {
  const p = progressOf(scope, state, shownPages(scope, state).filter((x) => x.module === module))
  if (p.seen === p.pages && p.answered === p.questions) return 'done'
  return p.seen === 0 && p.answered === 0 ? 'not-started' : 'in-progress'
}

// ---- navigation ---------------------------------------------------------------------------------

/** Shows page `index`, or the nearest shown page past it in the direction of travel (pages of undrawn questions are skipped). */
export function goTo(scope: Scope, state: LearnerState, index: number): LearnerState {
  let page = Math.max(0, Math.min(scope.resultsIndex, Math.trunc(index)))
  const step = page < state.page ? -1 : 1
  let probe = page
  while (probe >= 0 && probe <= scope.resultsIndex && !isPageShown(scope, state, probe)) probe += step
  if (probe < 0 || probe > scope.resultsIndex) for (probe = page; !isPageShown(scope, state, probe); probe -= step);
  page = probe
  const seen = state.seen.slice()
  seen[page] = true
  return { ...state, page, seen }
}

export function locationOf(scope: Scope, page: number): string {
  return page >= scope.resultsIndex ? RESULTS_KEY : scope.pages[page]!.key
}

// ---- what the adapter is told ------------------------------------------------------------------

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
  const indices = Array.isArray(answer.response) ? answer.response.slice() : []
  const inOrder = (n: number) => Array.from({ length: n }, (_, i) => i)
  switch (question.type) {
    case 'true-false':
      return { ...base, type: question.type, response: answer.response === true, correctResponse: question.answer }
    case 'fill-in':
      return { ...base, type: question.type, response: typeof answer.response === 'string' ? answer.response : '', correctResponse: question.answers.slice() }
    case 'matching':
      // sources are the left items, targets the right-hand options; left i goes with right i
      return {
        ...base, type: question.type, sources: question.pairs.map((p) => p.left), targets: rightItems(question),
        response: indices, correctResponse: inOrder(question.pairs.length), credit: answer.credit,
      }
    case 'ordering':
      return { ...base, type: question.type, choices: question.items.slice(), response: indices, correctResponse: inOrder(question.items.length), credit: answer.credit }
    default:
      return {
        ...base,
        type: question.type,
        choices: question.choices.map((c) => c.text),
        response: indices,
        correctResponse: question.choices.flatMap((c, i) => (c.correct ? [i] : [])),
      }
  }
}
