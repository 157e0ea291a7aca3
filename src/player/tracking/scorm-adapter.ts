// The one SCORM writer: what the player tells a SCORM LMS, over scorm-runtime's session, for SCORM 1.2
// and 2004 alike. What differs between the standards (element names, limits, time formats, how a
// status, a score and an interaction are spelt, navigation requests) is a dialect: data and small
// format functions, in scorm12.ts and scorm2004.ts. Each entry imports one dialect only, so a 1.2
// package carries no 2004 code.
// Rules both follow (SPEC-NOTES §2.4, §3.4, §6.1, Moodle): mark the attempt begun at once; exit
// "suspend" from the start of every session until the learner is done (then the dialect's exitDone),
// so a crash or a lost final call still resumes; never report less than a finished status the LMS
// already holds; commit after answers and status changes, page changes after a quiet time; session
// time just before the one Terminate/LMSFinish, on Exit or pagehide (never unload); in review or
// browse write nothing.
import type { ScormApiNames } from '../../scorm-api.js'
import type { FinishReason, HeldResult, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, Status, TrackingAdapter, TrackingContext } from './adapter.js'
import { createScormSession, decimal, findApi, scoreFrom, STATUS_RANK, type ApiWindow, type ScormCalls, type ScormSession, type SessionOptions } from './scorm-runtime.js'

/** A SCORM API object: its methods as the standard names them, strings in, strings (some LMSs: booleans, numbers) out. */
export type ScormApi<Method extends string> = Record<Method, (...args: string[]) => string | boolean | number>

/** The little of `window` an adapter touches, with the API object under `Key`, so tests can pass a fake. */
export type ScormWindow<Key extends string, Api> = { [K in Key]?: Api | null } & {
  parent?: ScormWindow<Key, Api> | null
  opener?: ScormWindow<Key, Api> | null
}

type Setter = (element: string, value: string) => void
type Getter = (element: string) => string
/** An element and how a value becomes its text; written in the order listed. */
type Writes<T> = readonly (readonly [element: string, text: (value: T) => string])[]

/** How one standard spells what the player reports. */
export interface ScormDialect {
  /** For messages: "SCORM 1.2". */
  name: string
  /** The API object on the LMS's window and its methods, as the standard names them (src/scorm-api.ts). */
  api: ScormApiNames
  /** ADL discovery: how many parent windows to climb. */
  maxParents: number
  element: {
    entry: string; mode: string; learnerName: string; location: string; suspend: string
    exit: string; sessionTime: string; scoreRaw: string; interactions: string
  }
  /** CMIString limits: longer bookmarks are cut, longer resume data is not written (cut, it would not decode). */
  limit: { location: number; suspend: number }
  /** The exit value once the learner is done (before that: "suspend"). */
  exitDone: string
  /** Whether a launch with this entry may read location and suspend data at all. */
  readsSaved(entry: string): boolean
  /** Whether what was read is this learner's to resume, given the entry and the status the LMS holds. */
  resumes(entry: string, held: Status | 'not attempted' | null): boolean
  /** The status the LMS holds: 'not attempted' when there is none yet; null for one the player does not report. */
  readStatus(get: Getter): Status | 'not attempted' | null
  writeStatus: Writes<Status>
  /** The score, 0–100. */
  writeScore: Writes<number>
  /** A refusal of these means the LMS does not hold the learner's result. */
  critical: RegExp
  /** session_time and interaction latency. */
  duration(ms: number): string
  /** The LMS's passing score, 0–1 (read for graded launches only: elsewhere it is never set). */
  scaledPassingScore?: string
  interaction: {
    /** False where a per-module SCO must write none (an LMS that cannot reopen such a SCO otherwise). */
    inModuleScos: boolean
    maxIdLength: number
    /** The interaction type, the learner's response (null: not written) and the correct patterns. */
    responses(record: QuestionRecord): { type: string; response: string | null; patterns: string[] }
    responseElement: string
    result: { correct: string; incorrect: string }
    maxWeight: number
    time: { element: string; format(epochMs: number): string }
    describe?: (prompt: string) => string
  }
  /** The navigation request the learner's Exit makes ('' for none), when the standard has them. */
  navigation?: { element: string; request(done: boolean, scope: string | null, moduleIds: readonly string[]): string }
}

export interface ScormOptions extends SessionOptions {
  /**
   * The course's module ids in order, for navigation requests (a finished per-module SCO that is not
   * the last asks to continue). The tracking interface does not carry the module list, so the entry
   * passes it from course.js.
   */
  moduleIds?: readonly string[]
  now?: () => number
}

type ApiObject = Record<string, unknown>

/** ADL discovery of the dialect's API object: this window and its parents, then the opener and its parents. */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

