import { spawn } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { CHROMIUM } from '../helpers/browser.js'
import { cliPath, sharedFile } from '../helpers/paths.js'
import { zipFixture } from '../check/packages.js'
import { examplePackage } from '../helpers/examples.js'
import { craftZip, overlapEntries, SCO_HTML, SCORM12_MANIFEST } from '../inspect/hostile-zips.js'

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
    const zip = examplePackage('trata-consulados', 'scorm12')
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
    const zip = examplePackage('prosecuting-trafficking', 'scorm12')
    const { code, out } = await check([zip, '--json'])
    const report = JSON.parse(out)
    expect(report).toMatchObject({ ok: true, target: 'scorm12', madeBy: 'coursepack', course: { id: 'prosecuting-trafficking' } })
    expect(report.launches).toHaveLength(9)
    const right = report.scenarios.filter((s: any) => s.scenario === 'right')
    expect(right).toHaveLength(9)
    expect(new Set(right.map((s: any) => s.launch.id)).size).toBe(9)
    expect(report.scenarios.map((s: any) => s.scenario)).toEqual([...Array(9).fill('right'), 'wrong', 'resume'])
    for (const s of report.scenarios) {
      expect(s.ok, JSON.stringify(s.findings)).toBe(true)
      expect(s.log.sessions[0].calls[0].method).toBe('LMSInitialize')
    }
    expect(code).toBe(0)
  }, 240_000)

  it('launches each AU of the per-module cmi5 package with its own publisher id, which its statements carry', async () => {
    const { code, out } = await check([examplePackage('prosecuting-trafficking', 'cmi5'), '--json'])
    const report = JSON.parse(out)
    const right = report.scenarios.filter((s: any) => s.scenario === 'right')
    expect(right).toHaveLength(9)
    for (const s of right) {
      // LMS.LaunchData names the launched AU (cmi5 §10), and every statement's grouping follows it.
      expect(s.log.data['LMS.LaunchData'].contextTemplate.contextActivities.grouping).toEqual([expect.objectContaining({ id: s.launch.id })])
      for (const statement of s.log.statements) expect(statement.context.contextActivities.grouping).toContainEqual(expect.objectContaining({ id: s.launch.id }))
    }
    expect(report.ok).toBe(true)
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

describe('coursepack check on hostile packages', () => {
  const sco = { path: 'sco.html', data: SCO_HTML }

  it('refuses a zip bomb unread: exit 2, one line, and the same line in --json', async () => {
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST() }, sco, { path: 'zeros.txt', data: Buffer.alloc(3 * 1024 * 1024) }])
    const text = await check([zip])
    expect(text.err).toMatch(/^\/.*\/package\.zip was refused, nothing unpacked: entry zeros\.txt unpacks to 3\.0 MB from [\d,]+ bytes, more than 200 times its size \(a zip bomb\)\n$/)
    expect(text.out).toBe('')
    expect(text.code).toBe(2)
    const json = await check([zip, '--json'])
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: text.err.trim() })
    expect(json.code).toBe(2)
  })

  it('refuses entries that share one body: exit 2', async () => {
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST() }, sco, { path: 'a.txt', data: 'a'.repeat(5000) }, { path: 'b.txt', data: 'b'.repeat(5000) }])
    await overlapEntries(zip, 'a.txt', ['b.txt'])
    const { code, err } = await check([zip])
    expect(err).toMatch(/package\.zip was refused, nothing unpacked: entries a\.txt and b\.txt overlap in the zip/)
    expect(code).toBe(2)
  })

  it('fails a package with zip-slip, absolute and duplicate entries, naming each (exit 1, also in --json)', async () => {
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST() }, sco, { path: 'QQ/evil.js', data: 'x' }, { path: 'Qetc.html', data: 'x' }, { path: 'sco.htmA', data: 'x' }],
      { 'QQ/evil.js': '../evil.js', 'Qetc.html': '/etc.html', 'sco.htmA': 'sco.html' })
    const { code, out } = await check([zip])
    expect(out).toContain("✗ entry ../evil.js climbs out of the package with '..' (zip slip)")
    expect(out).toContain('✗ entry /etc.html has an absolute path')
    expect(out).toContain('✗ entry sco.html is in the zip twice')
    expect(out).toMatch(/^FAILED: this package would not work in an LMS\.$/m)
    expect(code).toBe(1)
    const json = JSON.parse((await check([zip, '--json'])).out)
    expect(json.ok).toBe(false)
    expect(json.problems.map((p: any) => p.message)).toHaveLength(3)
  })

  it('fails a manifest with a character reference beyond Unicode, with its line and column, not a stack trace', async () => {
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST().replace('<title>SCO</title>', '<title>&#x110000;</title>') }, sco])
    const { code, out, err } = await check([zip, '--json'])
    expect(err).toBe('')
    expect(JSON.parse(out).problems).toEqual([{ severity: 'error', source: 'inspect', code: 'not-well-formed', message: expect.stringMatching(/^imsmanifest\.xml:4:\d+: is not well-formed XML: malformed character entity$/) }])
    expect(code).toBe(1)
  })

  it('fails a launch href whose %-escape is broken, instead of throwing a URIError', async () => {
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST('sco%E0%A4%A.html') }, sco])
    const { code, out, err } = await check([zip])
    expect(err).toBe('')
    expect(out).toContain('✗ SCO: its launch href sco%E0%A4%A.html has a broken %-escape')
    expect(code).toBe(1)
  })
})

