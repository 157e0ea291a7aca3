import { describe, expect, it } from 'vitest'
import {
  answerQuestion, assessedQuestions, attemptsLeft, buildScope, canAnswer, canRetry, clearPracticeAnswer, displayOrder, finalScore,
  goTo, initialState, isCorrect, isDrawn, isPageShown, locationOf, missedQuestions, moduleStatus, progressOf, questionsToRetry, retry, scoreOf, shownPages, statusOf,
  unansweredQuestions, withPassDate,
} from '../../src/player/progress.js'
import type { PlayerQuestion } from '../../src/player/data.js'
import { allRight, answerAll, bankCourse, fillIn, ordering, readingCourse, sampleCourse, single } from './course-data.js'

describe('the course scope', () => {
  it('the whole course plays every module, with the results page last', () => {
    const scope = buildScope(sampleCourse(), null)
    expect(scope.pages.map((p) => p.key)).toEqual(['intro/welcome', 'intro/terms', 'quiz/p1', 'quiz/p2', 'end/bye'])
    expect(scope.resultsIndex).toBe(5)
    expect(locationOf(scope, 5)).toBe('results')
  })

  it('a per-module launch plays only that module', () => {
    const scope = buildScope(sampleCourse(), 'quiz')
    expect(scope.moduleId).toBe('quiz')
    expect(scope.pages.map((p) => p.key)).toEqual(['quiz/p1', 'quiz/p2'])
    expect(scope.questions.map((q) => q.question.id)).toEqual(['q1', 'q2', 'q3', 'q4'])
  })

  it('an unknown module id plays the whole course', () => {
    expect(buildScope(sampleCourse(), 'nope').moduleId).toBeNull()
  })
})

describe('answers', () => {
  it('fill-in answers match ignoring case, surrounding spaces and inner runs of whitespace', () => {
    const q = fillIn('f', ['Seventy two'])
    expect(isCorrect(q, '  seventy    TWO ')).toBe(true)
    expect(isCorrect(q, 'seventytwo')).toBe(false)
  })

  it('a multiple-choice answer is right only with every correct choice and no other', () => {
    const scope = buildScope(sampleCourse(), null)
    const q2 = scope.questions.find((q) => q.question.id === 'q2')!.question
    expect(isCorrect(q2, [2, 0])).toBe(true)
    expect(isCorrect(q2, [0])).toBe(false)
    expect(isCorrect(q2, [0, 1, 2])).toBe(false)
  })

  it('a graded answer is final', () => {
    const scope = buildScope(sampleCourse(), null)
    const state = answerAll(scope, initialState(scope), { q1: [1] })
    expect(canAnswer(scope, state, 'q1')).toBe(false)
    expect(answerQuestion(scope, state, 'q1', [0])).toBeNull()
  })

  it('a practice question can be answered again and never counts', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = answerAll(scope, initialState(scope), { warmup: false })
    expect(canAnswer(scope, state, 'warmup')).toBe(true)
    state = clearPracticeAnswer(scope, state, 'warmup')
    state = answerAll(scope, state, { warmup: true, ...allRight })
    expect(scoreOf(scope, state)).toBe(100)
    expect(unansweredQuestions(scope, state)).toEqual([])
  })

  it('an empty response is not an answer', () => {
    const scope = buildScope(sampleCourse(), null)
    expect(answerQuestion(scope, initialState(scope), 'q4', '   ')).toBeNull()
    expect(answerQuestion(scope, initialState(scope), 'q2', [])).toBeNull()
  })
})

