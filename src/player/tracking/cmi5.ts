// cmi5 AU: the launch sequence and statement rules of cmi5 (Quartz), SPEC-NOTES §5.2–5.4.
// Launch URL → one POST to `fetch` for the token (kept in sessionStorage so a reload does not fetch
// again) → LMS.LaunchData (read, never written) → `initialized` → … → `terminated`, then returnURL.
// completed/passed are sent at most once per registration (remembered in our own State document),
// failed only at the end of a session that did not pass (so a retry that passes in the same session
// never yields passed and failed together), and nothing but initialized/terminated in Browse/Review.
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, TrackingAdapter, TrackingContext } from './adapter.js'
import { isoDuration } from './iso-duration.js'
import { createXapiClient, normalizeEndpoint, queueKeyFor, uuid, type LrsConfig, type Statement, type XapiAgent, type XapiClient, type XapiClientOptions } from './xapi-client.js'
import { percentScore, scaledScore } from '../../scores.js'
import { ACTIVITY_TYPE, activity, childIri, interactionOf, verb, type Activity, type VerbName } from './xapi-vocabulary.js'

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5'
export const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon'
export const SESSION_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid'
export const MASTERY_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore'
export const LAUNCH_DATA_STATE = 'LMS.LaunchData'
export const LEARNER_PREFERENCES_PROFILE = 'cmi5LearnerPreferences'
/** Our own State document (never LMS.LaunchData): bookmark, suspend string and what this registration already reported. */
export const PROGRESS_STATE = 'https://coursepack.dev/xapi/state/cmi5-progress'

export interface LaunchParameters { endpoint: string; fetch: string; actor: XapiAgent; registration: string; activityId: string }

type JsonObject = Record<string, unknown>
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface LaunchData {
  contextTemplate: JsonObject
  launchMode: 'Normal' | 'Browse' | 'Review'
  moveOn?: string
  masteryScore?: number
  returnURL?: string
  launchParameters?: string
}

/** What this registration already told the LRS, plus where the learner was. */
export interface Cmi5Progress { location: string; suspend: string; completed: boolean; passed: boolean }

/** One launch session in sessionStorage, keyed by its one-time fetch URL: survives a reload, not a new launch. */
interface SessionRecord { token: string; initializedAt?: number; terminated?: boolean; sent: string[] }

export interface Cmi5Window {
  location: { href: string; assign(url: string): void }
  sessionStorage?: Storage | null
}

export interface Cmi5Options {
  now?: () => number
  fetchImpl?: typeof fetch
  createClient?: (config: LrsConfig, options: XapiClientOptions) => XapiClient
  /** Where Exit goes when LMS.LaunchData has a returnURL. */
  navigate?: (url: string) => void
  warn?: (message: string) => void
  /** Quiet time before a page change is written to our State document. */
  saveDelayMs?: number
}

/** The five launch parameters (cmi5 §8.1), in any order; null when the page was not launched as a cmi5 AU. */
export function readLaunchParameters(href: string): LaunchParameters | null {
  let query: URLSearchParams
  try { query = new URL(href).searchParams } catch { return null }
  const endpoint = query.get('endpoint')
  const fetchUrl = query.get('fetch')
  const actorText = query.get('actor')
  const registration = query.get('registration')
  const activityId = query.get('activityId')
  if (!endpoint || !fetchUrl || !actorText || !registration || !activityId) return null
  let actor: XapiAgent
  try { actor = JSON.parse(actorText) as XapiAgent } catch { return null }
  if (!actor || typeof actor !== 'object') return null
  return { endpoint: normalizeEndpoint(endpoint), fetch: fetchUrl, actor, registration, activityId }
}

function sessionKey(launch: LaunchParameters): string {
  return `coursepack:cmi5-session:${launch.fetch}`
}

function readSession(storage: Storage | null, key: string): SessionRecord | null {
  try {
    const parsed = JSON.parse(storage?.getItem(key) ?? 'null') as SessionRecord | null
    return parsed && typeof parsed.token === 'string' ? { ...parsed, sent: Array.isArray(parsed.sent) ? parsed.sent : [] } : null
  } catch {
    return null
  }
}

