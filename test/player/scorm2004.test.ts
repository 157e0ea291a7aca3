import { describe, expect, it, vi } from 'vitest'
import type { PlayerData } from '../../src/player/data.js'
import type { TrackingAdapter, TrackingContext } from '../../src/player/tracking/adapter.js'
import {
  answerQuestion, buildScope, goTo, initialState, next, questionRecord, restoreState, retry, snapshotOf,
  type LearnerState, type Response, type Scope,
} from '../../src/player/progress.js'
import {
  choiceId, choiceResponse, createScorm2004Adapter, findScorm2004Api, formatDuration, formatTimestamp, type Scorm2004Window,
} from '../../src/player/tracking/scorm2004.js'
import { fillIn, readingCourse, sampleCourse } from './course-data.js'
import { FakeScorm2004Api, MOODLE_TIME, MOODLE_TIMESPAN } from './fake-scorm2004.js'

const T0 = Date.UTC(2026, 0, 5, 9, 30, 0)

/** The player's side of a session, as main.ts drives it, over an adapter whose clock and timers we hold. */
function session(api: FakeScorm2004Api | null, data: PlayerData = sampleCourse(), scopeId: string | null = null, moduleIds = data.modules.map((m) => m.id)) {
  let clock = T0
  const timers: (() => void)[] = []
  const warnings: string[] = []
  let notSaved = 0
  const lms: Scorm2004Window = { API_1484_11: api, parent: null }
  const iframe: Scorm2004Window = { parent: lms }
  const adapter: TrackingAdapter = createScorm2004Adapter(iframe, {
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
    next() { state = next(scope, state); adapter.progressChanged(snapshotOf(scope, state, 'page')) },
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

const allRight = { q1: [0], q2: [0, 2], q3: false, q4: '72' } as const
const answerAll = (s: ReturnType<typeof session>, wrong: string[] = []) => {
  for (const id of Object.keys(allRight)) s.answer(id, wrong.includes(id) ? (id === 'q3' ? true : id === 'q4' ? 'no' : [1]) : allRight[id as keyof typeof allRight] as Response)
}

describe('finding the LMS', () => {
  it('finds API_1484_11 on a parent window far up the chain, the ADL way', () => {
    const api = new FakeScorm2004Api()
    let win: Scorm2004Window = { API_1484_11: api }
    for (let i = 0; i < 500; i++) win = { parent: win }
    expect(findScorm2004Api(win)).toBe(api)
  })

  it('gives up after 500 parents', () => {
    let win: Scorm2004Window = { API_1484_11: new FakeScorm2004Api() }
    for (let i = 0; i < 502; i++) win = { parent: win }
    expect(findScorm2004Api(win)).toBeNull()
  })

  it('finds API_1484_11 through the opener and its parents when the content runs in a popup', () => {
    const api = new FakeScorm2004Api()
    const popup: Scorm2004Window = { opener: { parent: { API_1484_11: api } } }
    popup.parent = popup
    expect(findScorm2004Api(popup)).toBe(api)
  })

  it('does not take a SCORM 1.2 API for a 2004 one', () => {
    expect(findScorm2004Api({ parent: { API: {} } as Scorm2004Window })).toBeNull()
  })

  it('a cross-origin parent that throws on access is passed over, not fatal', () => {
    const hostile = {} as Scorm2004Window
    Object.defineProperty(hostile, 'API_1484_11', { get() { throw new Error('Permission denied') } })
    Object.defineProperty(hostile, 'parent', { get() { throw new Error('Permission denied') } })
    expect(findScorm2004Api({ parent: hostile })).toBeNull()
  })

  it('without an LMS the course still plays and the player is told progress is not saved', async () => {
    const s = session(null)
    expect(await s.start()).toEqual({ saved: null, persistent: false })
    s.answer('q1', [0])
    await s.adapter.finish('exit')
  })

  it('an LMS whose Initialize fails leaves the course playable and unsaved', async () => {
    const api = new FakeScorm2004Api()
    api.Initialize('') // someone else already initialised: the next call is error 103
    const s = session(api)
    expect(await s.start()).toEqual({ saved: null, persistent: false, refused: true })
    expect(s.warnings.some((w) => w.includes('Initialize') && w.includes('103'))).toBe(true)
  })
})

describe('a first launch', () => {
  it('initialises once with "", marks the attempt incomplete with success unknown, suspended, and offers nothing to resume', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    const started = await s.start()
    expect(started).toMatchObject({ saved: null, persistent: true, learnerName: 'Ana López', mode: 'normal' })
    expect(api.calls.filter((c) => c.fn === 'Initialize')).toEqual([{ fn: 'Initialize', args: [''], result: 'true', error: '0' }])
    expect(api.data.get('cmi.completion_status')).toBe('incomplete')
    expect(api.data.get('cmi.success_status')).toBe('unknown')
    expect(api.data.get('cmi.exit')).toBe('suspend')
    expect(api.data.get('cmi.location')).toBe('intro/welcome')
    expect(api.commits).toBe(1)
    expect(api.refused).toEqual([])
  })

  it('takes the LMS\'s scaled passing score for a graded SCO and reads none for an ungraded one', async () => {
    const api = new FakeScorm2004Api({ 'cmi.scaled_passing_score': '0.555' })
    expect((await session(api).start()).passingScore).toBe(55.5)
    const reading = new FakeScorm2004Api()
    reading.data.delete('cmi.scaled_passing_score')
    expect((await session(reading, readingCourse(2)).start()).passingScore).toBeUndefined()
    expect(reading.refused).toEqual([])
    expect(reading.calls.map((c) => c.args[0])).not.toContain('cmi.scaled_passing_score')
  })

  it('on ab-initio does not read location or suspend data, which a strict LMS has not initialised (403)', async () => {
    const api = new FakeScorm2004Api({ 'cmi.suspend_data': 'left over', 'cmi.location': 'quiz/p2' })
    const s = session(api)
    expect((await s.start()).saved).toBeNull()
    const read = api.calls.filter((c) => c.fn === 'GetValue').map((c) => c.args[0])
    expect(read).toEqual(expect.arrayContaining(['cmi.entry', 'cmi.completion_status', 'cmi.success_status', 'cmi.learner_name', 'cmi.mode']))
    expect(read).not.toContain('cmi.suspend_data')
    expect(read).not.toContain('cmi.location')
    expect(s.state.page).toBe(0)
  })
})

describe('answers become interactions in SCORM 2004 formats', () => {
  it('writes id first, then type, then the response, patterns, result, weighting, timestamp, latency and description', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    s.goTo(2)
    s.answer('q1', [1])
    expect(api.writeOrder(0)).toEqual(['id', 'type', 'learner_response', 'correct_responses.0.pattern', 'result', 'weighting', 'timestamp', 'latency', 'description'])
    expect(api.refused).toEqual([])
  })

  it('journals each question type with bracketed delimiters, Moodle-safe choice ids and incorrect, not wrong', async () => {
    const api = new FakeScorm2004Api()
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
      id: 'q1', type: 'choice', learner_response: 'choice_2', 'correct_responses.0.pattern': 'choice_1', result: 'incorrect',
      weighting: '1', timestamp: '2026-01-05T09:30:00.0Z', latency: 'PT12.34S', description: 'Question q1?',
    })
    expect(q2).toMatchObject({ id: 'q2', type: 'choice', learner_response: 'choice_1[,]choice_3', 'correct_responses.0.pattern': 'choice_1[,]choice_3', result: 'correct', weighting: '2' })
    expect(q3).toMatchObject({ id: 'q3', type: 'true-false', learner_response: 'true', 'correct_responses.0.pattern': 'false', result: 'incorrect' })
    expect(q4).toMatchObject({ id: 'q4', type: 'fill-in', learner_response: 'Seventy   two', 'correct_responses.0.pattern': 'Seventy two', 'correct_responses.1.pattern': '72', result: 'correct' })
    for (const row of [q1, q2, q3, q4]) {
      expect(row.timestamp).toMatch(MOODLE_TIME)
      expect(row.latency).toMatch(MOODLE_TIMESPAN)
    }
  })

  it('a single-choice question with several right choices gives each its own pattern', async () => {
    const data = sampleCourse()
    data.modules[1].pages[0].blocks[0] = { type: 'question', question: { id: 'q1', prompt: 'Pick one', weight: 1, type: 'single', choices: [{ text: 'a', correct: true }, { text: 'b', correct: false }, { text: 'c', correct: true }] } }
    const api = new FakeScorm2004Api()
    const s = session(api, data)
    await s.start()
    s.answer('q1', [2])
    expect(api.interactions()[0]).toMatchObject({ learner_response: 'choice_3', 'correct_responses.0.pattern': 'choice_1', 'correct_responses.1.pattern': 'choice_3' })
    expect(api.refused).toEqual([])
  })

  it('a fill-in text that starts with { or spans lines is still a valid localized string', async () => {
    const data = sampleCourse()
    data.modules[1].pages[1].blocks[1] = { type: 'question', question: { ...fillIn('q4', ['{x}']), prompt: 'Type\nthe {x}' } }
    const api = new FakeScorm2004Api()
    const s = session(api, data)
    await s.start()
    s.answer('q4', '{x}')
    expect(api.refused).toEqual([])
    expect(api.interactions()[0]).toMatchObject({ learner_response: ' {x}', description: 'Type the {x}' })
    s.answer('q1', [0])
    expect(api.refused).toEqual([])
  })

  it('practice questions are recorded with weighting 0, after the interactions of earlier sessions', async () => {
    const api = new FakeScorm2004Api({ 'cmi.interactions._count': '2', 'cmi.entry': 'resume', 'cmi.completion_status': 'incomplete', 'cmi.location': 'intro/welcome', 'cmi.suspend_data': '' })
    const s = session(api)
    await s.start()
    s.answer('warmup', true)
    expect(api.data.get('cmi.interactions.2.id')).toBe('warmup')
    expect(api.data.get('cmi.interactions.2.weighting')).toBe('0')
    expect(api.refused).toEqual([])
  })

  it('an answer is committed at once', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    const before = api.commits
    s.answer('q1', [0])
    expect(api.commits).toBe(before + 1)
  })

  it('choice ids use only letters, digits and _ (Moodle refuses -), joined by [,] in index order', () => {
    expect(choiceId(0)).toBe('choice_1')
    expect(choiceResponse([2, 0, 2])).toBe('choice_1[,]choice_3')
    expect(choiceResponse([35])).toBe('choice_36')
  })
})

