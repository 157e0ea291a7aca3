// SCORM 1.2 run-time: the `API` object the LMS puts on a parent or opener window.
// Spellings and timings follow SPEC-NOTES §2 and §6.1 (Moodle): `wrong` not `incorrect`, choice
// responses as single characters, session time HHHH:MM:SS.SS, exit "suspend" until the learner is
// done, LMSFinish exactly once and on pagehide (never unload).
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, StartResult, Status, TrackingAdapter, TrackingContext } from './adapter.js'

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
export interface Scorm12Window {
  API?: Scorm12Api | null
  parent?: Scorm12Window | null
  opener?: Scorm12Window | null
}

export interface Scorm12Options {
  now?: () => number
  /** Page changes are committed after this quiet time, not on every click. */
  commitDelayMs?: number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  warn?: (message: string) => void
}

const MAX_PARENTS = 7 // ADL's "arbitrary number, but should be more than sufficient"

function readApi(win: Scorm12Window): Scorm12Api | null {
  try {
    const api = win.API
    return api && typeof api.LMSInitialize === 'function' ? api : null
  } catch {
    return null // cross-origin frame
  }
}

function parentOf(win: Scorm12Window): Scorm12Window | null {
  try {
    const parent = win.parent
    return parent && parent !== win ? parent : null
  } catch {
    return null
  }
}

function searchUp(start: Scorm12Window): Scorm12Api | null {
  let win: Scorm12Window | null = start
  for (let tries = 0; win; tries++) {
    const api = readApi(win)
    if (api) return api
    if (tries >= MAX_PARENTS) return null
    win = parentOf(win)
  }
  return null
}

/** ADL discovery: this window and up to 7 parents, then the opener and its parents. */
export function findScorm12Api(win: Scorm12Window): Scorm12Api | null {
  const found = searchUp(win)
  if (found) return found
  let opener: Scorm12Window | null | undefined
  try { opener = win.opener } catch { opener = null }
  return opener ? searchUp(opener) : null
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

function decimal(n: number): string {
  return String(Math.round(n * 100) / 100)
}

const STATUS_RANK: Record<Status, number> = { incomplete: 0, failed: 1, completed: 2, passed: 3 }

const isTrue = (v: string | boolean): boolean => v === true || v === 'true'

// ---- the adapter --------------------------------------------------------------------------------

export function createScorm12Adapter(win: Scorm12Window, options: Scorm12Options = {}): TrackingAdapter {
  const now = options.now ?? (() => Date.now())
  const commitDelay = options.commitDelayMs ?? 5000
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const warn = options.warn ?? ((m: string) => console.warn(m))

  let api: Scorm12Api | null = null
  let active = false // between a successful LMSInitialize and LMSFinish
  let startedAt = 0
  let timer: unknown = null
  let dirty = false // values set since the last commit
  let lastStatus: Status | '' = ''
  let lastScore: number | null = null
  let lastLocation = ''
  let lastSuspend = ''
  let done = false // passed or completed: the next exit is final, not a suspend
  let floor = 0 // rank of a finished status the LMS already holds: never report less (lost resume data must not undo a pass)
  let readOnly = false // review/browse: the LMS shows a finished attempt and keeps nothing

  function get(element: string): string {
    try {
      const value = api!.LMSGetValue(element)
      return value == null ? '' : String(value)
    } catch (e) {
      warn(`coursepack: LMSGetValue("${element}") threw ${String(e)}`)
      return ''
    }
  }

  function set(element: string, value: string): void {
    if (!active) return
    try {
      const ok = api!.LMSSetValue(element, value)
      dirty = true
      if (!isTrue(ok)) {
        const code = String(api!.LMSGetLastError())
        let text = ''
        try { text = api!.LMSGetErrorString(code) } catch { /* only for the message */ }
        warn(`coursepack: LMSSetValue("${element}", ${JSON.stringify(value)}) failed: error ${code}${text ? ` (${text})` : ''}`)
      }
    } catch (e) {
      warn(`coursepack: LMSSetValue("${element}") threw ${String(e)}`)
    }
  }

  function commit(): void {
    cancelTimer()
    if (!active || !dirty) return
    dirty = false
    try {
      if (!isTrue(api!.LMSCommit(''))) warn(`coursepack: LMSCommit failed: error ${String(api!.LMSGetLastError())}`)
    } catch (e) {
      warn(`coursepack: LMSCommit threw ${String(e)}`)
    }
  }

  function cancelTimer(): void {
    if (timer !== null) { clearTimer(timer); timer = null }
  }

  function scheduleCommit(): void {
    if (timer !== null) return
    timer = setTimer(() => { timer = null; commit() }, commitDelay)
  }

  function setExit(): void {
    set('cmi.core.exit', done ? '' : 'suspend')
  }

  async function start(_context: TrackingContext): Promise<StartResult> {
    api = findScorm12Api(win)
    if (!api) return { saved: null, persistent: false }
    try {
      if (!isTrue(api.LMSInitialize(''))) {
        warn(`coursepack: LMSInitialize failed: error ${String(api.LMSGetLastError())}`)
        api = null
        return { saved: null, persistent: false }
      }
    } catch (e) {
      warn(`coursepack: LMSInitialize threw ${String(e)}`)
      api = null
      return { saved: null, persistent: false }
    }
    active = true
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
    // ab-initio is a first launch (or a new attempt): whatever else is there is not this learner's to resume.
    const saved = entry !== 'ab-initio' && (suspend !== '' || location !== '') ? { suspend, location } : null
    return {
      saved,
      persistent: true,
      ...(learnerName ? { learnerName } : {}),
      mode: mode === 'review' || mode === 'browse' ? mode : 'normal',
    }
  }

  function pageShown(_page: PageInfo): void {
    // The bookmark travels with progressChanged; 1.2 has nothing per page.
  }

  function questionAnswered(record: QuestionRecord): void {
    if (!active || readOnly) return
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
    if (!active || readOnly) return
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
    if (important) commit()
    else if (dirty) scheduleCommit()
  }

  function flush(): void {
    commit()
  }

  async function finish(_reason: FinishReason): Promise<void> {
    if (!active) return
    cancelTimer()
    if (!readOnly) setExit()
    set('cmi.core.session_time', formatTimespan(now() - startedAt)) // Moodle adds it to total_time only at LMSFinish
    active = false // whatever happens next, LMSFinish is never called twice
    try {
      if (!isTrue(api!.LMSFinish(''))) warn(`coursepack: LMSFinish failed: error ${String(api!.LMSGetLastError())}`)
    } catch (e) {
      warn(`coursepack: LMSFinish threw ${String(e)}`)
    }
  }

  return { start, pageShown, questionAnswered, progressChanged, flush, finish }
}
