// The SCORM adapters, 1.2 and 2004, against a Moodle-strict fake LMS: one suite where the standards
// behave alike, then what each one spells its own way.
import { describe, expect, it, vi } from 'vitest'
import { MOODLE_DURATION_2004, MOODLE_TIMESPAN_12 } from '../../src/lab/moodle.js'
import type { PlayerData } from '../../src/player/data.js'
import type { TrackingAdapter, TrackingContext } from '../../src/player/tracking/adapter.js'
import {
  answerQuestion, buildScope, goTo, initialState, questionRecord, retry,
  type LearnerState, type Response, type Scope,
} from '../../src/player/progress.js'
import { restoreState, snapshotOf } from '../../src/player/suspend.js'
import type { ScormOptions } from '../../src/player/tracking/scorm-adapter.js'
import type { ApiWindow } from '../../src/player/tracking/scorm-runtime.js'
import { isoDuration } from '../../src/player/tracking/iso-duration.js'
import { choicePattern, createScorm12Adapter, findScorm12Api, formatTimespan } from '../../src/player/tracking/scorm12.js'
import {
  choiceId, choiceResponse, createScorm2004Adapter, findScorm2004Api, formatTimestamp,
} from '../../src/player/tracking/scorm2004.js'
import { fillIn, matching, ordering, readingCourse, sampleCourse } from './course-data.js'
import { FakeScormApi, MOODLE_TIME_2004, type Standard } from './fake-scorm.js'

const T0 = Date.UTC(2026, 0, 5, 9, 30, 0)

/** What a test needs to know of each standard: its names and spellings, stated here rather than read from the code under test. */
interface Case {
  standard: Standard
  create(win: ApiWindow, options?: ScormOptions): TrackingAdapter
  find(win: ApiWindow): unknown
  object: string
  other: string // the other standard's API object
  maxParents: number
  finishCall: string
  entry: string; mode: string; location: string; suspend: string; exit: string; exitDone: string; sessionTime: string; raw: string
  limits: { location: number; suspend: number }
  learnerName: string
  /** The LMS holding this status (and, if given, raw score). */
  holding(status: 'incomplete' | 'passed' | 'failed' | 'completed', raw?: string): Record<string, string>
  /** The status the LMS holds, in the player's words. */
  statusIn(api: FakeScormApi): string | undefined
  /** Each status write's elements. */
  statusElements: string[]
  /** Writing a read-only element: the error code. */
  readOnlyCode: string
  sessionTimeOf3723456: string
  /** The journal of q1 [1], q2 [0, 2], q3 true, q4 "  Seventy   two ": the first row whole, the others in part. */
  journal: Record<string, unknown>[]
  /** A matching question of 10 pairs answered 3 right then 7 swapped, and an ordering of 3 items answered c, a, b: type, response, pattern. */
  structured: { matching: [string, string, string]; sequencing: [string, string, string] }
}

