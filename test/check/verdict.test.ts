import { describe, expect, it } from 'vitest'
import type { LabCall, LabLog } from '../../src/lab/server.js'
import { judge, type Expectation } from '../../src/check/verdict.js'
import { cmi5Launches, manifestLaunches, manifestVersion, tincanLaunches, withParameters } from '../../src/lab/package.js'
import { findBrowser } from '../../src/check/browser.js'

const ok = (method: string, ...args: string[]): LabCall => ({ method, args, result: method.endsWith('GetValue') ? '' : 'true', error: '0' })
function log12(...sessions: LabCall[][]): LabLog {
  return {
    target: 'scorm12', attempt: 1, problems: [], data: {}, statements: [],
    sessions: sessions.map((calls) => ({ calls, initialized: calls.some((c) => c.method === 'LMSInitialize' && c.result === 'true'), finished: calls.some((c) => c.method === 'LMSFinish') })),
  } as unknown as LabLog
}
const once: Expectation = { result: 'passed', sessions: 1 }
const errors = (l: LabLog, e: Expectation = once) => judge(l, e, { ours: true }).filter((f) => f.severity === 'error').map((f) => f.message)

describe('the verdict over a SCORM 1.2 log', () => {
  const good = [ok('LMSInitialize', ''), ok('LMSSetValue', 'cmi.core.lesson_status', 'passed'), ok('LMSSetValue', 'cmi.core.session_time', '00:01:00'), ok('LMSFinish', '')]
  it('passes a session that initializes, passes and finishes once', () => {
    expect(errors(log12(good))).toEqual([])
  })
  it('fails one that never initializes', () => {
    expect(errors(log12([]))).toEqual([expect.stringMatching(/never called LMSInitialize/)])
  })
  it('fails one that finishes twice or never', () => {
    expect(errors(log12([...good, ok('LMSFinish', '')]))).toContainEqual(expect.stringMatching(/LMSFinish was called 2 times/))
    expect(errors(log12(good.slice(0, 3)))).toContainEqual(expect.stringMatching(/never called LMSFinish/))
  })
  it('fails one that misses completion, or passes a learner who answered wrong', () => {
    const incomplete = [ok('LMSInitialize', ''), ok('LMSSetValue', 'cmi.core.lesson_status', 'incomplete'), ok('LMSFinish', '')]
    expect(errors(log12(incomplete))).toEqual([expect.stringMatching(/misses completion: .* left cmi.core.lesson_status at "incomplete"/)])
    expect(errors(log12(good), { result: 'failed', sessions: 1 })).toEqual([expect.stringMatching(/should be failed/)])
  })
  it('flags an invalid value once, whether the lab flagged it too or not', () => {
    const calls = [ok('LMSInitialize', ''), ok('LMSSetValue', 'cmi.core.lesson_status', 'completed'), ok('LMSSetValue', 'cmi.core.session_time', '0:05:00'), ok('LMSFinish', '')]
    expect(errors(log12(calls), { result: 'completed', sessions: 1 })).toEqual([expect.stringMatching(/invalid value: cmi.core.session_time "0:05:00" is not a time span Moodle accepts/)])
    const flagged = log12(calls)
    flagged.problems.push({ severity: 'error', message: 'Moodle would refuse this value', session: 0, call: 2 })
    expect(errors(flagged, { result: 'completed', sessions: 1 })).toEqual(['Moodle would refuse this value'])
  })
  it('after leaving and relaunching, needs exit = suspend in the first session', () => {
    const first = [ok('LMSInitialize', ''), ok('LMSSetValue', 'cmi.core.lesson_status', 'incomplete'), ok('LMSFinish', '')]
    expect(errors(log12(first, good), { result: 'passed', sessions: 2, resumed: true })).toEqual([expect.stringMatching(/without cmi.core.exit = "suspend"/)])
  })
})

const fail = (method: string, error: string, ...args: string[]): LabCall => ({ method, args, result: method.endsWith('GetValue') ? '' : 'false', error })
function log2004(...sessions: LabCall[][]): LabLog {
  return {
    target: 'scorm2004', attempt: 1, problems: [], data: {}, statements: [],
    sessions: sessions.map((calls) => ({ calls, initialized: calls.some((c) => c.method === 'Initialize' && c.result === 'true'), finished: calls.some((c) => c.method === 'Terminate') })),
  } as unknown as LabLog
}
const all = (l: LabLog, e: Expectation = once, ours = true) => judge(l, e, { ours }).map((f) => `${f.severity}: ${f.message}`)

