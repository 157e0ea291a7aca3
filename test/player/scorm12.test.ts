import { describe, expect, it, vi } from 'vitest'
import type { PlayerData } from '../../src/player/data.js'
import type { TrackingAdapter, TrackingContext } from '../../src/player/tracking/adapter.js'
import {
  answerQuestion, buildScope, goTo, initialState, next, questionRecord, restoreState, retry, snapshotOf,
  type LearnerState, type Response, type Scope,
} from '../../src/player/progress.js'
import { choicePattern, createScorm12Adapter, findScorm12Api, formatTimespan, type Scorm12Window } from '../../src/player/tracking/scorm12.js'
import { readingCourse, sampleCourse } from './course-data.js'
import { FakeScorm12Api, MOODLE_TIMESPAN } from './fake-scorm12.js'

const T0 = Date.UTC(2026, 0, 5, 9, 30, 0)

/** The player's side of a session, as main.ts drives it, over an adapter whose clock and timers we hold. */
function session(api: FakeScorm12Api | null, data: PlayerData = sampleCourse(), scopeId: string | null = null) {
  let clock = T0
  const timers: (() => void)[] = []
  const warnings: string[] = []
  let notSaved = 0
  const lms: Scorm12Window = { API: api, parent: null }
  const iframe: Scorm12Window = { parent: lms }
  const adapter: TrackingAdapter = createScorm12Adapter(iframe, {
    now: () => clock,
    setTimer: (fn) => { timers.push(fn); return timers.length },
    clearTimer: () => { timers.length = 0 },
    warn: (m) => warnings.push(m),
  })
  const scope: Scope = buildScope(data, scopeId)
  let state: LearnerState = initialState(scope)
  const context: TrackingContext = {
    courseId: data.course.id, courseVersion: data.course.version, courseTitle: data.course.title, language: 'en',
    scope: scope.moduleId, passingScore: data.course.passingScore, graded: scope.questions.some((q) => q.graded),
  }
  return {
    adapter, scope, warnings, timers,
    /** How many times the adapter told the player the LMS refused to keep progress. */
    get notSaved() { return notSaved },
    get state() { return state },
    tick(ms: number) { clock += ms },
    runTimers() { const due = timers.splice(0); for (const fn of due) fn() },
    async start() {
      const started = await adapter.start(context, () => { notSaved++ })
      state = restoreState(scope, started.saved)
      adapter.progressChanged(snapshotOf(scope, state, 'start'))
      return started
    },
    goTo(index: number) { state = goTo(scope, state, index); adapter.progressChanged(snapshotOf(scope, state, 'page')) },
    next() { state = next(scope, state); adapter.progressChanged(snapshotOf(scope, state, 'page')) },
    answer(id: string, response: Response) {
      const result = answerQuestion(scope, state, id, response)!
      state = result.state
      const q = scope.questions.find((x) => x.question.id === id)!
      adapter.questionAnswered(questionRecord(q, result.answer, { latencyMs: 12_340, answeredAt: clock }))
      adapter.progressChanged(snapshotOf(scope, state, 'answer'))
    },
    retry() { state = retry(scope, state); adapter.progressChanged(snapshotOf(scope, state, 'retry')) },
  }
}

const allRight = { q1: [0], q2: [0, 2], q3: false, q4: '72' } as const

describe('finding the LMS', () => {
  it('finds API on a parent window the ADL way', () => {
    const api = new FakeScorm12Api()
    const top: Scorm12Window = { API: api }
    let win: Scorm12Window = top
    for (let i = 0; i < 7; i++) win = { parent: win }
    expect(findScorm12Api(win)).toBe(api)
  })

  it('gives up after seven parents', () => {
    let win: Scorm12Window = { API: new FakeScorm12Api() }
    for (let i = 0; i < 9; i++) win = { parent: win }
    expect(findScorm12Api(win)).toBeNull()
  })

  it('finds API through the opener and its parents when the content runs in a popup', () => {
    const api = new FakeScorm12Api()
    const popup: Scorm12Window = { opener: { parent: { API: api } } }
    popup.parent = popup
    expect(findScorm12Api(popup)).toBe(api)
  })

  it('a cross-origin parent that throws on access is passed over, not fatal', () => {
    const hostile = {} as Scorm12Window
    Object.defineProperty(hostile, 'API', { get() { throw new Error('Permission denied') } })
    Object.defineProperty(hostile, 'parent', { get() { throw new Error('Permission denied') } })
    expect(findScorm12Api({ parent: hostile })).toBeNull()
  })

  it('without an LMS the course still plays and the player is told progress is not saved', async () => {
    const s = session(null)
    expect(await s.start()).toEqual({ saved: null, persistent: false })
    s.answer('q1', [0])
    await s.adapter.finish('exit')
  })
})