const CASES: Case[] = [
  {
    standard: 'scorm12', create: createScorm12Adapter, find: (w) => findScorm12Api(w), object: 'API', other: 'API_1484_11', maxParents: 7, finishCall: 'LMSFinish',
    entry: 'cmi.core.entry', mode: 'cmi.core.lesson_mode', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data',
    exit: 'cmi.core.exit', exitDone: '', sessionTime: 'cmi.core.session_time', raw: 'cmi.core.score.raw',
    limits: { location: 255, suspend: 4096 }, learnerName: 'Lopez, Ana',
    holding: (status, raw) => ({ 'cmi.core.lesson_status': status, ...(raw ? { 'cmi.core.score.raw': raw } : {}) }),
    statusIn: (api) => api.data.get('cmi.core.lesson_status'),
    statusElements: ['cmi.core.lesson_status'],
    readOnlyCode: '403', sessionTimeOf3723456: '01:02:03.46',
    // single characters: left items 1–9 then 0, options and items a, b…
    structured: {
      matching: ['matching', '1.a,2.b,3.c,4.e,5.d,6.g,7.f,8.i,9.h,0.k', '1.a,2.b,3.c,4.d,5.e,6.f,7.g,8.h,9.i,0.j'],
      sequencing: ['sequencing', 'c,a,b', 'a,b,c'],
    },
    // Result wrong, not incorrect; choices as single characters; t/f; CMITime of day; HH:MM:SS.SS.
    journal: [
      {
        id: 'q1', type: 'choice', student_response: 'b', 'correct_responses.0.pattern': 'a', result: 'wrong',
        weighting: '1', time: expect.stringMatching(/^\d{2}:\d{2}:\d{2}$/), latency: '00:00:12.34',
      },
      { id: 'q2', type: 'choice', student_response: 'a,c', 'correct_responses.0.pattern': 'a,c', result: 'correct', weighting: '2' },
      { id: 'q3', type: 'true-false', student_response: 't', 'correct_responses.0.pattern': 'f', result: 'wrong' },
      { id: 'q4', type: 'fill-in', student_response: 'Seventy   two', 'correct_responses.0.pattern': 'Seventy two', 'correct_responses.1.pattern': '72', result: 'correct' },
    ],
  },
  {
    standard: 'scorm2004', create: createScorm2004Adapter, find: (w) => findScorm2004Api(w), object: 'API_1484_11', other: 'API', maxParents: 500, finishCall: 'Terminate',
    entry: 'cmi.entry', mode: 'cmi.mode', location: 'cmi.location', suspend: 'cmi.suspend_data',
    exit: 'cmi.exit', exitDone: 'suspend', sessionTime: 'cmi.session_time', raw: 'cmi.score.raw',
    limits: { location: 1000, suspend: 64000 }, learnerName: 'Ana López',
    holding: (status, raw) => ({
      'cmi.completion_status': status === 'incomplete' ? 'incomplete' : 'completed',
      'cmi.success_status': status === 'passed' || status === 'failed' ? status : 'unknown',
      ...(raw ? { 'cmi.score.raw': raw } : {}),
    }),
    statusIn: (api) => {
      const success = api.data.get('cmi.success_status')
      return success === 'passed' || success === 'failed' ? success : api.data.get('cmi.completion_status')
    },
    statusElements: ['cmi.completion_status', 'cmi.success_status'],
    readOnlyCode: '404', sessionTimeOf3723456: 'PT1H2M3.46S',
    structured: {
      matching: ['matching', '1[.]a[,]2[.]b[,]3[.]c[,]4[.]e[,]5[.]d[,]6[.]g[,]7[.]f[,]8[.]i[,]9[.]h[,]10[.]k', '1[.]a[,]2[.]b[,]3[.]c[,]4[.]d[,]5[.]e[,]6[.]f[,]7[.]g[,]8[.]h[,]9[.]i[,]10[.]j'],
      sequencing: ['sequencing', 'c[,]a[,]b', 'a[,]b[,]c'],
    },
    // Result incorrect, not wrong; Moodle-safe choice ids joined by [,]; true/false; UTC timestamps; ISO durations; a description.
    journal: [
      {
        id: 'q1', type: 'choice', learner_response: 'choice_2', 'correct_responses.0.pattern': 'choice_1', result: 'incorrect',
        weighting: '1', timestamp: '2026-01-05T09:30:00.0Z', latency: 'PT12.34S', description: 'Question q1?',
      },
      { id: 'q2', type: 'choice', learner_response: 'choice_1[,]choice_3', 'correct_responses.0.pattern': 'choice_1[,]choice_3', result: 'correct', weighting: '2' },
      { id: 'q3', type: 'true-false', learner_response: 'true', 'correct_responses.0.pattern': 'false', result: 'incorrect', timestamp: expect.stringMatching(MOODLE_TIME_2004), latency: expect.stringMatching(MOODLE_DURATION_2004) },
      { id: 'q4', type: 'fill-in', learner_response: 'Seventy   two', 'correct_responses.0.pattern': 'Seventy two', 'correct_responses.1.pattern': '72', result: 'correct' },
    ],
  },
]

const allRight = { q1: [0], q2: [0, 2], q3: false, q4: '72' } as const
type Session = ReturnType<typeof sessionWith>
const answerAll = (s: Session, wrong: string[] = []) => {
  for (const id of Object.keys(allRight)) s.answer(id, wrong.includes(id) ? (id === 'q3' ? true : id === 'q4' ? 'no' : [1]) : allRight[id as keyof typeof allRight] as Response)
}

