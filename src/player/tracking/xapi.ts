// xAPI (Tin Can) tracking: statements to the LRS named in the launch URL (SPEC-NOTES §4), progress
// in one State API document per registration. Launch: ?endpoint&auth&actor&registration&activity_id
// (Moodle's xAPI Launch Link, SCORM Cloud and the Rustici launch spec all use these names).
// Session: initialized [resumed] · experienced per page · answered per question · completed, then
// passed/failed for graded courses · suspended when leaving unfinished · terminated, then nothing.
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, Status, TrackingAdapter, TrackingContext } from './adapter.js'
import { createXapiClient, isoDuration, normalizeEndpoint, queueKeyFor, type Statement, type XapiAgent, type XapiClient } from './xapi-client.js'

export const VERB = 'http://adlnet.gov/expapi/verbs/'
export const ACTIVITY_TYPE = 'http://adlnet.gov/expapi/activities/'
/** A page of a module; ADL's vocabulary has no page type, the Activity Streams one is the usual choice. */
export const PAGE_TYPE = 'http://activitystrea.ms/schema/1.0/page'
export const STATE_ID = 'coursepack-progress'
/** The activity id a package without activity_id in its launch falls back to (the target's documented default). */
export const DEFAULT_ACTIVITY_BASE = 'https://coursepack.dev/xapi/courses/'

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
  location: { search: string; href: string }
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

/** The first activity id in a tincan.xml (the course, by construction). */
export function firstActivityId(xml: string): string | null {
  const m = /<activity\b[^>]*?\sid="([^"]+)"/.exec(xml)
  if (!m) return null
  return m[1]!.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

export const moduleIri = (course: string, moduleId: string): string => `${course.replace(/\/+$/, '')}/modules/${encodeURIComponent(moduleId)}`
export const pageIri = (course: string, moduleId: string, pageId: string): string => `${moduleIri(course, moduleId)}/pages/${encodeURIComponent(pageId)}`
export const questionIri = (course: string, moduleId: string, questionId: string): string => `${moduleIri(course, moduleId)}/questions/${encodeURIComponent(questionId)}`

export const choiceId = (index: number): string => `choice-${index + 1}`

/** The interaction definition and response of an answered question (XAPI §2.4.4.1, SPEC-NOTES §4.5). */
export function interactionOf(record: QuestionRecord, language: string): { definition: Record<string, unknown>; response: string } {
  const definition: Record<string, unknown> = {
    type: `${ACTIVITY_TYPE}cmi.interaction`,
    name: { [language]: record.prompt },
  }
  switch (record.type) {
    case 'true-false':
      definition.interactionType = 'true-false'
      definition.correctResponsesPattern = [String(record.correctResponse === true)]
      return { definition, response: String(record.response === true) }
    case 'fill-in': {
      definition.interactionType = 'fill-in'
      // Any accepted text is right; the player ignores case, as the xAPI fill-in default does.
      definition.correctResponsesPattern = (record.correctResponse as string[]).map((a) => a.replace(/\[,\]/g, ', '))
      return { definition, response: String(record.response).replace(/\[,\]/g, ', ') }
    }
    case 'single':
    case 'multiple': {
      definition.interactionType = 'choice'
      const correct = record.correctResponse as number[]
      // single: each correct choice is right on its own; multiple: all of them together
      definition.correctResponsesPattern = record.type === 'single' ? correct.map(choiceId) : [correct.map(choiceId).join('[,]')]
      definition.choices = (record.choices ?? []).map((description, i) => ({ id: choiceId(i), description: { [language]: description } }))
      return { definition, response: (record.response as number[]).map(choiceId).join('[,]') }
    }
    case 'matching':
    case 'ordering': {
      const { definition: parts, response } = structuredInteraction(record, language)
      return { definition: { ...definition, ...parts }, response }
    }
  }
}

export const sourceId = (index: number): string => `source-${index + 1}`
export const targetId = (index: number): string => `target-${index + 1}`

/**
 * matching (source and target lists, `source[.]target` pairs) and sequencing (choices in order) for xAPI
 * and cmi5 alike; the correct pattern is every part right, as the player scores without `partial`.
 */
