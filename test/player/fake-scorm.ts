// A small SCORM API, 1.2 or 2004, in the shape LMSs give it and strict the way Moodle is: it records
// every call and refuses, with the standard's error code, any call or value Moodle would refuse.
// Value formats are judged by the lab's own Moodle rules (src/lab/moodle.ts); what is here is the
// run-time around them (SPEC-NOTES §2.2–2.5, §3.4–3.5): session states, read- and write-only
// elements, vocabularies, the order interactions are written in.
import { moodleProblems, newFormatMemory } from '../../src/lab/moodle.js'
import type { ScormDialect } from '../../src/player/tracking/scorm-adapter.js'
import { SCORM12 } from '../../src/player/tracking/scorm12.js'
import { SCORM2004 } from '../../src/player/tracking/scorm2004.js'

export type Standard = 'scorm12' | 'scorm2004'
type Method = 'initialize' | 'terminate' | 'getValue' | 'setValue' | 'commit'
type Phase = 'new' | 'running' | 'ended'

interface Rules {
  dialect: ScormDialect
  /** What the LMS holds before the first launch. */
  initial: Record<string, string>
  /** Error codes by call and phase: [before Initialize, after Terminate]; Initialize: [while running, after Terminate]. */
  phase: Record<Method, [string, string]>
  readOnly: RegExp
  writeOnly: RegExp
  known: RegExp
  /** Allowed values of elements with a vocabulary. */
  vocabulary: Record<string, RegExp>
  code: { readOnly: string; writeOnly: string; unknown: string; badValue: string; notSet?: string; outOfOrder: string; dependency: string }
  /** Checks the standard adds to Moodle's formats on one interaction field (type known). */
  field(field: string, value: string, type: string | undefined, fake: FakeScormApi, n: number): string
}

