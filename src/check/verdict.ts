// The verdict over a lab log: what an LMS (Moodle first, SPEC-NOTES §2, §3.4, §6) would make of the
// run-time calls or statements a package sent. Pure functions, so they are tested without a browser.
import { moodleProblems, newFormatMemory } from '../lab/moodle.js'
import type { LabCall, LabLog } from './lab.js'
import type { TargetName } from '../targets/index.js'
import { isScorm, talksToLrs, type ScormVersion } from '../lab/standards.js'

export interface Finding {
  severity: 'error' | 'warning'
  message: string
  /** 0-based session (launch) in the attempt, when the finding belongs to one. */
  session?: number
  /** 0-based index of the call in that session's log. */
  call?: number
  /** 'lab': flagged by the LMS page; 'check': by check's own rules; 'inspect': found in the zip before launching (with its code). */
  source: 'lab' | 'check' | 'inspect'
  code?: string
}

/** What a scenario expects the package to report by the end of the attempt. */
export interface Expectation {
  /**
   * passed / failed: a graded course answered right / wrong. completed: an ungraded one (passed
   * also counts). reported: anything an LMS counts as done (passed, completed or failed). none: do not judge.
   */
  result: 'passed' | 'failed' | 'completed' | 'reported' | 'none'
  /** How many sessions (launches) the scenario made; each must initialize and finish exactly once. */
  sessions: number
  /** The scenario left before the end and relaunched: the first session must have suspended. */
  resumed?: boolean
}

// ---- Moodle's formats (SPEC-NOTES §2.3, §3.4, §6.1) ----------------------------------------------


const API_NAMES = {
  scorm12: { init: 'LMSInitialize', finish: 'LMSFinish', set: 'LMSSetValue', get: 'LMSGetValue', commit: 'LMSCommit' },
  scorm2004: { init: 'Initialize', finish: 'Terminate', set: 'SetValue', get: 'GetValue', commit: 'Commit' },
}

const ERRORS_12: Record<string, string> = {
  101: 'general exception', 201: 'invalid argument', 202: 'element cannot have children', 203: 'element not an array',
  301: 'not initialized', 401: 'not implemented', 402: 'invalid set value, element is a keyword', 403: 'element is read only',
  404: 'element is write only', 405: 'incorrect data type',
}
const ERRORS_2004: Record<string, string> = {
  101: 'general exception', 102: 'initialization failed', 103: 'already initialized', 104: 'content instance terminated',
  111: 'termination failure', 112: 'termination before initialization', 113: 'termination after termination',
  122: 'retrieve data before initialization', 123: 'retrieve data after termination', 132: 'store data before initialization',
  133: 'store data after termination', 142: 'commit before initialization', 143: 'commit after termination',
  201: 'general argument error', 301: 'general get failure', 351: 'general set failure', 391: 'general commit failure',
  401: 'undefined data model element', 402: 'unimplemented data model element', 403: 'data model element value not initialized',
  404: 'data model element is read only', 405: 'data model element is write only', 406: 'data model element type mismatch',
  407: 'data model element value out of range', 408: 'data model dependency not established',
}

/** A call as the log shows it: LMSSetValue("cmi.core.session_time", "0:05:00") → "false" (405). */
export function formatCall(c: LabCall): string {
  const args = c.args.map((a) => JSON.stringify(a.length > 80 ? `${a.slice(0, 77)}…` : a)).join(', ')
  return `${c.method}(${args}) → ${JSON.stringify(c.result)}${c.error && c.error !== '0' ? ` (${c.error})` : ''}`
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)
}

function errorText(target: ScormVersion, code: string): string {
  const text = (target === 'scorm12' ? ERRORS_12 : ERRORS_2004)[code]
  return text ? `${code}, ${text}` : code
}

/** The last value the content set for an element, over every session of the attempt. */
export function lastSetValue(log: LabLog, element: string): string | undefined {
  if (!isScorm(log.target)) return undefined
  const set = API_NAMES[log.target].set
  let value: string | undefined
  for (const s of log.sessions) for (const c of s.calls) if (c.method === set && c.args[0] === element && c.error === '0' && c.result !== 'false') value = c.args[1]
  return value
}

