// The check report: a summary a designer reads (✓/✗ per scenario, the reason, the tail of the API
// or statement log on failure) and the whole thing as JSON for CI.
import type { LabLog } from '../lab/server.js'
import type { Launch } from './package.js'
import { targets, type TargetName } from '../targets/index.js'
import { STANDARDS, talksToLrs } from '../lab/standards.js'
import type { ScenarioReport } from './run.js'
import { formatCall, formatStatement, type Finding } from './verdict.js'

export interface CheckReport {
  ok: boolean
  file: string
  target?: TargetName
  /** The standard and its edition in words, as inspect names it: "SCORM 2004 3rd Edition". */
  standard?: string
  /** 'coursepack' when course.js says so, else 'other'. */
  madeBy?: 'coursepack' | 'other'
  course?: { id: string; title: string; version: string; language: string }
  launches: Launch[]
  /** What check allows every package: launches run, and the whole run's seconds (--timeout). */
  limits: { launches: number; runSeconds: number }
  /** Launches the package has beyond limits.launches: not run. */
  launchesNotChecked?: number
  /** The run's time ran out: the scenario running then was cut short, these were never started. */
  outOfTime?: { scenariosNotRun: number }
  browser?: string
  /** The package cannot be launched at all (no control file, missing launch page). */
  problems: Finding[]
  scenarios: ScenarioReport[]
}

const MAX_FINDINGS_SHOWN = 6
const TAIL = 6

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** The lines of the log that explain this finding: the calls up to it, or the end of its session, or the last statements. */
export function logTail(log: LabLog, finding: Finding | undefined): string[] {
  if (talksToLrs(log.target)) {
    if (log.statements.length === 0) {
      const requests = log.sessions.flatMap((s) => s.calls)
      if (requests.length === 0) return ['statement log: empty (the content never called the LRS)']
      return ['LRS requests, last ones:', ...requests.slice(-TAIL).map((c) => `  ${c.method} ${c.args.join(',')} → ${c.result}${c.error ? ` ${c.error}` : ''}`)]
    }
    const start = Math.max(0, log.statements.length - TAIL)
    return [`statement log, last ${log.statements.length - start} of ${log.statements.length}:`,
      ...log.statements.slice(start).map((s, i) => `  #${start + i + 1} ${formatStatement(s)}`)]
  }
  if (STANDARDS[log.target].runtime === 'none') return []
  const si = Math.min(finding?.session ?? log.sessions.length - 1, log.sessions.length - 1)
  const session = log.sessions[si]
  if (!session) return ['API log: empty (the content never reached the LMS page\'s API)']
  if (session.calls.length === 0) return [`API log, session ${si + 1}: no calls`]
  const end = finding?.call !== undefined ? Math.min(finding.call + 1, session.calls.length) : session.calls.length
  const start = Math.max(0, end - TAIL)
  const where = finding?.call !== undefined ? `up to call #${finding.call + 1}` : 'last calls'
  return [`API log, session ${si + 1}, ${where} (of ${session.calls.length}):`,
    ...session.calls.slice(start, end).map((c, i) => `  #${start + i + 1} ${formatCall(c)}`)]
}

function outcome(s: ScenarioReport): string {
  const bits: string[] = []
  if (s.pagesVisited.length) bits.push(`${s.pagesVisited.length} page${s.pagesVisited.length === 1 ? '' : 's'}`)
  if (s.ok && s.expected.result !== 'none' && s.expected.result !== 'reported') bits.push(s.expected.result)
  bits.push(seconds(s.durationMs))
  return bits.join(', ')
}

function findingLine(f: Finding): string {
  const where = f.session !== undefined && f.call !== undefined ? ` [session ${f.session + 1}, call #${f.call + 1}]` : ''
  return `${f.severity === 'error' ? 'error' : 'warning'}: ${f.message}${where}`
}

/** The summary, one block per scenario. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = []
  const kind = report.standard ?? (report.target ? targets[report.target].title : 'unknown kind')
  const made = report.madeBy === 'coursepack' && report.course
    ? `made by coursepack (${report.course.id} ${report.course.version})`
    : report.madeBy === 'other' ? 'made by another tool' : ''
  const units = report.launches.length > 1 ? `, ${report.launches.length} ${report.target ? STANDARDS[report.target].units : 'launches'}` : ''
  lines.push(`Checking ${report.file}: ${kind}${made ? `, ${made}` : ''}${units}`)
  for (const p of report.problems) lines.push(p.severity === 'error' ? `  ✗ ${p.message}` : `  ! warning: ${p.message}`)
  const multi = new Set(report.scenarios.map((s) => s.launch.id)).size > 1 || report.launches.length > 1
  for (const s of report.scenarios) {
    const which = multi ? ` — ${s.launch.title}` : ''
    lines.push(`  ${s.ok ? '✓' : '✗'} ${s.title}${which} (${outcome(s)})`)
    const shown = s.ok ? s.findings.filter((f) => f.severity === 'warning').slice(0, 3) : s.findings.slice(0, MAX_FINDINGS_SHOWN)
    for (const f of shown) lines.push(`      ${findingLine(f)}`)
    const hidden = (s.ok ? s.findings.filter((f) => f.severity === 'warning').length : s.findings.length) - shown.length
    if (hidden > 0) lines.push(`      … and ${hidden} more (see --json)`)
    if (!s.ok) for (const l of logTail(s.log, s.findings.find((f) => f.severity === 'error'))) lines.push(`      ${l}`)
  }
  if (report.launchesNotChecked) lines.push(`  (${report.launchesNotChecked} more launch${report.launchesNotChecked === 1 ? '' : 'es'} not checked: check runs at most ${report.limits.launches}; --max-launches ${report.launches.length} runs them all)`)
  if (report.outOfTime) lines.push(`  ✗ the check ran out of its ${report.limits.runSeconds} s (--timeout)${report.outOfTime.scenariosNotRun ? `: ${report.outOfTime.scenariosNotRun} scenario${report.outOfTime.scenariosNotRun === 1 ? '' : 's'} not run` : ''}`)
  const failed = report.scenarios.filter((s) => !s.ok).length
  if (report.ok) lines.push(`OK: ${report.scenarios.length} scenario${report.scenarios.length === 1 ? '' : 's'} passed in ${report.browser ?? 'the browser'}.`)
  else if (report.outOfTime) lines.push(`FAILED: the check did not finish within ${report.limits.runSeconds} s.`)
  else if (report.problems.some((p) => p.severity === 'error')) lines.push('FAILED: this package would not work in an LMS.')
  else lines.push(`FAILED: this package would not work in an LMS (${failed} of ${report.scenarios.length} scenario${report.scenarios.length === 1 ? '' : 's'} failed).`)
  return lines.join('\n') + '\n'
}

/** The report as --json prints it. */
export function reportJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n'
}
