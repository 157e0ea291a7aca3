import { describe, expect, it } from 'vitest'
import type { ProgressSnapshot, QuestionRecord, StartResult, TrackingContext } from '../../src/player/tracking/adapter.js'
import {
  CMI5_CATEGORY, contextFrom, createCmi5Adapter, LAUNCH_DATA_STATE, MASTERY_EXTENSION, MOVEON_CATEGORY, PROGRESS_STATE,
  readLaunchParameters, SESSION_EXTENSION, type LaunchData,
} from '../../src/player/tracking/cmi5.js'
import type { Statement, XapiClient } from '../../src/player/tracking/xapi-client.js'

const T0 = Date.UTC(2026, 0, 5, 9, 30, 0)
const ACTOR = { objectType: 'Agent' as const, account: { homePage: 'https://lms.example.com', name: 'learner-1' } }
const REGISTRATION = '760e3480-ba55-4991-94b0-01820dbd23a2'
const ACTIVITY = 'https://lms.example.com/activities/au-7'
const PUBLISHER_AU = 'https://coursepack.dev/xapi/courses/sample-course/au'

function launchUrl(fetchUrl = 'https://lms.example.com/fetch/abc'): string {
  const q = new URLSearchParams({ endpoint: 'https://lrs.example.com/xapi/', fetch: fetchUrl, actor: JSON.stringify(ACTOR), registration: REGISTRATION, activityId: ACTIVITY })
  return `https://cdn.example.com/pkg/index.html?${q.toString()}`
}

function launchData(overrides: Partial<LaunchData> = {}): LaunchData {
  return {
    contextTemplate: {
      contextActivities: { grouping: [{ id: PUBLISHER_AU }] },
      extensions: { [SESSION_EXTENSION]: 'session-1' },
    },
    launchMode: 'Normal', moveOn: 'Passed', returnURL: 'https://lms.example.com/course/1', ...overrides,
  }
}

class MemoryStorage {
  private items = new Map<string, string>()
  get length() { return this.items.size }
  clear() { this.items.clear() }
  getItem(k: string) { return this.items.get(k) ?? null }
  key(i: number) { return [...this.items.keys()][i] ?? null }
  removeItem(k: string) { this.items.delete(k) }
  setItem(k: string, v: string) { this.items.set(k, String(v)) }
}

/** The LMS and LRS side a launch talks to: a fetch URL, State documents and the statements received. */
class FakeLms {
  readonly statements: Statement[] = []
  readonly states = new Map<string, unknown>()
  readonly puts: string[] = []
  /** The options of each flush. */
  readonly flushes: ({ keepalive?: boolean } | undefined)[] = []
  /** How many of the next puts get no answer (the request is still on its way). */
  unanswered = 0
  fetchCalls: { url: string; method: string }[] = []
  profileReads = 0
  tokenUsed = false
  auths: string[] = []
  constructor(data: LaunchData) { this.states.set(LAUNCH_DATA_STATE, data) }

  fetchImpl: typeof fetch = async (input, init) => {
    const url = String(input)
    if (url.includes('/agents/profile')) { this.profileReads++; return new Response('', { status: 404 }) }
    this.fetchCalls.push({ url, method: init?.method ?? 'GET' })
    if (this.tokenUsed) return Response.json({ 'error-code': '1', 'error-text': 'The authorization token has already been returned.' })
    this.tokenUsed = true
    return Response.json({ 'auth-token': 'dG9rZW4=' })
  }

  client(auth: string): XapiClient {
    this.auths.push(auth)
    return {
      send: (s) => { this.statements.push(s); return s.id as string },
      flush: async (o) => { this.flushes.push(o) },
      getState: async <T,>(p: { stateId: string }) => (this.states.get(p.stateId) ?? null) as T | null,
      putState: (p, doc) => {
        this.puts.push(p.stateId)
        this.states.set(p.stateId, JSON.parse(JSON.stringify(doc)))
        if (this.unanswered > 0) { this.unanswered -= 1; return new Promise<void>(() => undefined) }
        return Promise.resolve()
      },
      pending: () => 0,
    }
  }

  verbs(): string[] { return this.statements.map((s) => ((s.verb as { id: string }).id).split('/').pop()!) }
}

const context: TrackingContext = {
  courseId: 'sample-course', courseVersion: '1.0.0', courseTitle: 'Sample', language: 'en', scope: null, passingScore: 75, graded: true,
}

function snapshot(status: ProgressSnapshot['status'], score: number | null, cause: ProgressSnapshot['cause'] = 'answer'): ProgressSnapshot {
  return { status, score, passingScore: 75, location: score === null ? 'm1/p1' : 'results', suspend: `s-${status}-${score}`, cause }
}

