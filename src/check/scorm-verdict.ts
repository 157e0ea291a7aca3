// check's verdict over a SCORM log: what Moodle (SPEC-NOTES §2.2–2.5, §3.4, §6.1) makes of the calls
// a SCO sent. The API's names come from SCORM_API (src/scorm-api.ts); what else differs between 1.2 and 2004
// (error texts, which failed reads are the content's mistake, the exit element, how the result is
// read) is the version's row in SCORM_RULES. The standards table (src/lab/standards.ts) holds the verdict.
import { moodleProblems, newFormatMemory } from '../lab/moodle.js'
import { SCORM_API, type ScormVersion } from '../scorm-api.js'
import type { LabLog } from '../lab/server.js'
import type { Expectation, Finding, Verdict } from './verdict.js'

/** The last value the content set for an element, over every session of the attempt. */
type LastSet = (element: string) => string | undefined

interface ScormRules {
  /** The API's error texts by code, as GetErrorString gives them. */
  errors: Record<string, string>
  /** Failed reads that are the content's mistake (before Initialize, after Finish, no such element); the rest are routine. */
  badReads: readonly string[]
  /** A failed read the lab reports that says nothing: the LMS has no value for the element yet. */
  routineRead?: string
  /** The element that says the learner left to come back ("suspend"). */
  exit: string
  /** What Moodle throws away besides the resume when the first session ends without exit = suspend. */
  lostWithoutSuspend: string
  /** What is wrong with the result the content left, by what the scenario expected (not 'none'). */
  result(last: LastSet, expected: Exclude<Expectation['result'], 'none'>): string[]
}

const quote = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)

const SCORM_RULES: Record<ScormVersion, ScormRules> = {
  scorm12: {
    errors: {
      101: 'general exception', 201: 'invalid argument', 202: 'element cannot have children', 203: 'element not an array',
      301: 'not initialized', 401: 'not implemented', 402: 'invalid set value, element is a keyword', 403: 'element is read only',
      404: 'element is write only', 405: 'incorrect data type',
    },
    badReads: ['301', '201', '404'],
    exit: 'cmi.core.exit',
    lostWithoutSuspend: '',
    // Moodle reads one element, lesson_status, for both completion and success.
    result(last, expected) {
      const status = last('cmi.core.lesson_status')
      const shown = status === undefined ? 'never set cmi.core.lesson_status' : `left cmi.core.lesson_status at ${quote(status)}`
      const ok = {
        passed: status === 'passed',
        failed: status === 'failed',
        completed: status === 'passed' || status === 'completed',
        reported: status === 'passed' || status === 'completed' || status === 'failed',
      }[expected]
      if (ok) return []
      return [expected === 'failed'
        ? `misses the result: a learner who answered wrong should be failed, but the content ${shown}`
        : expected === 'passed'
          ? `misses completion: a learner who answered every question right should be passed, but the content ${shown}`
          : `misses completion: the content ${shown} (Moodle needs passed or completed)`]
    },
  },
  scorm2004: {
    errors: {
      101: 'general exception', 102: 'initialization failed', 103: 'already initialized', 104: 'content instance terminated',
      111: 'termination failure', 112: 'termination before initialization', 113: 'termination after termination',
      122: 'retrieve data before initialization', 123: 'retrieve data after termination', 132: 'store data before initialization',
      133: 'store data after termination', 142: 'commit before initialization', 143: 'commit after termination',
      201: 'general argument error', 301: 'general get failure', 351: 'general set failure', 391: 'general commit failure',
      401: 'undefined data model element', 402: 'unimplemented data model element', 403: 'data model element value not initialized',
      404: 'data model element is read only', 405: 'data model element is write only', 406: 'data model element type mismatch',
      407: 'data model element value out of range', 408: 'data model dependency not established',
    },
    badReads: ['122', '123', '401', '405'],
    routineRead: '403',
    exit: 'cmi.exit',
    lostWithoutSuspend: ' and throws away its location and suspend_data',
    // Completion and success are two elements; Moodle reports completion_status.
    result(last, expected) {
      const completion = last('cmi.completion_status')
      const success = last('cmi.success_status')
      const messages: string[] = []
      if (completion !== 'completed' && expected !== 'reported') {
        messages.push(`misses completion: Moodle reports cmi.completion_status, which the content ${completion === undefined ? 'never set' : `left at ${quote(completion)}`}`)
      }
      if (expected === 'reported' && completion !== 'completed' && success !== 'passed' && success !== 'failed') {
        messages.push('misses completion: the content set neither cmi.completion_status = "completed" nor a success_status')
      }
      if ((expected === 'passed' || expected === 'failed') && success !== expected) {
        messages.push(`misses the result: cmi.success_status should be "${expected}", but the content ${success === undefined ? 'never set it' : `left it at ${quote(success)}`}`)
      }
      return messages
    },
  },
}