describe('a first launch', () => {
  it('initialises once, marks the attempt incomplete and suspended, and offers nothing to resume', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    const started = await s.start()
    expect(started).toMatchObject({ saved: null, persistent: true, learnerName: 'Lopez, Ana', mode: 'normal' })
    expect(api.calls.filter((c) => c.fn === 'LMSInitialize')).toEqual([{ fn: 'LMSInitialize', args: [''], result: 'true' }])
    expect(api.data.get('cmi.core.lesson_status')).toBe('incomplete')
    expect(api.data.get('cmi.core.exit')).toBe('suspend')
    expect(api.data.get('cmi.core.lesson_location')).toBe('intro/welcome')
    expect(api.commits).toBe(1)
    expect(api.refused).toEqual([])
  })

  it('reads entry, location, suspend data, status and the learner name', async () => {
    const api = new FakeScorm12Api()
    await session(api).start()
    const read = api.calls.filter((c) => c.fn === 'LMSGetValue').map((c) => c.args[0])
    expect(read).toEqual(expect.arrayContaining(['cmi.core.entry', 'cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.core.lesson_status', 'cmi.core.student_name']))
  })
})

describe('answers become interactions', () => {
  it('each answered question is journalled in SCORM 1.2 formats, with result correct or wrong', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    s.goTo(2)
    s.answer('q1', [1])
    s.answer('q2', [0, 2])
    s.goTo(3)
    s.answer('q3', true)
    s.answer('q4', '  Seventy   two ')
    expect(api.refused).toEqual([])
    const [q1, q2, q3, q4] = api.interactions()
    expect(q1).toEqual({
      id: 'q1', type: 'choice', student_response: 'b', 'correct_responses.0.pattern': 'a', result: 'wrong',
      weighting: '1', time: expect.stringMatching(/^\d{2}:\d{2}:\d{2}$/), latency: '00:00:12.34',
    })
    expect(q2).toMatchObject({ id: 'q2', type: 'choice', student_response: 'a,c', 'correct_responses.0.pattern': 'a,c', result: 'correct', weighting: '2' })
    expect(q3).toMatchObject({ id: 'q3', type: 'true-false', student_response: 't', 'correct_responses.0.pattern': 'f', result: 'wrong' })
    expect(q4).toMatchObject({ id: 'q4', type: 'fill-in', student_response: 'Seventy   two', 'correct_responses.0.pattern': 'Seventy two', 'correct_responses.1.pattern': '72', result: 'correct' })
  })

  it('interactions are appended after those of earlier sessions and never read back', async () => {
    const api = new FakeScorm12Api({ 'cmi.interactions._count': '2', 'cmi.core.entry': 'resume', 'cmi.core.lesson_status': 'incomplete' })
    const s = session(api)
    await s.start()
    s.answer('warmup', true)
    expect(api.data.get('cmi.interactions.2.id')).toBe('warmup')
    expect(api.data.get('cmi.interactions.2.weighting')).toBe('0') // practice: recorded, never scored
    expect(api.calls.filter((c) => c.fn === 'LMSGetValue' && /^cmi\.interactions\.\d/.test(c.args[0]!))).toEqual([])
  })

  it('an answer is committed at once', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    const before = api.commits
    s.answer('q1', [0])
    expect(api.commits).toBe(before + 1)
  })

  it('choice responses are single characters a–z then 0–9', () => {
    expect(choicePattern([0, 25, 26, 35])).toBe('a,z,0,9')
    expect(choicePattern([36])).toBeNull()
  })
})

