// SCORM 2004 4th edition run-time: the `API_1484_11` object the LMS puts on a parent or opener window,
// and the 2004 dialect of the one SCORM writer (scorm-adapter.ts).
// Spellings and timings follow SPEC-NOTES §3.4–3.5 and §6.1 (Moodle mod_scorm, scorm_13.js):
// - completion_status and success_status are separate; Moodle's report status is completion_status
//   and it never derives success itself (it reads the misspelt cmi.scaled_passed_score), so we set both.
// - Moodle grades from cmi.score.raw, not scaled: raw/min/max are written with scaled.
// - Moodle gives a 2004 attempt's data back only after cmi.exit="suspend" (entry "resume"): location,
//   suspend_data, statuses and score, in review too. So exit is "suspend" always, also once the learner
//   is done: with "normal" a passed attempt reopened for review comes back empty (no result, no
//   certificate). The statuses, not exit, say the attempt is finished.
// - Moodle's regexes are the stricter ones: session_time/latency ≤2 decimals on seconds only, no weeks;
//   choice ids [\w.] only (no "-"); timestamps allow a time zone only after a fraction; NAVEvent has
//   no "_none_". Moodle acts on adl.nav.request only for continue/previous (next/previous SCO), and
//   dies on exit (Moodle 5.1: Terminate → false/101), so a finished course asks for no navigation.
import { SCORM2004_API } from '../../scorm-api.js'
import type { QuestionRecord, Status, TrackingAdapter } from './adapter.js'
import { scaledScore } from '../../scores.js'
import { isoDuration } from './iso-duration.js'
import { createScormAdapter, findScormApi, structuredResponses, type ScormApi, type ScormDialect, type ScormOptions, type ScormWindow } from './scorm-adapter.js'
import { decimal } from './scorm-runtime.js'

/** The SCORM 2004 API as LMSs implement it. */
export type Scorm2004Api = ScormApi<'Initialize' | 'Terminate' | 'GetValue' | 'SetValue' | 'Commit' | 'GetLastError' | 'GetErrorString'>

export type Scorm2004Window = ScormWindow<'API_1484_11', Scorm2004Api>

/** `moduleIds`: without them no SCO asks to continue. */
export type Scorm2004Options = ScormOptions

// ---- 2004 formats -------------------------------------------------------------------------------

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
function readStatus(get: (element: string) => string): Status | 'not attempted' {
  const completion = get('cmi.completion_status')
  const success = get('cmi.success_status')
  if (success === 'passed' || success === 'failed') return success
  if (completion === 'completed' || completion === 'incomplete') return completion
  return 'not attempted' // unknown or not attempted: mark the attempt begun
}

/** The 2004 interaction parts: true/false, choice ids joined by [,], fill-in as a localized string. */
function responses2004(record: QuestionRecord): { type: string; response: string | null; patterns: string[] } {
  const structured = structuredResponses(record, { pair: '[.]', list: '[,]' }, (i) => String(i + 1))
  if (structured) return structured
  switch (record.type) {
    case 'true-false':
      return { type: 'true-false', response: record.response === true ? 'true' : 'false', patterns: [record.correctResponse === true ? 'true' : 'false'] }
    case 'fill-in':
      // Each accepted text is its own pattern: any one of them is right.
      return { type: 'fill-in', response: langString250(String(record.response)), patterns: [...new Set((record.correctResponse as string[]).map(langString250))].slice(0, 10).filter((x) => x !== '') }
    default: {
      const correct = record.correctResponse as number[]
      const response = choiceResponse(record.response as number[])
      // single: any one correct choice is right, so each is its own pattern; multiple: all of them together
      const patterns = record.type === 'single' ? correct.map((i) => choiceResponse([i])) : [choiceResponse(correct)]
      // An empty choice list is not a short identifier: not written.
      return { type: 'choice', response: response === '' ? null : response, patterns: patterns.filter((x) => x !== '') }
    }
  }
}

/** A finished module that is not the last continues to the next; see navigation below for the rest. */
function exitRequest(done: boolean, scope: string | null, moduleIds: readonly string[]): string {
  if (!done) return 'suspendAll' // leaving mid-course: keep the whole attempt for later (Moodle ignores it, cmi.exit carries the suspend there)
  const at = scope === null ? -1 : moduleIds.indexOf(scope)
  return at >= 0 && at < moduleIds.length - 1 ? 'continue' : ''
}

export const SCORM2004: ScormDialect = {
  name: 'SCORM 2004',
  api: SCORM2004_API,
  maxParents: 500, // ADL's 2004 discovery algorithm (GOLF 2004 scormfunctions.js)
  element: {
    entry: 'cmi.entry', mode: 'cmi.mode', learnerName: 'cmi.learner_name', location: 'cmi.location', suspend: 'cmi.suspend_data',
    exit: 'cmi.exit', sessionTime: 'cmi.session_time', scoreRaw: 'cmi.score.raw', interactions: 'cmi.interactions.',
  },
  limit: { location: 1000, suspend: 64000 }, // CMIString1000, CMIString64000
  exitDone: 'suspend', // see the head of this file
  // Only a suspended session's data comes back (entry "resume"); on ab-initio or "" it is not this
  // attempt's, and reading an element never set is error 403 in a strict LMS, so it is not read at all.
  readsSaved: (entry) => entry === 'resume',
  resumes: (entry) => entry === 'resume',
  readStatus,
  writeStatus: [
    // A failed learner has still completed the content; incomplete means the graded part is not done yet.
    ['cmi.completion_status', (s) => (s === 'incomplete' ? 'incomplete' : 'completed')],
    ['cmi.success_status', (s) => (s === 'passed' || s === 'failed' ? s : 'unknown')],
  ],
  writeScore: [
    ['cmi.score.scaled', (score) => String(scaledScore(score))],
    ['cmi.score.raw', decimal], // Moodle grades from raw
    ['cmi.score.min', () => '0'],
    ['cmi.score.max', () => '100'],
  ],
  critical: /^cmi\.(completion_status|success_status|score\.(raw|scaled))$/,
  duration: isoDuration, // timeinterval (second,10,2) as Moodle accepts it
  // RTE 4.2.22: with satisfiedByMeasure the LMS sets this from the manifest's minNormalizedMeasure.
  scaledPassingScore: 'cmi.scaled_passing_score',
  interaction: {
    inModuleScos: true,
    maxIdLength: 4000, // CMILongIdentifier
    responses: responses2004,
    responseElement: 'learner_response',
    result: { correct: 'correct', incorrect: 'incorrect' },
    maxWeight: Infinity, // a real number, no range
    time: { element: 'timestamp', format: formatTimestamp },
    describe: langString250,
  },
  // A finished course (or last module) asks for nothing and leaves the LMS its default: Moodle runs its
  // sequencer on `exit` and dies there, so Terminate fails (false/101) on every passed session, and
  // `_none_` is not a value Moodle accepts.
  navigation: { element: 'adl.nav.request', request: exitRequest },
}

/** ADL discovery: this window and its parents (up to 500), then the opener and its parents. */
export function findScorm2004Api(win: Scorm2004Window): Scorm2004Api | null {
  return findScormApi<Scorm2004Api>(win, SCORM2004)
}

export function createScorm2004Adapter(win: Scorm2004Window, options: Scorm2004Options = {}): TrackingAdapter {
  return createScormAdapter(win, SCORM2004, options)
}
