// Moodle's stricter formats for SCORM run-time values (SPEC-NOTES §2.3, §2.5, §3.4, §3.5, §6.3).
// scorm-again accepts some values Moodle's mod_scorm rejects (405/406) or truncates; the lab flags
// them so content that passes in the preview does not fail in the LMS most courses go to.
import type { ScormVersion } from './standards.js'

/** Moodle 1.2 CMITimespan: 2–4 hour digits, seconds with at most 2 decimals (`scorm_12.js`). */
export const MOODLE_TIMESPAN_12 = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/
/** Moodle 2004 timeinterval: no weeks, fractions only on seconds, at most 2 decimals (`scorm_13.js`). */
export const MOODLE_DURATION_2004 = /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/
/** Moodle CMIIdentifier: printable ASCII, no spaces, at most 255. */
export const MOODLE_IDENTIFIER = /^[\u0021-\u007E]{0,255}$/
/** Moodle 1.2 CMIDecimal: at most 3 integer digits. */
const MOODLE_DECIMAL_12 = /^-?([0-9]{0,3})(\.[0-9]*)?$/
/** Moodle 2004 short_identifier_type: letters, digits, `_` and `.` (no `-`). */
export const MOODLE_SHORT_IDENTIFIER = /^[\w.]{1,250}$/

export const LIMITS = {
  scorm12: { suspend_data: 4096, lesson_location: 255 },
  scorm2004: { suspend_data: 64000, location: 1000 },
} as const

const TYPES_12 = ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric']
const RESULTS_12 = /^(correct|wrong|unanticipated|neutral|-?[0-9]+(\.[0-9]+)?)$/
const RESULTS_2004 = /^(correct|incorrect|unanticipated|neutral|-?[0-9]+(\.[0-9]+)?)$/

/** What one run-time session remembers to judge later values (an interaction's type decides its response format). */
export interface FormatMemory { interactionTypes: Map<string, string> }

export function newFormatMemory(): FormatMemory {
  return { interactionTypes: new Map() }
}

const count = (n: number) => n.toLocaleString('en-US')

/**
 * Problems Moodle would have with one SetValue (LMSSetValue for 1.2), as messages; empty when Moodle
 * takes the value. Only values scorm-again accepted are worth judging: the caller skips refused calls.
 */
export function moodleProblems(version: ScormVersion, element: string, value: string, memory: FormatMemory): string[] {
  return PROBLEMS[version](element, value, memory)
}

function problems12(element: string, value: string, memory: FormatMemory): string[] {
  const out: string[] = []
  if (element === 'cmi.suspend_data' && value.length > LIMITS.scorm12.suspend_data) {
    out.push(`cmi.suspend_data is ${count(value.length)} characters; Moodle keeps at most ${count(LIMITS.scorm12.suspend_data)} in SCORM 1.2 (standard mode), so resume would break`)
  }
  if (element === 'cmi.core.lesson_location' && value.length > LIMITS.scorm12.lesson_location) {
    out.push(`cmi.core.lesson_location is ${count(value.length)} characters; Moodle keeps at most ${LIMITS.scorm12.lesson_location}`)
  }
  if ((element === 'cmi.core.session_time' || /^cmi\.interactions\.\d+\.latency$/.test(element)) && !MOODLE_TIMESPAN_12.test(value)) {
    out.push(`${element} "${value}" is not a time span Moodle accepts: HH:MM:SS or HH:MM:SS.SS with 2 to 4 hour digits and at most 2 decimals`)
  }
  if (/^cmi\.(core|objectives\.\d+)\.score\.(raw|min|max)$/.test(element) && value !== '') {
    const n = Number(value)
    if (!MOODLE_DECIMAL_12.test(value)) out.push(`${element} "${value}" is not a decimal Moodle accepts (at most 3 integer digits)`)
    else if (!(n >= 0 && n <= 100)) out.push(`${element} "${value}" is outside 0–100; Moodle refuses it in SCORM 1.2`)
  }
  if (/^cmi\.(interactions\.\d+\.(objectives\.\d+\.)?id|objectives\.\d+\.id)$/.test(element) && !MOODLE_IDENTIFIER.test(value)) {
    out.push(`${element} "${value}" is not a CMIIdentifier Moodle accepts: printable ASCII without spaces, at most 255 characters`)
  }
  const interaction = /^cmi\.interactions\.(\d+)\.(type|result|student_response|correct_responses\.\d+\.pattern)$/.exec(element)
  if (interaction) {
    const [, n, field] = interaction
    if (field === 'type') {
      memory.interactionTypes.set(n, value)
      if (!TYPES_12.includes(value)) out.push(`${element} "${value}" is not a SCORM 1.2 interaction type Moodle accepts`)
    } else if (field === 'result') {
      if (!RESULTS_12.test(value)) out.push(`${element} "${value}" is not a SCORM 1.2 result: use correct, wrong, unanticipated, neutral or a number${value === 'incorrect' ? ' ("incorrect" is SCORM 2004\'s word)' : ''}`)
    } else {
      const type = memory.interactionTypes.get(n)
      if (value.length > 255) out.push(`${element} is ${count(value.length)} characters; Moodle keeps at most 255`)
      if ((type === 'choice' || type === 'sequencing') && value !== '' && !/^[0-9a-z](,[0-9a-z])*$/.test(value)) {
        out.push(`${element} "${value}" is not a ${type} response Moodle accepts in SCORM 1.2: single characters 0–9 or a–z separated by commas`)
      }
      if (type === 'matching' && value !== '' && !/^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/.test(value)) {
        out.push(`${element} "${value}" is not a matching response Moodle accepts in SCORM 1.2: single-character source.target pairs separated by commas (1.a,2.c)`)
      }
      if (type === 'true-false' && !/^[01tf]$/.test(value)) out.push(`${element} "${value}" is not a true-false response Moodle accepts in SCORM 1.2: 0, 1, t or f`)
    }
  }
  return out
}