describe('score and status', () => {
  it('the raw score is written only once every graded question is answered, with min 0 and max 100', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    s.answer('q1', [0])
    s.answer('q2', [0, 2])
    s.answer('q3', false)
    expect(api.set('cmi.core.score.raw')).toEqual([])
    s.answer('q4', 'wrong answer')
    expect(api.data.get('cmi.core.score.raw')).toBe('80')
    expect(api.data.get('cmi.core.score.min')).toBe('0')
    expect(api.data.get('cmi.core.score.max')).toBe('100')
    expect(api.data.get('cmi.core.lesson_status')).toBe('passed')
  })

  it('a passed learner exits normally, so the LMS does not offer to resume', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    for (const id of Object.keys(allRight)) s.answer(id, allRight[id as keyof typeof allRight] as Response)
    await s.adapter.finish('exit')
    expect(api.data.get('cmi.core.lesson_status')).toBe('passed')
    expect(api.data.get('cmi.core.exit')).toBe('')
  })

  it('a failed learner is suspended, can retry, and the status goes back to incomplete', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    for (const id of Object.keys(allRight)) s.answer(id, id === 'q2' ? [1] : allRight[id as keyof typeof allRight] as Response)
    expect(api.data.get('cmi.core.lesson_status')).toBe('failed')
    expect(api.data.get('cmi.core.score.raw')).toBe('60')
    expect(api.data.get('cmi.core.exit')).toBe('suspend')
    s.retry()
    expect(api.data.get('cmi.core.lesson_status')).toBe('incomplete')
    expect(api.data.get('cmi.core.lesson_location')).toBe('quiz/p1')
    for (const id of Object.keys(allRight)) s.answer(id, allRight[id as keyof typeof allRight] as Response)
    expect(api.data.get('cmi.core.lesson_status')).toBe('passed')
    expect(api.data.get('cmi.core.score.raw')).toBe('100')
    expect(api.refused).toEqual([])
  })

  it('a reading-only course is completed when every page has been seen', async () => {
    const api = new FakeScorm12Api()
    const s = session(api, readingCourse(2))
    await s.start()
    s.next()
    expect(api.data.get('cmi.core.lesson_status')).toBe('completed')
    expect(api.data.get('cmi.core.exit')).toBe('')
    expect(api.set('cmi.core.score.raw')).toEqual([])
  })

  it('a per-module launch reports on that module only', async () => {
    const api = new FakeScorm12Api()
    const s = session(api, sampleCourse(), 'intro')
    await s.start()
    s.next()
    expect(api.data.get('cmi.core.lesson_status')).toBe('completed')
  })
})

describe('resume', () => {
  it('a relaunch gets back the page, the answers and the seen pages', async () => {
    const first = new FakeScorm12Api()
    const s1 = session(first)
    await s1.start()
    s1.goTo(2)
    s1.answer('q1', [0])
    s1.goTo(3)
    await s1.adapter.finish('pagehide')

    // The LMS keeps what was stored and, since the exit was "suspend", says "resume".
    const second = new FakeScorm12Api({
      'cmi.core.entry': first.data.get('cmi.core.exit') === 'suspend' ? 'resume' : '',
      'cmi.core.lesson_status': first.data.get('cmi.core.lesson_status')!,
      'cmi.core.lesson_location': first.data.get('cmi.core.lesson_location')!,
      'cmi.suspend_data': first.data.get('cmi.suspend_data')!,
    })
    const s2 = session(second)
    await s2.start()
    expect(s2.state.page).toBe(3)
    expect(s2.state.answers.get('q1')).toEqual({ response: [0], correct: true })
    expect(s2.state.seen.slice(0, 4)).toEqual([true, false, true, true])
  })

  it('a page change is committed after a quiet time, not on every click', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    const before = api.commits
    s.next()
    s.next()
    expect(api.commits).toBe(before)
    expect(api.data.get('cmi.core.lesson_location')).toBe('quiz/p1')
    s.runTimers()
    expect(api.commits).toBe(before + 1)
  })

  it('hiding the page commits what is pending', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    const before = api.commits
    s.next()
    s.adapter.flush()
    expect(api.commits).toBe(before + 1)
  })
})

describe('a finished attempt', () => {
  it('a learner who already passed is never reported incomplete again, even when the resume data is lost', async () => {
    const api = new FakeScorm12Api({ 'cmi.core.entry': 'resume', 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '90', 'cmi.suspend_data': 'garbage' })
    const s = session(api)
    await s.start()
    s.next()
    s.answer('q1', [1])
    await s.adapter.finish('pagehide')
    expect(api.set('cmi.core.lesson_status')).toEqual([])
    expect(api.data.get('cmi.core.score.raw')).toBe('90')
    expect(api.data.get('cmi.core.exit')).toBe('')
  })

  it('in review mode nothing is written, the result is the LMS\'s, and the session still ends once', async () => {
    const api = new FakeScorm12Api({ 'cmi.core.entry': '', 'cmi.core.lesson_mode': 'review', 'cmi.core.credit': 'no-credit', 'cmi.core.lesson_status': 'failed', 'cmi.core.score.raw': '0' })
    const s = session(api)
    expect(await s.start()).toMatchObject({ mode: 'review', persistent: true, held: { status: 'failed', score: 0 } })
    for (const id of Object.keys(allRight)) s.answer(id, allRight[id as keyof typeof allRight] as Response)
    await s.adapter.finish('exit')
    expect(api.calls.filter((c) => c.fn === 'LMSSetValue')).toEqual([])
    expect(api.commits).toBe(0)
    expect(api.finishes).toBe(1)
  })

  it('in browse mode with nothing held, the result is empty', async () => {
    const api = new FakeScorm12Api({ 'cmi.core.lesson_mode': 'browse' })
    expect(await session(api).start()).toMatchObject({ mode: 'browse', held: { status: null, score: null } })
  })

  it('a normal launch says nothing of a held result', async () => {
    expect(await session(new FakeScorm12Api()).start()).not.toHaveProperty('held')
  })
})

