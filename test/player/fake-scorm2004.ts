// A small SCORM 2004 API in the shape LMSs give it (API_1484_11), strict the way Moodle's scorm_13.js
// and the RTE book are (SPEC-NOTES §3.4–3.5, §6.1): it records every call and refuses, with the
// LMS's error code, any call or value a strict LMS would refuse.
import type { Scorm2004Api } from '../../src/player/tracking/scorm2004.js'

// Moodle scorm_13.js regexes, verbatim in meaning.
export const MOODLE_TIMESPAN = /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/
export const MOODLE_TIME = /^(19[7-9]{1}[0-9]{1}|20[0-2]{1}[0-9]{1}|203[0-8]{1})((-(0[1-9]{1}|1[0-2]{1}))((-(0[1-9]{1}|[1-2]{1}[0-9]{1}|3[0-1]{1}))(T([0-1]{1}[0-9]{1}|2[0-3]{1})((:[0-5]{1}[0-9]{1})((:[0-5]{1}[0-9]{1})((\.[0-9]{1,2})((Z|([+|-]([0-1]{1}[0-9]{1}|2[0-3]{1})))(:[0-5]{1}[0-9]{1})?)?)?)?)?)?)?)?$/
const DECIMAL = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/
const SHORT_IDENTIFIER = /^[\w.]{1,250}$/
const LONG_IDENTIFIER = /^\S{1,4000}$/
const LANG_STRING_250 = /^(\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\})?([^{].{0,250}$)?$/
const NAV_EVENT = /^(previous|continue|exit|exitAll|abandon|abandonAll|suspendAll|\{target=\S{0,200}[a-zA-Z0-9]\}choice)$/
const READ_ONLY = new Set(['cmi.entry', 'cmi.mode', 'cmi.credit', 'cmi.learner_id', 'cmi.learner_name', 'cmi.total_time',
  'cmi.completion_threshold', 'cmi.scaled_passing_score', 'cmi.launch_data', 'cmi.interactions._count', 'cmi._version'])
const WRITE_ONLY = new Set(['cmi.exit', 'cmi.session_time', 'adl.nav.request'])
const TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']

export interface Call { fn: string; args: string[]; result: string; error: string }

export class FakeScorm2004Api implements Scorm2004Api {
  readonly data = new Map<string, string>()
  readonly calls: Call[] = []
  /** Values or calls the LMS refused: each is a bug in the content. */
  readonly refused: { fn: string; element: string; value: string; code: string }[] = []
  commits = 0
  initializes = 0
  terminates = 0
  private state: 'new' | 'running' | 'terminated' = 'new'
  private lastError = '0'

  constructor(initial: Record<string, string> = {}) {
    this.data.set('cmi.completion_status', 'unknown')
    this.data.set('cmi.success_status', 'unknown')
    this.data.set('cmi.entry', 'ab-initio')
    this.data.set('cmi.mode', 'normal')
    this.data.set('cmi.credit', 'credit')
    this.data.set('cmi.learner_id', 'ana')
    this.data.set('cmi.learner_name', 'Ana López')
    this.data.set('cmi.interactions._count', '0')
    this.data.set('cmi.total_time', 'PT0H0M0S')
    // What a conformant LMS derives from the manifest's minNormalizedMeasure (the test courses pass at 80).
    this.data.set('cmi.scaled_passing_score', '0.8')
    for (const k of Object.keys(initial)) this.data.set(k, initial[k]!)
  }

  private record(fn: string, args: string[], result: string, error = '0'): string {
    this.lastError = error
    this.calls.push({ fn, args, result, error })
    if (error !== '0') this.refused.push({ fn, element: args[0] ?? '', value: args[1] ?? '', code: error })
    return result
  }

  Initialize(arg: string): string {
    this.initializes++
    if (arg !== '') return this.record('Initialize', [arg], 'false', '201')
    if (this.state === 'running') return this.record('Initialize', [arg], 'false', '103')
    if (this.state === 'terminated') return this.record('Initialize', [arg], 'false', '104')
    this.state = 'running'
    return this.record('Initialize', [arg], 'true')
  }

  Terminate(arg: string): string {
    this.terminates++
    if (arg !== '') return this.record('Terminate', [arg], 'false', '201')
    if (this.state === 'new') return this.record('Terminate', [arg], 'false', '112')
    if (this.state === 'terminated') return this.record('Terminate', [arg], 'false', '113')
    this.state = 'terminated'
    // Moodle 5.1 runs its sequencer on exit and dies there (SPEC-NOTES §10): Terminate fails with 101.
    if (this.data.get('adl.nav.request') === 'exit') return this.record('Terminate', [arg], 'false', '101')
    return this.record('Terminate', [arg], 'true')
  }

  Commit(arg: string): string {
    if (arg !== '') return this.record('Commit', [arg], 'false', '201')
    if (this.state === 'new') return this.record('Commit', [arg], 'false', '142')
    if (this.state === 'terminated') return this.record('Commit', [arg], 'false', '143')
    this.commits++
    return this.record('Commit', [arg], 'true')
  }

  GetValue(element: string): string {
    if (this.state === 'new') return this.record('GetValue', [element], '', '122')
    if (this.state === 'terminated') return this.record('GetValue', [element], '', '123')
    if (WRITE_ONLY.has(element)) return this.record('GetValue', [element], '', '405')
    if (!this.known(element)) return this.record('GetValue', [element], '', '401')
    const value = this.data.get(element)
    if (value === undefined) return this.record('GetValue', [element], '', '403') // never set: "value not initialized"
    return this.record('GetValue', [element], value)
  }

  SetValue(element: string, value: string): string {
    if (this.state === 'new') return this.record('SetValue', [element, value], 'false', '132')
    if (this.state === 'terminated') return this.record('SetValue', [element, value], 'false', '133')
    const code = this.check(element, String(value))
    if (code !== '0') return this.record('SetValue', [element, value], 'false', code)
    this.data.set(element, String(value))
    const m = /^cmi\.interactions\.(\d+)\.id$/.exec(element)
    if (m && Number(m[1]) === Number(this.data.get('cmi.interactions._count'))) this.data.set('cmi.interactions._count', String(Number(m[1]) + 1))
    return this.record('SetValue', [element, value], 'true')
  }

  GetLastError(): string { return this.lastError }
  GetErrorString(code: string): string { return ({ '406': 'Data Model Element Type Mismatch', '408': 'Data Model Dependency Not Established' } as Record<string, string>)[code] ?? '' }
  GetDiagnostic(code: string): string { return this.GetErrorString(code) }

  private known(element: string): boolean {
    return /^cmi\.(completion_status|success_status|entry|mode|credit|learner_id|learner_name|total_time|location|suspend_data|progress_measure|completion_threshold|scaled_passing_score|launch_data|_version|score\.(scaled|raw|min|max)|interactions\._count|interactions\.\d+\.[a-z_.0-9]+)$/.test(element)
  }

  private check(element: string, value: string): string {
    if (READ_ONLY.has(element)) return '404'
    const decimalIn = (v: string, min: number, max: number) => DECIMAL.test(v) && Number(v) >= min && Number(v) <= max ? '0' : DECIMAL.test(v) ? '407' : '406'
    switch (element) {
      case 'cmi.completion_status': return ['completed', 'incomplete', 'not attempted', 'unknown'].includes(value) ? '0' : '406'
      case 'cmi.success_status': return ['passed', 'failed', 'unknown'].includes(value) ? '0' : '406'
      case 'cmi.exit': return ['time-out', 'suspend', 'logout', 'normal', ''].includes(value) ? '0' : '406'
      case 'cmi.session_time': return MOODLE_TIMESPAN.test(value) ? '0' : '406'
      case 'cmi.location': return value.length <= 1000 ? '0' : '406'
      case 'cmi.suspend_data': return value.length <= 64000 ? '0' : '406'
      case 'cmi.score.scaled': return decimalIn(value, -1, 1)
      case 'cmi.progress_measure': return decimalIn(value, 0, 1)
      case 'cmi.score.raw': case 'cmi.score.min': case 'cmi.score.max': return DECIMAL.test(value) ? '0' : '406'
      case 'adl.nav.request': return NAV_EVENT.test(value) ? '0' : '406'
    }
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element)
    if (!m) return '401'
    const n = Number(m[1])
    const field = m[2]!
    const count = Number(this.data.get('cmi.interactions._count'))
    if (n > count) return '351' // out of order: the next index only
    if (n === count && field !== 'id') return '408' // a new interaction starts with its id
    const type = this.data.get(`cmi.interactions.${n}.type`)
    if (field === 'id') return LONG_IDENTIFIER.test(value) ? '0' : '406'
    if (field === 'type') return TYPES.includes(value) ? '0' : '406'
    if (type === undefined) return '408' // everything else depends on the type
    if (field === 'result') return ['correct', 'incorrect', 'unanticipated', 'neutral'].includes(value) || /^-?([0-9]{1,4})(\.[0-9]{1,18})?$/.test(value) ? '0' : '406'
    if (field === 'weighting') return DECIMAL.test(value) ? '0' : '406'
    if (field === 'timestamp') return MOODLE_TIME.test(value) ? '0' : '406'
    if (field === 'latency') return MOODLE_TIMESPAN.test(value) ? '0' : '406'
    if (field === 'description') return LANG_STRING_250.test(value) ? '0' : '406'
    const pattern = /^correct_responses\.(\d+)\.pattern$/.exec(field)
    if (field === 'learner_response' || pattern) {
      if (pattern) {
        const k = Number(pattern[1])
        const have = [...this.data.keys()].filter((key) => key.startsWith(`cmi.interactions.${n}.correct_responses.`)).length
        if (k > have) return '351'
        if (type === 'true-false' && k > 0) return '351' // one pattern only
      }
      switch (type) {
        case 'true-false': return value === 'true' || value === 'false' ? '0' : '406'
        case 'choice': {
          const ids = value.split('[,]')
          return ids.length <= 36 && new Set(ids).size === ids.length && ids.every((id) => SHORT_IDENTIFIER.test(id)) ? '0' : '406'
        }
        case 'fill-in': {
          const parts = value.split('[,]')
          return parts.length <= 10 && parts.every((p) => LANG_STRING_250.test(p)) ? '0' : '406'
        }
        default: return '0'
      }
    }
    return '401'
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

  /** The values SetValue was called with for one element, in order. */
  set(element: string): string[] {
    return this.calls.filter((c) => c.fn === 'SetValue' && c.args[0] === element).map((c) => c.args[1]!)
  }

  /** The elements written for interaction n, in the order they were written. */
  writeOrder(n: number): string[] {
    const prefix = `cmi.interactions.${n}.`
    return this.calls.filter((c) => c.fn === 'SetValue' && c.args[0]!.startsWith(prefix)).map((c) => c.args[0]!.slice(prefix.length))
  }
}