function problems2004(element: string, value: string, memory: FormatMemory): string[] {
  const out: string[] = []
  if (element === 'cmi.suspend_data' && value.length > LIMITS.scorm2004.suspend_data) {
    out.push(`cmi.suspend_data is ${count(value.length)} characters; SCORM 2004 and Moodle keep at most ${count(LIMITS.scorm2004.suspend_data)}`)
  }
  if (element === 'cmi.location' && value.length > LIMITS.scorm2004.location) {
    out.push(`cmi.location is ${count(value.length)} characters; Moodle keeps at most ${count(LIMITS.scorm2004.location)}`)
  }
  if ((element === 'cmi.session_time' || /^cmi\.interactions\.\d+\.latency$/.test(element)) && !MOODLE_DURATION_2004.test(value)) {
    out.push(`${element} "${value}" is not a duration Moodle accepts: ISO 8601 without weeks, fractions only on seconds, at most 2 decimals (e.g. PT1M30.25S)`)
  }
  if (element === 'cmi.score.scaled' && value !== '' && !(Number(value) >= -1 && Number(value) <= 1)) {
    out.push(`cmi.score.scaled "${value}" is outside −1..1`)
  }
  const interaction = /^cmi\.interactions\.(\d+)\.(type|result|learner_response|correct_responses\.\d+\.pattern)$/.exec(element)
  if (interaction) {
    const [, n, field] = interaction
    if (field === 'type') memory.interactionTypes.set(n, value)
    else if (field === 'result') {
      if (!RESULTS_2004.test(value)) out.push(`${element} "${value}" is not a SCORM 2004 result: use correct, incorrect, unanticipated, neutral or a number${value === 'wrong' ? ' ("wrong" is SCORM 1.2\'s word)' : ''}`)
    } else {
      const type = memory.interactionTypes.get(n) ?? ''
      if (['choice', 'sequencing', 'likert', 'matching'].includes(type) && value !== '') {
        const ids = value.split(/\[[,.]\]/)
        const bad = ids.filter((id) => !MOODLE_SHORT_IDENTIFIER.test(id))
        if (bad.length > 0) out.push(`${element} uses ${bad.map((b) => `"${b}"`).join(', ')}: Moodle's short identifiers allow only letters, digits, _ and . (no -)`)
      }
    }
  }
  return out
}

/** Each version's rules, by the version's name. */
const PROBLEMS: Record<ScormVersion, (element: string, value: string, memory: FormatMemory) => string[]> = { scorm12: problems12, scorm2004: problems2004 }