const record: QuestionRecord = {
  id: 'm1.q1', type: 'single', prompt: 'Which one?', choices: ['A', 'B'], response: [0], correctResponse: [0], correct: true,
  weight: 1, graded: true, latencyMs: 1500, answeredAt: T0,
}

/** One launch: the window, clock and session storage an AU page has; reusing storage is a reload of the same launch. */
function launch(lms: FakeLms, opts: { storage?: MemoryStorage; url?: string; ctx?: Partial<TrackingContext> } = {}) {
  let clock = T0
  const navigated: string[] = []
  const storage = opts.storage ?? new MemoryStorage()
  const adapter = createCmi5Adapter(
    { location: { href: opts.url ?? launchUrl(), assign: (u) => navigated.push(u) }, sessionStorage: storage as unknown as Storage },
    { now: () => clock, fetchImpl: lms.fetchImpl, createClient: (config) => lms.client(config.auth), navigate: (u) => navigated.push(u), warn: () => {}, saveDelayMs: 0 },
  )
  return {
    adapter, navigated, storage,
    tick(ms: number) { clock += ms },
    start: (): Promise<StartResult> => adapter.start({ ...context, ...opts.ctx }),
  }
}

function categories(s: Statement): string[] {
  const c = (s.context as any)?.contextActivities?.category ?? []
  return c.map((a: { id: string }) => a.id)
}

describe('cmi5 AU launch', () => {
  it('reads the five launch parameters in any order and refuses a launch without them', () => {
    const p = readLaunchParameters(launchUrl())!
    expect(p).toMatchObject({ endpoint: 'https://lrs.example.com/xapi/', fetch: 'https://lms.example.com/fetch/abc', actor: ACTOR, registration: REGISTRATION, activityId: ACTIVITY })
    const reordered = `https://x.example/i.html?activityId=${encodeURIComponent(ACTIVITY)}&registration=${REGISTRATION}&actor=${encodeURIComponent(JSON.stringify(ACTOR))}&fetch=f&endpoint=https%3A%2F%2Flrs`
    expect(readLaunchParameters(reordered)?.endpoint).toBe('https://lrs/')
    expect(readLaunchParameters('https://x.example/index.html')).toBeNull()
  })

  it('POSTs to the fetch URL once and uses the token as Basic auth; a reload of the same launch does not fetch again nor re-initialize', async () => {
    const lms = new FakeLms(launchData())
    const first = launch(lms)
    expect((await first.start()).persistent).toBe(true)
    expect(lms.fetchCalls).toEqual([{ url: 'https://lms.example.com/fetch/abc', method: 'POST' }])
    expect(lms.auths).toEqual(['Basic dG9rZW4='])
    const reload = launch(lms, { storage: first.storage })
    expect((await reload.start()).persistent).toBe(true)
    expect(lms.fetchCalls).toHaveLength(1)
    expect(lms.verbs()).toEqual(['initialized'])
  })

  it('after pagehide ended the session, a reload sends nothing, says progress is not saved, and Exit still goes back to the LMS', async () => {
    const lms = new FakeLms(launchData())
    const first = launch(lms)
    await first.start()
    first.adapter.progressChanged(snapshot('incomplete', null, 'page'))
    await first.adapter.finish('pagehide')
    expect(first.navigated).toEqual([])
    const reload = launch(lms, { storage: first.storage })
    const started = await reload.start()
    expect(started).toMatchObject({ persistent: false, saved: { location: 'm1/p1' } })
    reload.adapter.progressChanged(snapshot('passed', 100))
    await reload.adapter.finish('exit')
    expect(lms.verbs()).toEqual(['initialized', 'terminated'])
    expect(lms.fetchCalls).toHaveLength(1)
    expect(reload.navigated).toEqual(['https://lms.example.com/course/1'])
  })

  it('plays on without tracking when the fetch URL answers with an error', async () => {
    const lms = new FakeLms(launchData())
    lms.tokenUsed = true
    const l = launch(lms)
    expect(await l.start()).toEqual({ saved: null, persistent: false })
    expect(lms.statements).toEqual([])
  })

  it('reads the learner preferences agent profile at start, and never writes LMS.LaunchData', async () => {
    const lms = new FakeLms(launchData())
    const l = launch(lms)
    await l.start()
    l.adapter.progressChanged(snapshot('passed', 100))
    await l.adapter.finish('exit')
    expect(lms.profileReads).toBe(1)
    expect(lms.puts).not.toContain(LAUNCH_DATA_STATE)
    expect(lms.puts).toContain(PROGRESS_STATE)
  })
})