function judgeScorm(log: LabLog, target: ScormVersion, expect: Expectation, flaggedByLab: Set<string>): Finding[] {
  const api = API_NAMES[target]
  const findings: Finding[] = []
  const add = (f: Omit<Finding, 'source'>) => findings.push({ ...f, source: 'check' })
  if (log.sessions.length === 0 || !log.sessions[0].initialized) {
    add({ severity: 'error', message: `the content never called ${api.init}: it did not find the LMS's API or did not start tracking`, session: 0 })
    return findings
  }
  for (const [si, s] of log.sessions.entries()) {
    if (si >= expect.sessions) break
    if (!s.initialized) {
      add({ severity: 'error', message: `session ${si + 1}: the content never called ${api.init} after the relaunch`, session: si })
      continue
    }
    const inits = s.calls.filter((c) => c.method === api.init).length
    if (inits > 1) add({ severity: 'error', message: `session ${si + 1}: ${api.init} was called ${inits} times (the LMS refuses the second call)`, session: si })
    const finishes = s.calls.filter((c) => c.method === api.finish).length
    if (finishes === 0) add({ severity: 'error', message: `session ${si + 1}: the content never called ${api.finish}, so Moodle never records its final status, score and time`, session: si })
    else if (finishes > 1) add({ severity: 'error', message: `session ${si + 1}: ${api.finish} was called ${finishes} times; exactly once is right`, session: si })
    // Moodle's formats are the lab's rules (src/lab/moodle.ts), run again here so the verdict holds for
    // any log; every accepted value goes through them in order, since response formats follow the type.
    const memory = newFormatMemory()
    for (const [ci, c] of s.calls.entries()) {
      const flagged = flaggedByLab.has(`${si}:${ci}`)
      const failed = c.result === 'false' || (c.error !== '' && c.error !== '0')
      if (c.method === api.set) {
        const problem = failed ? undefined : moodleProblems(target, c.args[0] ?? '', c.args[1] ?? '', memory)[0]
        if (flagged) continue
        if (problem) add({ severity: 'error', message: `invalid value: ${problem}`, session: si, call: ci })
        else if (failed) add({ severity: 'error', message: `the LMS refused ${c.args[0]} = ${quote(c.args[1] ?? '')} (${errorText(target, c.error)})`, session: si, call: ci })
      } else if (flagged) {
        continue
      } else if (failed && (c.method === api.init || c.method === api.finish || c.method === api.commit)) {
        add({ severity: 'error', message: `${c.method} failed (${errorText(target, c.error)})`, session: si, call: ci })
      } else if (failed && c.method === api.get) {
        // Reading before Initialize or after Finish is the content's mistake; reading an element the LMS
        // has no value for yet is routine (2004's 403) and not worth a word.
        const bad = target === 'scorm12' ? ['301', '201', '404'] : ['122', '123', '401', '405']
        if (bad.includes(c.error)) add({ severity: 'warning', message: `${api.get}(${JSON.stringify(c.args[0] ?? '')}) failed (${errorText(target, c.error)})`, session: si, call: ci })
      }
    }
  }
  if (log.sessions.length < expect.sessions) {
    add({ severity: 'error', message: `the content was launched ${expect.sessions} times but only ${log.sessions.length} session${log.sessions.length === 1 ? '' : 's'} reached the LMS`, session: log.sessions.length })
  }
  if (expect.resumed) {
    const exitElement = target === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit'
    const first = log.sessions[0]
    const exits = first.calls.filter((c) => c.method === api.set && c.args[0] === exitElement).map((c) => c.args[1])
    if (exits.at(-1) !== 'suspend') {
      add({ severity: 'error', message: `session 1 ended without ${exitElement} = "suspend", so Moodle does not resume it${target === 'scorm2004' ? ' and throws away its location and suspend_data' : ''}`, session: 0 })
    }
  }
  findings.push(...judgeScormResult(log, target, expect))
  return findings
}