describe('score and status', () => {
  it('writes score.scaled with raw, min and max only once every graded question is answered', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    s.answer('q1', [0])
    s.answer('q2', [0, 2])
    s.answer('q3', false)
    expect(api.set('cmi.score.raw')).toEqual([])
    expect(api.set('cmi.score.scaled')).toEqual([])
    s.answer('q4', 'wrong answer')
    expect(api.data.get('cmi.score.scaled')).toBe('0.8')
    expect(api.data.get('cmi.score.raw')).toBe('80')
    expect(api.data.get('cmi.score.min')).toBe('0')
    expect(api.data.get('cmi.score.max')).toBe('100')
    expect(api.data.get('cmi.completion_status')).toBe('completed')
    expect(api.data.get('cmi.success_status')).toBe('passed')
  })

  it('a passed learner exits normally, so the LMS does not offer to resume', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    answerAll(s)
    await s.exit()
    expect(api.data.get('cmi.score.scaled')).toBe('1')
    expect(api.data.get('cmi.score.raw')).toBe('100')
    expect(api.data.get('cmi.exit')).toBe('normal')
    expect(api.refused).toEqual([])
  })

  it('a failed learner has completed but failed, stays suspended, and a retry goes back to incomplete and unknown', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    answerAll(s, ['q2'])
    expect(api.data.get('cmi.completion_status')).toBe('completed')
    expect(api.data.get('cmi.success_status')).toBe('failed')
    expect(api.data.get('cmi.score.raw')).toBe('60')
    expect(api.data.get('cmi.score.scaled')).toBe('0.6')
    expect(api.data.get('cmi.exit')).toBe('suspend')
    s.retry()
    expect(api.data.get('cmi.completion_status')).toBe('incomplete')
    expect(api.data.get('cmi.success_status')).toBe('unknown')
    answerAll(s)
    expect(api.data.get('cmi.success_status')).toBe('passed')
    expect(api.data.get('cmi.score.raw')).toBe('100')
    expect(api.data.get('cmi.exit')).toBe('normal')
    expect(api.refused).toEqual([])
  })

  it('a reading-only course is completed, success unknown and no score, when every page has been seen', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api, readingCourse(2))
    await s.start()
    s.next()
    expect(api.data.get('cmi.completion_status')).toBe('completed')
    expect(api.data.get('cmi.success_status')).toBe('unknown')
    expect(api.data.get('cmi.exit')).toBe('normal')
    expect(api.set('cmi.score.raw')).toEqual([])
  })

  it('never writes a location over 1000 characters or resume data over 64,000', async () => {
    const api = new FakeScorm2004Api()
    const adapter = createScorm2004Adapter({ API_1484_11: api }, { warn: () => {} })
    await adapter.start({ courseId: 'c', courseVersion: '1', courseTitle: 'C', language: 'en', scope: null, passingScore: 80, graded: true })
    adapter.progressChanged({ status: 'incomplete', score: null, passingScore: 80, location: 'x'.repeat(1200), suspend: 'y'.repeat(64_000), cause: 'answer' })
    adapter.progressChanged({ status: 'incomplete', score: null, passingScore: 80, location: 'x', suspend: 'z'.repeat(64_001), cause: 'answer' })
    expect(api.set('cmi.location')[0]).toHaveLength(1000)
    expect(api.set('cmi.suspend_data').map((v) => v.length)).toEqual([64_000])
    expect(api.refused).toEqual([])
    await adapter.finish('pagehide')
  })
})