describe('coursepack check limits every run', () => {
  it('runs at most 10 launches of a package that claims to be ours, stops at --timeout, and says both', async () => {
    const scos = Array.from({ length: 12 }, (_, i) => i + 1)
    const manifest = SCORM12_MANIFEST()
      .replace(/<item .*<\/item>/, scos.map((n) => `<item identifier="i${n}" identifierref="r${n}"><title>SCO ${n}</title></item>`).join(''))
      .replace(/<resource .*<\/resource>/, scos.map((n) => `<resource identifier="r${n}" type="webcontent" adlcp:scormtype="sco" href="sco${n}.html"/>`).join(''))
    const zip = await craftZip([
      { path: 'imsmanifest.xml', data: manifest },
      { path: 'course.js', data: 'window.__COURSEPACK__ = {"modules":[],"course":{"id":"x","title":"x","version":"1","language":"en"}};' },
      ...scos.map((n) => ({ path: `sco${n}.html`, data: SCO_HTML })),
    ])
    const { code, out } = await check([zip, '--json', '--timeout', '2'])
    const report = JSON.parse(out)
    expect(report.limits).toEqual({ launches: 10, runSeconds: 2 })
    expect(report.launches).toHaveLength(12)
    expect(report.launchesNotChecked).toBe(2)
    expect(report.outOfTime.scenariosNotRun + report.scenarios.length).toBe(10)
    expect(report.ok).toBe(false)
    expect(code).toBe(1)
    const text = await check([zip, '--timeout', '2'])
    expect(text.out).toContain('(2 more launches not checked: check runs at most 10; --max-launches 12 runs them all)')
    expect(text.out).toMatch(/✗ the check ran out of its 2 s \(--timeout\)/)
    expect(text.out).toMatch(/^FAILED: the check did not finish within 2 s\.$/m)
  }, 120_000)

  it('runs as many launches as --max-launches says, and says how many it left', async () => {
    const { code, out } = await check([examplePackage('prosecuting-trafficking', 'scorm12'), '--max-launches', '2', '--json'])
    const report = JSON.parse(out)
    expect(report.limits.launches).toBe(2)
    expect(report.launchesNotChecked).toBe(7)
    expect(new Set(report.scenarios.map((s: any) => s.launch.id)).size).toBe(2)
    expect(report.ok).toBe(true)
    expect(code).toBe(0)
  }, 120_000)

  it('exits 2 for a --timeout that is not a number of seconds', async () => {
    const { code, err } = await check([await zipFixture('scorm12-never-finishes'), '--timeout', 'soon'])
    expect(err).toBe('--timeout takes a number of seconds, not "soon"\n')
    expect(code).toBe(2)
  })
})