export function structuredInteraction(record: QuestionRecord, language: string): { definition: Record<string, unknown>; response: string } {
  const list = (texts: readonly string[] | undefined, id: (i: number) => string) => (texts ?? []).map((text, i) => ({ id: id(i), description: { [language]: text } }))
  const indices = Array.isArray(record.response) ? record.response as number[] : []
  const correct = Array.isArray(record.correctResponse) ? record.correctResponse as number[] : []
  if (record.type === 'matching') {
    const pairs = (rights: readonly number[]) => rights.map((r, i) => `${sourceId(i)}[.]${targetId(r)}`).join('[,]')
    return {
      definition: { interactionType: 'matching', source: list(record.sources, sourceId), target: list(record.targets, targetId), correctResponsesPattern: [pairs(correct)] },
      response: pairs(indices),
    }
  }
  const order = (items: readonly number[]) => items.map(choiceId).join('[,]')
  return { definition: { interactionType: 'sequencing', choices: list(record.choices, choiceId), correctResponsesPattern: [order(correct)] }, response: order(indices) }
}

interface ProgressDocument { location: string; suspend: string; status?: Status; completed?: boolean }

const DONE: ReadonlySet<Status> = new Set(['passed', 'completed'])
const verb = (name: string) => ({ id: VERB + name, display: { 'en-US': name } })
const scaled = (score: number) => Math.round(Math.max(0, Math.min(100, score)) * 100) / 10000

export function createXapiAdapter(win: XapiWindow, options: XapiAdapterOptions = {}): TrackingAdapter {
  const now = options.now ?? (() => Date.now())
  const stateDelay = options.stateDelayMs ?? 3000
  const warn = options.warn ?? ((m: string) => console.warn(m))

  let launch: XapiLaunch | null = null
  let client: XapiClient | null = null
  let context: TrackingContext | null = null
  let courseId = '' // the course's activity IRI
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

  function courseActivity(): Record<string, unknown> {
    return { objectType: 'Activity', id: courseId, definition: { type: `${ACTIVITY_TYPE}course`, name: { [context!.language]: context!.courseTitle } } }
  }

  function moduleActivity(id: string): Record<string, unknown> {
    const title = modules.get(id)
    return { objectType: 'Activity', id: moduleIri(courseId, id), definition: { type: `${ACTIVITY_TYPE}module`, ...(title ? { name: { [context!.language]: title } } : {}) } }
  }

  function contextOf(moduleId: string | null): Record<string, unknown> {
    const grouping = [
      ...(moduleId !== null ? [courseActivity()] : []),
      ...(launch!.grouping && launch!.grouping !== courseId ? [{ objectType: 'Activity', id: launch!.grouping }] : []),
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

  function send(name: string, object: Record<string, unknown>, moduleId: string | null, extra: Record<string, unknown> = {}): void {
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
    courseId = launch.activityId ?? await activityFromPackage(fetchImpl) ?? `${DEFAULT_ACTIVITY_BASE}${encodeURIComponent(ctx.courseId)}`
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

  /** Without activity_id in the launch, the package's own tincan.xml names the course. */
  async function activityFromPackage(fetchImpl: typeof fetch | undefined): Promise<string | null> {
    if (!fetchImpl) return null
    try {
      const response = await fetchImpl(new URL('tincan.xml', win.location.href).href)
      return response.ok ? firstActivityId(await response.text()) : null
    } catch {
      return null
    }
  }

  function pageShown(page: PageInfo): void {
    const slash = page.location.indexOf('/')
    if (!active || slash < 0) return // the results page is not a page of the course
    const moduleId = page.moduleId ?? page.location.slice(0, slash)
    if (page.moduleTitle) modules.set(moduleId, page.moduleTitle)
    const pageId = page.location.slice(slash + 1)
    send('experienced', { objectType: 'Activity', id: pageIri(courseId, moduleId, pageId), definition: { type: PAGE_TYPE, name: { [context!.language]: page.title } } }, moduleId)
  }

  function questionAnswered(record: QuestionRecord): void {
    if (!active) return
    const moduleId = record.moduleId ?? ''
    if (record.moduleTitle) modules.set(moduleId, record.moduleTitle)
    const { definition, response } = interactionOf(record, context!.language)
    const result: Record<string, unknown> = { success: record.correct, response, duration: isoDuration(record.latencyMs) }
    if (record.graded) {
      const max = Math.max(0, record.weight)
      result.score = max > 0 ? { scaled: record.correct ? 1 : 0, raw: record.correct ? max : 0, min: 0, max } : { scaled: record.correct ? 1 : 0 }
    }
    const object = { objectType: 'Activity', id: questionIri(courseId, moduleId || 'course', record.id), definition }
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
        result: { score: { scaled: scaled(score), raw: Math.round(score * 100) / 100, min: 0, max: 100 }, success: s.status === 'passed', completion: true, duration },
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