describe('score and status', () => {
  it('the score is the weighted share of graded questions answered correctly', () => {
    const scope = buildScope(sampleCourse(), null)
    // q2 (weight 2) wrong: 3 of 5
    const state = answerAll(scope, initialState(scope), { ...allRight, q2: [0] })
    expect(scoreOf(scope, state)).toBe(60)
  })

  it('the score keeps at most two decimals', () => {
    const data = sampleCourse()
    data.modules[1]!.pages[0]!.blocks[1] = { type: 'html', html: '' } // three graded questions of weight 1 remain
    const scope = buildScope(data, null)
    const state = answerAll(scope, initialState(scope), { q1: [0], q3: false, q4: 'nope' })
    expect(scoreOf(scope, state)).toBe(66.67)
  })

  it('the status stays incomplete until every graded question is answered', () => {
    const scope = buildScope(sampleCourse(), null)
    const state = answerAll(scope, initialState(scope), { q1: [0], q2: [0, 2], q3: false })
    expect(statusOf(scope, state)).toBe('incomplete')
    expect(finalScore(scope, state)).toBeNull()
  })

  it('a learner who reaches the passing score passes', () => {
    const scope = buildScope(sampleCourse(80), null)
    const state = answerAll(scope, initialState(scope), { ...allRight, q4: 'wrong' }) // 4/5 = 80
    expect(statusOf(scope, state)).toBe('passed')
    expect(finalScore(scope, state)).toBe(80)
  })

  it('a learner below the passing score fails, and the missed questions are listed', () => {
    const scope = buildScope(sampleCourse(80), null)
    const state = answerAll(scope, initialState(scope), { ...allRight, q2: [1] })
    expect(statusOf(scope, state)).toBe('failed')
    expect(missedQuestions(scope, state).map((q) => [q.question.id, q.module.title, q.pageIndex])).toEqual([['q2', 'Quiz', 2]])
  })

  it('a course without graded questions is completed when every page has been seen', () => {
    const scope = buildScope(readingCourse(3), null)
    let state = initialState(scope)
    expect(statusOf(scope, state)).toBe('incomplete')
    state = goTo(scope, goTo(scope, state, 1), 2)
    expect(statusOf(scope, state)).toBe('completed')
    expect(finalScore(scope, state)).toBeNull()
  })

  it('the day of the pass is written down once, kept on later days, and forgotten if the course no longer counts as passed', () => {
    const scope = buildScope(sampleCourse(80), null)
    let state = withPassDate(scope, answerAll(scope, initialState(scope), { q1: [0], q2: [0, 2] }), '2026-11-28')
    expect(state.passedOn).toBeUndefined() // not passed yet
    state = withPassDate(scope, answerAll(scope, state, { q3: false, q4: '72' }), '2026-11-29')
    expect(state.passedOn).toBe('2026-11-29')
    expect(withPassDate(scope, state, '2026-12-03').passedOn).toBe('2026-11-29')
    const edited = sampleCourse(80)
    edited.modules[1]!.pages[1]!.blocks.push({ type: 'question', question: single('q5', 0) })
    expect(withPassDate(buildScope(edited, null), state, '2026-12-03').passedOn).toBeUndefined() // a question was added: not passed yet
    const reading = buildScope(readingCourse(2), null)
    expect(withPassDate(reading, goTo(reading, initialState(reading), 1), '2026-11-30').passedOn).toBe('2026-11-30') // completed, nothing graded
  })

  it('in a per-module scope only that module counts', () => {
    const scope = buildScope(sampleCourse(), 'intro')
    expect(statusOf(scope, goTo(scope, initialState(scope), 1))).toBe('completed')
  })
})

describe('navigation and retry', () => {
  it('going back or on stays within the first page and the results page', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = initialState(scope)
    expect(goTo(scope, state, state.page - 1).page).toBe(0)
    for (let i = 0; i < 10; i++) state = goTo(scope, state, state.page + 1)
    expect(state.page).toBe(scope.resultsIndex)
  })

  it('retry clears only the graded answers that were wrong, keeps right and practice answers, and goes to the first cleared question', () => {
    const scope = buildScope(sampleCourse(90), null) // q3 wrong scores 80: a fail
    let state = answerAll(scope, initialState(scope), { warmup: true, ...allRight, q3: true })
    state = goTo(scope, state, scope.resultsIndex)
    expect(questionsToRetry(scope, state).map((q) => q.question.id)).toEqual(['q3'])
    state = retry(scope, state)
    expect(state.page).toBe(3) // q3's page, not the first graded page
    expect([...state.answers.keys()].sort()).toEqual(['q1', 'q2', 'q4', 'warmup'])
    expect(statusOf(scope, state)).toBe('incomplete')
    expect(unansweredQuestions(scope, state).map((q) => q.question.id)).toEqual(['q3'])
  })

  it('`retry: all` clears every graded answer, keeps practice answers and goes to the first graded question', () => {
    const data = sampleCourse()
    const scope = buildScope({ ...data, course: { ...data.course, retry: 'all' } }, null)
    let state = answerAll(scope, initialState(scope), { warmup: true, ...allRight, q2: [1] })
    state = goTo(scope, state, scope.resultsIndex)
    state = retry(scope, state)
    expect(state.page).toBe(2)
    expect([...state.answers.keys()]).toEqual(['warmup'])
    expect(statusOf(scope, state)).toBe('incomplete')
  })
})