/**
 * matching and sequencing in either dialect: left items are numbers (`leftId`: 1.2 needs one character),
 * right-hand options and ordering items letters, so every id is letters and digits as Moodle's short
 * identifiers want. `pair` joins a left and a right id, `list` joins pairs or items. null for other types.
 */
export function structuredResponses(
  record: QuestionRecord, delimiters: { pair: string; list: string }, leftId: (i: number) => string,
): { type: string; response: string | null; patterns: string[] } | null {
  const indices = Array.isArray(record.response) ? record.response as number[] : []
  const correct = Array.isArray(record.correctResponse) ? record.correctResponse as number[] : []
  if (record.type === 'matching') {
    const pairs = (rights: readonly number[]) => rights.map((r, i) => `${leftId(i)}${delimiters.pair}${LETTERS[r]}`).join(delimiters.list)
    return { type: 'matching', response: indices.length ? pairs(indices) : null, patterns: [pairs(correct)] }
  }
  if (record.type === 'ordering') {
    const items = (order: readonly number[]) => order.map((i) => LETTERS[i]).join(delimiters.list)
    return { type: 'sequencing', response: indices.length ? items(indices) : null, patterns: [items(correct)] }
  }
  return null
}

export function findScormApi<T>(win: ApiWindow, dialect: ScormDialect): T | null {
  return findApi(win, dialect.maxParents, (w) => {
    const api = (w as unknown as ApiObject)[dialect.api.object] as ApiObject | null | undefined
    return api && typeof api[dialect.api.initialize] === 'function' ? api as T : null
  })
}

function callsOf(api: ApiObject, names: ScormDialect['api']): ScormCalls {
  // Called as methods: LMS objects (and test fakes) use `this`.
  const run = (name: string, ...args: string[]) => (api[name] as (...a: string[]) => string | boolean | number).apply(api, args)
  return {
    initialize: () => run(names.initialize, '') as string | boolean,
    terminate: () => run(names.terminate, '') as string | boolean,
    getValue: (e) => run(names.getValue, e) as string,
    setValue: (e, v) => run(names.setValue, e, v) as string | boolean,
    commit: () => run(names.commit, '') as string | boolean,
    getLastError: () => run(names.getLastError) as string | number,
    getErrorString: (c) => run(names.getErrorString, c) as string,
    names,
  }
}

const isDone = (status: Status | '') => status === 'passed' || status === 'completed'