describe('resume', () => {
  it('a relaunch after exit=suspend gets back the page, the answers and the seen pages', async () => {
    const first = new FakeScorm2004Api()
    const s1 = session(first)
    await s1.start()
    s1.goTo(2)
    s1.answer('q1', [0])
    s1.goTo(3)
    await s1.adapter.finish('pagehide')
    expect(first.data.get('cmi.exit')).toBe('suspend')

    // The LMS keeps what was stored and, since the exit was "suspend", says "resume" (Moodle loaddatamodel.php).
    const second = new FakeScorm2004Api({
      'cmi.entry': 'resume',
      'cmi.completion_status': first.data.get('cmi.completion_status')!,
      'cmi.success_status': first.data.get('cmi.success_status')!,
      'cmi.location': first.data.get('cmi.location')!,
      'cmi.suspend_data': first.data.get('cmi.suspend_data')!,
    })
    const s2 = session(second)
    const started = await s2.start()
    expect(started.saved).toEqual({ location: 'quiz/p2', suspend: first.data.get('cmi.suspend_data') })
    expect(s2.state.page).toBe(3)
    expect(s2.state.answers.get('q1')).toEqual({ response: [0], correct: true })
    expect(s2.state.seen.slice(0, 4)).toEqual([true, false, true, true])
    expect(second.refused).toEqual([])
  })

  it('a page change is committed after a quiet time, not on every click', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    const before = api.commits
    s.next()
    s.next()
    expect(api.commits).toBe(before)
    expect(api.data.get('cmi.location')).toBe('quiz/p1')
    s.runTimers()
    expect(api.commits).toBe(before + 1)
  })

  it('hiding the page commits what is pending', async () => {
    const api = new FakeScorm2004Api()
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
    const api = new FakeScorm2004Api({ 'cmi.entry': 'resume', 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.raw': '90', 'cmi.suspend_data': 'garbage' })
    const s = session(api)
    await s.start()
    s.next()
    s.answer('q1', [1])
    await s.adapter.finish('pagehide')
    expect(api.set('cmi.completion_status')).toEqual([])
    expect(api.set('cmi.success_status')).toEqual([])
    expect(api.data.get('cmi.score.raw')).toBe('90')
    expect(api.data.get('cmi.exit')).toBe('normal')
  })

  it('in review mode nothing is written, the result is the LMS\'s, and the session still ends once', async () => {
    const api = new FakeScorm2004Api({ 'cmi.entry': '', 'cmi.mode': 'review', 'cmi.credit': 'no-credit', 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed', 'cmi.score.raw': '0' })
    const s = session(api)
    expect(await s.start()).toMatchObject({ mode: 'review', persistent: true, held: { status: 'failed', score: 0 } })
    answerAll(s)
    await s.exit()
    expect(api.calls.filter((c) => c.fn === 'SetValue')).toEqual([])
    expect(api.commits).toBe(0)
    expect(api.terminates).toBe(1)
  })

  it('in browse mode with no success status, the score is not read (403 in a strict LMS) and the result is empty', async () => {
    const api = new FakeScorm2004Api({ 'cmi.mode': 'browse' })
    expect(await session(api).start()).toMatchObject({ mode: 'browse', held: { status: null, score: null } })
    expect(api.refused).toEqual([])
  })

  it('a normal launch says nothing of a held result', async () => {
    expect(await session(new FakeScorm2004Api()).start()).not.toHaveProperty('held')
  })
})

describe('navigation requests at the end', () => {
  it('a finished module SCO that is not the last asks the LMS to continue', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api, sampleCourse(), 'intro')
    await s.start()
    s.next()
    await s.exit()
    expect(api.set('adl.nav.request')).toEqual(['continue'])
    expect(api.data.get('cmi.exit')).toBe('normal')
    expect(api.refused).toEqual([])
  })

  it('the last module SCO, finished, asks for no navigation (Moodle dies on exit)', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api, sampleCourse(), 'end')
    await s.start()
    await s.exit()
    expect(api.set('adl.nav.request')).toEqual([])
    expect(api.terminates).toBe(1)
  })

  it('a finished single-SCO course asks for no navigation, never exit', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    answerAll(s)
    await s.exit()
    expect(api.set('adl.nav.request')).toEqual([])
    expect(api.data.get('cmi.exit')).toBe('normal')
    expect(api.refused).toEqual([])
  })

  it('leaving unfinished with Exit suspends the whole attempt (suspendAll), never continue', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api, sampleCourse(), 'quiz')
    await s.start()
    s.answer('q1', [1])
    await s.exit()
    expect(api.set('adl.nav.request')).toEqual(['suspendAll'])
    expect(api.data.get('cmi.exit')).toBe('suspend')
  })

  it('a page that goes away asks for no navigation: the LMS is already navigating', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api, sampleCourse(), 'intro')
    await s.start()
    s.next()
    await s.adapter.finish('pagehide')
    expect(api.set('adl.nav.request')).toEqual([])
  })

  it('without the module list no SCO asks to continue', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api, sampleCourse(), 'intro', [])
    await s.start()
    s.next()
    await s.exit()
    expect(api.set('adl.nav.request')).toEqual([])
  })
})

