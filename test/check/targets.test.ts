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
describe.each<[TargetName, string]>([
  ['scorm2004', 'SCORM 2004'],
  ['xapi', 'xAPI (Tin Can)'],
  ['cmi5', 'cmi5'],
  ['web', 'web (offline HTML)'],
])('coursepack check on the %s package of trata-consulados', (target, title) => {
  it('passes: right, wrong, leave and resume', async () => {
    const zip = examplePackage('trata-consulados', target)
    const io = captureIo(await mkdtemp(join(tmpdir(), 'coursepack-check-t-')), { COURSEPACK_CHROMIUM: CHROMIUM })
    const code = await main(['check', zip, '--json'], io)
    const report = JSON.parse(io.stdout)
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
    expect(code).toBe(0)
  }, 120_000)
})