describe('coursepack check removes its unpacked package on every exit path', () => {
  /** Runs the real CLI with its own TMPDIR; `signal` is sent once the package is unpacked there (the browser is starting then). */
  async function run(zip: string, signal?: NodeJS.Signals) {
    const tmp = await mkdtemp(join(tmpdir(), 'coursepack-check-tmp-'))
    const child = spawn(process.execPath, [cliPath, 'check', zip], { env: { ...process.env, TMPDIR: tmp, COURSEPACK_CHROMIUM: CHROMIUM }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => { err += d })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const unpacked = async () => (await readdir(tmp)).filter((n) => n.startsWith('coursepack-check-'))
    if (signal) {
      await expect.poll(unpacked, { timeout: 30_000, interval: 50 }).toHaveLength(1)
      child.kill(signal)
    }
    const code = await exited
    // Playwright's temporary profile lives in TMPDIR too: gone with the browser, on every path.
    return { code, left: await readdir(tmp), err }
  }

  it('after a normal run and after a refused package', async () => {
    expect(await run(await zipFixture('scorm12-invalid-session-time'))).toMatchObject({ code: 1, left: [] }) // runs to its end, and fails
    const bomb = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST() }, { path: 'zeros.txt', data: Buffer.alloc(3 * 1024 * 1024) }])
    expect(await run(bomb)).toMatchObject({ code: 2, left: [] })
  }, 60_000)

  it.each<[NodeJS.Signals, number]>([['SIGINT', 130], ['SIGTERM', 143]])('on %s, exiting with %i and one line saying so, not the error of the work it cut short', async (signal, code) => {
    expect(await run(await zipFixture('scorm12-never-finishes'), signal)).toEqual({ code, left: [], err: `check interrupted by ${signal}: its unpacked packages were removed.\n` })
  }, 60_000)
})

describe('coursepack check on a package made by another tool', () => {
  it('passes launch, initialize and finish on unload for the Golf Examples single SCO', async () => {
    const { code, out } = await check([sharedFile('third-party-packages/scorm12/singlescobasic.zip')])
    expect(out).toMatch(/SCORM 1\.2, made by another tool/)
    expect(out).toMatch(/✓ launches, initializes and finishes on unload/)
    expect(code).toBe(0)
  }, 60_000)

  it('names the edition of a SCORM 2004 package as inspect does, 3rd for the Golf Examples run-time calls', async () => {
    const { code, out } = await check([sharedFile('third-party-packages/scorm2004-3rd/RuntimeBasicCalls_SCORM20043rdEdition.zip'), '--json'])
    expect(JSON.parse(out)).toMatchObject({ ok: true, target: 'scorm2004', standard: 'SCORM 2004 3rd Edition' })
    expect(code).toBe(0)
  }, 60_000)

  it("passes ADL CATAPULT's sample AU, warning that it doubles the slash after the endpoint", async () => {
    const { code, out } = await check([sharedFile('third-party-packages/cmi5/single_au_basic_responsive.zip')])
    expect(out).toMatch(/✓ launches, initializes and finishes on unload/)
    expect(out).toMatch(/warning: the content doubled a slash after the xAPI endpoint \(GET \/xapi\/\/activities\/state\)/)
    expect(code).toBe(0)
  }, 60_000)
})

describe('coursepack check on several packages', () => {
  it('checks each in the same browser, one after another: an array of their reports with --json, the worst exit code', async () => {
    const golf = sharedFile('third-party-packages/scorm12/singlescobasic.zip')
    const notZip = join(work, 'several-notes.zip')
    await writeFile(notZip, 'not a zip at all')
    const { code, out } = await check([golf, golf, notZip, '--json'])
    const reports = JSON.parse(out)
    expect(reports).toHaveLength(3)
    // The second package runs on the page the first left: a new attempt, launched and finished like the first.
    for (const report of reports.slice(0, 2)) {
      expect(report).toMatchObject({ ok: true, target: 'scorm12', madeBy: 'other' })
      expect(report.scenarios.map((s: any) => [s.scenario, s.ok, s.log.sessions.length])).toEqual([['launch', true, 2]])
    }
    expect(reports[2]).toMatchObject({ ok: false, error: expect.stringMatching(/is not a package zip/) })
    expect(code).toBe(2)
  }, 90_000)
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
