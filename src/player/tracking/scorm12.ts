// SCORM 1.2 run-time: the `API` object the LMS puts on a parent or opener window.
// Spellings and timings follow SPEC-NOTES §2 and §6.1 (Moodle): `wrong` not `incorrect`, choice
// responses as single characters, session time HHHH:MM:SS.SS, exit "suspend" until the learner is
// done, LMSFinish exactly once and on pagehide (never unload).
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, Status, TrackingAdapter, TrackingContext } from './adapter.js'
import { createScormSession, decimal, findApi, scoreFrom, STATUS_RANK, type ApiWindow, type SessionOptions } from './scorm-runtime.js'

/** The SCORM 1.2 API as LMSs implement it: strings in, strings out (some return booleans). */
export interface Scorm12Api {
  LMSInitialize(arg: ''): string | boolean
  LMSFinish(arg: ''): string | boolean
  LMSGetValue(element: string): string
  LMSSetValue(element: string, value: string): string | boolean
  LMSCommit(arg: ''): string | boolean
  LMSGetLastError(): string | number
  LMSGetErrorString(code: string): string
  LMSGetDiagnostic?(code: string): string
}

/** The little of `window` the adapter touches, so tests can pass a fake. */
export interface Scorm12Window extends ApiWindow {
  API?: Scorm12Api | null
  parent?: Scorm12Window | null
  opener?: Scorm12Window | null
}

export interface Scorm12Options extends SessionOptions {
  now?: () => number
}

const MAX_PARENTS = 7 // ADL's "arbitrary number, but should be more than sufficient"

/** ADL discovery: this window and up to 7 parents, then the opener and its parents. */
export function findScorm12Api(win: Scorm12Window): Scorm12Api | null {
  return findApi(win, MAX_PARENTS, (w) => {
    const api = (w as Scorm12Window).API
    return api && typeof api.LMSInitialize === 'function' ? api : null
  })
}

// ---- 1.2 formats --------------------------------------------------------------------------------