describe('when the LMS refuses to keep progress', () => {
  it('an Initialize that returns false or throws leaves the course playable and says the LMS refused', async () => {
    for (const refuse of [() => 'false', () => { throw new TypeError('data model') }]) {
      const api = new FakeScorm2004Api()
      api.Initialize = refuse
      const s = session(api)
      expect(await s.start()).toEqual({ saved: null, persistent: false, refused: true })
      expect(s.warnings.some((w) => w.includes('Initialize'))).toBe(true)
      s.answer('q1', [0])
      await s.adapter.finish('exit')
    }
  })

  it('a refused Commit mid-session tells the player at once', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    s.answer('q1', [0])
    expect(s.notSaved).toBe(0)
    api.Commit = () => 'false'
    s.answer('q2', [0, 2])
    expect(s.notSaved).toBeGreaterThan(0)
  })

  it('a refused status tells the player; a refused bookmark does not', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    const original = api.SetValue.bind(api)
    api.SetValue = (element: string, value: string) => (element.endsWith('location') ? 'false' : original(element, value))
    s.next()
    s.adapter.flush()
    expect(s.notSaved).toBe(0)
    api.SetValue = (element: string, value: string) => (element === 'cmi.success_status' ? 'false' : original(element, value))
    for (const id of Object.keys(allRight)) s.answer(id, allRight[id as keyof typeof allRight] as Response)
    expect(s.notSaved).toBeGreaterThan(0)
  })
})

