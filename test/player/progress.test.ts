import { describe, expect, it } from 'vitest'
import {
  SUSPEND_LIMIT, answerQuestion, buildScope, canAnswer, clearPracticeAnswer, decodeState, encodeState, finalScore,
  goTo, initialState, isCorrect, locationOf, missedQuestions, restoreState, retry, scoreOf, statusOf,
  unansweredQuestions, type LearnerState, type Response, type Scope,
} from '../../src/player/progress.js'
import { fillIn, hugeCourse, readingCourse, sampleCourse } from './course-data.js'

function answerAll(scope: Scope, state: LearnerState, responses: Record<string, Response>): LearnerState {
  for (const id of Object.keys(responses)) {
    const result = answerQuestion(scope, state, id, responses[id]!)
    if (!result) throw new Error(`could not answer ${id}`)
    state = result.state
  }
  return state
}

const allRight = { q1: [0], q2: [0, 2], q3: false, q4: '72' }

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

  it('retry clears every graded answer, keeps practice answers and goes to the first graded question', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = answerAll(scope, initialState(scope), { warmup: true, ...allRight, q2: [1] })
    state = goTo(scope, state, scope.resultsIndex)
    state = retry(scope, state)
    expect(state.page).toBe(2)
    expect([...state.answers.keys()]).toEqual(['warmup'])
    expect(statusOf(scope, state)).toBe('incomplete')
  })
})

describe('resume (suspend data)', () => {
  it('a relaunch opens the page where the learner left, with answers and seen pages kept', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = goTo(scope, initialState(scope), 3)
    state = answerAll(scope, state, { warmup: false, q1: [0], q2: [1, 3], q3: true, q4: ' Seventy  two ' })
    const restored = restoreState(scope, { suspend: encodeState(scope, state), location: 'quiz/p2' })
    expect(restored.page).toBe(3)
    expect(restored.seen).toEqual(state.seen)
    expect([...restored.answers.entries()]).toEqual([...state.answers.entries()])
  })

  it('an unreadable or foreign suspend string starts fresh', () => {
    const scope = buildScope(sampleCourse(), null)
    for (const junk of ['', 'hello', '{"page":3}', 'cp1;zzz;3;AA;;', 'cp9;x', 'cp1;' + scope.fingerprint + ';999;A;,,,,;']) {
      expect(decodeState(scope, junk)).toBeNull()
      expect(restoreState(scope, { suspend: junk, location: '' })).toEqual(initialState(scope))
    }
  })

  it('suspend data from another shape of the course is not applied', () => {
    const before = buildScope(sampleCourse(), null)
    const changed = sampleCourse()
    changed.modules[1]!.pages.reverse()
    const after = buildScope(changed, null)
    const suspend = encodeState(before, answerAll(before, initialState(before), { q1: [0] }))
    expect(decodeState(after, suspend)).toBeNull()
  })

  it('without suspend data the bookmark alone still opens the right page', () => {
    const scope = buildScope(sampleCourse(), null)
    expect(restoreState(scope, { suspend: '', location: 'quiz/p2' }).page).toBe(3)
    expect(restoreState(scope, { suspend: '', location: 'results' }).page).toBe(scope.resultsIndex)
  })

  it('fill-in text survives even with the separator characters in it', () => {
    const scope = buildScope(sampleCourse(), null)
    const state = answerAll(scope, initialState(scope), { q4: 'a;b,c|"d"\\ ñ' })
    expect(decodeState(scope, encodeState(scope, state))!.answers.get('q4')).toEqual({ response: 'a;b,c|"d"\\ ñ', correct: false })
  })

  it('a course of 300 questions and 2,000 pages, all answered and seen, fits in 4,096 characters', () => {
    const scope = buildScope(hugeCourse(), null)
    expect(scope.questions).toHaveLength(300)
    expect(scope.pages).toHaveLength(2000)
    let state = initialState(scope)
    for (let i = 0; i <= scope.resultsIndex; i++) state = goTo(scope, state, i)
    for (const q of scope.questions) {
      const question = q.question
      const response: Response = question.type === 'fill-in' ? 'y'.repeat(300) : question.type === 'true-false' ? true : [0, 5, 35]
      state = answerQuestion(scope, state, question.id, response)!.state
    }
    state = goTo(scope, state, 1234)
    const suspend = encodeState(scope, state)
    expect(suspend.length).toBeLessThanOrEqual(SUSPEND_LIMIT)
    const restored = decodeState(scope, suspend)!
    expect(restored.page).toBe(1234)
    expect(restored.answers.size).toBe(300)
    // fill-in text was dropped to fit, its correctness kept; everything else is intact
    const fill = scope.questions.find((q) => q.question.type === 'fill-in')!
    expect(restored.answers.get(fill.question.id)).toEqual({ response: null, correct: false })
    const choice = scope.questions.find((q) => q.question.type === 'multiple')!
    expect(restored.answers.get(choice.question.id)).toEqual({ response: [0, 5, 35], correct: false })
    expect(scoreOf(scope, restored)).toBe(scoreOf(scope, state))
    expect(statusOf(scope, restored)).toBe(statusOf(scope, state))
  })

  it('when space is short, fill-in texts are dropped first and scores never change', () => {
    const scope = buildScope(sampleCourse(), null)
    const state = answerAll(scope, initialState(scope), { warmup: true, ...allRight, q4: '72' })
    const full = encodeState(scope, state)
    const tight = encodeState(scope, state, full.length - 1)
    expect(tight.length).toBeLessThan(full.length)
    const restored = decodeState(scope, tight)!
    expect(restored.answers.get('q4')).toEqual({ response: null, correct: true })
    expect(scoreOf(scope, restored)).toBe(100)
  })
})
