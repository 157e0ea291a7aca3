// SCORM 1.2 run-time: the `API` object the LMS puts on a parent or opener window, and the 1.2
// dialect of the one SCORM writer (scorm-adapter.ts). Spellings follow SPEC-NOTES §2 and §6.1
// (Moodle): `wrong` not `incorrect`, choice responses as single characters, session time
// HHHH:MM:SS.SS, CMIString255 bookmarks and 4096-character suspend data, exit "" once done.
import { SCORM12_API } from '../../scorm-api.js'
import type { QuestionRecord, Status, TrackingAdapter } from './adapter.js'
import { createScormAdapter, findScormApi, structuredResponses, type ScormApi, type ScormDialect, type ScormOptions, type ScormWindow } from './scorm-adapter.js'
import { decimal } from './scorm-runtime.js'

/** The SCORM 1.2 API as LMSs implement it. */
export type Scorm12Api = ScormApi<'LMSInitialize' | 'LMSFinish' | 'LMSGetValue' | 'LMSSetValue' | 'LMSCommit' | 'LMSGetLastError' | 'LMSGetErrorString'>

export type Scorm12Window = ScormWindow<'API', Scorm12Api>

export type Scorm12Options = ScormOptions

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

const STATUSES = new Set<string>(['incomplete', 'completed', 'passed', 'failed'])

/** The 1.2 interaction parts: t/f, comma-separated choice characters, fill-in text as typed (CMIFeedback, 255). */
function responses12(record: QuestionRecord): { type: string; response: string | null; patterns: string[] } {
  // 1.2 ids are single characters: left items 1–9, then 0 for the tenth
  const structured = structuredResponses(record, { pair: '.', list: ',' }, (i) => String((i + 1) % 10))
  if (structured) return structured
  switch (record.type) {
    case 'true-false':
      return { type: 'true-false', response: record.response === true ? 't' : 'f', patterns: [record.correctResponse === true ? 't' : 'f'] }
    case 'fill-in':
      return { type: 'fill-in', response: String(record.response).slice(0, 255), patterns: (record.correctResponse as string[]).map((a) => a.slice(0, 255)) }
    default: {
      const correct = record.correctResponse as number[]
      // single: any one correct choice is right, so each is its own pattern; multiple: all of them together
      const list = record.type === 'single' ? correct.map((i) => choicePattern([i])) : [choicePattern(correct)]
      return { type: 'choice', response: choicePattern(record.response as number[]), patterns: list.filter((x): x is string => x !== null) }
    }
  }
}

export const SCORM12: ScormDialect = {
  name: 'SCORM 1.2',
  api: SCORM12_API,
  maxParents: 7, // ADL's "arbitrary number, but should be more than sufficient"
  element: {
    entry: 'cmi.core.entry', mode: 'cmi.core.lesson_mode', learnerName: 'cmi.core.student_name', location: 'cmi.core.lesson_location',
    suspend: 'cmi.suspend_data', exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time', scoreRaw: 'cmi.core.score.raw',
    interactions: 'cmi.interactions.',
  },
  limit: { location: 255, suspend: 4096 }, // Moodle in standard mode
  exitDone: '',
  readsSaved: () => true, // 1.2 LMSs hand location and suspend data back whatever the entry; reading them is never an error
  // ab-initio is a first launch (or a new attempt): what is there is not this learner's to resume, unless
  // the status says the attempt is begun. Moodle reopening a module in the same player page hands back what
  // was written in that page but keeps the entry it had when the page loaded (ab-initio).
  resumes: (entry, held) => entry !== 'ab-initio' || held !== 'not attempted',
  readStatus(get) {
    const status = get('cmi.core.lesson_status')
    if (status === 'not attempted' || status === '') return 'not attempted'
    return STATUSES.has(status) ? status as Status : null // "browsed" is not the player's to report
  },
  writeStatus: [['cmi.core.lesson_status', (s) => s]],
  writeScore: [['cmi.core.score.min', () => '0'], ['cmi.core.score.max', () => '100'], ['cmi.core.score.raw', decimal]],
  critical: /^cmi\.core\.(lesson_status|score\.raw)$/,
  duration: formatTimespan,
  interaction: {
    // A module SCO records no interactions: Moodle's 1.2 API (scorm_12.js initdatamodel) cannot initialise
    // a SCO again in the same player page once it wrote any (a TypeError in LMSInitialize), and its table of
    // contents reopens modules just so. Status, score and resume data are what Moodle grades and resumes.
    inModuleScos: false,
    maxIdLength: 255,
    responses: responses12,
    responseElement: 'student_response',
    result: { correct: 'correct', incorrect: 'wrong' },
    maxWeight: 100,
    time: { element: 'time', format: formatTimeOfDay },
  },
}

/** ADL discovery: this window and up to 7 parents, then the opener and its parents. */
export function findScorm12Api(win: Scorm12Window): Scorm12Api | null {
  return findScormApi<Scorm12Api>(win, SCORM12)
}

export function createScorm12Adapter(win: Scorm12Window, options: Scorm12Options = {}): TrackingAdapter {
  return createScormAdapter(win, SCORM12, options)
}