const TYPES_2004 = /^(true-false|choice|fill-in|long-fill-in|matching|performance|sequencing|likert|numeric|other)$/
// Moodle scorm_13.js: a time zone only after a fraction of a second; localized strings of ≤250 characters.
export const MOODLE_TIME_2004 = /^(19[7-9]{1}[0-9]{1}|20[0-2]{1}[0-9]{1}|203[0-8]{1})((-(0[1-9]{1}|1[0-2]{1}))((-(0[1-9]{1}|[1-2]{1}[0-9]{1}|3[0-1]{1}))(T([0-1]{1}[0-9]{1}|2[0-3]{1})((:[0-5]{1}[0-9]{1})((:[0-5]{1}[0-9]{1})((\.[0-9]{1,2})((Z|([+|-]([0-1]{1}[0-9]{1}|2[0-3]{1})))(:[0-5]{1}[0-9]{1})?)?)?)?)?)?)?)?$/
const LANG_STRING_250 = /^(\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\})?([^{].{0,250}$)?$/
const DECIMAL_2004 = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/

export const RULES: Record<Standard, Rules> = {
  scorm12: {
    dialect: SCORM12,
    initial: {
      'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio', 'cmi.core.lesson_mode': 'normal', 'cmi.core.credit': 'credit',
      'cmi.core.student_name': 'Lopez, Ana', 'cmi.suspend_data': '', 'cmi.core.lesson_location': '', 'cmi.interactions._count': '0',
    },
    phase: { initialize: ['101', '101'], terminate: ['301', '301'], getValue: ['301', '301'], setValue: ['301', '301'], commit: ['301', '301'] },
    readOnly: /^cmi\.(core\.(entry|student_name|student_id|lesson_mode|credit|total_time)|interactions\._count)$/,
    writeOnly: /^cmi\.(core\.exit|core\.session_time|interactions\.\d+\.(?!objectives\._count|correct_responses\._count).*)$/,
    known: /^cmi\.(core\.[a-z_.]+|suspend_data|interactions\._count|interactions\.\d+\.(id|type|student_response|result|weighting|time|latency|correct_responses\.\d+\.pattern|objectives\.\d+\.id))$/,
    vocabulary: {
      'cmi.core.lesson_status': /^(passed|completed|failed|incomplete|browsed)$/,
      'cmi.core.exit': /^(time-out|suspend|logout|)$/,
    },
    code: { readOnly: '403', writeOnly: '404', unknown: '201', badValue: '405', outOfOrder: '201', dependency: '201' },
    field(field, value) {
      if (field === 'time') return /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/.test(value) ? '0' : '405' // CMITime
      if (field === 'weighting') return /^-?[0-9]{1,3}(\.[0-9]+)?$/.test(value) && Math.abs(Number(value)) <= 100 ? '0' : '405'
      return '0'
    },
  },
  scorm2004: {
    dialect: SCORM2004,
    initial: {
      'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown', 'cmi.entry': 'ab-initio', 'cmi.mode': 'normal', 'cmi.credit': 'credit',
      'cmi.learner_id': 'ana', 'cmi.learner_name': 'Ana López', 'cmi.interactions._count': '0', 'cmi.total_time': 'PT0H0M0S',
      // What a conformant LMS derives from the manifest's minNormalizedMeasure (the test courses pass at 80).
      'cmi.scaled_passing_score': '0.8',
    },
    phase: { initialize: ['103', '104'], terminate: ['112', '113'], getValue: ['122', '123'], setValue: ['132', '133'], commit: ['142', '143'] },
    readOnly: /^cmi\.(entry|mode|credit|learner_id|learner_name|total_time|completion_threshold|scaled_passing_score|launch_data|interactions\._count|_version)$/,
    writeOnly: /^(cmi\.exit|cmi\.session_time|adl\.nav\.request)$/,
    known: /^(cmi\.(completion_status|success_status|entry|mode|credit|learner_id|learner_name|total_time|location|suspend_data|progress_measure|completion_threshold|scaled_passing_score|launch_data|_version|exit|session_time|score\.(scaled|raw|min|max)|interactions\._count|interactions\.\d+\.(id|type|learner_response|result|weighting|timestamp|latency|description|correct_responses\.\d+\.pattern|objectives\.\d+\.id))|adl\.nav\.request)$/,
    vocabulary: {
      'cmi.completion_status': /^(completed|incomplete|not attempted|unknown)$/,
      'cmi.success_status': /^(passed|failed|unknown)$/,
      'cmi.exit': /^(time-out|suspend|logout|normal|)$/,
      'cmi.score.raw': DECIMAL_2004, 'cmi.score.min': DECIMAL_2004, 'cmi.score.max': DECIMAL_2004, 'cmi.score.scaled': DECIMAL_2004,
      // Moodle's NAVEvent: no _none_.
      'adl.nav.request': /^(previous|continue|exit|exitAll|abandon|abandonAll|suspendAll|\{target=\S{0,200}[a-zA-Z0-9]\}choice)$/,
    },
    code: { readOnly: '404', writeOnly: '405', unknown: '401', badValue: '406', notSet: '403', outOfOrder: '351', dependency: '408' },
    field(field, value, type, fake, n) {
      if (field === 'id') return /^\S{1,4000}$/.test(value) ? '0' : '406' // CMILongIdentifier
      if (field === 'type') return TYPES_2004.test(value) ? '0' : '406'
      if (type === undefined) return '408' // everything else depends on the type
      if (field === 'weighting') return DECIMAL_2004.test(value) ? '0' : '406'
      if (field === 'timestamp') return MOODLE_TIME_2004.test(value) ? '0' : '406'
      if (field === 'description') return LANG_STRING_250.test(value) ? '0' : '406'
      const pattern = /^correct_responses\.(\d+)\.pattern$/.exec(field)
      if (field !== 'learner_response' && !pattern) return '0'
      if (pattern) {
        const k = Number(pattern[1])
        if (k > fake.patternCount(n)) return '351'
        if (type === 'true-false' && k > 0) return '351' // one pattern only
      }
      const parts = value.split('[,]')
      if (type === 'true-false') return value === 'true' || value === 'false' ? '0' : '406'
      if (type === 'choice') return parts.length <= 36 && new Set(parts).size === parts.length ? '0' : '406'
      if (type === 'fill-in') return parts.length <= 10 && parts.every((p) => LANG_STRING_250.test(p)) ? '0' : '406'
      return '0'
    },
  },
}

export interface Call { fn: string; args: string[]; result: string; error: string }

export class FakeScormApi {
  readonly data = new Map<string, string>()
  readonly calls: Call[] = []
  /** Calls the LMS refused: each is a bug in the content. */
  readonly refused: { fn: string; element: string; value: string; code: string }[] = []
  commits = 0
  initializes = 0
  terminates = 0
  private phase: Phase = 'new'
  private lastError = '0'
  private readonly memory = newFormatMemory()
  readonly rules: Rules;
  [method: string]: unknown

  constructor(readonly standard: Standard, initial: Record<string, string> = {}) {
    this.rules = RULES[standard]
    for (const [k, v] of Object.entries({ ...this.rules.initial, ...initial })) this.data.set(k, v)
    const names = this.rules.dialect.api
    this[names.initialize] = (arg: string) => this.initialize(arg)
    this[names.terminate] = (arg: string) => this.terminate(arg)
    this[names.getValue] = (element: string) => this.getValue(element)
    this[names.setValue] = (element: string, value: string) => this.setValue(element, value)
    this[names.commit] = (arg: string) => this.commit(arg)
    this[names.getLastError] = () => this.lastError
    this[names.getErrorString] = (code: string) => (code === '0' ? '' : `error ${code}`)
  }

  /** The standard's name for one of its calls ("LMSCommit", "Commit"). */
  name(method: Method): string {
    return this.rules.dialect.api[method]
  }

  /** Replaces one call, as a failing LMS would answer it; `real` is the fake's own. */
  replace(method: Method, make: (real: (...args: string[]) => string) => (...args: string[]) => string | boolean): void {
    const real = (this as Record<string, (...args: string[]) => string>)[this.name(method)]!
    this[this.name(method)] = make(real)
  }

  private record(method: Method, args: string[], result: string, error = '0'): string {
    this.lastError = error
    this.calls.push({ fn: this.name(method), args, result, error })
    if (error !== '0') this.refused.push({ fn: this.name(method), element: args[0] ?? '', value: args[1] ?? '', code: error })
    return result
  }

  /** The code for a call outside a running session, or '0'. */
  private outOfSession(method: Method): string {
    const [before, after] = this.rules.phase[method]
    return this.phase === 'new' ? before : this.phase === 'ended' ? after : '0'
  }

  private initialize(arg: string): string {
    this.initializes++
    if (arg !== '') return this.record('initialize', [arg], 'false', '201')
    if (this.phase !== 'new') return this.record('initialize', [arg], 'false', this.rules.phase.initialize[this.phase === 'running' ? 0 : 1])
    this.phase = 'running'
    return this.record('initialize', [arg], 'true')
  }

  private terminate(arg: string): string {
    this.terminates++
    if (arg !== '') return this.record('terminate', [arg], 'false', '201')
    const code = this.outOfSession('terminate')
    if (code !== '0') return this.record('terminate', [arg], 'false', code)
    this.phase = 'ended'
    // Moodle 5.1 runs its sequencer on exit and dies there (SPEC-NOTES §10): Terminate fails with 101.
    if (this.data.get('adl.nav.request') === 'exit') return this.record('terminate', [arg], 'false', '101')
    return this.record('terminate', [arg], 'true')
  }

  private commit(arg: string): string {
    if (arg !== '') return this.record('commit', [arg], 'false', '201')
    const code = this.outOfSession('commit')
    if (code !== '0') return this.record('commit', [arg], 'false', code)
    this.commits++
    return this.record('commit', [arg], 'true')
  }

  private getValue(element: string): string {
    const code = this.outOfSession('getValue')
    if (code !== '0') return this.record('getValue', [element], '', code)
    const { writeOnly, known } = this.rules
    if (writeOnly.test(element)) return this.record('getValue', [element], '', this.rules.code.writeOnly)
    if (!known.test(element)) return this.record('getValue', [element], '', this.rules.code.unknown)
    const value = this.data.get(element)
    if (value === undefined && this.rules.code.notSet) return this.record('getValue', [element], '', this.rules.code.notSet) // "value not initialized"
    return this.record('getValue', [element], value ?? '')
  }

  private setValue(element: string, value: string): string {
    const code = this.outOfSession('setValue')
    if (code !== '0') return this.record('setValue', [element, value], 'false', code)
    const refusal = this.check(element, String(value))
    if (refusal !== '0') return this.record('setValue', [element, value], 'false', refusal)
    this.data.set(element, String(value))
    const m = /^cmi\.interactions\.(\d+)\.id$/.exec(element)
    if (m && Number(m[1]) === this.interactionCount()) this.data.set('cmi.interactions._count', String(Number(m[1]) + 1))
    return this.record('setValue', [element, value], 'true')
  }

  private check(element: string, value: string): string {
    const { code, vocabulary } = this.rules
    if (this.rules.readOnly.test(element)) return code.readOnly
    if (!this.rules.known.test(element)) return code.unknown
    const interaction = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element)
    if (interaction) {
      const n = Number(interaction[1])
      const field = interaction[2]!
      if (n > this.interactionCount()) return code.outOfOrder // the next index only
      if (n === this.interactionCount() && field !== 'id') return code.dependency // a new interaction starts with its id
      const own = this.rules.field(field, value, this.data.get(`cmi.interactions.${n}.type`), this, n)
      if (own !== '0') return own
    } else if (vocabulary[element] && !vocabulary[element].test(value)) {
      return code.badValue
    }
    return moodleProblems(this.standard, element, value, this.memory).length > 0 ? code.badValue : '0'
  }

  private interactionCount(): number {
    return Number(this.data.get('cmi.interactions._count'))
  }

  /** How many correct patterns interaction n has. */
  patternCount(n: number): number {
    return [...this.data.keys()].filter((key) => key.startsWith(`cmi.interactions.${n}.correct_responses.`)).length
  }

  /** The interactions journal as an LMS report shows it. */
  interactions(): Record<string, string>[] {
    const out: Record<string, string>[] = []
    for (let n = 0; n < this.interactionCount(); n++) {
      const row: Record<string, string> = {}
      for (const [k, v] of this.data) if (k.startsWith(`cmi.interactions.${n}.`)) row[k.slice(`cmi.interactions.${n}.`.length)] = v
      out.push(row)
    }
    return out
  }

  /** The values the content set one element to, in order. */
  set(element: string): string[] {
    return this.calls.filter((c) => c.fn === this.name('setValue') && c.args[0] === element).map((c) => c.args[1]!)
  }

  /** The elements written for interaction n, in the order they were written. */
  writeOrder(n: number): string[] {
    const prefix = `cmi.interactions.${n}.`
    return this.calls.filter((c) => c.fn === this.name('setValue') && c.args[0]!.startsWith(prefix)).map((c) => c.args[0]!.slice(prefix.length))
  }
}
