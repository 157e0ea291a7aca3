// SCORM 2004 4th edition run-time: the `API_1484_11` object the LMS puts on a parent or opener window.
// Spellings and timings follow SPEC-NOTES §3.4–3.5 and §6.1 (Moodle mod_scorm, scorm_13.js):
// - completion_status and success_status are separate; Moodle's report status is completion_status
//   and it never derives success itself (it reads the misspelt cmi.scaled_passed_score), so we set both.
// - Moodle grades from cmi.score.raw, not scaled: raw/min/max are written with scaled.
// - Moodle gives location/suspend_data back only after cmi.exit="suspend" (entry "resume"), so exit is
//   "suspend" from the start of every session until the learner is done, then "normal".
// - Moodle's regexes are the stricter ones: session_time/latency ≤2 decimals on seconds only, no weeks;
//   choice ids [\w.] only (no "-"); timestamps allow a time zone only after a fraction; NAVEvent has
//   no "_none_". Moodle acts on adl.nav.request only for continue/previous (next/previous SCO), and
//   dies on exit (Moodle 5.1: Terminate → false/101), so a finished course asks for no navigation.
// - Initialize("") and Terminate("") exactly once each, Terminate on pagehide (never unload).
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, Status, TrackingAdapter, TrackingContext } from './adapter.js'
import { createScormSession, decimal, findApi, scoreFrom, STATUS_RANK, type ApiWindow, type SessionOptions } from './scorm-runtime.js'

/** The SCORM 2004 API as LMSs implement it: strings in, strings out (some return booleans). */
export interface Scorm2004Api {
  Initialize(arg: ''): string | boolean
  Terminate(arg: ''): string | boolean
  GetValue(element: string): string
  SetValue(element: string, value: string): string | boolean
  Commit(arg: ''): string | boolean
  GetLastError(): string | number
  GetErrorString(code: string): string
  GetDiagnostic?(code: string): string
}

/** The little of `window` the adapter touches, so tests can pass a fake. */
export interface Scorm2004Window extends ApiWindow {
  API_1484_11?: Scorm2004Api | null
  parent?: Scorm2004Window | null
  opener?: Scorm2004Window | null
}

export interface Scorm2004Options extends SessionOptions {
  /**
   * The course's module ids in order. A per-module SCO that is finished and not the last asks the LMS
   * to go on to the next (adl.nav.request=continue). The tracking interface does not carry the module
   * list, so the entry passes it from course.js; without it no SCO asks to continue.
   */
  moduleIds?: readonly string[]
  now?: () => number
}

const MAX_TRIES = 500 // ADL's 2004 discovery algorithm (GOLF 2004 scormfunctions.js)
const MAX_LOCATION = 1000 // CMIString1000
const MAX_SUSPEND = 64000 // CMIString64000

/** ADL discovery: this window and its parents (up to 500), then the opener and its parents. */
export function findScorm2004Api(win: Scorm2004Window): Scorm2004Api | null {
  return findApi(win, MAX_TRIES, (w) => {
    const api = (w as Scorm2004Window).API_1484_11
    return api && typeof api.Initialize === 'function' ? api : null
  })
}

// ---- 2004 formats -------------------------------------------------------------------------------

/**
 * timeinterval (second,10,2) as Moodle accepts it: PT[nH][nM][n[.nn]S], no weeks or days, fractions
 * only on seconds and at most 2 decimals (`PT1.234S` is refused).
 */
export function formatDuration(ms: number): string {
  const centis = Math.max(0, Math.round(ms / 10))
  const hours = Math.floor(centis / 360000)
  const minutes = Math.floor((centis % 360000) / 6000)
  const seconds = (centis % 6000) / 100
  let text = 'PT'
  if (hours > 0) text += `${hours}H`
  if (minutes > 0) text += `${minutes}M`
  if (seconds > 0 || (hours === 0 && minutes === 0)) text += `${seconds.toFixed(2).replace(/\.?0+$/, '')}S`
  return text
}

/**
 * time (second,10,0) in UTC. Moodle's CMITime accepts a time zone designator only after a fraction of
 * a second, so the seconds carry ".0" to make "Z" legal there (scorm-again accepts it too).
 */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(Math.floor(epochMs / 1000) * 1000)
  return `${d.toISOString().slice(0, 19)}.0Z`
}

/** A choice's short identifier: Moodle allows letters, digits, `_` and `.` only, so `choice_1` for the first. */
export function choiceId(index: number): string {
  return `choice_${index + 1}`
}

/** Choice indices as a 2004 response: unique ids joined by `[,]`, in index order. */
export function choiceResponse(indices: readonly number[]): string {
  return [...new Set(indices)].sort((a, b) => a - b).map(choiceId).join('[,]')
}