describe('cmi5 statements', () => {
  it('passes a learner: initialized, completed, passed, terminated, with the rules of each verb', async () => {
    const lms = new FakeLms(launchData({ masteryScore: 0.8 }))
    const l = launch(lms)
    const started = await l.start()
    expect(started.passingScore).toBe(80)
    l.adapter.pageShown({ index: 0, location: 'm1/p1', title: 'Intro' })
    l.adapter.questionAnswered(record)
    l.tick(60_000)
    l.adapter.progressChanged(snapshot('passed', 100))
    l.tick(5_000)
    await l.adapter.finish('exit')
    expect(lms.verbs()).toEqual(['initialized', 'experienced', 'answered', 'completed', 'passed', 'terminated'])
    const [init, experienced, answered, completed, passed, terminated] = lms.statements
    for (const s of lms.statements) {
      expect(s.actor).toEqual(ACTOR)
      expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(s.timestamp).toMatch(/Z$/)
      expect((s.context as any).registration).toBe(REGISTRATION)
      expect((s.context as any).extensions[SESSION_EXTENSION]).toBe('session-1')
      expect((s.context as any).contextActivities.grouping).toEqual([{ id: PUBLISHER_AU }])
    }
    const times = lms.statements.map((s) => Date.parse(s.timestamp as string))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(new Set(times).size).toBe(times.length)
    for (const s of [init, completed, passed, terminated]) {
      expect((s.object as { id: string }).id).toBe(ACTIVITY)
      expect(categories(s)).toContain(CMI5_CATEGORY)
    }
    for (const s of [experienced, answered]) expect(categories(s)).toEqual([])
    expect(categories(init)).not.toContain(MOVEON_CATEGORY)
    expect(categories(terminated)).not.toContain(MOVEON_CATEGORY)
    expect(categories(completed)).toContain(MOVEON_CATEGORY)
    expect(categories(passed)).toContain(MOVEON_CATEGORY)
    expect(completed.result).toEqual({ completion: true, duration: 'PT1M' })
    expect(passed.result).toEqual({ score: { scaled: 1, raw: 100, min: 0, max: 100 }, success: true, duration: 'PT1M' })
    expect((passed.context as any).extensions[MASTERY_EXTENSION]).toBe(0.8)
    expect(terminated.result).toEqual({ duration: 'PT1M5S' })
    expect(init.result).toBeUndefined()
    // described as the xAPI adapter describes it: one vocabulary, the prompt as the description (XAPI §2.4.4.1)
    expect(answered.object).toEqual({
      objectType: 'Activity', id: `${ACTIVITY}/test/questions/question/m1.q1`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction', description: { en: 'Which one?' }, interactionType: 'choice',
        correctResponsesPattern: ['choice-1'], choices: [{ id: 'choice-1', description: { en: 'A' } }, { id: 'choice-2', description: { en: 'B' } }],
      },
    })
    expect(l.navigated).toEqual(['https://lms.example.com/course/1'])
  })

  it('judges pass and fail against the LMS mastery score, not the course\'s, and says failed once, at the end', async () => {
    const lms = new FakeLms(launchData({ masteryScore: 0.9 }))
    const l = launch(lms)
    await l.start()
    l.adapter.progressChanged(snapshot('passed', 80)) // the course's 75 would pass; the LMS's 0.9 does not
    expect(lms.verbs()).toEqual(['initialized', 'completed'])
    await l.adapter.finish('pagehide')
    expect(lms.verbs()).toEqual(['initialized', 'completed', 'failed', 'terminated'])
    const failed = lms.statements[2]
    expect(failed.result).toMatchObject({ success: false, score: { scaled: 0.8 } })
    expect(categories(failed)).toEqual([CMI5_CATEGORY, MOVEON_CATEGORY])
    expect((failed.context as any).extensions[MASTERY_EXTENSION]).toBe(0.9)
    expect(l.navigated).toEqual([]) // pagehide: the page is already going away
  })

  it('uses the course passing score and no masteryscore extension when the LMS gives none', async () => {
    const lms = new FakeLms(launchData())
    const l = launch(lms)
    await l.start()
    l.adapter.progressChanged(snapshot('passed', 75))
    const passed = lms.statements.find((s) => (s.verb as any).id.endsWith('/passed'))!
    expect((passed.context as any).extensions[MASTERY_EXTENSION]).toBeUndefined()
  })

  it('never says passed and failed in one session: a failed try then a passing retry is only passed', async () => {
    const lms = new FakeLms(launchData())
    const l = launch(lms)
    await l.start()
    l.adapter.progressChanged(snapshot('failed', 50))
    l.adapter.progressChanged(snapshot('incomplete', null, 'retry'))
    l.adapter.progressChanged(snapshot('passed', 100))
    await l.adapter.finish('exit')
    expect(lms.verbs()).toEqual(['initialized', 'completed', 'passed', 'terminated'])
  })

  it('says completed and passed once per registration, and never failed after passed, across sessions', async () => {
    const lms = new FakeLms(launchData())
    const one = launch(lms, { url: launchUrl('https://lms.example.com/fetch/1') })
    await one.start()
    one.adapter.progressChanged(snapshot('failed', 50))
    await one.adapter.finish('exit')
    lms.tokenUsed = false
    const two = launch(lms, { url: launchUrl('https://lms.example.com/fetch/2') })
    await two.start()
    two.adapter.progressChanged(snapshot('passed', 100))
    await two.adapter.finish('exit')
    lms.tokenUsed = false
    const three = launch(lms, { url: launchUrl('https://lms.example.com/fetch/3') })
    await three.start()
    three.adapter.progressChanged(snapshot('failed', 50, 'answer'))
    three.adapter.progressChanged(snapshot('passed', 100))
    await three.adapter.finish('exit')
    expect(lms.verbs()).toEqual([
      'initialized', 'completed', 'failed', 'terminated',
      'initialized', 'passed', 'terminated',
      'initialized', 'terminated',
    ])
  })

  it('sends nothing but initialized and terminated in Browse and Review mode', async () => {
    for (const launchMode of ['Browse', 'Review'] as const) {
      const lms = new FakeLms(launchData({ launchMode }))
      const l = launch(lms)
      expect(await l.start()).toMatchObject({ mode: launchMode.toLowerCase(), held: { status: null, score: null } })
      l.adapter.pageShown({ index: 0, location: 'm1/p1', title: 'Intro' })
      l.adapter.questionAnswered(record)
      l.adapter.progressChanged(snapshot('passed', 100))
      l.adapter.flush()
      await l.adapter.finish('exit')
      expect(lms.verbs()).toEqual(['initialized', 'terminated'])
      expect(lms.puts).toEqual([])
    }
  })

  it('completes an ungraded AU when the learner has seen everything; no passed or failed', async () => {
    const lms = new FakeLms(launchData({ moveOn: 'Completed' }))
    const l = launch(lms, { ctx: { graded: false } })
    await l.start()
    l.adapter.progressChanged({ ...snapshot('incomplete', null, 'page') })
    l.adapter.progressChanged({ ...snapshot('completed', null, 'page') })
    l.adapter.progressChanged({ ...snapshot('completed', null, 'page') })
    await l.adapter.finish('exit')
    expect(lms.verbs()).toEqual(['initialized', 'completed', 'terminated'])
  })

  it('sends nothing after terminated, and finishes only once', async () => {
    const lms = new FakeLms(launchData())
    const l = launch(lms)
    await l.start()
    await l.adapter.finish('exit')
    await l.adapter.finish('pagehide')
    l.adapter.pageShown({ index: 1, location: 'm1/p2', title: 'Two' })
    l.adapter.progressChanged(snapshot('passed', 100))
    expect(lms.verbs()).toEqual(['initialized', 'terminated'])
  })

  it('pagehide leaves a save still on its way to the client\'s keepalive flush, which sends it again (test/player/xapi-client.test.ts)', async () => {
    const lms = new FakeLms(launchData())
    const l = launch(lms)
    await l.start()
    const before = lms.puts.filter((id) => id === PROGRESS_STATE).length
    lms.unanswered = 1
    l.adapter.progressChanged(snapshot('incomplete', null, 'page'))
    await new Promise((r) => setTimeout(r, 10)) // the save's delay (0 here) passes: the save goes, and stays on its way
    expect(lms.puts.filter((id) => id === PROGRESS_STATE)).toHaveLength(before + 1)
    await l.adapter.finish('pagehide')
    expect(lms.puts.filter((id) => id === PROGRESS_STATE)).toHaveLength(before + 1) // no second copy from the adapter
    expect(lms.flushes.at(-1)).toEqual({ keepalive: true })
  })

  it('resumes from its own State document with the bookmark and suspend string', async () => {
    const lms = new FakeLms(launchData())
    lms.states.set(PROGRESS_STATE, { location: 'm1/p3', suspend: 'cp1…', completed: false, passed: false })
    const l = launch(lms)
    expect((await l.start()).saved).toEqual({ location: 'm1/p3', suspend: 'cp1…' })
  })

  it('adds categories to the context template without overwriting what the LMS put there', () => {
    const template = { contextActivities: { category: { id: 'https://lms.example.com/cat' }, grouping: [{ id: PUBLISHER_AU }] }, extensions: { [SESSION_EXTENSION]: 's' } }
    const c = contextFrom(template, REGISTRATION, [CMI5_CATEGORY], { [SESSION_EXTENSION]: 'mine', [MASTERY_EXTENSION]: 0.5 })
    expect(c.contextActivities).toMatchObject({ category: [{ id: 'https://lms.example.com/cat' }, { id: CMI5_CATEGORY, objectType: 'Activity' }] })
    expect(c.extensions).toEqual({ [SESSION_EXTENSION]: 's', [MASTERY_EXTENSION]: 0.5 })
    expect(template.contextActivities.category).toEqual({ id: 'https://lms.example.com/cat' })
  })
})