/** The player's side of a session, as main.ts drives it, over an adapter whose clock and timers we hold. */
function sessionWith(c: Case, api: FakeScormApi | null, data: PlayerData = sampleCourse(), scopeId: string | null = null, moduleIds = data.modules.map((m) => m.id)) {
  let clock = T0
  const timers: (() => void)[] = []
  const warnings: string[] = []
  let notSaved = 0
  const lms = { [c.object]: api, parent: null } as ApiWindow
  const iframe: ApiWindow = { parent: lms }
  const adapter = c.create(iframe, {
    moduleIds,
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
    next() { state = goTo(scope, state, state.page + 1); adapter.progressChanged(snapshotOf(scope, state, 'page')) },
    answer(id: string, response: Response) {
      const result = answerQuestion(scope, state, id, response)!
      state = result.state
      const q = scope.questions.find((x) => x.question.id === id)!
      adapter.questionAnswered(questionRecord(q, result.answer, { latencyMs: 12_340, answeredAt: clock }))
      adapter.progressChanged(snapshotOf(scope, state, 'answer'))
    },
    retry() { state = retry(scope, state); adapter.progressChanged(snapshotOf(scope, state, 'retry')) },
    /** The player's Exit button: a last snapshot, then finish. */
    async exit() { adapter.progressChanged(snapshotOf(scope, state, 'page')); await adapter.finish('exit') },
  }
}

const context = { courseId: 'c', courseVersion: '1', courseTitle: 'C', language: 'en', scope: null, passingScore: 80, graded: true }

describe.each(CASES)('$standard', (c) => {
  const fake = (initial: Record<string, string> = {}) => new FakeScormApi(c.standard, initial)
  const session = (api: FakeScormApi | null, data?: PlayerData, scopeId?: string | null) => sessionWith(c, api, data, scopeId)
  const on = (api: unknown) => ({ [c.object]: api }) as ApiWindow

  describe('finding the LMS', () => {
    it(`finds ${c.object} on a parent window ${c.maxParents} up, the ADL way, and gives up beyond`, () => {
      const api = fake()
      let win = on(api)
      for (let i = 0; i < c.maxParents; i++) win = { parent: win }
      expect(c.find(win)).toBe(api)
      win = { parent: { parent: win } }
      expect(c.find(win)).toBeNull()
    })

    it('finds the API through the opener and its parents when the content runs in a popup', () => {
      const api = fake()
      const popup: ApiWindow = { opener: { parent: on(api) } }
      popup.parent = popup
      expect(c.find(popup)).toBe(api)
    })

    it('does not take the other standard\'s API', () => {
      expect(c.find({ parent: { [c.other]: fake() } as ApiWindow })).toBeNull()
    })

    it('a cross-origin parent that throws on access is passed over, not fatal', () => {
      const hostile = {} as ApiWindow
      Object.defineProperty(hostile, c.object, { get() { throw new Error('Permission denied') } })
      Object.defineProperty(hostile, 'parent', { get() { throw new Error('Permission denied') } })
      expect(c.find({ parent: hostile })).toBeNull()
    })

    it('without an LMS the course still plays and the player is told progress is not saved', async () => {
      const s = session(null)
      expect(await s.start()).toEqual({ saved: null, persistent: false })
      s.answer('q1', [0])
      await s.adapter.finish('exit')
    })
  })

  describe('a first launch', () => {
    it('initialises once with "", marks the attempt incomplete and suspended, and offers nothing to resume', async () => {
      const api = fake()
      const s = session(api)
      expect(await s.start()).toMatchObject({ saved: null, persistent: true, learnerName: c.learnerName, mode: 'normal' })
      expect(api.calls.filter((call) => call.fn === api.name('initialize'))).toEqual([{ fn: api.name('initialize'), args: [''], result: 'true', error: '0' }])
      expect(c.statusIn(api)).toBe('incomplete')
      expect(api.data.get(c.exit)).toBe('suspend')
      expect(api.data.get(c.location)).toBe('intro/welcome')
      expect(api.commits).toBe(1)
      expect(api.refused).toEqual([])
    })
  })

  describe('answers become interactions', () => {
    it('each question type is journalled in the standard\'s formats, which a Moodle-strict LMS takes', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      s.goTo(2)
      s.answer('q1', [1])
      s.answer('q2', [0, 2])
      s.goTo(3)
      s.answer('q3', true)
      s.answer('q4', '  Seventy   two ')
      expect(api.refused).toEqual([])
      const rows = api.interactions()
      expect(rows).toHaveLength(4)
      expect(rows[0]).toEqual(c.journal[0])
      c.journal.slice(1).forEach((row, i) => expect(rows[i + 1]).toMatchObject(row))
    })

    it('matching and ordering are journalled as matching and sequencing, with ids a Moodle-strict LMS takes', async () => {
      const data = sampleCourse()
      data.modules[1]!.pages[0]!.blocks.push({ type: 'question', question: matching('m1', 10, 1) }, { type: 'question', question: ordering('o1', 3) })
      const api = fake()
      const s = sessionWith(c, api, data)
      await s.start()
      s.goTo(2)
      s.answer('m1', [0, 1, 2, 4, 3, 6, 5, 8, 7, 10])
      s.answer('o1', [2, 0, 1])
      expect(api.refused).toEqual([])
      const rows = api.interactions()
      const row = (id: string) => rows.find((r) => r.id === id)!
      for (const [id, [type, response, pattern]] of [['m1', c.structured.matching], ['o1', c.structured.sequencing]] as const) {
        expect(row(id)).toMatchObject({ type, [c.standard === 'scorm12' ? 'student_response' : 'learner_response']: response, 'correct_responses.0.pattern': pattern })
        expect(row(id).result).toBe(c.standard === 'scorm12' ? 'wrong' : 'incorrect')
      }
    })

    it('are appended after those of earlier sessions, never read back; practice questions weigh 0', async () => {
      const api = fake({ 'cmi.interactions._count': '2', [c.entry]: 'resume', ...c.holding('incomplete'), [c.location]: 'intro/welcome', [c.suspend]: '' })
      const s = session(api)
      await s.start()
      s.answer('warmup', true)
      expect(api.data.get('cmi.interactions.2.id')).toBe('warmup')
      expect(api.data.get('cmi.interactions.2.weighting')).toBe('0') // practice: recorded, never scored
      expect(api.calls.filter((call) => call.fn === api.name('getValue') && /^cmi\.interactions\.\d/.test(call.args[0]!))).toEqual([])
      expect(api.refused).toEqual([])
    })

    it('an answer is committed at once', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      const before = api.commits
      s.answer('q1', [0])
      expect(api.commits).toBe(before + 1)
    })
  })

  describe('score and status', () => {
    it('the raw score is written only once every graded question is answered, with min 0 and max 100', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      s.answer('q1', [0])
      s.answer('q2', [0, 2])
      s.answer('q3', false)
      expect(api.set(c.raw)).toEqual([])
      s.answer('q4', 'wrong answer')
      expect(api.data.get(c.raw)).toBe('80')
      expect(api.data.get(c.raw.replace('raw', 'min'))).toBe('0')
      expect(api.data.get(c.raw.replace('raw', 'max'))).toBe('100')
      expect(c.statusIn(api)).toBe('passed')
      expect(api.refused).toEqual([])
    })

    it('a passed learner exits with the standard\'s final exit (1.2: normal; 2004: suspend, the only exit after which Moodle hands the result back)', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      answerAll(s)
      await s.exit()
      expect(c.statusIn(api)).toBe('passed')
      expect(api.data.get(c.raw)).toBe('100')
      expect(api.data.get(c.exit)).toBe(c.exitDone)
      expect(api.refused).toEqual([])
    })

    it('a failed learner stays suspended and a retry goes back to incomplete, then on to passed', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      answerAll(s, ['q2'])
      expect(c.statusIn(api)).toBe('failed')
      expect(api.data.get(c.raw)).toBe('60')
      expect(api.data.get(c.exit)).toBe('suspend')
      s.retry()
      expect(c.statusIn(api)).toBe('incomplete')
      expect(api.data.get(c.location)).toBe('quiz/p1')
      s.answer('q2', [0, 2]) // retry keeps the right answers: only q2 is asked again
      expect(c.statusIn(api)).toBe('passed')
      expect(api.data.get(c.raw)).toBe('100')
      expect(api.data.get(c.exit)).toBe(c.exitDone)
      expect(api.refused).toEqual([])
    })

    it('a reading-only course is completed, with no score, when every page has been seen', async () => {
      const api = fake()
      const s = session(api, readingCourse(2))
      await s.start()
      s.next()
      expect(c.statusIn(api)).toBe('completed')
      expect(api.data.get(c.exit)).toBe(c.exitDone)
      expect(api.set(c.raw)).toEqual([])
    })

    it('a per-module launch reports on that module only', async () => {
      const api = fake()
      const s = session(api, sampleCourse(), 'intro')
      await s.start()
      s.next()
      expect(c.statusIn(api)).toBe('completed')
    })

    it(`never writes a bookmark over ${c.limits.location} characters or resume data over ${c.limits.suspend}`, async () => {
      const api = fake()
      const warnings: string[] = []
      const adapter = c.create(on(api), { warn: (m) => warnings.push(m) })
      await adapter.start(context)
      adapter.progressChanged({ status: 'incomplete', score: null, passingScore: 80, location: 'x'.repeat(c.limits.location + 200), suspend: 'y'.repeat(c.limits.suspend), cause: 'answer' })
      adapter.progressChanged({ status: 'incomplete', score: null, passingScore: 80, location: 'x', suspend: 'z'.repeat(c.limits.suspend + 1), cause: 'answer' })
      expect(api.set(c.location)[0]).toHaveLength(c.limits.location)
      expect(api.set(c.suspend).map((v) => v.length)).toEqual([c.limits.suspend])
      expect(warnings.some((w) => w.includes('not saved'))).toBe(true)
      expect(api.refused).toEqual([])
      await adapter.finish('pagehide')
    })
  })

  describe('resume', () => {
    it('a relaunch after exit=suspend gets back the page, the answers and the seen pages', async () => {
      const first = fake()
      const s1 = session(first)
      await s1.start()
      s1.goTo(2)
      s1.answer('q1', [0])
      s1.goTo(3)
      await s1.adapter.finish('pagehide')
      expect(first.data.get(c.exit)).toBe('suspend')
      // The LMS keeps what was stored and, since the exit was "suspend", says "resume" (Moodle).
      const second = fake({
        [c.entry]: 'resume', ...c.holding('incomplete'),
        [c.location]: first.data.get(c.location)!, [c.suspend]: first.data.get(c.suspend)!,
      })
      const s2 = session(second)
      expect((await s2.start()).saved).toEqual({ location: 'quiz/p2', suspend: first.data.get(c.suspend) })
      expect(s2.state.page).toBe(3)
      expect(s2.state.answers.get('q1')).toEqual({ response: [0], correct: true, credit: 1 })
      expect(s2.state.seen.slice(0, 4)).toEqual([true, false, true, true])
      expect(second.refused).toEqual([])
    })

    it('a page change is committed after a quiet time, not on every click', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      const before = api.commits
      s.next()
      s.next()
      expect(api.commits).toBe(before)
      expect(api.data.get(c.location)).toBe('quiz/p1')
      s.runTimers()
      expect(api.commits).toBe(before + 1)
    })

    it('hiding the page commits what is pending', async () => {
      const api = fake()
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
      const api = fake({ [c.entry]: 'resume', ...c.holding('passed', '90'), [c.suspend]: 'garbage' })
      const s = session(api)
      await s.start()
      s.next()
      s.answer('q1', [1])
      await s.adapter.finish('pagehide')
      for (const element of c.statusElements) expect(api.set(element)).toEqual([])
      expect(api.data.get(c.raw)).toBe('90')
      expect(api.data.get(c.exit)).toBe(c.exitDone)
    })

    it('in review mode nothing is written, the result is the LMS\'s, and the session still ends once', async () => {
      const api = fake({ [c.entry]: '', [c.mode]: 'review', ...c.holding('failed', '0') })
      const s = session(api)
      expect(await s.start()).toMatchObject({ mode: 'review', persistent: true, held: { status: 'failed', score: 0 } })
      answerAll(s)
      await s.exit()
      expect(api.calls.filter((call) => call.fn === api.name('setValue'))).toEqual([])
      expect(api.commits).toBe(0)
      expect(api.terminates).toBe(1)
    })

    it('in browse mode with nothing held, the score is not read (403 in a strict LMS) and the result is empty', async () => {
      const api = fake({ [c.mode]: 'browse' })
      expect(await session(api).start()).toMatchObject({ mode: 'browse', held: { status: null, score: null } })
      expect(api.refused).toEqual([])
    })

    it('a normal launch says nothing of a held result', async () => {
      expect(await session(fake()).start()).not.toHaveProperty('held')
    })
  })

  describe('when the LMS refuses to keep progress', () => {
    it('an Initialize that returns false or throws leaves the course playable and says the LMS refused', async () => {
      for (const refuse of [() => () => 'false', () => () => { throw new TypeError('data model') }]) {
        const api = fake()
        api.replace('initialize', refuse)
        const s = session(api)
        expect(await s.start()).toEqual({ saved: null, persistent: false, refused: true })
        expect(s.warnings.some((w) => w.includes(api.name('initialize')))).toBe(true)
        s.answer('q1', [0])
        await s.adapter.finish('exit')
      }
    })

    it('an Initialize refused because another session runs says so with the LMS\'s code', async () => {
      const api = fake()
      ;(api[api.name('initialize')] as (arg: string) => string)('') // someone else already initialised
      const s = session(api)
      expect(await s.start()).toEqual({ saved: null, persistent: false, refused: true })
      expect(s.warnings.some((w) => w.includes(api.name('initialize')) && w.includes(c.standard === 'scorm12' ? '101' : '103'))).toBe(true)
    })

    it('a refused commit mid-session tells the player at once', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      s.answer('q1', [0])
      expect(s.notSaved).toBe(0)
      api.replace('commit', () => () => 'false')
      s.answer('q2', [0, 2])
      expect(s.notSaved).toBeGreaterThan(0)
    })

    it('a refused status tells the player; a refused bookmark does not', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      api.replace('setValue', (real) => (element, value) => (element === c.location ? 'false' : real(element, value)))
      s.next()
      s.adapter.flush()
      expect(s.notSaved).toBe(0)
      api.replace('setValue', (real) => (element, value) => (c.statusElements.includes(element) ? 'false' : real(element, value)))
      answerAll(s)
      expect(s.notSaved).toBeGreaterThan(0)
    })
  })

  describe('ending the session', () => {
    it('sets exit, then the session time in Moodle\'s format, then ends with ""', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      s.tick(3_723_456)
      await s.adapter.finish('pagehide')
      expect(api.data.get(c.sessionTime)).toBe(c.sessionTimeOf3723456)
      const names = api.calls.map((call) => (call.fn === api.name('setValue') ? call.args[0] : call.fn))
      expect(names.slice(-3)).toEqual([c.exit, c.sessionTime, c.finishCall])
      expect(api.calls.at(-1)!.args).toEqual([''])
    })

    it('ends exactly once, whether the learner exits, the page goes away, or both', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      await s.exit()
      await s.adapter.finish('pagehide')
      s.adapter.flush()
      s.answer('warmup', true)
      expect(api.initializes).toBe(1)
      expect(api.terminates).toBe(1)
      expect(api.calls.at(-1)!.fn).toBe(c.finishCall)
      expect(api.refused).toEqual([])
    })

    it('a value the LMS refuses is reported to the console with its element and code, never thrown', async () => {
      const api = fake()
      const s = session(api)
      await s.start()
      api.replace('setValue', (real) => (element, value) => (element === c.suspend ? real(c.entry, value) : real(element, value)))
      expect(() => s.next()).not.toThrow()
      expect(s.warnings.some((w) => w.includes(c.suspend) && w.includes(c.readOnlyCode))).toBe(true)
    })

    it('the default warning goes to console.warn; a score over 100 is clamped', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const api = fake()
      const adapter = c.create(on(api), { commitDelayMs: 1 })
      await adapter.start(context)
      adapter.progressChanged({ status: 'incomplete', score: 250, passingScore: 80, location: 'x', suspend: '', cause: 'answer' })
      expect(api.data.get(c.raw)).toBe('100')
      api.replace('setValue', () => () => 'false')
      adapter.progressChanged({ status: 'failed', score: 10, passingScore: 80, location: 'y', suspend: '', cause: 'answer' })
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(c.raw))
      warn.mockRestore()
      await adapter.finish('exit')
    })
  })
})

