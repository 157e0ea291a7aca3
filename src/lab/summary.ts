// The side panel's figures, from the log: the same for the page and for anyone reading log(). One
// summary per kind of runtime (SCORM data by version, xAPI statements, nothing for the web package);
// the standards table (./standards.ts) says which a target uses.
import { verbOf } from './lrs.js'
import { LIMITS } from './moodle.js'
import { objectOf, type CmiData } from './resume.js'
import type { LabLog } from './server.js'
import { SCORM_API, type ScormVersion } from '../scorm-api.js'

export interface LabInteraction { id: string; type: string; response: string; result: string; session: number }
export interface LabSummary {
  status: string
  score: string
  location: string
  /** SCORM only: how long suspend_data is against the limit Moodle keeps. */
  suspendData?: { length: number; limit: number }
  sessionTime: string
  interactions: LabInteraction[]
}

/** The log before its summary is made. */
export type LabLogBody = Omit<LabLog, 'summary'>

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v))
/** The value at a path of object keys, or undefined where the path leaves the objects. */
const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((o, k) => objectOf(o)[k], v)

function scoreText(score: unknown): string {
  if (!score || typeof score !== 'object') return ''
  const raw = str(at(score, 'raw'))
  const max = str(at(score, 'max'))
  const scaled = str(at(score, 'scaled'))
  if (raw !== '') return max !== '' ? `${raw} / ${max}` : raw
  return scaled !== '' ? `scaled ${scaled}` : ''
}

/** SCORM interactions as the calls wrote them (1.2 interactions are write-only, so the calls are the record). */
function scormInteractions(log: LabLogBody, set: string): LabInteraction[] {
  const out = new Map<string, LabInteraction>()
  log.sessions.forEach((session, s) => {
    for (const call of session.calls) {
      if (call.error !== '0' || call.method !== set) continue
      const m = /^cmi\.interactions\.(\d+)\.(id|type|student_response|learner_response|result)$/.exec(call.args[0] ?? '')
      if (!m) continue
      const key = `${s}:${m[1]}`
      const row = out.get(key) ?? { id: '', type: '', response: '', result: '', session: s }
      const value = call.args[1] ?? ''
      if (m[2] === 'id') row.id = value
      else if (m[2] === 'type') row.type = value
      else if (m[2] === 'result') row.result = value
      else row.response = value
      out.set(key, row)
    }
  })
  return [...out.values()]
}

/** Where each SCORM version keeps the figures the panel shows. */
const SCORM_FIGURES: Record<ScormVersion, (d: CmiData) => Pick<LabSummary, 'status' | 'score' | 'location' | 'sessionTime'>> = {
  scorm12: (d) => ({
    status: str(at(d, 'core', 'lesson_status')),
    score: scoreText(at(d, 'core', 'score')),
    location: str(at(d, 'core', 'lesson_location')),
    sessionTime: str(at(d, 'core', 'session_time')),
  }),
  scorm2004: (d) => {
    const success = str(d.success_status)
    return {
      status: [str(d.completion_status), success && success !== 'unknown' ? success : ''].filter(Boolean).join(', '),
      score: scoreText(d.score),
      location: str(d.location),
      sessionTime: str(d.session_time),
    }
  },
}

export function summarizeScorm(version: ScormVersion): (log: LabLogBody) => LabSummary {
  return (log) => {
    const { status, score, location, sessionTime } = SCORM_FIGURES[version](log.data)
    return {
      status, score, location,
      suspendData: { length: str(log.data.suspend_data).length, limit: LIMITS[version].suspend_data },
      sessionTime,
      interactions: scormInteractions(log, SCORM_API[version].setValue),
    }
  }
}

const REPORTED = ['initialized', 'completed', 'passed', 'failed', 'suspended', 'resumed', 'terminated', 'launched', 'progressed']
const JUDGED = ['completed', 'passed', 'failed']

/** xAPI and cmi5: what the statements say, the latest last; the location from the content's own state document. */
export function summarizeStatements(log: LabLogBody): LabSummary {
  let status = ''
  let score = ''
  let sessionTime = ''
  const interactions: LabInteraction[] = []
  for (const s of log.statements) {
    const v = verbOf(s)
    const interactionType = at(s, 'object', 'definition', 'interactionType')
    if (REPORTED.includes(v) && !JUDGED.includes(status.split(', ')[0] ?? '')) status = v
    else if (v === 'completed' && (status === 'passed' || status === 'failed')) status = `completed, ${status}`
    else if ((v === 'passed' || v === 'failed') && status === 'completed') status = `completed, ${v}`
    if (at(s, 'result', 'score') && interactionType === undefined) score = scoreText(at(s, 'result', 'score'))
    if (v === 'terminated' && at(s, 'result', 'duration')) sessionTime = str(at(s, 'result', 'duration'))
    if (interactionType) {
      const success = at(s, 'result', 'success')
      interactions.push({
        id: str(at(s, 'object', 'id')), type: str(interactionType), response: str(at(s, 'result', 'response')),
        result: success === true ? 'correct' : success === false ? 'incorrect' : '', session: 0,
      })
    }
  }
  const bookmark = Object.values(log.data).map(objectOf).find((v) => 'location' in v || 'bookmark' in v)
  return { status, score, location: str(bookmark?.location ?? bookmark?.bookmark), sessionTime, interactions }
}

/** The web package reports nothing: launched or not. */
export function summarizeWeb(log: LabLogBody): LabSummary {
  return { status: log.sessions.length ? 'launched' : '', score: '', location: '', sessionTime: '', interactions: [] }
}