function judgeScormResult(log: LabLog, target: ScormVersion, expect: Expectation): Finding[] {
  if (expect.result === 'none') return []
  const last = log.sessions.length - 1
  const error = (message: string): Finding[] => [{ severity: 'error', message, session: last, source: 'check' }]
  if (target === 'scorm12') {
    const status = lastSetValue(log, 'cmi.core.lesson_status')
    const shown = status === undefined ? 'never set cmi.core.lesson_status' : `left cmi.core.lesson_status at ${quote(status)}`
    const ok = {
      passed: status === 'passed',
      failed: status === 'failed',
      completed: status === 'passed' || status === 'completed',
      reported: status === 'passed' || status === 'completed' || status === 'failed',
    }[expect.result]
    if (ok) return []
    return error(expect.result === 'failed'
      ? `misses the result: a learner who answered wrong should be failed, but the content ${shown}`
      : expect.result === 'passed'
        ? `misses completion: a learner who answered every question right should be passed, but the content ${shown}`
        : `misses completion: the content ${shown} (Moodle needs passed or completed)`)
  }
  const completion = lastSetValue(log, 'cmi.completion_status')
  const success = lastSetValue(log, 'cmi.success_status')
  const findings: Finding[] = []
  if (completion !== 'completed' && expect.result !== 'reported') {
    findings.push(...error(`misses completion: Moodle reports cmi.completion_status, which the content ${completion === undefined ? 'never set' : `left at ${quote(completion)}`}`))
  }
  if (expect.result === 'reported' && completion !== 'completed' && success !== 'passed' && success !== 'failed') {
    findings.push(...error('misses completion: the content set neither cmi.completion_status = "completed" nor a success_status'))
  }
  if ((expect.result === 'passed' || expect.result === 'failed') && success !== expect.result) {
    findings.push(...error(`misses the result: cmi.success_status should be "${expect.result}", but the content ${success === undefined ? 'never set it' : `left it at ${quote(success)}`}`))
  }
  return findings
}

// ---- statements (xAPI, cmi5) ---------------------------------------------------------------------

