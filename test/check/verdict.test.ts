import { describe, expect, it } from 'vitest'
import type { LabCall, LabLog } from '../../src/check/lab.js'
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