describe('how far the learner is', () => {
  it('counts pages seen and questions answered into one percentage, and each module as not started, in progress or done', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = initialState(scope)
    expect(progressOf(scope, state)).toEqual({ seen: 1, pages: 5, answered: 0, questions: 5, percent: 10 })
    expect(scope.modules.map((m) => moduleStatus(scope, state, m))).toEqual(['in-progress', 'not-started', 'not-started'])
    state = answerAll(scope, goTo(scope, state, 1), { warmup: true })
    expect(moduleStatus(scope, state, scope.modules[0]!)).toBe('done')
    state = answerAll(scope, goTo(scope, goTo(scope, goTo(scope, state, 2), 3), 4), allRight)
    expect(progressOf(scope, state)).toEqual({ seen: 5, pages: 5, answered: 5, questions: 5, percent: 100 })
    expect(scope.modules.map((m) => moduleStatus(scope, state, m))).toEqual(['done', 'done', 'done'])
  })
})

describe('question banks, shuffles and attempt limits', () => {
  it('a bank shows `draw` of its questions; score and status count the drawn ones only', () => {
    const scope = buildScope(bankCourse(10, 3), null)
    const state = initialState(scope, 'Seed01')
    const drawn = scope.questions.filter((q) => isDrawn(state, q.question.id))
    expect(drawn).toHaveLength(3)
    expect(assessedQuestions(scope, state)).toEqual(drawn)
    const done = answerAll(scope, state, Object.fromEntries(drawn.map((q) => [q.question.id, [0]])))
    expect(statusOf(scope, done)).toBe('passed')
    expect(scoreOf(scope, done)).toBe(100)
  })

  it('an undrawn question cannot be answered and its page is skipped, forwards and back', () => {
    const scope = buildScope(bankCourse(10, 3), null)
    const state = initialState(scope, 'Seed01')
    const hidden = scope.questions.find((q) => !isDrawn(state, q.question.id))!
    expect(canAnswer(scope, state, hidden.question.id)).toBe(false)
    expect(isPageShown(scope, state, hidden.pageIndex)).toBe(false)
    const walked: number[] = []
    for (let s = state; s.page < scope.resultsIndex; s = goTo(scope, s, s.page + 1)) walked.push(s.page)
    expect(walked).toEqual([0, ...shownPages(scope, state).slice(1).map((p) => p.index)])
    expect(walked).toHaveLength(4) // the intro and three drawn pages
    const end = goTo(scope, state, scope.resultsIndex)
    const back = goTo(scope, end, end.page - 1)
    expect(isPageShown(scope, state, back.page)).toBe(true)
  })

  it('each learner gets a different draw, stable for the same seed', () => {
    const scope = buildScope(bankCourse(10, 3), null)
    const drawOf = (seed: string) => [...initialState(scope, seed).undrawn].sort().join()
    expect(drawOf('Seed01')).toBe(drawOf('Seed01'))
    expect(new Set(['Seed01', 'Seed02', 'Seed03', 'Seed04', 'Seed05'].map(drawOf)).size).toBeGreaterThan(1)
  })

  it('retry after a failed attempt draws unseen questions first and counts the attempt', () => {
    const scope = buildScope(bankCourse(6, 3), null)
    let state = initialState(scope, 'Seed01')
    const first = assessedQuestions(scope, state).map((q) => q.question.id)
    state = answerAll(scope, state, Object.fromEntries(first.map((id) => [id, [1]])))
    expect(statusOf(scope, state)).toBe('failed')
    state = retry(scope, state)
    expect(state.attempt).toBe(2)
    const second = assessedQuestions(scope, state).map((q) => q.question.id)
    expect(second.filter((id) => first.includes(id))).toEqual([])
    expect(state.answers.size).toBe(0)
    expect(state.page).toBe(assessedQuestions(scope, state)[0]!.pageIndex)
  })

  it('retry in a bank keeps the right answers drawn and draws unseen questions for the wrong ones', () => {
    const scope = buildScope(bankCourse(6, 3), null)
    let state = initialState(scope, 'Seed01')
    const [right, ...wrong] = assessedQuestions(scope, state).map((q) => q.question.id)
    state = answerAll(scope, state, { [right!]: [0], ...Object.fromEntries(wrong.map((id) => [id, [1]])) })
    expect(statusOf(scope, state)).toBe('failed')
    state = retry(scope, state)
    const second = assessedQuestions(scope, state).map((q) => q.question.id)
    expect(second).toHaveLength(3)
    expect(second).toContain(right)
    expect(second.filter((id) => wrong.includes(id))).toEqual([])
    expect([...state.answers.keys()]).toEqual([right])
    expect(unansweredQuestions(scope, state).map((q) => q.pageIndex)).toContain(state.page)
  })

  it('after `attempts` failed attempts no retry is offered and retry changes nothing', () => {
    const scope = buildScope(bankCourse(4, 2, 2), null)
    const fail = (s: ReturnType<typeof initialState>) => answerAll(scope, s, Object.fromEntries(assessedQuestions(scope, s).map((q) => [q.question.id, [1]])))
    let state = fail(initialState(scope, 'Seed01'))
    expect(attemptsLeft(scope, state)).toBe(1)
    expect(canRetry(scope, state)).toBe(true)
    state = fail(retry(scope, state))
    expect(state.attempt).toBe(2)
    expect(attemptsLeft(scope, state)).toBe(0)
    expect(canRetry(scope, state)).toBe(false)
    expect(retry(scope, state)).toBe(state)
  })

  it('without `attempts` retry is always offered after a failure', () => {
    const scope = buildScope(bankCourse(4, 2), null)
    const state = answerAll(scope, initialState(scope, 'Seed01'), Object.fromEntries(assessedQuestions(scope, initialState(scope, 'Seed01')).map((q) => [q.question.id, [1]])))
    expect(attemptsLeft(scope, state)).toBe(Infinity)
    expect(canRetry(scope, state)).toBe(true)
  })

  it('shuffled choices are a per-learner permutation, the same on every call; unshuffled ones keep their order', () => {
    const q = { ...single('s', 0, 8), shuffle: true as const }
    const a = displayOrder(q, { seed: 'Seed01', attempt: 1 })
    expect(a).toEqual(displayOrder(q, { seed: 'Seed01', attempt: 1 }))
    expect([...a.lefts].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(['Seed02', 'Seed03', 'Seed04'].some((seed) => displayOrder(q, { seed, attempt: 1 }).lefts.join() !== a.lefts.join())).toBe(true)
    expect(displayOrder(single('s', 0, 8), { seed: 'Seed01', attempt: 1 }).lefts).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('an ordering question never starts in the right order; unshuffled matching options are alphabetical', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) expect(displayOrder(ordering('o', 2), { seed, attempt: 1 }).lefts).toEqual([1, 0])
    const m: PlayerQuestion = {
      id: 'm', prompt: 'M', weight: 1, type: 'matching', partial: false, distractors: [],
      pairs: [{ left: 'x', right: 'Zebra' }, { left: 'y', right: 'apple' }, { left: 'z', right: 'Mango' }],
    }
    expect(displayOrder(m, { seed: 'Seed01', attempt: 1 }).rights).toEqual([1, 2, 0])
  })
})