/** The verdict for one SCORM version. */
export function scormVerdict(version: ScormVersion): Verdict {
  const api = SCORM_API[version]
  const rules = SCORM_RULES[version]
  const errorText = (code: string): string => (rules.errors[code] ? `${code}, ${rules.errors[code]}` : code)
  const lastSet = (log: LabLog): LastSet => (element) => {
    let value: string | undefined
    for (const s of log.sessions) for (const c of s.calls) if (c.method === api.setValue && c.args[0] === element && c.error === '0' && c.result !== 'false') value = c.args[1]
    return value
  }

  function judge(log: LabLog, expect: Expectation, { flagged }: { flagged: ReadonlySet<string> }): Finding[] {
    const findings: Finding[] = []
    const add = (f: Omit<Finding, 'source'>) => findings.push({ ...f, source: 'check' })
    if (log.sessions.length === 0 || !log.sessions[0].initialized) {
      add({ severity: 'error', message: `the content never called ${api.initialize}: it did not find the LMS's API or did not start tracking`, session: 0 })
      return findings
    }
    for (const [si, s] of log.sessions.entries()) {
      if (si >= expect.sessions) break
      if (!s.initialized) {
        add({ severity: 'error', message: `session ${si + 1}: the content never called ${api.initialize} after the relaunch`, session: si })
        continue
      }
      const inits = s.calls.filter((c) => c.method === api.initialize).length
      if (inits > 1) add({ severity: 'error', message: `session ${si + 1}: ${api.initialize} was called ${inits} times (the LMS refuses the second call)`, session: si })
      const finishes = s.calls.filter((c) => c.method === api.terminate).length
      if (finishes === 0) add({ severity: 'error', message: `session ${si + 1}: the content never called ${api.terminate}, so Moodle never records its final status, score and time`, session: si })
      else if (finishes > 1) add({ severity: 'error', message: `session ${si + 1}: ${api.terminate} was called ${finishes} times; exactly once is right`, session: si })
      // Moodle's formats are the lab's rules (src/lab/moodle.ts), run again here so the verdict holds for
      // any log; every accepted value goes through them in order, since response formats follow the type.
      const memory = newFormatMemory()
      for (const [ci, c] of s.calls.entries()) {
        const byLab = flagged.has(`${si}:${ci}`)
        const failed = c.result === 'false' || (c.error !== '' && c.error !== '0')
        if (c.method === api.setValue) {
          const problem = failed ? undefined : moodleProblems(version, c.args[0] ?? '', c.args[1] ?? '', memory)[0]
          if (byLab) continue
          if (problem) add({ severity: 'error', message: `invalid value: ${problem}`, session: si, call: ci })
          else if (failed) add({ severity: 'error', message: `the LMS refused ${c.args[0]} = ${quote(c.args[1] ?? '')} (${errorText(c.error)})`, session: si, call: ci })
        } else if (byLab) {
          continue
        } else if (failed && (c.method === api.initialize || c.method === api.terminate || c.method === api.commit)) {
          add({ severity: 'error', message: `${c.method} failed (${errorText(c.error)})`, session: si, call: ci })
        } else if (failed && c.method === api.getValue && rules.badReads.includes(c.error)) {
          add({ severity: 'warning', message: `${api.getValue}(${JSON.stringify(c.args[0] ?? '')}) failed (${errorText(c.error)})`, session: si, call: ci })
        }
      }
    }
    if (log.sessions.length < expect.sessions) {
      add({ severity: 'error', message: `the content was launched ${expect.sessions} times but only ${log.sessions.length} session${log.sessions.length === 1 ? '' : 's'} reached the LMS`, session: log.sessions.length })
    }
    if (expect.resumed) {
      const exits = log.sessions[0].calls.filter((c) => c.method === api.setValue && c.args[0] === rules.exit).map((c) => c.args[1])
      if (exits.at(-1) !== 'suspend') {
        add({ severity: 'error', message: `session 1 ended without ${rules.exit} = "suspend", so Moodle does not resume it${rules.lostWithoutSuspend}`, session: 0 })
      }
    }
    if (expect.result !== 'none') {
      for (const message of rules.result(lastSet(log), expect.result)) add({ severity: 'error', message, session: log.sessions.length - 1 })
    }
    return findings
  }

  return {
    judge,
    // Reading an element the LMS has no value for yet (2004's 403) is routine, not worth a designer's attention.
    routine: (p, log) => {
      const call = p.call === undefined ? undefined : log.sessions[p.session]?.calls[p.call]
      return rules.routineRead !== undefined && p.severity === 'warning' && call?.method === api.getValue && call.error === rules.routineRead
    },
  }
}