describe('the verdict over a SCORM 2004 log', () => {
  const passed = [ok('Initialize', ''), ok('SetValue', 'cmi.completion_status', 'completed'), ok('SetValue', 'cmi.success_status', 'passed'), ok('Terminate', '')]
  it('passes a session that initializes, completes, passes and terminates once', () => {
    expect(all(log2004(passed))).toEqual([])
  })
  it('names its own API calls and the elements it misses', () => {
    expect(all(log2004([]))).toEqual(["error: the content never called Initialize: it did not find the LMS's API or did not start tracking"])
    expect(all(log2004([ok('Initialize', ''), ok('SetValue', 'cmi.success_status', 'failed')]))).toEqual([
      'error: session 1: the content never called Terminate, so Moodle never records its final status, score and time',
      'error: misses completion: Moodle reports cmi.completion_status, which the content never set',
      'error: misses the result: cmi.success_status should be "passed", but the content left it at "failed"',
    ])
    expect(all(log2004([ok('Initialize', ''), ok('Terminate', '')]), { result: 'reported', sessions: 1 }))
      .toEqual(['error: misses completion: the content set neither cmi.completion_status = "completed" nor a success_status'])
  })
  it('explains refused calls with the 2004 error texts, and lets an unset element read pass', () => {
    const calls = [ok('Initialize', ''), fail('GetValue', '403', 'cmi.location'), fail('GetValue', '401', 'cmi.core.lesson_location'),
      fail('SetValue', '406', 'cmi.score.raw', 'ten'), ...passed.slice(1, 3), fail('Commit', '391', ''), ok('Terminate', '')]
    expect(all(log2004(calls))).toEqual([
      'warning: GetValue("cmi.core.lesson_location") failed (401, undefined data model element)',
      'error: the LMS refused cmi.score.raw = "ten" (406, data model element type mismatch)',
      'error: Commit failed (391, general commit failure)',
    ])
  })
  it("drops the lab's warning about reading an unset element in 2004, not in 1.2", () => {
    const read = log2004([ok('Initialize', ''), fail('GetValue', '403', 'cmi.location'), ...passed.slice(1)])
    read.problems.push({ severity: 'warning', message: 'GetValue cmi.location: 403', session: 0, call: 1 })
    expect(all(read)).toEqual([])
    const read12 = log12([ok('LMSInitialize', ''), fail('LMSGetValue', '403', 'cmi.core.lesson_location'), ok('LMSSetValue', 'cmi.core.lesson_status', 'passed'), ok('LMSFinish', '')])
    read12.problems.push({ severity: 'warning', message: 'LMSGetValue cmi.core.lesson_location: 403', session: 0, call: 1 })
    expect(all(read12)).toEqual(['warning: LMSGetValue cmi.core.lesson_location: 403'])
  })
  it('after leaving and relaunching, needs cmi.exit = suspend, or Moodle drops location and suspend_data', () => {
    expect(all(log2004([ok('Initialize', ''), ok('Terminate', '')], passed), { result: 'passed', sessions: 2, resumed: true })).toEqual([
      'error: session 1 ended without cmi.exit = "suspend", so Moodle does not resume it and throws away its location and suspend_data',
    ])
  })
})