// ---- what each standard spells its own way -------------------------------------------------------

const [V12, V2004] = CASES as [Case, Case]
const fake12 = (initial: Record<string, string> = {}) => new FakeScormApi('scorm12', initial)
const fake2004 = (initial: Record<string, string> = {}) => new FakeScormApi('scorm2004', initial)

describe('SCORM 1.2 only', () => {
  it('reads entry, location, suspend data, status and the learner name, even on a first launch', async () => {
    const api = fake12()
    await sessionWith(V12, api).start()
    const read = api.calls.filter((call) => call.fn === 'LMSGetValue').map((call) => call.args[0])
    expect(read).toEqual(expect.arrayContaining(['cmi.core.entry', 'cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.core.lesson_status', 'cmi.core.student_name']))
  })

  it('a module SCO journals no interactions (Moodle could not reopen it in the same player page); status and score still go', async () => {
    const api = fake12()
    const s = sessionWith(V12, api, sampleCourse(), 'quiz')
    await s.start()
    s.answer('q1', [0])
    s.answer('q2', [0, 2])
    s.answer('q3', false)
    s.answer('q4', '72')
    expect(api.interactions()).toEqual([])
    expect(api.calls.filter((call) => call.args[0]?.startsWith('cmi.interactions.'))).toEqual([])
    expect(api.data.get('cmi.core.lesson_status')).toBe('passed')
    expect(api.data.get('cmi.core.score.raw')).toBe('100')
  })

  it('a module reopened in the same player page resumes: Moodle hands back its data with the page-load entry ab-initio', async () => {
    const first = fake12()
    const s1 = sessionWith(V12, first, sampleCourse(), 'quiz')
    await s1.start()
    s1.answer('q1', [0])
    s1.next()
    await s1.adapter.finish('exit')
    const again = fake12({
      'cmi.core.entry': 'ab-initio', 'cmi.core.lesson_status': 'incomplete',
      'cmi.core.lesson_location': first.data.get('cmi.core.lesson_location')!, 'cmi.suspend_data': first.data.get('cmi.suspend_data')!,
    })
    const s2 = sessionWith(V12, again, sampleCourse(), 'quiz')
    expect((await s2.start()).saved).toEqual({ location: first.data.get('cmi.core.lesson_location'), suspend: first.data.get('cmi.suspend_data') })
    expect(s2.state.answers.get('q1')).toEqual({ response: [0], correct: true, credit: 1 })
    // A new attempt (nothing begun) starts afresh, whatever is left over.
    const fresh = fake12({ 'cmi.core.entry': 'ab-initio', 'cmi.suspend_data': first.data.get('cmi.suspend_data')! })
    expect((await sessionWith(V12, fresh, sampleCourse(), 'quiz').start()).saved).toBeNull()
  })

  it('choice responses are single characters a–z then 0–9', () => {
    expect(choicePattern([0, 25, 26, 35])).toBe('a,z,0,9')
    expect(choicePattern([36])).toBeNull()
  })

  it.each([
    [0, '00:00:00.00'],
    [5 * 60_000, '00:05:00.00'],
    [3_723_456, '01:02:03.46'],
    [99 * 3_600_000 + 59_990, '99:00:59.99'],
    [123 * 3_600_000, '123:00:00.00'],
    [20_000 * 3_600_000, '9999:59:59.99'],
  ])('%i ms is the time span %s, which Moodle accepts', (ms, text) => {
    expect(formatTimespan(ms)).toBe(text)
    expect(text).toMatch(MOODLE_TIMESPAN_12)
  })
})

