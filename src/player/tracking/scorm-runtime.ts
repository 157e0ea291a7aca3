// What SCORM 1.2 and SCORM 2004 adapters share: finding the API object, and one session with it
// (initialise once, guarded get/set that report the LMS's error, commits after meaningful changes,
// terminate exactly once). The two standards differ only in names here: `LMSGetValue` vs `GetValue`,
// `API` vs `API_1484_11`. What each standard writes stays in its own adapter.
import type { Status } from './adapter.js'

/** A window as far as API discovery goes, so tests can pass a fake. */
export interface ApiWindow {
  parent?: ApiWindow | null
  opener?: ApiWindow | null
}

function parentOf(win: ApiWindow): ApiWindow | null {
  try {
    const parent = win.parent
    return parent && parent !== win ? parent : null
  } catch {
    return null // cross-origin frame
  }
}

/**
 * ADL discovery: this window and up to `maxParents` parents, then the opener and its parents.
 * `read` returns the API on one window or null; it is called inside a try, since cross-origin frames throw.
 */
export function findApi<T>(win: ApiWindow, maxParents: number, read: (win: ApiWindow) => T | null | undefined): T | null {
  const readSafely = (w: ApiWindow): T | null => {
    try { return read(w) ?? null } catch { return null }
  }
  const searchUp = (start: ApiWindow): T | null => {
    let current: ApiWindow | null = start
    for (let tries = 0; current; tries++) {
      const api = readSafely(current)
      if (api) return api
      if (tries >= maxParents) return null
      current = parentOf(current)
    }
    return null
  }
  const found = searchUp(win)
  if (found) return found
  let opener: ApiWindow | null | undefined
  try { opener = win.opener } catch { opener = null }
  return opener ? searchUp(opener) : null
}

/** The calls of a SCORM API, whatever the standard names them; `names` are those names, for messages. */
export interface ScormCalls {
  initialize(): string | boolean
  terminate(): string | boolean
  getValue(element: string): string
  setValue(element: string, value: string): string | boolean
  commit(): string | boolean
  getLastError(): string | number
  getErrorString(code: string): string
  names: { initialize: string; terminate: string; getValue: string; setValue: string; commit: string }
}

export interface SessionOptions {
  /** Page changes are committed after this quiet time, not on every click. */
  commitDelayMs?: number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  warn?: (message: string) => void
  /** Elements whose refusal means the result is not kept (status, score). */
  critical?: (element: string) => boolean
  /** Called when the LMS refuses to keep progress: a failed commit or terminate, or a refused critical value. */
  notSaved?: () => void
}

export interface ScormSession {
  /** Initialize(""): false, with a warning, when the LMS refuses or throws. */
  begin(): boolean
  /** Between a successful begin() and end(). */
  isActive(): boolean
  get(element: string): string
  /** Sets a value while active; a refusal is reported with the LMS's error code, never thrown into the player. */
  set(element: string, value: string): void
  /** Commits now if anything was set since the last commit. */
  commit(): void
  /** Commits after the quiet time, if anything is waiting: for changes that are cheap to lose. */
  commitSoon(): void
  /** Terminate(""), at most once whatever happens; later calls do nothing. */
  end(): void
}

const isTrue = (v: string | boolean): boolean => v === true || v === 'true'

export function createScormSession(calls: ScormCalls, options: SessionOptions = {}): ScormSession {
  const commitDelay = options.commitDelayMs ?? 5000
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const warn = options.warn ?? ((m: string) => console.warn(m))
  const n = calls.names
  const critical = options.critical ?? (() => false)
  const notSaved = options.notSaved ?? (() => {})
  let active = false
  let dirty = false // values set since the last commit
  let timer: unknown = null

  function cancelTimer(): void {
    if (timer !== null) { clearTimer(timer); timer = null }
  }

  /** Runs one API call; a false result or a throw becomes a warning naming the call and the LMS's error. */
  function call(what: string, run: () => string | boolean): boolean {
    try {
      if (isTrue(run())) return true
      const code = String(calls.getLastError())
      let text = ''
      try { text = calls.getErrorString(code) } catch { /* only for the message */ }
      warn(`coursepack: ${what} failed: error ${code}${text ? ` (${text})` : ''}`)
    } catch (e) {
      warn(`coursepack: ${what} threw ${String(e)}`)
    }
    return false
  }

  return {
    begin() {
      active = call(`${n.initialize}("")`, () => calls.initialize())
      return active
    },
    isActive: () => active,
    get(element) {
      try {
        const value = calls.getValue(element)
        return value == null ? '' : String(value)
      } catch (e) {
        warn(`coursepack: ${n.getValue}("${element}") threw ${String(e)}`)
        return ''
      }
    },
    set(element, value) {
      if (!active) return
      dirty = true
      const kept = call(`${n.setValue}("${element}", ${JSON.stringify(value)})`, () => calls.setValue(element, value))
      if (!kept && critical(element)) notSaved()
    },
    commit() {
      cancelTimer()
      if (!active || !dirty) return
      dirty = false
      if (!call(`${n.commit}("")`, () => calls.commit())) notSaved()
    },
    commitSoon() {
      if (timer !== null || !dirty) return
      timer = setTimer(() => { timer = null; this.commit() }, commitDelay)
    },
    end() {
      if (!active) return
      cancelTimer()
      active = false // whatever happens next, Terminate is never called twice
      if (!call(`${n.terminate}("")`, () => calls.terminate())) notSaved()
    },
  }
}

/** Finished statuses outrank unfinished ones: an adapter never reports less than the LMS already holds. */
export const STATUS_RANK: Record<Status, number> = { incomplete: 0, failed: 1, completed: 2, passed: 3 }

/** A score as a CMIDecimal: at most 2 decimals. */
export function decimal(n: number): string {
  return String(Math.round(n * 100) / 100)
}

/** A raw score as the LMS holds it, or null when there is none. */
export function scoreFrom(raw: string): number | null {
  const n = raw.trim() === '' ? NaN : Number(raw)
  return Number.isFinite(n) ? n : null
}
