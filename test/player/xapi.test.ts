import { describe, expect, it } from 'vitest'
import type { ProgressSnapshot, QuestionRecord, TrackingContext } from '../../src/player/tracking/adapter.js'
import { createXapiAdapter, normalizeActor, readLaunch, type XapiWindow } from '../../src/player/tracking/xapi.js'
import { moduleIri, type XapiActivities } from '../../src/player/tracking/xapi-vocabulary.js'
import type { StateParams, Statement, XapiClient } from '../../src/player/tracking/xapi-client.js'

const context: TrackingContext = { courseId: 'safety', courseVersion: '2.1.0', courseTitle: 'Seguridad', language: 'es', scope: null, passingScore: 80, graded: true }
const actor = { objectType: 'Agent', name: 'Ana', mbox: 'mailto:ana@example.org' }
const registration = '6f2d1c1e-8b5a-4e1f-9c3d-2a1b0c9d8e7f'
const course = 'https://lms.example.org/courses/safety'
/** What course.js names, as tincan.xml does. */
const activities: XapiActivities = { course, modules: { intro: moduleIri(course, 'intro') } }

function launchSearch(extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ endpoint: 'https://lrs.example.org/xapi', auth: 'Basic eDp5', actor: JSON.stringify(actor), registration, activity_id: course, ...extra })}`
}

/** A client that records what the adapter asks of it, with a state store in memory. */
function fakeClient(saved: unknown = null) {
  const sent: Statement[] = []
  const puts: { params: StateParams; doc: unknown; keepalive?: boolean }[] = []
  const flushes: ({ keepalive?: boolean } | undefined)[] = []
  const client: XapiClient = {
    send: (s) => { sent.push(s); return String(sent.length) },
    flush: async (o) => { flushes.push(o) },
    getState: async <T>() => saved as T | null,
    putState: async (params, doc, o) => { puts.push({ params, doc, keepalive: o?.keepalive }) },
    pending: () => 0,
  }
  return { client, sent, puts, flushes }
}

function windowWith(search: string): XapiWindow {
  return { location: { search }, localStorage: null }
}

const verbs = (list: Statement[]) => list.map((s) => (s.verb as { id: string }).id.split('/').pop())
const snapshot = (over: Partial<ProgressSnapshot> = {}): ProgressSnapshot =>
  ({ status: 'incomplete', score: null, passingScore: 80, location: 'intro/welcome', suspend: 'cp1;x', cause: 'page', ...over })

const choiceRecord: QuestionRecord = {
  id: 'intro.q1', type: 'multiple', prompt: '¿Cuáles?', choices: ['Sí', 'No', 'Quizá'], response: [0, 2], correctResponse: [0, 2],
  correct: true, weight: 2, graded: true, latencyMs: 5250, answeredAt: Date.UTC(2026, 0, 1), moduleId: 'intro', moduleTitle: 'Introducción',
}

describe('xAPI launch', () => {
  it('reads endpoint, auth, actor, registration and activity_id from the query string', () => {
    expect(readLaunch(launchSearch())).toEqual({ endpoint: 'https://lrs.example.org/xapi/', auth: 'Basic eDp5', actor, registration, activityId: course })
  })

  it('without an endpoint or an actor there is no LRS to talk to', () => {
    expect(readLaunch('')).toBeNull()
    expect(readLaunch('?endpoint=https://lrs.example.org/')).toBeNull()
    expect(readLaunch(`?endpoint=x&actor=${encodeURIComponent('{"name":"no identifier"}')}`)).toBeNull()
  })

  it('accepts the 0.9 actor form with arrays that the launch spec itself shows', () => {
    expect(normalizeActor({ name: ['Project Tin Can'], mbox: ['mailto:tincan@scorm.com'] })).toEqual({ objectType: 'Agent', name: 'Project Tin Can', mbox: 'mailto:tincan@scorm.com' })
    expect(normalizeActor({ account: [{ accountServiceHomePage: 'https://lms.example.org', accountName: '42' }] }))
      .toEqual({ objectType: 'Agent', account: { homePage: 'https://lms.example.org', name: '42' } })
  })

  it('keeps exactly one identifier on the agent', () => {
    expect(normalizeActor({ mbox: 'ana@example.org', account: { homePage: 'https://x', name: 'a' } })).toEqual({ objectType: 'Agent', mbox: 'mailto:ana@example.org' })
  })

  it('a registration that is not a UUID is left out rather than sent to be refused', () => {
    expect(readLaunch(launchSearch({ registration: 'abc' }))?.registration).toBeUndefined()
  })

})

describe('xAPI adapter', () => {
  it('without launch parameters it keeps nothing, so the player shows the not-saved banner', async () => {
    const adapter = createXapiAdapter(windowWith(''))
    expect(await adapter.start(context)).toEqual({ saved: null, persistent: false })
  })

  it('a session that passes: initialized, experienced, answered, completed, passed, terminated', async () => {
    const { client, sent, puts } = fakeClient()
    let clock = 1_000_000
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client, now: () => clock })
    expect(await adapter.start(context)).toEqual({ saved: null, persistent: true, learnerName: 'Ana', mode: 'normal' })
    adapter.pageShown({ index: 0, location: 'intro/welcome', title: 'Bienvenida', moduleId: 'intro', moduleTitle: 'Introducción' })
    adapter.progressChanged(snapshot({ cause: 'start' }))
    adapter.questionAnswered(choiceRecord)
    clock += 65_250
    adapter.progressChanged(snapshot({ status: 'passed', score: 100, cause: 'answer', location: 'results' }))
    adapter.pageShown({ index: 1, location: 'results', title: 'Resultados' })
    await adapter.finish('exit')
    expect(verbs(sent)).toEqual(['initialized', 'experienced', 'answered', 'completed', 'passed', 'terminated'])
    const [init, experienced, answered, completed, passed] = sent
    expect(init.object).toMatchObject({ id: course, definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { es: 'Seguridad' } } })
    expect(init.context).toEqual({ registration, revision: '2.1.0', platform: 'coursepack', language: 'es' })
    expect(experienced.object).toMatchObject({ id: `${course}/modules/intro/pages/welcome`, definition: { name: { es: 'Bienvenida' } } })
    expect(experienced.context).toMatchObject({
      registration,
      contextActivities: { parent: [{ id: `${course}/modules/intro`, definition: { name: { es: 'Introducción' } } }], grouping: [{ id: course }] },
    })
    expect(answered.object).toMatchObject({ id: `${course}/modules/intro/questions/intro.q1` })
    expect(answered.result).toEqual({ success: true, response: 'choice-1[,]choice-3', duration: 'PT5.25S', score: { scaled: 1, raw: 2, min: 0, max: 2 } })
    expect(answered.timestamp).toBe('2026-01-01T00:00:00.000Z')
    expect(completed.result).toEqual({ completion: true, duration: 'PT1M5.25S' })
    expect(passed.result).toEqual({ score: { scaled: 1, raw: 100, min: 0, max: 100 }, success: true, completion: true, duration: 'PT1M5.25S' })
    expect(puts.at(-1)!.doc).toEqual({ location: 'results', suspend: 'cp1;x', status: 'passed', completed: true })
    expect(puts.at(-1)!.params).toEqual({ activityId: course, agent: actor, stateId: 'coursepack-progress', registration })
  })

  it('nothing is sent after terminated, and a second finish does nothing', async () => {
    const { client, sent } = fakeClient()
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client })
    await adapter.start(context)
    await adapter.finish('pagehide')
    const count = sent.length
    adapter.pageShown({ index: 0, location: 'intro/welcome', title: 'x', moduleId: 'intro' })
    adapter.questionAnswered(choiceRecord)
    adapter.progressChanged(snapshot({ status: 'passed', score: 100, cause: 'answer' }))
    await adapter.finish('exit')
    expect(sent.length).toBe(count)
    expect(verbs(sent)).toEqual(['initialized', 'suspended', 'terminated'])
  })

  it('leaving unfinished suspends, and pagehide writes state and statements with keepalive', async () => {
    const { client, sent, puts, flushes } = fakeClient()
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client })
    await adapter.start(context)
    adapter.progressChanged(snapshot())
    await adapter.finish('pagehide')
    expect(verbs(sent)).toEqual(['initialized', 'suspended', 'terminated'])
    expect(puts.at(-1)).toMatchObject({ doc: { location: 'intro/welcome', suspend: 'cp1;x', status: 'incomplete' }, keepalive: true })
    expect(flushes.at(-1)).toEqual({ keepalive: true })
  })

  it('pagehide leaves a write still on its way to the client\'s keepalive flush, which sends it again (test/player/xapi-client.test.ts)', async () => {
    const { client, puts, flushes } = fakeClient()
    const putState = client.putState
    // The write never gets its answer: it is still on its way when the learner closes the tab.
    client.putState = (params, doc, o) => { void putState(params, doc, o); return new Promise<void>(() => undefined) }
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client })
    await adapter.start(context)
    adapter.progressChanged(snapshot({ status: 'failed', score: 37.5, cause: 'answer' })) // a result: written at once
    expect(puts).toHaveLength(1)
    void adapter.finish('pagehide') // waits on that write, which the page's going cancels; what it sends, it sends at once
    expect(puts).toHaveLength(1) // no second copy from the adapter
    expect(flushes.at(-1)).toEqual({ keepalive: true })
  })

  it('a failed learner gets completed and failed with the score, then may retry and pass without a second completed', async () => {
    const { client, sent } = fakeClient()
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client })
    await adapter.start(context)
    adapter.progressChanged(snapshot({ status: 'failed', score: 37.5, cause: 'answer' }))
    adapter.progressChanged(snapshot({ status: 'incomplete', cause: 'retry' }))
    adapter.progressChanged(snapshot({ status: 'passed', score: 87.5, cause: 'answer' }))
    expect(verbs(sent)).toEqual(['initialized', 'completed', 'failed', 'passed'])
    expect(sent[2].result).toMatchObject({ success: false, score: { scaled: 0.375, raw: 37.5 } })
    expect(sent[3].result).toMatchObject({ success: true, score: { scaled: 0.875, raw: 87.5 } })
  })

  it('resumes from the State API document and says so with resumed; a status already reported is not sent again', async () => {
    const { client, sent } = fakeClient({ location: 'intro/page-3', suspend: 'cp1;saved', status: 'passed', completed: true })
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client })
    expect((await adapter.start(context)).saved).toEqual({ suspend: 'cp1;saved', location: 'intro/page-3' })
    adapter.progressChanged(snapshot({ status: 'passed', score: 100, cause: 'start' }))
    await adapter.finish('exit')
    expect(verbs(sent)).toEqual(['initialized', 'resumed', 'terminated'])
  })

  it('an LRS that cannot give the saved state still plays and tracks, from the beginning', async () => {
    const { client, sent } = fakeClient()
    client.getState = async () => { throw new Error('HTTP 503') }
    const adapter = createXapiAdapter(windowWith(launchSearch()), { activities, client, warn: () => {} })
    expect(await adapter.start(context)).toMatchObject({ saved: null, persistent: true })
    expect(verbs(sent)).toEqual(['initialized'])
  })

  it('without activity_id the course is the one course.js names, as tincan.xml does', async () => {
    const { client, sent } = fakeClient()
    const packaged = { course: 'https://x.org/from-package', modules: {} }
    await createXapiAdapter(windowWith(launchSearch({ activity_id: '' })), { client, activities: packaged }).start(context)
    expect(sent[0].object).toMatchObject({ id: 'https://x.org/from-package' })
  })

  it('pages and questions hang off the module activities course.js names, not ones the player makes up', async () => {
    const { client, sent } = fakeClient()
    const named = { course, modules: { intro: 'https://lms.example.org/activities/intro' } }
    const adapter = createXapiAdapter(windowWith(launchSearch()), { client, activities: named })
    await adapter.start(context)
    adapter.pageShown({ index: 0, location: 'intro/welcome', title: 'Bienvenida', moduleId: 'intro', moduleTitle: 'Introducción' })
    adapter.questionAnswered(choiceRecord)
    const [, experienced, answered] = sent
    expect(experienced.object).toMatchObject({ id: 'https://lms.example.org/activities/intro/pages/welcome' })
    expect(experienced.context).toMatchObject({ contextActivities: { parent: [{ id: 'https://lms.example.org/activities/intro' }] } })
    expect(answered.object).toMatchObject({ id: 'https://lms.example.org/activities/intro/questions/intro.q1' })
  })

  it('a page without the activities of course.js tracks nothing rather than invent ids', async () => {
    const { client, sent } = fakeClient()
    const adapter = createXapiAdapter(windowWith(launchSearch()), { client, warn: () => {} })
    expect(await adapter.start(context)).toEqual({ saved: null, persistent: false })
    expect(sent).toEqual([])
  })
})