export function createScormAdapter(win: ApiWindow, dialect: ScormDialect, options: ScormOptions = {}): TrackingAdapter {
  const now = options.now ?? (() => Date.now())
  const warn = options.warn ?? ((m: string) => console.warn(m))
  const el = dialect.element
  let session: ScormSession | null = null
  let startedAt = 0
  let lastStatus: Status | '' = ''
  let lastScore: number | null = null
  let lastLocation = ''
  let lastSuspend = ''
  let done = false // passed or completed: the next exit is final, not a suspend
  let floor = 0 // rank of a finished status the LMS already holds: never report less (lost resume data must not undo a pass)
  let readOnly = false // review/browse: the LMS shows a finished attempt and keeps nothing
  let scope: string | null = null

  const active = () => session !== null && session.isActive()
  const get: Getter = (element) => session!.get(element)
  const set: Setter = (element, value) => session!.set(element, value)
  const write = <T>(writes: Writes<T>, value: T) => { for (const [element, text] of writes) set(element, text(value)) }

  function setExit(): void {
    set(el.exit, done ? dialect.exitDone : 'suspend')
  }

  async function start(context: TrackingContext, notSaved?: () => void): Promise<StartResult> {
    scope = context.scope
    const api = findScormApi<ApiObject>(win, dialect)
    if (!api) return { saved: null, persistent: false }
    session = createScormSession(callsOf(api, dialect.api), {
      ...options, warn, critical: (e) => dialect.critical.test(e), ...(notSaved ? { notSaved } : {}),
    })
    if (!session.begin()) { session = null; return { saved: null, persistent: false, refused: true } }
    startedAt = now()
    const entry = get(el.entry)
    // Reading an element never set is error 403 in a strict 2004 LMS: the dialect says when saved data can be there.
    const readable = dialect.readsSaved(entry)
    const location = readable ? get(el.location) : ''
    const suspend = readable ? get(el.suspend) : ''
    const held = dialect.readStatus(get)
    const learnerName = get(el.learnerName)
    const mode = get(el.mode)
    // RTE 4.2.22: the LMS's passing score from the manifest (or its own override) judges success.
    const scaledPassing = context.graded && dialect.scaledPassingScore ? get(dialect.scaledPassingScore) : ''
    const lmsPassing = scaledPassing === '' ? NaN : Number(scaledPassing)
    lastLocation = location
    lastSuspend = suspend
    readOnly = mode === 'review' || mode === 'browse'
    if (held === 'passed' || held === 'completed') { done = true; floor = STATUS_RANK[held] }
    if (readOnly) { /* nothing to mark */ } else if (held === 'not attempted') {
      write(dialect.writeStatus, 'incomplete') // ADL best practice: mark the attempt begun at once
      lastStatus = 'incomplete'
    } else if (held !== null) {
      lastStatus = held
    }
    if (!readOnly) setExit() // committed with the player's first snapshot
    const saved = readable && dialect.resumes(entry, held) && (suspend !== '' || location !== '') ? { suspend, location } : null
    return {
      saved,
      persistent: true,
      ...(learnerName ? { learnerName } : {}),
      mode: readOnly ? (mode as 'review' | 'browse') : 'normal',
      ...(readOnly ? { held: heldResult(held) } : {}),
      ...(lmsPassing >= 0 && lmsPassing <= 1 ? { passingScore: Math.round(lmsPassing * 10000) / 100 } : {}),
    }
  }

  /** The result a review shows. A score is there only with a success status; read otherwise, a strict LMS answers 403. */
  function heldResult(held: Status | 'not attempted' | null): HeldResult {
    const status = held === 'not attempted' ? null : held
    return { status, score: status === 'passed' || status === 'failed' ? scoreFrom(get(el.scoreRaw)) : null }
  }

  function pageShown(_page: PageInfo): void {
    // The bookmark travels with progressChanged; SCORM has nothing per page.
  }

  function questionAnswered(record: QuestionRecord): void {
    const spec = dialect.interaction
    if (!active() || readOnly || (scope !== null && !spec.inModuleScos)) return
    const n = parseInt(get(`${el.interactions}_count`), 10) || 0 // a journal, append-only: 1.2 interactions are write-only
    const p = `${el.interactions}${n}.`
    const { type, response, patterns } = spec.responses(record)
    // id first, then type: anything else before them is error 408 in 2004 (dependency not established).
    set(`${p}id`, record.id.slice(0, spec.maxIdLength))
    set(`${p}type`, type)
    if (response !== null) set(`${p}${spec.responseElement}`, response)
    patterns.forEach((pattern, i) => set(`${p}correct_responses.${i}.pattern`, pattern))
    set(`${p}result`, record.correct ? spec.result.correct : spec.result.incorrect)
    set(`${p}weighting`, decimal(record.graded ? Math.max(-spec.maxWeight, Math.min(spec.maxWeight, record.weight)) : 0))
    set(`${p}${spec.time.element}`, spec.time.format(record.answeredAt))
    set(`${p}latency`, dialect.duration(record.latencyMs))
    if (spec.describe) set(`${p}description`, spec.describe(record.prompt))
  }

  function progressChanged(s: ProgressSnapshot): void {
    if (!active() || readOnly) return
    let important = s.cause !== 'page'
    const regresses = STATUS_RANK[s.status] < floor
    if (s.score !== null && s.score !== lastScore && !regresses) {
      write(dialect.writeScore, Math.max(0, Math.min(100, s.score)))
      lastScore = s.score
      important = true
    }
    if (s.status !== lastStatus && !regresses) {
      write(dialect.writeStatus, s.status)
      lastStatus = s.status
      if (isDone(s.status) !== done) { done = isDone(s.status); setExit() }
      important = true
    }
    const location = s.location.slice(0, dialect.limit.location)
    if (location !== lastLocation) { set(el.location, location); lastLocation = location }
    if (s.suspend !== lastSuspend) {
      // Cut resume data would not decode: keep the last state that fitted instead.
      if (s.suspend.length <= dialect.limit.suspend) set(el.suspend, s.suspend)
      else warn(`coursepack: resume data of ${s.suspend.length} characters is over ${dialect.name}'s ${dialect.limit.suspend}; not saved`)
      lastSuspend = s.suspend
    }
    if (important) session!.commit()
    else session!.commitSoon()
  }

  function flush(): void {
    if (active()) session!.commit()
  }

  async function finish(reason: FinishReason): Promise<void> {
    if (!active()) return
    if (!readOnly) { // review/browse writes nothing
      setExit()
      // Only the learner's own Exit asks the LMS to navigate; on pagehide the LMS is already going somewhere.
      const nav = dialect.navigation
      const request = nav && reason === 'exit' ? nav.request(done, scope, options.moduleIds ?? []) : ''
      if (nav && request !== '') set(nav.element, request)
      set(el.sessionTime, dialect.duration(now() - startedAt)) // Moodle adds it to total_time only at Terminate/LMSFinish
    }
    session!.end() // Terminate/LMSFinish exactly once, whatever happens next
  }

  return { start, pageShown, questionAnswered, progressChanged, flush, finish }
}
