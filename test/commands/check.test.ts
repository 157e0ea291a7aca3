import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { CHROMIUM } from '../helpers/browser.js'
import { sharedFile } from '../helpers/paths.js'
import { buildExample, zipFixture } from '../check/packages.js'

const env = { COURSEPACK_CHROMIUM: CHROMIUM }
let work: string
beforeAll(async () => { work = await mkdtemp(join(tmpdir(), 'coursepack-check-cmd-')) })

async function check(args: string[]) {
  const io = captureIo(work, env)
  const code = await main(['check', ...args], io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('coursepack check on the example courses', () => {
  it('passes the SCORM 1.2 package of trata-consulados: right, wrong and resume scenarios', async () => {
    const zip = await buildExample('trata-consulados', 'scorm12')
    const { code, out, err } = await check([zip])
    expect(err).toBe('')
    expect(out).toMatch(/^Checking .*trata-consulados-1\.0\.0-scorm12\.zip: SCORM 1\.2, made by coursepack \(trata-consulados 1\.0\.0\)/)
    expect(out).toMatch(/✓ visits every page and answers every question right \(11 pages, passed/)
    expect(out).toMatch(/✓ answers the graded questions wrong \(11 pages, failed/)
    expect(out).toMatch(/✓ leaves half-way and resumes \(11 pages, passed/)
    expect(out).toMatch(/^OK: 3 scenarios passed/m)
    expect(code).toBe(0)
  }, 120_000)

  it('passes the per-module SCORM 1.2 package of prosecuting-trafficking, every SCO to passed, with --json', async () => {
    const zip = await buildExample('prosecuting-trafficking', 'scorm12')
    const { code, out } = await check([zip, '--json'])
    const report = JSON.parse(out)
    expect(report).toMatchObject({ ok: true, target: 'scorm12', madeBy: 'coursepack', course: { id: 'prosecuting-trafficking' } })
    expect(report.launches).toHaveLength(8)
    const right = report.scenarios.filter((s: any) => s.scenario === 'right')
    expect(right).toHaveLength(8)
    expect(new Set(right.map((s: any) => s.launch.id)).size).toBe(8)
    expect(report.scenarios.map((s: any) => s.scenario)).toEqual([...Array(8).fill('right'), 'wrong', 'resume'])
    for (const s of report.scenarios) {
      expect(s.ok, JSON.stringify(s.findings)).toBe(true)
      expect(s.log.sessions[0].calls[0].method).toBe('LMSInitialize')
    }
    expect(code).toBe(0)
  }, 240_000)
})

describe('coursepack check on packages that would not work in an LMS', () => {
  it('fails a SCO that never calls LMSInitialize, saying so', async () => {
    const { code, out } = await check([await zipFixture('scorm12-never-initializes')])
    expect(out).toContain('made by another tool')
    expect(out).toMatch(/✗ launches, initializes and finishes on unload/)
    expect(out).toContain('error: the content never called LMSInitialize')
    expect(out).toContain('API log, session 1: no calls')
    expect(out).toMatch(/^FAILED: this package would not work in an LMS/m)
    expect(code).toBe(1)
  }, 60_000)

  it('fails a SCO that writes session_time 0:05:00, with the call in the API log', async () => {
    const { code, out } = await check([await zipFixture('scorm12-invalid-session-time')])
    expect(out).toMatch(/error: .*cmi\.core\.session_time "0:05:00"/)
    expect(out).toMatch(/#4 LMSSetValue\("cmi\.core\.session_time", "0:05:00"\)/)
    expect(code).toBe(1)
  }, 60_000)

  it('fails a SCO whose suspend_data is 5,000 characters (4,096 in SCORM 1.2)', async () => {
    const { code, out } = await check([await zipFixture('scorm12-suspend-data-overflow')])
    expect(out).toMatch(/error: .*cmi\.suspend_data is 5,000 characters; Moodle keeps at most 4,096/)
    expect(code).toBe(1)
  }, 60_000)

  it('fails a SCO that never calls LMSFinish', async () => {
    const { code, out, err } = await check([await zipFixture('scorm12-never-finishes'), '--json'])
    expect(err).toBe('')
    const report = JSON.parse(out)
    expect(report.ok).toBe(false)
    expect(report.scenarios[0].findings).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('never called LMSFinish') }))
    expect(report.scenarios[0].log.sessions[0].calls.map((c: any) => c.method)).toEqual(['LMSInitialize', 'LMSSetValue', 'LMSCommit'])
    expect(code).toBe(1)
  }, 60_000)

  it('fails a zip whose manifest is in a folder, before opening a browser', async () => {
    const { code, out } = await check([sharedFile('third-party-packages/moodle-import-negative/badscorm.zip')])
    expect(out).toContain('✗ badscorm/imsmanifest.xml is inside a folder')
    expect(code).toBe(1)
  })
})

describe('coursepack check on a package made by another tool', () => {
  it('passes launch, initialize and finish on unload for the Golf Examples single SCO', async () => {
    const { code, out } = await check([sharedFile('third-party-packages/scorm12/singlescobasic.zip')])
    expect(out).toMatch(/SCORM 1\.2, made by another tool/)
    expect(out).toMatch(/✓ launches, initializes and finishes on unload/)
    expect(code).toBe(0)
  }, 60_000)
})

describe('coursepack check usage', () => {
  it('exits 2 with one line on how to get a browser when --browser points nowhere', async () => {
    const zip = await zipFixture('scorm12-never-finishes')
    const { code, out, err } = await check([zip, '--browser', join(work, 'no-such-chrome')])
    expect(err).toBe('check needs Chromium or Chrome: install it (Debian/Ubuntu: sudo apt-get install chromium) or pass --browser PATH\n')
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('exits 2 for a file that is not a zip, and for a missing file', async () => {
    const notZip = join(work, 'notes.zip')
    await writeFile(notZip, 'not a zip at all')
    const a = await check([notZip])
    expect(a.err).toMatch(/^notes\.zip is not a package zip: /)
    expect(a.code).toBe(2)
    const b = await check(['missing.zip'])
    expect(b.err).toMatch(/^cannot read missing\.zip: /)
    expect(b.code).toBe(2)
  })
})
