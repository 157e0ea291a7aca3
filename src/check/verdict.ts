// The verdict over a lab log: what an LMS (Moodle first, SPEC-NOTES §2, §3.4, §6) would make of the
// run-time calls or statements a package sent. Pure functions, so they are tested without a browser.
// Each standard's own rules are its row's `verdict` in the standards table (src/lab/standards.ts).
import { verbOf } from '../lab/lrs.js'
import type { LabCall, LabLog, LabProblem } from '../lab/server.js'
import { STANDARDS } from '../lab/standards.js'

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

/** A call as the log shows it: LMSSetValue("cmi.core.session_time", "0:05:00") → "false" (405). */
export function formatCall(c: LabCall): string {
  const args = c.args.map((a) => JSON.stringify(a.length > 80 ? `${a.slice(0, 77)}…` : a)).join(', ')
  return `${c.method}(${args}) → ${JSON.stringify(c.result)}${c.error && c.error !== '0' ? ` (${c.error})` : ''}`
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

/**
 * What check makes of one standard's log beyond the lab's own problems: a column of the standards
 * table (src/lab/standards.ts), filled by ./scorm-verdict.ts and ./statement-verdict.ts.
 */
export interface Verdict {
  /** check's own rules; `flagged` holds the calls the lab flagged already ("session:call"), `ours` says coursepack made the package. */
  judge(log: LabLog, expect: Expectation, context: { ours: boolean; flagged: ReadonlySet<string> }): Finding[]
  /** A lab problem that is routine in this standard, not worth a designer's attention. */
  routine?(problem: LabProblem, log: LabLog): boolean
  /** Launches the content's own reports show it started, where the lab cannot see them (statements). */
  started?(log: LabLog, ours: boolean): number
}

/** The lab's problems plus check's own rules over the log of one attempt. */
export function judge(log: LabLog, expect: Expectation, options: { ours: boolean }): Finding[] {
  const verdict = STANDARDS[log.target].verdict
  // The lab relaunches after "Leave and relaunch"; a session the scenario did not go on with says nothing new.
  const fromLab: Finding[] = log.problems.filter((p) => p.session < Math.max(1, expect.sessions) && !verdict?.routine?.(p, log)).map((p) => ({
    severity: p.severity, message: p.message, session: p.session, ...(p.call !== undefined ? { call: p.call } : {}), source: 'lab' as const,
  }))
  const flagged = new Set(fromLab.filter((f) => f.call !== undefined).map((f) => `${f.session}:${f.call}`))
  return [...fromLab, ...(verdict?.judge(log, expect, { ours: options.ours, flagged }) ?? [])]
}
