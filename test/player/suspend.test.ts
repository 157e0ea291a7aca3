// The suspend-data codec: what a relaunch restores, keyed by page and question ids, within SCORM 1.2's 4,096 characters.
import { describe, expect, it } from 'vitest'
import type { PlayerData } from '../../src/player/data.js'
import {
  answerQuestion, buildScope, displayOrder, goTo, initialState, isDrawn, retry, scoreOf, statusOf, type Response,
} from '../../src/player/progress.js'
import { SUSPEND_LIMIT, decodeState, encodeState, restoreState } from '../../src/player/suspend.js'
import { allRight, answerAll, bankCourse, hugeCourse, matching, ordering, sampleCourse, single } from './course-data.js'

const SEED = 'Seed01'

describe('resume (suspend data)', () => {
  it('a relaunch opens the page where the learner left, with answers, seen pages, seed and attempt kept', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = goTo(scope, initialState(scope, SEED), 3)
    state = answerAll(scope, state, { warmup: false, q1: [0], q2: [1, 3], q3: true, q4: ' Seventy  two ' })
    const restored = restoreState(scope, { suspend: encodeState(scope, state), location: 'quiz/p2' })
    expect(restored.page).toBe(3)
    expect(restored.seen).toEqual(state.seen)
    expect([...restored.answers.entries()]).toEqual([...state.answers.entries()])
    expect([restored.seed, restored.attempt]).toEqual([SEED, 1])
  })

  it('an unreadable or foreign suspend string starts fresh', () => {
    const scope = buildScope(sampleCourse(), null)
    for (const junk of ['', 'hello', '{"page":3}', 'cp1;zzz;3;AA;;', 'cp9;x', 'cp2;short;1;22;!;;;', 'cp2;Seed01;0;22;!;;;', 'cp2;Seed01;1;9x;!;;;']) {
      expect(decodeState(scope, junk)).toBeNull()
      expect(restoreState(scope, { suspend: junk, location: '' }, SEED)).toEqual(initialState(scope, SEED))
    }
  })

  it('reordered modules and pages, edited texts and an added page keep every answer and the place', () => {
    const before = buildScope(sampleCourse(), null)
    let state = goTo(before, initialState(before, SEED), 3)
    state = answerAll(before, state, { q1: [0], q3: true })
    const edited = sampleCourse()
    edited.modules.reverse()
    edited.modules[1]!.pages.reverse()
    edited.modules[1]!.pages[0]!.title = 'Part two, renamed'
    edited.modules[1]!.pages.splice(1, 0, { id: 'new', title: 'New page', blocks: [{ type: 'html', html: '<p>new</p>' }] })
    const q1 = edited.modules[1]!.pages[2]!.blocks[0]!
    if (q1.type === 'question') q1.question.prompt = 'Reworded?'
    const after = buildScope(edited, null)
    const restored = decodeState(after, encodeState(before, state))!
    expect(after.pages[restored.page]!.key).toBe('quiz/p2')
    expect([...restored.answers.keys()].sort()).toEqual(['q1', 'q3'])
    expect(restored.answers.get('q1')).toEqual({ response: [0], correct: true, credit: 1 })
  })

  it('a removed question, or one whose choices changed, is dropped; the rest of the state stays', () => {
    const before = buildScope(sampleCourse(), null)
    const state = answerAll(before, goTo(before, initialState(before, SEED), 2), { q1: [0], q2: [0, 2], q3: false })
    const edited = sampleCourse()
    const p1 = edited.modules[1]!.pages[0]!
    p1.blocks = [{ type: 'question', question: single('q1', 0, 4) }] // q1 has a fourth choice; q2 is gone
    const after = buildScope(edited, null)
    const restored = decodeState(after, encodeState(before, state))!
    expect([...restored.answers.keys()]).toEqual(['q3'])
    expect(after.pages[restored.page]!.key).toBe('quiz/p1')
  })

  it('without suspend data the bookmark alone still opens the right page', () => {
    const scope = buildScope(sampleCourse(), null)
    expect(restoreState(scope, { suspend: '', location: 'quiz/p2' }).page).toBe(3)
    expect(restoreState(scope, { suspend: '', location: 'results' }).page).toBe(scope.resultsIndex)
  })

  it('fill-in text survives even with the separator characters in it', () => {
    const scope = buildScope(sampleCourse(), null)
    const state = answerAll(scope, initialState(scope, SEED), { q4: 'a;b,c|"d"\\ ñ' })
    expect(decodeState(scope, encodeState(scope, state))!.answers.get('q4')).toEqual({ response: 'a;b,c|"d"\\ ñ', correct: false, credit: 0 })
  })

  it('the day of the pass and the name the learner typed come back, with the separator characters in the name', () => {
    const scope = buildScope(sampleCourse(), null)
    const state = { ...answerAll(scope, initialState(scope, SEED), { ...allRight, q4: 'x;y' }), passedOn: '2026-11-29', typedName: 'Ana; 100% Núñez, Jr.' }
    const restored = decodeState(scope, encodeState(scope, state))!
    expect([restored.passedOn, restored.typedName]).toEqual(['2026-11-29', 'Ana; 100% Núñez, Jr.'])
    expect(restored.answers.get('q4')!.response).toBe('x;y')
    const nameOnly = decodeState(scope, encodeState(scope, { ...initialState(scope, SEED), typedName: 'Ana' }))!
    expect([nameOnly.passedOn, nameOnly.typedName]).toEqual([undefined, 'Ana'])
  })

  it('resume strings written before the day of the pass was kept still read, fill-in texts with separators included', () => {
    const scope = buildScope(sampleCourse(), null)
    // As the first cp2 player wrote them (before this field): q1–q3 right, q4 answered "a;b" (wrong), the results page open; then with the text dropped.
    for (const [old, q4] of [['cp2;Seed01;1;22;!;OJ;kAcB,aJcF,j0cA,FNw;[["FN","a;b"]]', 'a;b'], ['cp2;Seed01;1;22;!;OJ;kAcB,aJcF,j0cA,FNw;', null]] as const) {
      const restored = decodeState(scope, old)!
      expect(restored.page).toBe(scope.resultsIndex)
      expect(restored.answers.get('q4')).toEqual({ response: q4, correct: false, credit: 0 })
      expect(statusOf(scope, restored)).toBe('passed') // 4 of 5
      expect([restored.passedOn, restored.typedName]).toEqual([undefined, undefined])
    }
  })

  it('matching and ordering answers come back exactly, partial credit included', () => {
    const data: PlayerData = {
      format: 1, course: { id: 'c', title: 'C', language: 'en', version: '1', passingScore: 50 },
      modules: [{ id: 'm', title: 'M', graded: true, pages: [{ id: 'p', title: 'P', blocks: [
        { type: 'question', question: matching('match', 10, 10, true) },
        { type: 'question', question: ordering('order', 10, true) },
      ] }] }],
    }
    const scope = buildScope(data, null)
    const pairs = [0, 1, 2, 19, 4, 5, 6, 7, 12, 9]
    const order = [1, 0, 2, 3, 4, 5, 6, 7, 9, 8]
    const state = answerAll(scope, initialState(scope, SEED), { match: pairs, order })
    const restored = decodeState(scope, encodeState(scope, state))!
    expect(restored.answers.get('match')).toEqual({ response: pairs, correct: false, credit: 0.8 })
    expect(restored.answers.get('order')).toEqual({ response: order, correct: false, credit: 0.6 })
    expect(scoreOf(scope, restored)).toBe(70)
  })

  it('a bank keeps its draw and a shuffled question its order across resume; the attempt count survives', () => {
    const data = bankCourse(10, 3, 5)
    const shuffled = data.modules[1]!.pages[0]!.blocks[0]!
    if (shuffled.type === 'question') shuffled.question.shuffle = true
    const scope = buildScope(data, null)
    let state = initialState(scope, SEED)
    const drawn = scope.questions.filter((q) => isDrawn(state, q.question.id)).map((q) => q.question.id)
    state = answerAll(scope, state, Object.fromEntries(drawn.map((id) => [id, [1]]))) // all wrong: failed
    state = retry(scope, state)
    expect(state.attempt).toBe(2)
    const restored = decodeState(scope, encodeState(scope, state))!
    expect(restored.attempt).toBe(2)
    expect([...restored.undrawn].sort()).toEqual([...state.undrawn].sort())
    for (const q of scope.questions) expect(displayOrder(q.question, restored)).toEqual(displayOrder(q.question, state))
  })

  it('300 questions with banks, shuffles, matching and ordering over 2,000 pages, all answered and seen, and the day of the pass fit in 4,096 characters', () => {
    const scope = buildScope(hugeCourse(), null)
    expect(scope.questions).toHaveLength(300)
    expect(scope.pages).toHaveLength(2000)
    expect(new Set(scope.questions.map((q) => q.question.type))).toEqual(new Set(['multiple', 'fill-in', 'true-false', 'matching', 'ordering']))
    expect(scope.modules.filter((m) => m.bank)).not.toHaveLength(0)
    let state = initialState(scope, SEED)
    for (let i = 0; i <= scope.resultsIndex; i++) state = goTo(scope, state, i)
    for (const q of scope.questions) {
      if (!isDrawn(state, q.question.id)) continue
      const question = q.question
      const response: Response = question.type === 'fill-in' ? 'y'.repeat(300) : question.type === 'true-false' ? true
        : question.type === 'matching' ? question.pairs.map((_, i) => (i + 3) % question.pairs.length)
          : question.type === 'ordering' ? question.items.map((_, i) => question.items.length - 1 - i) : [0, 5, 35]
      state = answerQuestion(scope, state, question.id, response)!.state
    }
    state = { ...goTo(scope, state, 1234), passedOn: '2026-11-30', typedName: 'María José Fernández de la Torre y Villanueva' }
    const suspend = encodeState(scope, state)
    expect(suspend.length).toBeLessThanOrEqual(SUSPEND_LIMIT)
    const restored = decodeState(scope, suspend)!
    expect(restored.page).toBe(state.page)
    expect(restored.passedOn).toBe('2026-11-30')
    expect(restored.answers.size).toBe(state.answers.size)
    // fill-in text was dropped to fit, its correctness kept; everything else is intact
    const fill = scope.questions.find((q) => q.question.type === 'fill-in' && state.answers.has(q.question.id))!
    expect(restored.answers.get(fill.question.id)).toEqual({ response: null, correct: false, credit: 0 })
    for (const type of ['multiple', 'matching', 'ordering']) {
      const q = scope.questions.find((x) => x.question.type === type && state.answers.has(x.question.id))!
      expect(restored.answers.get(q.question.id)).toEqual(state.answers.get(q.question.id))
    }
    expect([...restored.undrawn].sort()).toEqual([...state.undrawn].sort())
    expect(scoreOf(scope, restored)).toBe(scoreOf(scope, state))
    expect(statusOf(scope, restored)).toBe(statusOf(scope, state))
  })

  it('when space is short, fill-in texts go first, then the typed name, then practice answers, then seen pages; scores and the day of the pass never change', () => {
    const scope = buildScope(sampleCourse(), null)
    let state = answerAll(scope, initialState(scope, SEED), { warmup: true, ...allRight, q4: '72' })
    for (let i = 0; i < scope.resultsIndex; i += 2) state = goTo(scope, state, i) // seen pages in several runs
    state = { ...state, passedOn: '2026-11-30', typedName: 'Ana' }
    const full = encodeState(scope, state)
    const withoutText = encodeState(scope, state, full.length - 1)
    const noText = decodeState(scope, withoutText)!
    expect(noText.answers.get('q4')).toEqual({ response: null, correct: true, credit: 1 })
    expect(noText.answers.has('warmup')).toBe(true)
    expect(noText.typedName).toBe('Ana')
    const withoutName = encodeState(scope, state, withoutText.length - 1)
    const noName = decodeState(scope, withoutName)!
    expect(noName.typedName).toBeUndefined()
    expect(noName.answers.has('warmup')).toBe(true)
    const noPractice = decodeState(scope, encodeState(scope, state, withoutName.length - 1))!
    expect(noPractice.answers.has('warmup')).toBe(false)
    expect(noPractice.seen).toEqual(state.seen)
    const minimal = decodeState(scope, encodeState(scope, state, 10))!
    expect(minimal.seen.filter(Boolean)).toEqual([true])
    for (const restored of [noText, noName, noPractice, minimal]) {
      expect(scoreOf(scope, restored)).toBe(100)
      expect(restored.passedOn).toBe('2026-11-30')
    }
  })
})