const VERB = 'http://adlnet.gov/expapi/verbs/'
const statement = (verb: string, session?: string): Record<string, unknown> => ({
  verb: { id: `${VERB}${verb}` }, object: { id: 'https://x.org/course' },
  ...(session ? { context: { extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': session } } } : {}),
})
function statementLog(target: 'xapi' | 'cmi5', statements: Record<string, unknown>[]): LabLog {
  return { target, attempt: 1, problems: [], data: {}, statements, sessions: [] } as unknown as LabLog
}

describe('the verdict over xAPI statements', () => {
  const xapi = (...verbs: string[]) => statementLog('xapi', verbs.map((v) => statement(v)))
  it('passes initialized, passed, terminated', () => {
    expect(all(xapi('initialized', 'passed', 'terminated'))).toEqual([])
  })
  it('says when nothing reached the LRS, or the launches and ends do not add up', () => {
    expect(all(xapi())).toEqual(['error: the content sent no statement to the LRS: it did not read the launch parameters or never reached the LRS'])
    expect(all(xapi('initialized', 'failed', 'terminated', 'terminated'), { result: 'passed', sessions: 1 })).toEqual([
      'error: terminated was sent 2 times for 1 launches',
      'error: misses completion: a learner who answered every question right should get a passed statement, but the content sent failed',
    ])
    expect(all(xapi('passed'), { result: 'passed', sessions: 2, resumed: true })).toEqual([
      'error: 2 launches but 0 initialized statements',
      'error: the content sent no terminated, exited or suspended statement when it was closed',
      'error: the learner left before the end but the content sent no suspended statement',
    ])
  })
  it("asks less of someone else's activity", () => {
    expect(all(xapi('passed', 'exited'), { result: 'passed', sessions: 2, resumed: true }, false)).toEqual([])
  })
})

describe('the verdict over cmi5 statements', () => {
  const cmi5 = (...verbs: [string, string?][]) => statementLog('cmi5', verbs.map(([v, session]) => statement(v, session ?? 's1')))
  it('passes one session: initialized, completed, passed, terminated', () => {
    expect(all(cmi5(['initialized'], ['completed'], ['passed'], ['terminated']))).toEqual([])
  })
  it('holds the AU to cmi5: initialized first, one terminated per session, completed and passed once, no failed after passed', () => {
    expect(all(statementLog('cmi5', []))).toEqual(['error: the AU sent no statement: it never fetched its token or never reached the LRS (no initialized)'])
    expect(all(cmi5(['passed'], ['failed'], ['passed'], ['terminated', 's2'], ['terminated', 's2']), { result: 'passed', sessions: 3 })).toEqual([
      'error: the first statement is passed; a cmi5 AU must send initialized first',
      'error: session s1 never sent terminated: the LMS cannot tell the session ended',
      'error: session s2 sent terminated 2 times; exactly once is right',
      'error: the AU was launched 3 times but statements came from 2 sessions',
      'error: the AU sent failed after passed (cmi5 forbids it)',
      'error: passed was sent 2 times in one registration; cmi5 allows it once',
    ])
  })
  it("holds every statement to the grouping of LMS.LaunchData's contextTemplate, the AU's publisher id", () => {
    const au = 'https://x.org/au/two'
    const grouped = (verb: string, id: string) => {
      const s = statement(verb, 's1')
      return { ...s, context: { ...(s.context as object), contextActivities: { grouping: [{ objectType: 'Activity', id }] } } }
    }
    const log = (statements: Record<string, unknown>[]) => ({
      ...statementLog('cmi5', statements), data: { 'LMS.LaunchData': { contextTemplate: { contextActivities: { grouping: [{ id: au }] } } } },
    })
    expect(all(log([grouped('initialized', au), grouped('completed', au), grouped('terminated', au)]), { result: 'completed', sessions: 1 })).toEqual([])
    expect(all(log([grouped('initialized', au), statement('completed', 's1'), grouped('terminated', 'https://x.org/au/one')]), { result: 'completed', sessions: 1 })).toEqual([
      `error: 2 of 3 statements (the first: completed) lack the grouping activity ${au} of LMS.LaunchData's contextTemplate; a cmi5 AU must build every statement's context on it`,
    ])
  })
})

describe('reading packages', () => {
  it('tells SCORM 1.2 from 2004 and lists SCOs in organization order with their parameters', () => {
    expect(manifestVersion('<metadata><schemaversion>1.2</schemaversion></metadata>')).toBe('scorm12')
    expect(manifestVersion('<schemaversion>2004 4th Edition</schemaversion>')).toBe('scorm2004')
    const xml = `<manifest><organizations default="b"><organization identifier="a"><item identifier="x" identifierref="r2"><title>X</title></item></organization>
      <organization identifier="b"><item identifier="i1" identifierref="r2" parameters="?q=1"><title>Two &amp; more</title></item><!-- <item identifier="c" identifierref="r1"/> -->
      <item identifier="i2" identifierref="r1"><title>One</title></item></organization></organizations>
      <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="one.html"/><resource identifier="r2" adlcp:scormType="sco" href="two.html?a=b"/></resources></manifest>`
    expect(manifestLaunches(xml)).toEqual([
      { id: 'i1', title: 'Two & more', href: 'two.html?a=b&q=1' },
      { id: 'i2', title: 'One', href: 'one.html' },
    ])
    expect(withParameters('a.html', '#p2')).toBe('a.html#p2')
  })
  it('reads the launch of tincan.xml and cmi5.xml', () => {
    expect(tincanLaunches('<tincan><activities><activity id="http://x/a" type="course"><name>A</name><launch lang="en">index.html</launch></activity></activities></tincan>'))
      .toEqual([{ id: 'http://x/a', title: 'A', href: 'index.html' }])
    expect(cmi5Launches('<courseStructure><au id="http://x/au"><title><langstring lang="en">AU</langstring></title><url>au/index.html</url></au></courseStructure>'))
      .toEqual([{ id: 'http://x/au', title: 'AU', href: 'au/index.html' }])
  })
  it('finds a browser from --browser only when given, else $COURSEPACK_CHROMIUM, else the usual paths', () => {
    expect(findBrowser('/nowhere/chrome', {}, [process.execPath])).toBeUndefined()
    expect(findBrowser(undefined, { COURSEPACK_CHROMIUM: process.execPath }, [])).toBe(process.execPath)
    expect(findBrowser(undefined, {}, ['/nowhere/chrome', process.execPath])).toBe(process.execPath)
    expect(findBrowser(undefined, {}, ['/nowhere/chrome'])).toBeUndefined()
  })
})
