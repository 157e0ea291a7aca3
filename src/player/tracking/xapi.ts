// xAPI (Tin Can) tracking: statements to the LRS named in the launch URL (SPEC-NOTES §4), progress
// in one State API document per registration. Launch: ?endpoint&auth&actor&registration&activity_id
// (Moodle's xAPI Launch Link, SCORM Cloud and the Rustici launch spec all use these names).
// Session: initialized [resumed] · experienced per page · answered per question · completed, then
// passed/failed for graded courses · suspended when leaving unfinished · terminated, then nothing.
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, Status, TrackingAdapter, TrackingContext } from './adapter.js'
import { isoDuration } from './iso-duration.js'
import { createXapiClient, normalizeEndpoint, queueKeyFor, type XapiAgent, type XapiClient } from './xapi-client.js'
import { scaledScore } from '../../scores.js'
import { ACTIVITY_TYPE, activity, childIri, interactionOf, moduleIri, verb, type Activity, type VerbName, type XapiActivities } from './xapi-vocabulary.js'

export const STATE_ID = 'coursepack-progress'

export interface XapiLaunch {
  endpoint: string
  auth: string
  actor: XapiAgent
  registration?: string
  activityId?: string
  /** A grouping activity the LMS asks to be echoed in context (launch spec). */
  grouping?: string
}

/** What the adapter uses of `window`, so tests can pass a fake. */
export interface XapiWindow {
  location: { search: string }
  localStorage?: Storage | null
  fetch?: typeof fetch
  addEventListener?: (type: 'pagehide', listener: () => void) => void
}

export interface XapiAdapterOptions {
  now?: () => number
  /** Page changes are written to the State API after this quiet time, not on every click. */
  stateDelayMs?: number
  retryDelayMs?: number
  warn?: (message: string) => void
  /** For tests: the client to use instead of one made from the launch. */
  client?: XapiClient
  /** The course's and modules' activity IRIs, from course.js (the ones tincan.xml lists); without them nothing is tracked. */
  activities?: XapiActivities
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v)
const text = (v: unknown): string | undefined => (typeof first(v) === 'string' && first(v) !== '' ? (first(v) as string) : undefined)

/** A launch actor as an Agent with exactly one identifier; accepts the 0.9 form with arrays (the launch spec's own example). */
export function normalizeActor(value: unknown): XapiAgent | null {
  if (!value || typeof value !== 'object') return null
  const a = value as Record<string, unknown>
  const agent: XapiAgent & Record<string, unknown> = { objectType: 'Agent' }
  const name = text(a.name)
  if (name) agent.name = name
  const mbox = text(a.mbox)
  const sha1 = text(a.mbox_sha1sum)
  const openid = text(a.openid)
  const account = first(a.account) as Record<string, unknown> | undefined
  if (mbox) agent.mbox = mbox.startsWith('mailto:') ? mbox : `mailto:${mbox}`
  else if (sha1) agent.mbox_sha1sum = sha1
  else if (openid) agent.openid = openid
  else if (account && typeof account === 'object') {
    const homePage = text(account.homePage) ?? text(account.accountServiceHomePage)
    const accountName = text(account.name) ?? text(account.accountName)
    if (!homePage || !accountName) return null
    agent.account = { homePage, name: accountName }
  } else return null
  return agent
}

/** The launch parameters, or null when the package was opened without an LRS. */
export function readLaunch(search: string): XapiLaunch | null {
  const q = new URLSearchParams(search)
  const endpoint = q.get('endpoint')
  const actorText = q.get('actor')
  if (!endpoint || !actorText) return null
  let actor: XapiAgent | null
  try { actor = normalizeActor(JSON.parse(actorText)) } catch { actor = null }
  if (!actor) return null
  const registration = q.get('registration') ?? ''
  const activityId = q.get('activity_id') ?? ''
  const grouping = q.get('grouping') ?? ''
  return {
    endpoint: normalizeEndpoint(endpoint),
    auth: q.get('auth') ?? '',
    actor,
    ...(UUID.test(registration) ? { registration } : {}),
    ...(activityId ? { activityId } : {}),
    ...(grouping ? { grouping } : {}),
  }
}

interface ProgressDocument { location: string; suspend: string; status?: Status; completed?: boolean }

const DONE: ReadonlySet<Status> = new Set(['passed', 'completed'])