describe('ending the session', () => {
  it('sets exit, the session time in Moodle\'s format, then calls Terminate("")', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    s.tick(3_723_456)
    await s.adapter.finish('pagehide')
    expect(api.data.get('cmi.session_time')).toBe('PT1H2M3.46S')
    const names = api.calls.map((c) => (c.fn === 'SetValue' ? c.args[0] : c.fn))
    expect(names.slice(-3)).toEqual(['cmi.exit', 'cmi.session_time', 'Terminate'])
    expect(api.calls.at(-1)!.args).toEqual([''])
  })

  it('calls Initialize and Terminate exactly once each, whether the learner exits, the page goes away, or both', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    await s.exit()
    await s.adapter.finish('pagehide')
    s.adapter.flush()
    s.answer('warmup', true)
    expect(api.initializes).toBe(1)
    expect(api.terminates).toBe(1)
    expect(api.calls.at(-1)!.fn).toBe('Terminate')
    expect(api.refused).toEqual([])
  })

  it('a value the LMS refuses is reported to the console with its element and code, never thrown', async () => {
    const api = new FakeScorm2004Api()
    const s = session(api)
    await s.start()
    const original = api.SetValue.bind(api)
    api.SetValue = (element: string, value: string) => (element === 'cmi.suspend_data' ? original('cmi.entry', value) : original(element, value))
    expect(() => s.next()).not.toThrow()
    expect(s.warnings.some((w) => w.includes('cmi.suspend_data') && w.includes('404'))).toBe(true)
  })

  it('the default warning goes to console.warn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const api = new FakeScorm2004Api()
    const adapter = createScorm2004Adapter({ API_1484_11: api }, { commitDelayMs: 1 })
    await adapter.start({ courseId: 'c', courseVersion: '1', courseTitle: 'C', language: 'en', scope: null, passingScore: 80, graded: true })
    adapter.progressChanged({ status: 'incomplete', score: 250, passingScore: 80, location: 'x', suspend: '', cause: 'answer' })
    expect(api.data.get('cmi.score.scaled')).toBe('1') // clamped into 2004's −1..1 (and raw into 0–100)
    api.SetValue = () => 'false'
    adapter.progressChanged({ status: 'failed', score: 10, passingScore: 80, location: 'y', suspend: '', cause: 'answer' })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('cmi.score.scaled'))
    warn.mockRestore()
    await adapter.finish('exit')
  })
})

describe('2004 time formats', () => {
  it.each([
    [0, 'PT0S'],
    [1_234, 'PT1.23S'],
    [1_005, 'PT1.01S'], // rounded to centiseconds: Moodle refuses a third decimal
    [5 * 60_000, 'PT5M'],
    [3_723_456, 'PT1H2M3.46S'],
    [3_600_000, 'PT1H'],
    [30 * 3_600_000 + 500, 'PT30H0.5S'],
  ])('%i ms is the duration %s, which Moodle accepts', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
    expect(text).toMatch(MOODLE_TIMESPAN)
  })

  it('timestamps are UTC to the second, with the ".0" Moodle needs before a time zone', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 22, 23, 59, 59, 999))).toBe('2026-11-22T23:59:59.0Z')
    expect(formatTimestamp(T0)).toMatch(MOODLE_TIME)
  })
})