function writeSession(storage: Storage | null, key: string, record: SessionRecord): void {
  try { storage?.setItem(key, JSON.stringify(record)) } catch { /* private mode: a reload will fetch again and fail */ }
}

/** A copy of the template's context with `categories` added to contextActivities.category, never overwriting what the LMS put there. */
export function contextFrom(template: JsonObject, registration: string, categories: string[], extensions: JsonObject = {}): JsonObject {
  const context = JSON.parse(JSON.stringify(template ?? {})) as JsonObject
  if (!context.registration) context.registration = registration
  if (categories.length > 0) {
    const activities = isObject(context.contextActivities) ? context.contextActivities : {}
    context.contextActivities = activities
    const category = activities.category
    const existing: unknown[] = category === undefined ? [] : Array.isArray(category) ? category : [category]
    const ids = new Set(existing.map((a) => (isObject(a) ? a.id : undefined)))
    activities.category = [...existing, ...categories.filter((id) => !ids.has(id)).map((id) => ({ id, objectType: 'Activity' }))]
  }
  if (Object.keys(extensions).length > 0) context.extensions = { ...extensions, ...(isObject(context.extensions) ? context.extensions : {}) }
  return context
}

export function createCmi5Adapter(win: Cmi5Window, options: Cmi5Options = {}): TrackingAdapter {
  const clock = options.now ?? (() => Date.now())
  const warn = options.warn ?? ((m: string) => console.warn(m))
  const navigate = options.navigate ?? ((url: string) => win.location.assign(url))
  const saveDelay = options.saveDelayMs ?? 2000
  const fetchImpl = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  let storage: Storage | null = null
  try { storage = win.sessionStorage ?? null } catch { storage = null }

  let launch: LaunchParameters | null = null
  let launchData: LaunchData | null = null
  let client: XapiClient | null = null
  let session: SessionRecord | null = null
  let key = ''
  let language = 'en'
  let active = false // between initialized and terminated
  let normal = false // launchMode Normal: the only mode that reports completion and success
  let graded = false
  let passingScore = 100
  let startedAt = 0
  let lastTimestamp = 0
  let progress: Cmi5Progress = { location: '', suspend: '', completed: false, passed: false }
  let savedJson = ''
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  let failedPending: { score: Record<string, number>; at: number } | null = null
  let reloadedAfterEnd = false

  /** Timestamps strictly increase: cmi5 orders a session's statements by timestamp (§9.3). */
  function timestamp(): string {
    const t = Math.max(clock(), lastTimestamp + 1)
    lastTimestamp = t
    return new Date(t).toISOString()
  }

  function remember(name: string): void {
    if (!session) return
    session.sent.push(name)
    writeSession(storage, key, session)
  }

  function send(name: VerbName, options: { defined: boolean; object?: Activity; result?: Record<string, unknown>; extensions?: Record<string, unknown> }): void {
    if (!client || !launch || !launchData) return
    const result = options.result
    const moveOn = !!result && ('success' in result || 'completion' in result)
    const categories = options.defined ? [CMI5_CATEGORY, ...(moveOn ? [MOVEON_CATEGORY] : [])] : []
    const statement: Statement = {
      id: uuid(),
      timestamp: timestamp(),
      actor: launch.actor,
      verb: verb(name),
      object: options.object ?? { objectType: 'Activity', id: launch.activityId },
      context: contextFrom(launchData.contextTemplate, launch.registration, categories, options.extensions),
      ...(result ? { result } : {}),
    }
    client.send(statement)
    if (options.defined) remember(name)
  }

  function sentThisSession(name: string): boolean {
    return !!session && session.sent.includes(name)
  }

  const stateParams = () => ({ activityId: launch!.activityId, agent: launch!.actor, registration: launch!.registration, stateId: PROGRESS_STATE })

  function saveProgress(keepalive = false): void {
    cancelSave()
    if (!client || !launch || !normal) return
    const json = JSON.stringify(progress)
    // A save still on its way when the page goes is the client's to send again (flush with keepalive).
    if (json === savedJson) return
    savedJson = json
    client.putState(stateParams(), progress, { keepalive }).catch((e: unknown) => {
      savedJson = '' // try again with the next change
      warn(`coursepack: could not save progress to the LRS: ${String(e)}`)
    })
  }

  function cancelSave(): void {
    if (saveTimer !== null) { clearTimeout(saveTimer); saveTimer = null }
  }

  function scheduleSave(): void {
    if (saveTimer === null) saveTimer = setTimeout(() => { saveTimer = null; saveProgress() }, saveDelay)
  }

  /** The mastery score in force, 0–1: the LMS's when LMS.LaunchData has one, else the course's. */
  function mastery(): number {
    return launchData?.masteryScore ?? scaledScore(passingScore)
  }

  function masteryExtension(): Record<string, unknown> {
    return launchData?.masteryScore === undefined ? {} : { [MASTERY_EXTENSION]: launchData.masteryScore }
  }

  async function fetchToken(fetchUrl: string): Promise<string> {
    const response = await fetchImpl(fetchUrl, { method: 'POST' })
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null
    if (response.status === 200 && body && typeof body['auth-token'] === 'string' && body['auth-token']) return body['auth-token']
    const code = body?.['error-code'] ?? `HTTP ${response.status}`
    throw new Error(`the LMS refused the auth token (error ${String(code)}${body?.['error-text'] ? `: ${String(body['error-text'])}` : ''})`)
  }

  async function readLearnerPreferences(auth: string): Promise<void> {
    // cmi5 §11: the AU MUST read it at startup; nothing in it changes the player yet (the course has one language).
    const query = new URLSearchParams({ agent: JSON.stringify(launch!.actor), profileId: LEARNER_PREFERENCES_PROFILE })
    try {
      await fetchImpl(`${launch!.endpoint}agents/profile?${query.toString()}`, { headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3' } })
    } catch (e) {
      warn(`coursepack: could not read the learner preferences: ${String(e)}`)
    }
  }

  async function start(context: TrackingContext): Promise<StartResult> {
    language = context.language || 'en'
    graded = context.graded
    passingScore = context.passingScore
    launch = readLaunchParameters(win.location.href)
    if (!launch) return { saved: null, persistent: false }
    key = sessionKey(launch)
    session = readSession(storage, key)
    try {
      if (!session) {
        session = { token: await fetchToken(launch.fetch), sent: [] }
        writeSession(storage, key, session)
      }
    } catch (e) {
      warn(`coursepack: cmi5 launch failed: ${String(e)}`)
      session = null
      return { saved: null, persistent: false }
    }
    const auth = `Basic ${session.token}`
    client = (options.createClient ?? createXapiClient)({ endpoint: launch.endpoint, auth }, { queueKey: queueKeyFor(launch.endpoint, launch.registration) })
    const base = { activityId: launch.activityId, agent: launch.actor, registration: launch.registration }
    let saved: Cmi5Progress | null
    try {
      const [data, own] = await Promise.all([
        client.getState<LaunchData>({ ...base, stateId: LAUNCH_DATA_STATE }),
        client.getState<Cmi5Progress>({ ...base, stateId: PROGRESS_STATE }),
        readLearnerPreferences(auth),
      ])
      if (!data || typeof data !== 'object' || !data.contextTemplate) throw new Error('no LMS.LaunchData for this launch')
      launchData = data
      saved = own && typeof own === 'object' ? own : null
    } catch (e) {
      warn(`coursepack: cmi5 launch failed: ${String(e)}`)
      return { saved: null, persistent: false }
    }
    normal = launchData.launchMode !== 'Browse' && launchData.launchMode !== 'Review'
    if (saved) progress = { location: String(saved.location ?? ''), suspend: String(saved.suspend ?? ''), completed: saved.completed === true, passed: saved.passed === true }
    savedJson = JSON.stringify(progress)
    if (session.terminated) {
      // A reload after pagehide ended this session: the LMS takes nothing more from it (cmi5 §9.3.8),
      // so show what was kept, say progress is not saved, and let Exit still lead back to the LMS.
      reloadedAfterEnd = true
      return { saved: progress.suspend || progress.location ? { suspend: progress.suspend, location: progress.location } : null, persistent: false }
    }
    active = true
    if (session.initializedAt === undefined) {
      session.initializedAt = clock()
      send('initialized', { defined: true })
    }
    startedAt = session.initializedAt
    const mode = launchData.launchMode === 'Browse' ? 'browse' : launchData.launchMode === 'Review' ? 'review' : 'normal'
    const lmsMastery = typeof launchData.masteryScore === 'number' ? { passingScore: percentScore(launchData.masteryScore) } : {}
    return {
      saved: progress.suspend || progress.location ? { suspend: progress.suspend, location: progress.location } : null,
      persistent: true,
      ...(launch.actor.name ? { learnerName: launch.actor.name } : {}),
      mode,
      // The LMS's own record is not readable here: the AU's state document says what was reached.
      ...(normal ? {} : { held: { status: progress.passed ? 'passed' as const : progress.completed ? 'completed' as const : null, score: null } }),
      ...lmsMastery,
    }
  }

  function pageShown(page: PageInfo): void {
    if (!active || !normal || !launch) return
    send('experienced', {
      defined: false,
      object: activity(childIri(launch.activityId, 'page', ...page.location.split('/')), ACTIVITY_TYPE.page, language, page.title || page.location),
    })
  }

  function questionAnswered(record: QuestionRecord): void {
    if (!active || !normal || !launch) return
    const { definition, response } = interactionOf(record, language)
    send('answered', {
      defined: false,
      // its id hangs off the AU's activity id (cmi5 best practice, SPEC-NOTES §4.5)
      object: { objectType: 'Activity', id: childIri(launch.activityId, 'test', 'questions', 'question', record.id), definition },
      result: { response, success: record.correct, duration: isoDuration(record.latencyMs) },
    })
  }

  function progressChanged(s: ProgressSnapshot): void {
    if (!active || !normal) return
    const elapsed = isoDuration(clock() - startedAt)
    const judged = graded && s.score !== null
    if (!progress.completed && (s.status === 'completed' || judged)) {
      send('completed', { defined: true, result: { completion: true, duration: elapsed } })
      progress.completed = true
    }
    if (judged) {
      const scaled = scaledScore(s.score!)
      const score = { scaled, ...(Number.isInteger(s.score) ? { raw: s.score!, min: 0, max: 100 } : {}) }
      if (scaled >= mastery()) {
        failedPending = null
        // passed once per registration; never in a session that already said failed
        if (!progress.passed && !sentThisSession('failed')) {
          send('passed', { defined: true, result: { score, success: true, duration: elapsed }, extensions: masteryExtension() })
          progress.passed = true
        }
      } else if (!progress.passed) {
        failedPending = { score, at: clock() } // said at the end of the session, unless a retry passes first
      }
    } else if (s.cause === 'retry') {
      failedPending = null
    }
    const moved = s.location !== progress.location || s.suspend !== progress.suspend
    progress.location = s.location
    progress.suspend = s.suspend
    if (s.cause !== 'page') saveProgress()
    else if (moved) scheduleSave()
  }

  function flush(): void {
    if (!client) return
    saveProgress(true)
    void client.flush()
  }

  function goBack(): void {
    const returnURL = launchData?.returnURL
    if (returnURL) navigate(returnURL)
  }

  async function finish(reason: FinishReason): Promise<void> {
    if (reloadedAfterEnd && reason === 'exit') { reloadedAfterEnd = false; goBack(); return }
    if (!active || !client || !session) return
    active = false // terminated is the last statement of the session, whatever comes after
    const pagehide = reason === 'pagehide'
    if (normal && failedPending && !progress.passed && !sentThisSession('failed') && !sentThisSession('passed')) {
      const { score, at } = failedPending
      send('failed', {
        defined: true,
        result: { score, success: false, duration: isoDuration(at - startedAt) },
        extensions: masteryExtension(),
      })
      failedPending = null
    }
    if (normal) saveProgress(pagehide)
    send('terminated', { defined: true, result: { duration: isoDuration(clock() - startedAt) } })
    session.terminated = true
    writeSession(storage, key, session)
    if (pagehide) {
      await client.flush({ keepalive: true })
      return
    }
    await client.flush()
    if (client.pending() > 0) warn('coursepack: some statements are still waiting for the LRS; they go with the next launch')
    goBack()
  }

  return { start, pageShown, questionAnswered, progressChanged, flush, finish }
}