/**
 * Text for a localized-string element: one line (Moodle's pattern is `.{0,250}`, no line breaks), at
 * most 250 chars, no `[,]` (the delimiter), and never starting with `{` (read as a {lang=} tag).
 */
function langString250(text: string): string {
  const line = text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim().replace(/\[,\]/g, '[ ,]')
  const safe = line.startsWith('{') ? ` ${line}` : line
  return safe.length <= 250 ? safe : safe.slice(0, 250)
}


/** The player's status from the two 2004 statuses the LMS holds. */
function statusFrom(completion: string, success: string): Status | null {
  if (success === 'passed') return 'passed'
  if (success === 'failed') return 'failed'
  if (completion === 'completed') return 'completed'
  if (completion === 'incomplete') return 'incomplete'
  return null
}

/** A refusal of these means the LMS does not hold the learner's result. */
const CRITICAL = /^cmi\.(completion_status|success_status|score\.(raw|scaled))$/

// ---- the adapter --------------------------------------------------------------------------------

export function createScorm2004Adapter(win: Scorm2004Window, options: Scorm2004Options = {}): TrackingAdapter {
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
  let readOnly = false // review/browse: the LMS shows a finished attempt and keeps nothing
  let scope: string | null = null

  const active = () => session !== null && session.isActive()
  const get = (element: string) => session!.get(element)
  const set = (element: string, value: string) => session!.set(element, value)

  function setExit(): void {
    set('cmi.exit', done ? 'normal' : 'suspend')
  }

  /**
   * What to ask the LMS for when the learner presses Exit; '' asks for nothing. A finished module that
   * is not the last asks to continue to the next. A finished course (or last module) asks for nothing
   * and leaves the LMS its default: Moodle runs its sequencer on `exit` and dies there, so Terminate
   * fails (false/101) on every passed session, and `_none_` is not a value Moodle accepts.
   */
  function exitRequest(): string {
    if (!done) return 'suspendAll' // leaving mid-course: keep the whole attempt for later (Moodle ignores it, cmi.exit carries the suspend there)
    const ids = options.moduleIds ?? []
    const at = scope === null ? -1 : ids.indexOf(scope)
    return at >= 0 && at < ids.length - 1 ? 'continue' : ''
  }

  function setStatus(status: Status): void {
    // A failed learner has still completed the content; incomplete means the graded part is not done yet.
    set('cmi.completion_status', status === 'incomplete' ? 'incomplete' : 'completed')
    set('cmi.success_status', status === 'passed' || status === 'failed' ? status : 'unknown')
  }

  async function start(context: TrackingContext, notSaved?: () => void): Promise<StartResult> {
    scope = context.scope
    const api = findScorm2004Api(win)
    if (!api) return { saved: null, persistent: false }
    session = createScormSession({
      initialize: () => api.Initialize(''),
      terminate: () => api.Terminate(''),
      getValue: (e) => api.GetValue(e),
      setValue: (e, v) => api.SetValue(e, v),
      commit: () => api.Commit(''),
      getLastError: () => api.GetLastError(),
      getErrorString: (c) => api.GetErrorString(c),
      names: { initialize: 'Initialize', terminate: 'Terminate', getValue: 'GetValue', setValue: 'SetValue', commit: 'Commit' },
    }, { ...options, warn, critical: (e) => CRITICAL.test(e), ...(notSaved ? { notSaved } : {}) })
    if (!session.begin()) { session = null; return { saved: null, persistent: false, refused: true } }
    startedAt = now()
    const entry = get('cmi.entry')
    // Only a suspended session's data comes back (entry "resume"); on ab-initio or "" it is not this
    // attempt's, and reading an element never set is error 403 in a strict LMS, so it is not read at all.
    const resuming = entry === 'resume'
    const location = resuming ? get('cmi.location') : ''
    const suspend = resuming ? get('cmi.suspend_data') : ''
    const completion = get('cmi.completion_status')
    const success = get('cmi.success_status')
    const learnerName = get('cmi.learner_name')
    const mode = get('cmi.mode')
    // RTE 4.2.22: with satisfiedByMeasure the LMS sets this from the manifest's minNormalizedMeasure (or
    // its own override) and the SCO should judge success by it. Read only for graded SCOs: elsewhere it
    // is never set and a strict LMS answers 403.
    const scaledPassing = context.graded ? get('cmi.scaled_passing_score') : ''
    const lmsPassing = scaledPassing === '' ? NaN : Number(scaledPassing)
    lastLocation = location
    lastSuspend = suspend
    readOnly = mode === 'review' || mode === 'browse'
    const held = statusFrom(completion, success)
    if (held === 'passed' || held === 'completed') { done = true; floor = STATUS_RANK[held] }
    if (readOnly) { /* nothing to mark */ } else if (held === null) {
      setStatus('incomplete') // mark the attempt begun at once
      lastStatus = 'incomplete'
    } else {
      lastStatus = held
    }
    if (!readOnly) setExit() // a crash or a lost final call still resumes; committed with the player's first snapshot
    const saved = resuming && (suspend !== '' || location !== '') ? { suspend, location } : null
    // A score is there only with a success status; reading one never set is 403 in a strict LMS.
    const heldScore = readOnly && (success === 'passed' || success === 'failed') ? scoreFrom(get('cmi.score.raw')) : null
    return {
      saved,
      persistent: true,
      ...(learnerName ? { learnerName } : {}),
      mode: readOnly ? (mode as 'review' | 'browse') : 'normal',
      ...(readOnly ? { held: { status: held, score: heldScore } } : {}),
      ...(lmsPassing >= 0 && lmsPassing <= 1 ? { passingScore: Math.round(lmsPassing * 10000) / 100 } : {}),
    }
  }

  function pageShown(_page: PageInfo): void {
    // The bookmark travels with progressChanged.
  }

  function questionAnswered(record: QuestionRecord): void {
    if (!active() || readOnly) return
    const n = parseInt(get('cmi.interactions._count'), 10) || 0 // a journal: each answer is a new interaction
    const p = `cmi.interactions.${n}.`
    let type: string
    let response: string
    let patterns: string[]
    switch (record.type) {
      case 'true-false':
        type = 'true-false'
        response = record.response === true ? 'true' : 'false'
        patterns = [record.correctResponse === true ? 'true' : 'false']
        break
      case 'fill-in':
        type = 'fill-in'
        response = langString250(String(record.response))
        // Each accepted text is its own pattern: any one of them is right.
        patterns = [...new Set((record.correctResponse as string[]).map(langString250))].slice(0, 10)
        break
      case 'single':
      case 'multiple': {
        type = 'choice'
        response = choiceResponse(record.response as number[])
        const correct = record.correctResponse as number[]
        // single: any one correct choice is right, so each is its own pattern; multiple: all of them together
        patterns = record.type === 'single' ? correct.map((i) => choiceResponse([i])) : [choiceResponse(correct)]
        break
      }
    }
    // id first, then type: anything else before them is error 408 (dependency not established).
    set(`${p}id`, record.id)
    set(`${p}type`, type)
    if (response !== '' || type === 'fill-in') set(`${p}learner_response`, response) // an empty choice list is not a short identifier
    patterns.filter((x) => x !== '').forEach((pattern, i) => set(`${p}correct_responses.${i}.pattern`, pattern))
    set(`${p}result`, record.correct ? 'correct' : 'incorrect')
    set(`${p}weighting`, decimal(record.graded ? record.weight : 0))
    set(`${p}timestamp`, formatTimestamp(record.answeredAt))
    set(`${p}latency`, formatDuration(record.latencyMs))
    set(`${p}description`, langString250(record.prompt))
  }

  function progressChanged(s: ProgressSnapshot): void {
    if (!active() || readOnly) return
    let important = s.cause === 'answer' || s.cause === 'retry' || s.cause === 'start'
    const regresses = STATUS_RANK[s.status] < floor
    if (s.score !== null && s.score !== lastScore && !regresses) {
      const score = Math.max(0, Math.min(100, s.score))
      set('cmi.score.scaled', String(Math.round(score * 100) / 10000))
      set('cmi.score.raw', decimal(score)) // Moodle grades from raw
      set('cmi.score.min', '0')
      set('cmi.score.max', '100')
      lastScore = s.score
      important = true
    }
    if (s.status !== lastStatus && !regresses) {
      setStatus(s.status)
      lastStatus = s.status
      const nowDone = s.status === 'passed' || s.status === 'completed'
      if (nowDone !== done) { done = nowDone; setExit() }
      important = true
    }
    const location = s.location.length <= MAX_LOCATION ? s.location : s.location.slice(0, MAX_LOCATION)
    if (location !== lastLocation) { set('cmi.location', location); lastLocation = location }
    if (s.suspend !== lastSuspend) {
      // Cut resume data would not decode: keep the last state that fitted instead.
      if (s.suspend.length <= MAX_SUSPEND) set('cmi.suspend_data', s.suspend)
      else warn(`coursepack: resume data of ${s.suspend.length} characters is over SCORM 2004's ${MAX_SUSPEND}; not saved`)
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
      const request = reason === 'exit' ? exitRequest() : ''
      if (request !== '') set('adl.nav.request', request)
      set('cmi.session_time', formatDuration(now() - startedAt)) // Moodle adds it to total_time only at Terminate
    }
    session!.end() // Terminate exactly once, whatever happens next
  }

  return { start, pageShown, questionAnswered, progressChanged, flush, finish }
}
