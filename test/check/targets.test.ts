import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import type { TargetName } from '../../src/targets/index.js'
import { CHROMIUM } from '../helpers/browser.js'
import { captureIo } from '../helpers/io.js'
import { examplePackage } from '../helpers/examples.js'

// The same three scenarios as for SCORM 1.2, through the other targets' LMS sides in the lab:
// scorm-again's 2004 API, the lab's LRS for xAPI and cmi5, browser storage for the web package.
// One `check` of the four zips, as CI runs it on a release (one browser, one lab page, a new attempt
// per package): each target's test reads its own report. Four checks cost three more browser starts.
const TARGETS: [TargetName, string][] = [
  ['scorm2004', 'SCORM 2004'],
  ['xapi', 'xAPI (Tin Can)'],
  ['cmi5', 'cmi5'],
  ['web', 'web (offline HTML)'],
]

let checked: Promise<{ code: number; reports: any[] }> | undefined
/** The one run, started by the first test that needs it. */
function checkAll(): Promise<{ code: number; reports: any[] }> {
  checked ??= (async () => {
    const io = captureIo(await mkdtemp(join(tmpdir(), 'coursepack-check-t-')), { COURSEPACK_CHROMIUM: CHROMIUM })
    const code = await main(['check', ...TARGETS.map(([target]) => examplePackage('trata-consulados', target)), '--json'], io)
    return { code, reports: JSON.parse(io.stdout) }
  })()
  return checked
}

describe.each(TARGETS)('coursepack check on the %s package of trata-consulados', (target, title) => {
  it('passes: right, wrong, leave and resume', async () => {
    const { code, reports } = await checkAll()
    expect(reports).toHaveLength(TARGETS.length)
    const report = reports[TARGETS.findIndex(([t]) => t === target)]
    expect(report).toMatchObject({ target, madeBy: 'coursepack' })
    expect(report.scenarios.map((s: any) => s.scenario)).toEqual(['right', 'wrong', 'resume'])
    for (const s of report.scenarios) expect(s.findings.filter((f: any) => f.severity === 'error'), `${title} ${s.scenario}`).toEqual([])
    for (const s of report.scenarios) expect(s.pagesVisited).toHaveLength(11)
    if (target === 'xapi' || target === 'cmi5') {
      const verbs = (s: any) => s.log.statements.map((st: any) => st.verb.id.replace(/^.*\//, ''))
      expect(verbs(report.scenarios[0])).toContain('passed')
      expect(verbs(report.scenarios[1])).toContain('failed')
    }
    expect(report.ok).toBe(true)
    expect(code, 'the exit code of the run, 0 only when every package passed').toBe(reports.every((r) => r.ok) ? 0 : 1)
  }, 240_000)
})