describe('SCORM 2004 only', () => {
  const session = (api: FakeScormApi, data?: PlayerData, scopeId?: string | null, moduleIds?: string[]) => sessionWith(V2004, api, data, scopeId, moduleIds)

  it('a first launch sets success unknown beside completion incomplete', async () => {
    const api = fake2004()
    await session(api).start()
    expect(api.data.get('cmi.completion_status')).toBe('incomplete')
    expect(api.data.get('cmi.success_status')).toBe('unknown')
  })

  it('takes the LMS\'s scaled passing score for a graded SCO and reads none for an ungraded one', async () => {
    const api = fake2004({ 'cmi.scaled_passing_score': '0.555' })
    expect((await session(api).start()).passingScore).toBe(55.5)
    const reading = fake2004()
    reading.data.delete('cmi.scaled_passing_score')
    expect((await session(reading, readingCourse(2)).start()).passingScore).toBeUndefined()
    expect(reading.refused).toEqual([])
    expect(reading.calls.map((call) => call.args[0])).not.toContain('cmi.scaled_passing_score')
  })

  it('on ab-initio does not read location or suspend data, which a strict LMS has not initialised (403)', async () => {
    const api = fake2004({ 'cmi.suspend_data': 'left over', 'cmi.location': 'quiz/p2' })
    const s = session(api)
    expect((await s.start()).saved).toBeNull()
    const read = api.calls.filter((call) => call.fn === 'GetValue').map((call) => call.args[0])
    expect(read).toEqual(expect.arrayContaining(['cmi.entry', 'cmi.completion_status', 'cmi.success_status', 'cmi.learner_name', 'cmi.mode']))
    expect(read).not.toContain('cmi.suspend_data')
    expect(read).not.toContain('cmi.location')
    expect(s.state.page).toBe(0)
  })

  it('writes id first, then type, then the response, patterns, result, weighting, timestamp, latency and description', async () => {
    const api = fake2004()
    const s = session(api)
    await s.start()
    s.goTo(2)
    s.answer('q1', [1])
    expect(api.writeOrder(0)).toEqual(['id', 'type', 'learner_response', 'correct_responses.0.pattern', 'result', 'weighting', 'timestamp', 'latency', 'description'])
    expect(api.refused).toEqual([])
  })

  it('a single-choice question with several right choices gives each its own pattern', async () => {
    const data = sampleCourse()
    data.modules[1].pages[0].blocks[0] = { type: 'question', question: { id: 'q1', prompt: 'Pick one', weight: 1, type: 'single', choices: [{ text: 'a', correct: true }, { text: 'b', correct: false }, { text: 'c', correct: true }] } }
    const api = fake2004()
    const s = session(api, data)
    await s.start()
    s.answer('q1', [2])
    expect(api.interactions()[0]).toMatchObject({ learner_response: 'choice_3', 'correct_responses.0.pattern': 'choice_1', 'correct_responses.1.pattern': 'choice_3' })
    expect(api.refused).toEqual([])
  })

  it('a fill-in text that starts with { or spans lines is still a valid localized string', async () => {
    const data = sampleCourse()
    data.modules[1].pages[1].blocks[1] = { type: 'question', question: { ...fillIn('q4', ['{x}']), prompt: 'Type\nthe {x}' } }
    const api = fake2004()
    const s = session(api, data)
    await s.start()
    s.answer('q4', '{x}')
    expect(api.refused).toEqual([])
    expect(api.interactions()[0]).toMatchObject({ learner_response: ' {x}', description: 'Type the {x}' })
    s.answer('q1', [0])
    expect(api.refused).toEqual([])
  })

  it('choice ids use only letters, digits and _ (Moodle refuses -), joined by [,] in index order', () => {
    expect(choiceId(0)).toBe('choice_1')
    expect(choiceResponse([2, 0, 2])).toBe('choice_1[,]choice_3')
    expect(choiceResponse([35])).toBe('choice_36')
  })

  it('writes score.scaled with raw, min and max; a failed learner has completed but failed', async () => {
    const api = fake2004()
    const s = session(api)
    await s.start()
    answerAll(s, ['q2'])
    expect(api.data.get('cmi.completion_status')).toBe('completed')
    expect(api.data.get('cmi.success_status')).toBe('failed')
    expect(api.data.get('cmi.score.scaled')).toBe('0.6')
    s.retry()
    expect(api.data.get('cmi.success_status')).toBe('unknown')
    s.answer('q2', [0, 2])
    expect(api.data.get('cmi.score.scaled')).toBe('1')
    expect(api.refused).toEqual([])
  })

  it('a reading-only course leaves success unknown', async () => {
    const api = fake2004()
    const s = session(api, readingCourse(2))
    await s.start()
    s.next()
    expect(api.data.get('cmi.success_status')).toBe('unknown')
  })

  describe('navigation requests at the end', () => {
    it('a finished module SCO that is not the last asks the LMS to continue', async () => {
      const api = fake2004()
      const s = session(api, sampleCourse(), 'intro')
      await s.start()
      s.next()
      await s.exit()
      expect(api.set('adl.nav.request')).toEqual(['continue'])
      expect(api.data.get('cmi.exit')).toBe('suspend') // 2004's exit once done too
      expect(api.refused).toEqual([])
    })

    it('the last module SCO, finished, asks for no navigation (Moodle dies on exit)', async () => {
      const api = fake2004()
      const s = session(api, sampleCourse(), 'end')
      await s.start()
      await s.exit()
      expect(api.set('adl.nav.request')).toEqual([])
      expect(api.terminates).toBe(1)
    })

    it('a finished single-SCO course asks for no navigation, never exit', async () => {
      const api = fake2004()
      const s = session(api)
      await s.start()
      answerAll(s)
      await s.exit()
      expect(api.set('adl.nav.request')).toEqual([])
      expect(api.data.get('cmi.exit')).toBe('suspend') // 2004's exit once done too
      expect(api.refused).toEqual([])
    })

    it('leaving unfinished with Exit suspends the whole attempt (suspendAll), never continue', async () => {
      const api = fake2004()
      const s = session(api, sampleCourse(), 'quiz')
      await s.start()
      s.answer('q1', [1])
      await s.exit()
      expect(api.set('adl.nav.request')).toEqual(['suspendAll'])
      expect(api.data.get('cmi.exit')).toBe('suspend')
    })

    it('a page that goes away asks for no navigation: the LMS is already navigating', async () => {
      const api = fake2004()
      const s = session(api, sampleCourse(), 'intro')
      await s.start()
      s.next()
      await s.adapter.finish('pagehide')
      expect(api.set('adl.nav.request')).toEqual([])
    })

    it('without the module list no SCO asks to continue', async () => {
      const api = fake2004()
      const s = session(api, sampleCourse(), 'intro', [])
      await s.start()
      s.next()
      await s.exit()
      expect(api.set('adl.nav.request')).toEqual([])
    })
  })

  it.each([
    [0, 'PT0S'],
    [1_234, 'PT1.23S'],
    [1_005, 'PT1.01S'], // rounded to centiseconds: Moodle refuses a third decimal
    [5 * 60_000, 'PT5M'],
    [3_723_456, 'PT1H2M3.46S'],
    [3_600_000, 'PT1H'],
    [30 * 3_600_000 + 500, 'PT30H0.5S'],
  ])('%i ms is the duration %s, which Moodle accepts', (ms, text) => {
    expect(isoDuration(ms)).toBe(text)
    expect(text).toMatch(MOODLE_DURATION_2004)
  })

  it('timestamps are UTC to the second, with the ".0" Moodle needs before a time zone', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 22, 23, 59, 59, 999))).toBe('2026-11-22T23:59:59.0Z')
    expect(formatTimestamp(T0)).toMatch(MOODLE_TIME_2004)
  })
})
