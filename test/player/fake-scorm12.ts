// A small SCORM 1.2 API in the shape LMSs give it, strict the way Moodle is (SPEC-NOTES §2.2–2.5, §6.1):
// it records every call and refuses, with the LMS's error code, any value Moodle would refuse.
import type { Scorm12Api } from '../../src/player/tracking/scorm12.js'

export const MOODLE_TIMESPAN = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/
const CMI_TIME = /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/
const CMI_IDENTIFIER = /^[\u0021-\u007E]{0,255}$/
const CMI_DECIMAL = /^-?([0-9]{0,3})(\.[0-9]*)?$/
const WRITE_ONLY = /^cmi\.(core\.exit|core\.session_time|interactions\.\d+\.(?!objectives\._count|correct_responses\._count).*)$/

export interface Call { fn: string; args: string[]; result: string }

export class FakeScorm12Api implements Scorm12Api {
  readonly data = new Map<string, string>()
  readonly calls: Call[] = []
  /** Values the LMS refused: each is a bug in the content. */
  readonly refused: { element: string; value: string; code: string }[] = []
  commits = 0
  finishes = 0
  private state: 'new' | 'running' | 'finished' = 'new'
  private lastError = '0'

  constructor(initial: Record<string, string> = {}) {
    this.data.set('cmi.core.lesson_status', 'not attempted')
    this.data.set('cmi.core.entry', 'ab-initio')
    this.data.set('cmi.core.lesson_mode', 'normal')
    this.data.set('cmi.core.student_name', 'Lopez, Ana')
    this.data.set('cmi.suspend_data', '')
    this.data.set('cmi.core.lesson_location', '')
    this.data.set('cmi.interactions._count', '0')
    for (const k of Object.keys(initial)) this.data.set(k, initial[k]!)
  }

  private record(fn: string, args: string[], result: string, error = '0'): string {
    this.lastError = error
    this.calls.push({ fn, args, result })
    return result
  }

  LMSInitialize(arg: string): string {
    if (arg !== '') return this.record('LMSInitialize', [arg], 'false', '201')
    if (this.state !== 'new') return this.record('LMSInitialize', [arg], 'false', '101')
    this.state = 'running'
    return this.record('LMSInitialize', [arg], 'true')
  }

  LMSFinish(arg: string): string {
    this.finishes++
    if (this.state !== 'running') return this.record('LMSFinish', [arg], 'false', '301')
    this.state = 'finished'
    return this.record('LMSFinish', [arg], 'true')
  }

  LMSCommit(arg: string): string {
    if (this.state !== 'running') return this.record('LMSCommit', [arg], 'false', '301')
    this.commits++
    return this.record('LMSCommit', [arg], 'true')
  }

  LMSGetValue(element: string): string {
    if (this.state !== 'running') return this.record('LMSGetValue', [element], '', '301')
    if (WRITE_ONLY.test(element)) return this.record('LMSGetValue', [element], '', '404')
    return this.record('LMSGetValue', [element], this.data.get(element) ?? '')
  }

  LMSSetValue(element: string, value: string): string {
    if (this.state !== 'running') return this.record('LMSSetValue', [element, value], 'false', '301')
    const code = this.check(element, String(value))
    if (code !== '0') {
      this.refused.push({ element, value, code })
      return this.record('LMSSetValue', [element, value], 'false', code)
    }
    this.data.set(element, String(value))
    const m = /^cmi\.interactions\.(\d+)\.id$/.exec(element)
    if (m && Number(m[1]) === Number(this.data.get('cmi.interactions._count'))) this.data.set('cmi.interactions._count', String(Number(m[1]) + 1))
    return this.record('LMSSetValue', [element, value], 'true')
  }

  LMSGetLastError(): string { return this.lastError }
  LMSGetErrorString(code: string): string { return code === '405' ? 'Incorrect Data Type' : '' }
  LMSGetDiagnostic(code: string): string { return this.LMSGetErrorString(code) }

  private check(element: string, value: string): string {
    const range = (v: string, min: number, max: number) => CMI_DECIMAL.test(v) && v !== '' && Number(v) >= min && Number(v) <= max
    switch (element) {
      case 'cmi.core.lesson_status': return ['passed', 'completed', 'failed', 'incomplete', 'browsed'].includes(value) ? '0' : '405'
      case 'cmi.core.exit': return ['time-out', 'suspend', 'logout', ''].includes(value) ? '0' : '405'
      case 'cmi.core.session_time': return MOODLE_TIMESPAN.test(value) ? '0' : '405'
      case 'cmi.core.lesson_location': return value.length <= 255 ? '0' : '405'
      case 'cmi.suspend_data': return value.length <= 4096 ? '0' : '405'
      case 'cmi.core.score.raw': case 'cmi.core.score.min': case 'cmi.core.score.max':
        return value === '' || range(value, 0, 100) ? '0' : '405'
      case 'cmi.core.entry': case 'cmi.core.student_name': case 'cmi.core.lesson_mode': case 'cmi.interactions._count': return '403'
    }
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element)
    if (!m) return '201'
    const n = Number(m[1])
    const count = Number(this.data.get('cmi.interactions._count'))
    if (n > count || (n === count && m[2] !== 'id')) return '201' // a new interaction starts with its id
    const type = this.data.get(`cmi.interactions.${n}.type`)
    const field = m[2]!
    if (field === 'id') return CMI_IDENTIFIER.test(value) && value !== '' ? '0' : '405'
    if (field === 'type') return ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'].includes(value) ? '0' : '405'
    if (field === 'result') return ['correct', 'wrong', 'unanticipated', 'neutral'].includes(value) || range(value, -1e9, 1e9) ? '0' : '405'
    if (field === 'weighting') return range(value, -100, 100) ? '0' : '405'
    if (field === 'time') return CMI_TIME.test(value) ? '0' : '405'
    if (field === 'latency') return MOODLE_TIMESPAN.test(value) ? '0' : '405'
    if (field === 'student_response' || /^correct_responses\.\d+\.pattern$/.test(field)) {
      if (value.length > 255) return '405'
      if (type === 'choice') return /^[0-9a-z](,[0-9a-z])*$/.test(value) ? '0' : '405'
      if (type === 'true-false') return /^[01tf]$/.test(value) ? '0' : '405'
      return '0'
    }
    return '201'
  }

  /** The interactions journal as an LMS report shows it. */
  interactions(): Record<string, string>[] {
    const out: Record<string, string>[] = []
    const count = Number(this.data.get('cmi.interactions._count'))
    for (let n = 0; n < count; n++) {
      const row: Record<string, string> = {}
      for (const [k, v] of this.data) if (k.startsWith(`cmi.interactions.${n}.`)) row[k.slice(`cmi.interactions.${n}.`.length)] = v
      out.push(row)
    }
    return out
  }

  set(element: string): string[] {
    return this.calls.filter((c) => c.fn === 'LMSSetValue' && c.args[0] === element).map((c) => c.args[1]!)
  }
}
