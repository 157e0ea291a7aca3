// The side panel's figures, from the log: the same for the page and for anyone reading log().
import { LIMITS } from './moodle.js'
import type { LabLog } from './server.js'

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

type Data = Record<string, any>
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v))

function scoreText(score: Data | undefined): string {
  if (!score) return ''
  const raw = str(score.raw)
  const max = str(score.max)
  const scaled = str(score.scaled)
  if (raw !== '') return max !== '' ? `${raw} / ${max}` : raw
  return scaled !== '' ? `scaled ${scaled}` : ''
}

/** SCORM interactions as the calls wrote them (1.2 interactions are write-only, so the calls are the record). */
function scormInteractions(log: Omit<LabLog, 'summary'>): LabInteraction[] {
  const out = new Map<string, LabInteraction>()
  log.sessions.forEach((session, s) => {
    for (const call of session.calls) {
      if (call.error !== '0' || (call.method !== 'LMSSetValue' && call.method !== 'SetValue')) continue
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

export function summarize(log: Omit<LabLog, 'summary'>): LabSummary {
  const d = log.data as Data
  if (log.target === 'scorm12') {
    const core = d.core ?? {}
    return {
      status: str(core.lesson_status),
      score: scoreText(core.score),
      location: str(core.lesson_location),
      suspendData: { length: str(d.suspend_data).length, limit: LIMITS.scorm12.suspend_data },
      sessionTime: str(core.session_time),
      interactions: scormInteractions(log),
    }
  }
  if (log.target === 'scorm2004') {
    const success = str(d.success_status)
    return {
      status: [str(d.completion_status), success && success !== 'unknown' ? success : ''].filter(Boolean).join(', '),
      score: scoreText(d.score),
      location: str(d.location),
      suspendData: { length: str(d.suspend_data).length, limit: LIMITS.scorm2004.suspend_data },
      sessionTime: str(d.session_time),
      interactions: scormInteractions(log),
    }
  }
  if (log.target === 'web') return { status: log.sessions.length ? 'launched' : '', score: '', location: '', sessionTime: '', interactions: [] }
  // xAPI and cmi5: what the statements say, the latest last.
  const statements = log.statements as Data[]
  const verb = (s: Data) => { const id = str(s.verb?.id); return id.slice(id.lastIndexOf('/') + 1) }
  let status = ''
  let score = ''
  let sessionTime = ''
  const interactions: LabInteraction[] = []
  for (const s of statements) {
    const v = verb(s)
    if (['initialized', 'completed', 'passed', 'failed', 'suspended', 'resumed', 'terminated', 'launched', 'progressed'].includes(v) && !['completed', 'passed', 'failed'].includes(status.split(', ')[0] ?? '')) status = v
    else if (v === 'completed' && (status === 'passed' || status === 'failed')) status = `completed, ${status}`
    else if ((v === 'passed' || v === 'failed') && status === 'completed') status = `completed, ${v}`
    if (s.result?.score && s.object?.definition?.interactionType === undefined) score = scoreText(s.result.score)
    if (v === 'terminated' && s.result?.duration) sessionTime = str(s.result.duration)
    if (s.object?.definition?.interactionType) {
      interactions.push({
        id: str(s.object.id), type: str(s.object.definition.interactionType), response: str(s.result?.response),
        result: s.result?.success === true ? 'correct' : s.result?.success === false ? 'incorrect' : '', session: 0,
      })
    }
  }
  const bookmark = Object.values(d).find((v) => v && typeof v === 'object' && ('location' in (v as Data) || 'bookmark' in (v as Data))) as Data | undefined
  return { status, score, location: str(bookmark?.location ?? bookmark?.bookmark), sessionTime, interactions }
}
