// check's verdict over the statements an xAPI activity or a cmi5 AU sent the LRS. The result rules
// are the same for both; how statements show launches and their ends, and what cmi5 adds (one
// session id per launch, initialized first, completed and passed once, never failed after passed),
// is the standard's row here. The standards table (src/lab/standards.ts) holds the verdict.
import { CMI5_SESSION_EXTENSION } from '../lab/launch.js'
import { verbOf } from '../lab/lrs.js'
import type { Expectation, Finding, Verdict } from './verdict.js'

type Statement = Record<string, unknown>

interface StatementRules {
  /** What it means that the LRS got no statement at all. */
  silent: string
  /** Problems with the sessions the statements show: their starts and ends against the launches made. */
  sessions(statements: Statement[], verbs: string[], expect: Expectation, ours: boolean): string[]
  /** What the standard adds to the common result rules. */
  result?(verbs: string[], expect: Expectation): string[]
  /** Problems with the statements' context against what the LMS handed the content (the state documents by stateId). */
  context?(statements: Statement[], data: Record<string, unknown>): string[]
  /** Whether someone else's content may start a launch without initialized (any statement then shows one). */
  startsWithoutInitialized?: boolean
}

function sessionOf(statement: Statement): string | undefined {
  const ext = ((statement.context as { extensions?: Record<string, unknown> } | undefined)?.extensions) ?? {}
  const id = ext[CMI5_SESSION_EXTENSION]
  return typeof id === 'string' ? id : undefined
}

/** The ids of a context's grouping activities. */
function groupingOf(context: unknown): string[] {
  const grouping = (context as { contextActivities?: { grouping?: unknown } } | undefined)?.contextActivities?.grouping
  const list = Array.isArray(grouping) ? grouping : grouping ? [grouping] : []
  return list.map((a) => (a as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string')
}

const countOf = (verbs: string[]) => (v: string): number => verbs.filter((x) => x === v).length

function statementVerdict(rules: StatementRules): Verdict {
  return {
    started(log, ours) {
      const initialized = log.statements.filter((s) => verbOf(s) === 'initialized').length
      return !ours && rules.startsWithoutInitialized && initialized === 0 && log.statements.length > 0 ? 1 : initialized
    },
    judge(log, expect, { ours }) {
      const findings: Finding[] = []
      const add = (severity: Finding['severity'], message: string) => findings.push({ severity, message, source: 'check' })
      const statements = log.statements
      const verbs = statements.map(verbOf)
      const count = countOf(verbs)
      if (statements.length === 0) {
        add('error', rules.silent)
        return findings
      }
      for (const message of rules.sessions(statements, verbs, expect, ours)) add('error', message)
      for (const message of rules.context?.(statements, log.data) ?? []) add('error', message)
      const done = { passed: count('passed') > 0, completed: count('completed') > 0, failed: count('failed') > 0 }
      switch (expect.result) {
        case 'passed':
          if (!done.passed) add('error', `misses completion: a learner who answered every question right should get a passed statement, but the content sent ${done.failed ? 'failed' : 'no passed'}`)
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
      for (const message of rules.result?.(verbs, expect) ?? []) add('error', message)
      return findings
    },
  }
}

export const xapiVerdict = statementVerdict({
  silent: 'the content sent no statement to the LRS: it did not read the launch parameters or never reached the LRS',
  startsWithoutInitialized: true,
  // Someone else's activity may start without initialized; ours sends it on every launch and terminated at most once each.
  sessions(_statements, verbs, expect, ours) {
    const count = countOf(verbs)
    const messages: string[] = []
    const ends = count('terminated') + count('exited') + count('suspended')
    if (ours && count('initialized') < expect.sessions) messages.push(`${expect.sessions} launches but ${count('initialized')} initialized statements`)
    if (expect.sessions > 0 && ends === 0) messages.push('the content sent no terminated, exited or suspended statement when it was closed')
    if (ours && count('terminated') > expect.sessions) messages.push(`terminated was sent ${count('terminated')} times for ${expect.sessions} launches`)
    if (expect.resumed && ours && count('suspended') === 0) messages.push('the learner left before the end but the content sent no suspended statement')
    return messages
  },
})

export const cmi5Verdict = statementVerdict({
  silent: 'the AU sent no statement: it never fetched its token or never reached the LRS (no initialized)',
  sessions(statements, verbs, expect) {
    const messages: string[] = []
    if (verbs[0] !== 'initialized') messages.push(`the first statement is ${verbs[0] || '(no verb)'}; a cmi5 AU must send initialized first`)
    const sessions = new Map<string, string[]>()
    for (const s of statements) {
      const id = sessionOf(s) ?? ''
      sessions.set(id, [...(sessions.get(id) ?? []), verbOf(s)])
    }
    for (const [id, vs] of sessions) {
      const terminated = vs.filter((v) => v === 'terminated').length
      if (expect.sessions > 0 && terminated === 0) messages.push(`session ${id || '(no session id)'} never sent terminated: the LMS cannot tell the session ended`)
      if (terminated > 1) messages.push(`session ${id || '(no session id)'} sent terminated ${terminated} times; exactly once is right`)
    }
    if (sessions.size < expect.sessions) messages.push(`the AU was launched ${expect.sessions} times but statements came from ${sessions.size} session${sessions.size === 1 ? '' : 's'}`)
    return messages
  },
  // cmi5 §10.2.1: the AU builds every statement's context on LMS.LaunchData's contextTemplate, whose
  // grouping names the AU by its publisher id: an LMS finds the AU's statements by it.
  context(statements, data) {
    const template = (data['LMS.LaunchData'] as { contextTemplate?: unknown } | undefined)?.contextTemplate
    const wanted = groupingOf(template)
    const missing = statements.filter((s) => !wanted.every((id) => groupingOf(s.context).includes(id)))
    if (wanted.length === 0 || missing.length === 0) return []
    return [`${missing.length} of ${statements.length} statements (the first: ${verbOf(missing[0]!) || 'no verb'}) lack the grouping activity ${wanted.join(', ')} of LMS.LaunchData's contextTemplate; a cmi5 AU must build every statement's context on it`]
  },
  result(verbs, expect) {
    const count = countOf(verbs)
    const messages: string[] = []
    if (expect.result === 'passed' && count('failed') > 0 && verbs.lastIndexOf('failed') > verbs.indexOf('passed')) messages.push('the AU sent failed after passed (cmi5 forbids it)')
    for (const v of ['completed', 'passed']) if (count(v) > 1) messages.push(`${v} was sent ${count(v)} times in one registration; cmi5 allows it once`)
    return messages
  },
})