export function verbOf(statement: Record<string, unknown>): string {
  const id = (statement.verb as { id?: unknown } | undefined)?.id
  return typeof id === 'string' ? id.replace(/^.*\//, '') : ''
}

const CMI5_SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid'

function sessionOf(statement: Record<string, unknown>): string | undefined {
  const ext = ((statement.context as { extensions?: Record<string, unknown> } | undefined)?.extensions) ?? {}
  const id = ext[CMI5_SESSION]
  return typeof id === 'string' ? id : undefined
}

/** One line per statement: verb, object, result, as the statement log shows it. */
export function formatStatement(s: Record<string, unknown>): string {
  const object = (s.object as { id?: unknown } | undefined)?.id
  const result = s.result as { success?: unknown; completion?: unknown; score?: { scaled?: unknown } } | undefined
  const bits = [verbOf(s) || '(no verb)', typeof object === 'string' ? object : '(no object)']
  if (result) {
    const r = [result.completion !== undefined ? `completion=${String(result.completion)}` : '', result.success !== undefined ? `success=${String(result.success)}` : '',
      result.score?.scaled !== undefined ? `scaled=${String(result.score.scaled)}` : ''].filter(Boolean)
    if (r.length) bits.push(r.join(' '))
  }
  return bits.join('  ')
}

function judgeStatements(log: LabLog, expect: Expectation, ours: boolean): Finding[] {
  const findings: Finding[] = []
  const add = (severity: Finding['severity'], message: string) => findings.push({ severity, message, source: 'check' })
  const statements = log.statements
  const verbs = statements.map(verbOf)
  const count = (v: string) => verbs.filter((x) => x === v).length
  if (statements.length === 0) {
    add('error', log.target === 'cmi5'
      ? 'the AU sent no statement: it never fetched its token or never reached the LRS (no initialized)'
      : 'the content sent no statement to the LRS: it did not read the launch parameters or never reached the LRS')
    return findings
  }
  if (log.target === 'cmi5') {
    if (verbs[0] !== 'initialized') add('error', `the first statement is ${verbs[0] || '(no verb)'}; a cmi5 AU must send initialized first`)
    const sessions = new Map<string, string[]>()
    for (const s of statements) {
      const id = sessionOf(s) ?? ''
      sessions.set(id, [...(sessions.get(id) ?? []), verbOf(s)])
    }
    for (const [id, vs] of sessions) {
      const terminated = vs.filter((v) => v === 'terminated').length
      if (expect.sessions > 0 && terminated === 0) add('error', `session ${id || '(no session id)'} never sent terminated: the LMS cannot tell the session ended`)
      if (terminated > 1) add('error', `session ${id || '(no session id)'} sent terminated ${terminated} times; exactly once is right`)
    }
    if (sessions.size < expect.sessions) add('error', `the AU was launched ${expect.sessions} times but statements came from ${sessions.size} session${sessions.size === 1 ? '' : 's'}`)
  } else {
    const ends = count('terminated') + count('exited') + count('suspended')
    if (ours && count('initialized') < expect.sessions) add('error', `${expect.sessions} launches but ${count('initialized')} initialized statements`)
    if (expect.sessions > 0 && ends === 0) add('error', 'the content sent no terminated, exited or suspended statement when it was closed')
    if (ours && count('terminated') > expect.sessions) add('error', `terminated was sent ${count('terminated')} times for ${expect.sessions} launches`)
  }
  if (expect.resumed && ours && log.target === 'xapi' && count('suspended') === 0) {
    add('error', 'the learner left before the end but the content sent no suspended statement')
  }
  const done = { passed: count('passed') > 0, completed: count('completed') > 0, failed: count('failed') > 0 }
  switch (expect.result) {
    case 'passed':
      if (!done.passed) add('error', `misses completion: a learner who answered every question right should get a passed statement, but the content sent ${done.failed ? 'failed' : 'no passed'}`)
      if (done.failed && log.target === 'cmi5' && verbs.lastIndexOf('failed') > verbs.indexOf('passed')) add('error', 'the AU sent failed after passed (cmi5 forbids it)')
      break
    case 'failed':
      if (!done.failed) add('error', `misses the result: a learner who answered wrong should get a failed statement, but the content sent ${done.passed ? 'passed' : 'none'}`)
      break
    case 'completed':
      if (!done.completed && !done.passed) add('error', 'misses completion: the content sent neither completed nor passed')
      break
    case 'reported':
      if (!done.completed && !done.passed && !done.failed) add('error', 'misses completion: the content sent no completed, passed or failed statement')
      break
    case 'none':
      break
  }
  if (log.target === 'cmi5') {
    for (const v of ['completed', 'passed']) if (count(v) > 1) add('error', `${v} was sent ${count(v)} times in one registration; cmi5 allows it once`)
  }
  return findings
}

/** The lab's problems plus check's own rules over the log of one attempt. */
export function judge(log: LabLog, expect: Expectation, options: { ours: boolean }): Finding[] {
  // The lab relaunches after "Leave and relaunch"; a session the scenario did not go on with says nothing new.
  // Reading a 2004 element the LMS has no value for yet (403) is routine, not worth a designer's attention.
  const routine = (p: LabLog['problems'][number]) => p.severity === 'warning' && log.target === 'scorm2004' && p.call !== undefined
    && log.sessions[p.session]?.calls[p.call]?.method === 'GetValue' && log.sessions[p.session]?.calls[p.call]?.error === '403'
  const fromLab: Finding[] = log.problems.filter((p) => p.session < Math.max(1, expect.sessions) && !routine(p)).map((p) => ({
    severity: p.severity, message: p.message, session: p.session, ...(p.call !== undefined ? { call: p.call } : {}), source: 'lab' as const,
  }))
  const flagged = new Set(fromLab.filter((f) => f.call !== undefined).map((f) => `${f.session}:${f.call}`))
  const target: TargetName = log.target
  let own: Finding[] = []
  if (isScorm(target)) own = judgeScorm(log, target, expect, flagged)
  else if (talksToLrs(target)) own = judgeStatements(log, expect, options.ours)
  return [...fromLab, ...own]
}