/** CMITimespan as Moodle accepts it: HHHH:MM:SS.SS, 2–4 hour digits, at most 2 decimals. */
export function formatTimespan(ms: number): string {
  const centis = Math.max(0, Math.round(ms / 10))
  const maxCentis = (9999 * 3600 + 59 * 60 + 59) * 100 + 99
  const c = Math.min(centis, maxCentis)
  const hours = Math.floor(c / 360000)
  const minutes = Math.floor((c % 360000) / 6000)
  const seconds = Math.floor((c % 6000) / 100)
  const fraction = c % 100
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(fraction, 2)}`
}

/** CMITime: time of day, HH:MM:SS (local time, as the learner saw it). */
export function formatTimeOfDay(epochMs: number): string {
  const d = new Date(epochMs)
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

const CHOICE_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A choice response: one character per choice index, a–z then 0–9, comma-separated; null past 36 choices. */
export function choicePattern(indices: readonly number[]): string | null {
  if (indices.some((i) => i < 0 || i >= CHOICE_CHARS.length)) return null
  return [...indices].sort((a, b) => a - b).map((i) => CHOICE_CHARS[i]).join(',')
}

function cmiString(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max)
}


const STATUSES = new Set(['incomplete', 'completed', 'passed', 'failed'])

/** A refusal of these means the LMS does not hold the learner's result. */
const CRITICAL = /^cmi\.core\.(lesson_status|score\.raw)$/

// ---- the adapter --------------------------------------------------------------------------------

export function createScorm12Adapter(win: Scorm12Window, options: Scorm12Options = {}): TrackingAdapter {
  const now = options.now ?? (() => Date.now())
  const warn = options.warn ?? ((m: string) => console.warn(m))
  let session: ReturnType<typeof createScormSession> | null = null
  let startedAt = 0
  let lastStatus: Status | '' = ''
  let lastScore: number | null = null
  let lastLocation = ''
  let lastSuspend = ''
  let done = false // passed or completed: the next exit is final, not a suspend
  let floor = 0 // rank of a finished status the LMS already holds: never report less (lost resume data must not undo a pass)
  let perModule = false // launched for one module (TrackingContext.scope)
  let readOnly = false // review/browse: the LMS shows a finished attempt and keeps nothing

  const active = () => session !== null && session.isActive()
  const get = (element: string) => session!.get(element)
  const set = (element: string, value: string) => session!.set(element, value)

  function setExit(): void {
    set('cmi.core.exit', done ? '' : 'suspend')
  }

  async function start(context: TrackingContext, notSaved?: () => void): Promise<StartResult> {
    perModule = context.scope !== null
    const api = findScorm12Api(win)
    if (!api) return { saved: null, persistent: false }
    session = createScormSession({
      initialize: () => api.LMSInitialize(''),
      terminate: () => api.LMSFinish(''),
      getValue: (e) => api.LMSGetValue(e),
      setValue: (e, v) => api.LMSSetValue(e, v),
      commit: () => api.LMSCommit(''),
      getLastError: () => api.LMSGetLastError(),
      getErrorString: (c) => api.LMSGetErrorString(c),
      names: { initialize: 'LMSInitialize', terminate: 'LMSFinish', getValue: 'LMSGetValue', setValue: 'LMSSetValue', commit: 'LMSCommit' },
    }, { ...options, warn, critical: (e) => CRITICAL.test(e), ...(notSaved ? { notSaved } : {}) })
    if (!session.begin()) { session = null; return { saved: null, persistent: false, refused: true } }
    startedAt = now()
    const entry = get('cmi.core.entry')
    const location = get('cmi.core.lesson_location')
    const suspend = get('cmi.suspend_data')
    const status = get('cmi.core.lesson_status')
    const learnerName = get('cmi.core.student_name')
    const mode = get('cmi.core.lesson_mode')
    lastLocation = location
    lastSuspend = suspend
    readOnly = mode === 'review' || mode === 'browse'
    if (status === 'passed' || status === 'completed') { done = true; floor = STATUS_RANK[status] }
    if (readOnly) { /* nothing to mark */ } else if (status === 'not attempted' || status === '') {
      set('cmi.core.lesson_status', 'incomplete') // ADL best practice: mark the attempt begun at once
      lastStatus = 'incomplete'
    } else if (status === 'incomplete' || status === 'failed' || status === 'passed' || status === 'completed') {
      lastStatus = status
    }
    if (!readOnly) setExit() // a crash or a lost final call still resumes; committed with the player's first snapshot
    // ab-initio is a first launch (or a new attempt): whatever else is there is not this learner's to resume,
    // unless the status says the attempt is begun. Moodle reopening a module in the same player page hands
    // back what was written in that page but keeps the entry it had when the page loaded (ab-initio).
    const begun = status !== 'not attempted' && status !== ''
    const saved = (entry !== 'ab-initio' || begun) && (suspend !== '' || location !== '') ? { suspend, location } : null
    return {
      saved,
      persistent: true,
      ...(learnerName ? { learnerName } : {}),
      mode: mode === 'review' || mode === 'browse' ? mode : 'normal',
      ...(readOnly ? { held: { status: STATUSES.has(status) ? status as Status : null, score: scoreFrom(get('cmi.core.score.raw')) } } : {}),
    }
  }

  function pageShown(_page: PageInfo): void {
    // The bookmark travels with progressChanged; 1.2 has nothing per page.
  }

  function questionAnswered(record: QuestionRecord): void {
    // A module SCO records no interactions: Moodle's 1.2 API (scorm_12.js initdatamodel) cannot initialise
    // a SCO again in the same player page once it wrote any (a TypeError in LMSInitialize), and its table of
    // contents reopens modules just so. Status, score and resume data are what Moodle grades and resumes.
    if (!active() || readOnly || perModule) return
    const n = parseInt(get('cmi.interactions._count'), 10) || 0 // append-only: interactions are write-only in 1.2
    const p = `cmi.interactions.${n}.`
    set(`${p}id`, cmiString(record.id, 255))
    let response: string | null
    let patterns: string[]
    switch (record.type) {
      case 'true-false':
        set(`${p}type`, 'true-false')
        response = record.response === true ? 't' : 'f'
        patterns = [record.correctResponse === true ? 't' : 'f']
        break
      case 'fill-in':
        set(`${p}type`, 'fill-in')
        response = cmiString(String(record.response), 255)
        patterns = (record.correctResponse as string[]).map((a) => cmiString(a, 255))
        break
      case 'single':
      case 'multiple': {
        set(`${p}type`, 'choice')
        response = choicePattern(record.response as number[])
        const correct = record.correctResponse as number[]
        // single: any one correct choice is right, so each is its own pattern; multiple: all of them together
        const list = record.type === 'single' ? correct.map((i) => choicePattern([i])) : [choicePattern(correct)]
        patterns = list.filter((x): x is string => x !== null)
        break
      }
    }
    if (response !== null) set(`${p}student_response`, response)
    patterns.forEach((pattern, i) => set(`${p}correct_responses.${i}.pattern`, pattern))
    set(`${p}result`, record.correct ? 'correct' : 'wrong')
    set(`${p}weighting`, decimal(record.graded ? Math.max(-100, Math.min(100, record.weight)) : 0))
    set(`${p}time`, formatTimeOfDay(record.answeredAt))
    set(`${p}latency`, formatTimespan(record.latencyMs))
  }

  function progressChanged(s: ProgressSnapshot): void {
    if (!active() || readOnly) return
    let important = s.cause === 'answer' || s.cause === 'retry' || s.cause === 'start'
    const regresses = STATUS_RANK[s.status] < floor
    if (s.score !== null && s.score !== lastScore && !regresses) {
      set('cmi.core.score.min', '0')
      set('cmi.core.score.max', '100')
      set('cmi.core.score.raw', decimal(Math.max(0, Math.min(100, s.score))))
      lastScore = s.score
      important = true
    }
    if (s.status !== lastStatus && !regresses) {
      set('cmi.core.lesson_status', s.status)
      lastStatus = s.status
      const nowDone = s.status === 'passed' || s.status === 'completed'
      if (nowDone !== done) { done = nowDone; setExit() }
      important = true
    }
    const location = cmiString(s.location, 255)
    if (location !== lastLocation) { set('cmi.core.lesson_location', location); lastLocation = location }
    if (s.suspend !== lastSuspend) { set('cmi.suspend_data', s.suspend); lastSuspend = s.suspend }
    if (important) session!.commit()
    else session!.commitSoon()
  }

  function flush(): void {
    if (active()) session!.commit()
  }

  async function finish(_reason: FinishReason): Promise<void> {
    if (!active()) return
    if (!readOnly) { // review/browse writes nothing
      setExit()
      set('cmi.core.session_time', formatTimespan(now() - startedAt)) // Moodle adds it to total_time only at LMSFinish
    }
    session!.end() // LMSFinish exactly once, whatever happens next
  }

  return { start, pageShown, questionAnswered, progressChanged, flush, finish }
}