export function createXapiAdapter(win: XapiWindow, options: XapiAdapterOptions = {}): TrackingAdapter {
  const now = options.now ?? (() => Date.now())
  const stateDelay = options.stateDelayMs ?? 3000
  const warn = options.warn ?? ((m: string) => console.warn(m))

  let launch: XapiLaunch | null = null
  let client: XapiClient | null = null
  let context: TrackingContext | null = null
  let courseId = '' // the course's activity IRI: the launch's activity_id, else the package's own
  const packaged = options.activities?.course ?? ''
  const moduleIris = new Map(Object.entries(options.activities?.modules ?? {}))
  let active = false // from start until terminated: no statement after terminated
  let startedAt = 0
  let doc: ProgressDocument = { location: '', suspend: '' }
  let reported: Status = 'incomplete'
  let stateDirty = false
  let stateWriting: Promise<void> | null = null
  let stateTimer: ReturnType<typeof setTimeout> | null = null
  let localKey = ''
  const modules = new Map<string, string>() // id → title, as pages and questions name them

  function storage(): Storage | null {
    try { return win.localStorage ?? null } catch { return null }
  }

  // ---- statements --------------------------------------------------------------------------------

  function courseActivity(): Activity {
    return activity(courseId, ACTIVITY_TYPE.course, context!.language, context!.courseTitle)
  }

  /** A module's activity as tincan.xml lists it (one course.js does not name gets the compiler's rule); pages and questions hang off it. */
  function moduleActivity(id: string): Activity {
    return activity(moduleIris.get(id) ?? moduleIri(packaged, id), ACTIVITY_TYPE.module, context!.language, modules.get(id))
  }

  function contextOf(moduleId: string | null): Record<string, unknown> {
    const grouping: Activity[] = [
      ...(moduleId !== null ? [courseActivity()] : []),
      ...(launch!.grouping && launch!.grouping !== courseId ? [{ objectType: 'Activity' as const, id: launch!.grouping }] : []),
    ]
    const contextActivities: Record<string, unknown> = {
      ...(moduleId !== null ? { parent: [moduleActivity(moduleId)] } : {}),
      ...(grouping.length > 0 ? { grouping } : {}),
    }
    return {
      ...(launch!.registration ? { registration: launch!.registration } : {}),
      ...(Object.keys(contextActivities).length > 0 ? { contextActivities } : {}),
      revision: context!.courseVersion,
      platform: 'coursepack',
      language: context!.language,
    }
  }

  function send(name: VerbName, object: Activity, moduleId: string | null, extra: Record<string, unknown> = {}): void {
    if (!active || !client) return
    client.send({ actor: launch!.actor, verb: verb(name), object, context: contextOf(moduleId), ...extra })
  }

  const sessionDuration = () => isoDuration(now() - startedAt)

  // ---- the state document -----------------------------------------------------------------------

  function stateParams() {
    return { activityId: courseId, agent: launch!.actor, stateId: STATE_ID, ...(launch!.registration ? { registration: launch!.registration } : {}) }
  }

  /** A copy of the latest document not yet accepted by the LRS: a reload while offline resumes from it. */
  function keepLocal(pending: boolean): void {
    const s = storage()
    if (!s) return
    try {
      if (pending) s.setItem(localKey, JSON.stringify(doc))
      else s.removeItem(localKey)
    } catch { /* full or blocked: the LRS copy is all there is */ }
  }

  function cancelStateTimer(): void {
    if (stateTimer !== null) { clearTimeout(stateTimer); stateTimer = null }
  }

  function writeState(keepalive = false): Promise<void> {
    cancelStateTimer()
    // A write still on its way when the page goes is the client's to send again (flush with keepalive).
    if (!client || !stateDirty) return stateWriting ?? Promise.resolve()
    if (stateWriting && !keepalive) return stateWriting.then(() => writeState())
    stateDirty = false
    const sent = JSON.stringify(doc)
    const write = client.putState(stateParams(), doc, { keepalive }).then(
      () => { if (JSON.stringify(doc) === sent && !stateDirty) keepLocal(false) },
      (e: unknown) => {
        stateDirty = true // written again with the next change, flush or leave
        warn(`coursepack: could not save progress to the LRS (${String(e)}); kept in this browser until it can`)
      },
    )
    const run = write.finally(() => { if (stateWriting === run) stateWriting = null })
    stateWriting = run
    return run
  }

  function scheduleState(): void {
    if (stateTimer === null) stateTimer = setTimeout(() => { stateTimer = null; void writeState() }, stateDelay)
  }

  async function readState(): Promise<ProgressDocument | null> {
    const s = storage()
    try {
      const local = s?.getItem(localKey)
      if (local) return JSON.parse(local) as ProgressDocument // newer than what the LRS holds: it never got there
    } catch { /* unreadable copy: ask the LRS */ }
    const remote = await client!.getState<ProgressDocument>(stateParams())
    return remote && typeof remote === 'object' && typeof remote.suspend === 'string' && typeof remote.location === 'string' ? remote : null
  }

  // ---- the adapter --------------------------------------------------------------------------------

  async function start(ctx: TrackingContext): Promise<StartResult> {
    context = ctx
    launch = readLaunch(win.location.search)
    if (!launch) return { saved: null, persistent: false }
    const fetchImpl = win.fetch ? win.fetch.bind(win) : undefined
    if (!packaged) {
      warn('coursepack: course.js names no xAPI activities (not an xAPI package?); progress will not be saved')
      return { saved: null, persistent: false }
    }
    courseId = launch.activityId ?? packaged
    client = options.client ?? createXapiClient({ endpoint: launch.endpoint, auth: launch.auth }, {
      storage: storage(),
      queueKey: queueKeyFor(launch.endpoint, launch.registration),
      ...(fetchImpl ? { fetchImpl } : {}),
      now,
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      warn,
    })
    localKey = `coursepack:xapi-state:${launch.endpoint}|${launch.registration ?? ''}|${courseId}`
    let saved: ProgressDocument | null = null
    try {
      saved = await readState()
    } catch (e) {
      warn(`coursepack: could not read saved progress from the LRS (${String(e)}); starting from the beginning`)
    }
    if (saved) {
      doc = { ...saved }
      reported = saved.status ?? 'incomplete'
      if (saved.location !== '' || saved.suspend !== '') keepLocal(storage()?.getItem(localKey) != null)
    }
    active = true
    startedAt = now()
    send('initialized', courseActivity(), null)
    if (saved && (saved.suspend !== '' || saved.location !== '')) send('resumed', courseActivity(), null)
    win.addEventListener?.('pagehide', () => { void client?.flush({ keepalive: true }) }) // also after Exit: what is still queued
    return {
      saved: saved && (saved.suspend !== '' || saved.location !== '') ? { suspend: saved.suspend, location: saved.location } : null,
      persistent: true,
      ...(launch.actor.name ? { learnerName: launch.actor.name } : {}),
      mode: 'normal',
    }
  }

  function pageShown(page: PageInfo): void {
    const slash = page.location.indexOf('/')
    if (!active || slash < 0) return // the results page is not a page of the course
    const moduleId = page.moduleId ?? page.location.slice(0, slash)
    if (page.moduleTitle) modules.set(moduleId, page.moduleTitle)
    const pageId = page.location.slice(slash + 1)
    send('experienced', activity(childIri(moduleActivity(moduleId).id, 'pages', pageId), ACTIVITY_TYPE.page, context!.language, page.title), moduleId)
  }

  function questionAnswered(record: QuestionRecord): void {
    if (!active) return
    const moduleId = record.moduleId ?? ''
    if (record.moduleTitle) modules.set(moduleId, record.moduleTitle)
    const { definition, response } = interactionOf(record, context!.language)
    const result: Record<string, unknown> = { success: record.correct, response, duration: isoDuration(record.latencyMs) }
    if (record.graded) {
      const max = Math.max(0, record.weight)
      const credit = record.credit ?? (record.correct ? 1 : 0) // partial matching and ordering earn a share
      result.score = max > 0 ? { scaled: credit, raw: Math.round(credit * max * 100) / 100, min: 0, max } : { scaled: credit }
    }
    const object: Activity = { objectType: 'Activity', id: childIri(moduleActivity(moduleId || 'course').id, 'questions', record.id), definition }
    send('answered', object, moduleId || null, { result, timestamp: new Date(record.answeredAt).toISOString() })
  }

  function report(s: ProgressSnapshot): void {
    const duration = sessionDuration()
    if (!doc.completed && s.status !== 'incomplete') {
      send('completed', courseActivity(), null, { result: { completion: true, duration } })
      doc.completed = true
    }
    if (s.status === 'passed' || s.status === 'failed') {
      const score = s.score ?? 0
      send(s.status, courseActivity(), null, {
        result: { score: { scaled: scaledScore(score), raw: Math.round(score * 100) / 100, min: 0, max: 100 }, success: s.status === 'passed', completion: true, duration },
      })
    }
  }

  function progressChanged(s: ProgressSnapshot): void {
    if (!active) return
    let important = s.cause !== 'page'
    if (s.status !== reported) {
      if (s.status !== 'incomplete') report(s)
      reported = s.status
      important = true
    }
    const next: ProgressDocument = { location: s.location, suspend: s.suspend, status: reported, ...(doc.completed ? { completed: true } : {}) }
    if (JSON.stringify(next) !== JSON.stringify(doc)) {
      doc = next
      stateDirty = true
      keepLocal(true)
    }
    if (important) void writeState()
    else if (stateDirty) scheduleState()
  }

  function flush(): void {
    if (!client) return
    void writeState(true)
    void client.flush({ keepalive: true })
  }

  async function finish(reason: FinishReason): Promise<void> {
    if (!active) return
    if (!DONE.has(reported)) send('suspended', courseActivity(), null, { result: { duration: sessionDuration() } })
    send('terminated', courseActivity(), null, { result: { duration: sessionDuration() } })
    active = false
    const keepalive = reason === 'pagehide'
    await Promise.all([writeState(keepalive), client!.flush(keepalive ? { keepalive: true } : {})])
  }

  return { start, pageShown, questionAnswered, progressChanged, flush, finish }
}