describe('when the LMS refuses to keep progress', () => {
  it('an LMSInitialize that returns false or throws leaves the course playable and says the LMS refused', async () => {
    for (const refuse of [() => 'false', () => { throw new TypeError('data model') }]) {
      const api = new FakeScorm12Api()
      api.LMSInitialize = refuse
      const s = session(api)
      expect(await s.start()).toEqual({ saved: null, persistent: false, refused: true })
      expect(s.warnings.some((w) => w.includes('LMSInitialize'))).toBe(true)
      s.answer('q1', [0])
      await s.adapter.finish('exit')
    }
  })

  it('a refused LMSCommit mid-session tells the player at once', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    s.answer('q1', [0])
    expect(s.notSaved).toBe(0)
    api.LMSCommit = () => 'false'
    s.answer('q2', [0, 2])
    expect(s.notSaved).toBeGreaterThan(0)
  })

  it('a refused status tells the player; a refused bookmark does not', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    const original = api.LMSSetValue.bind(api)
    api.LMSSetValue = (element: string, value: string) => (element.endsWith('location') ? 'false' : original(element, value))
    s.next()
    s.adapter.flush()
    expect(s.notSaved).toBe(0)
    api.LMSSetValue = (element: string, value: string) => (element === 'cmi.core.lesson_status' ? 'false' : original(element, value))
    for (const id of Object.keys(allRight)) s.answer(id, allRight[id as keyof typeof allRight] as Response)
    expect(s.notSaved).toBeGreaterThan(0)
  })
})

describe('ending the session', () => {
  it('sets the session time in Moodle\'s format just before LMSFinish', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    s.tick(3_723_456)
    await s.adapter.finish('exit')
    expect(api.data.get('cmi.core.session_time')).toBe('01:02:03.46')
    const names = api.calls.map((c) => (c.fn === 'LMSSetValue' ? c.args[0] : c.fn))
    expect(names.slice(-2)).toEqual(['cmi.core.session_time', 'LMSFinish'])
  })

  it('calls LMSFinish exactly once, whether the learner exits, the page goes away, or both', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    await s.adapter.finish('exit')
    await s.adapter.finish('pagehide')
    s.adapter.flush()
    s.answer('warmup', true)
    expect(api.finishes).toBe(1)
    expect(api.calls.at(-1)!.fn).toBe('LMSFinish')
  })

  it('a value the LMS refuses is reported to the console with its element and code, never thrown', async () => {
    const api = new FakeScorm12Api()
    const s = session(api)
    await s.start()
    const original = api.LMSSetValue.bind(api)
    api.LMSSetValue = (element: string, value: string) => (element === 'cmi.suspend_data' ? (api.LMSGetValue('cmi.core.exit'), 'false') : original(element, value))
    expect(() => s.next()).not.toThrow()
    expect(s.warnings.some((w) => w.includes('cmi.suspend_data') && w.includes('404'))).toBe(true)
  })

  it('the default warning goes to console.warn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const api = new FakeScorm12Api()
    const adapter = createScorm12Adapter({ API: api }, { commitDelayMs: 1 })
    await adapter.start({ courseId: 'c', courseVersion: '1', courseTitle: 'C', language: 'en', scope: null, passingScore: 80, graded: true })
    adapter.progressChanged({ status: 'incomplete', score: 250, passingScore: 80, location: 'x', suspend: '', cause: 'answer' })
    expect(api.data.get('cmi.core.score.raw')).toBe('100') // clamped into 1.2's 0–100
    api.LMSSetValue = () => 'false'
    adapter.progressChanged({ status: 'failed', score: 10, passingScore: 80, location: 'y', suspend: '', cause: 'answer' })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('cmi.core.score.raw'))
    warn.mockRestore()
    await adapter.finish('exit')
  })
})

describe('session time format', () => {
  it.each([
    [0, '00:00:00.00'],
    [5 * 60_000, '00:05:00.00'],
    [3_723_456, '01:02:03.46'],
    [99 * 3_600_000 + 59_990, '99:00:59.99'],
    [123 * 3_600_000, '123:00:00.00'],
    [20_000 * 3_600_000, '9999:59:59.99'],
  ])('%i ms is written as %s, which Moodle accepts', (ms, text) => {
    expect(formatTimespan(ms)).toBe(text)
    expect(text).toMatch(MOODLE_TIMESPAN)
  })
})
