import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { join } from 'node:path'
import { startLab, type Lab, type LabLog } from '../../src/lab/server.js'
import { launchBrowser } from '../helpers/browser.js'
import { fixturesDir } from '../helpers/paths.js'
import { course as content, logWhen, setValues } from '../helpers/lab-scorm.js'
import { unpackedPackage } from './helpers.js'

let browser: Browser
let lab: Lab
let page: Page
beforeAll(async () => {
  browser = await launchBrowser()
  lab = await startLab()
  lab.setPackage(await unpackedPackage(join(fixturesDir, 'good/minimal'), 'scorm12'))
  page = await browser.newPage()
  await page.goto(lab.url)
})
afterAll(async () => {
  await browser?.close()
  await lab?.close()
})

/** Whether the promise has settled within 300 ms. */
const settled = (p: Promise<void>) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 300))])

describe('the lab hosts a SCORM 1.2 package with scorm-again', () => {
  it('listens on loopback and the course finds the API in its iframe', async () => {
    expect(lab.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const log = await logWhen(lab, (l) => l.sessions[0]?.initialized === true)
    expect(log.target).toBe('scorm12')
    expect(log.attempt).toBe(1)
    expect(log.sessions[0].calls[0]).toEqual({ method: 'LMSInitialize', args: [''], result: 'true', error: '0' })
    await expect.poll(() => content(page).getByRole('heading').first().count()).toBeGreaterThan(0)
  })

  it('records every call with its error code and holds the CMI data', async () => {
    const log = await logWhen(lab, (l) => setValues(l, 0, 'cmi.core.lesson_status').at(-1) !== undefined)
    expect(setValues(log, 0, 'cmi.core.lesson_status').at(-1)).toBe('incomplete')
    expect((log.data as any).core.student_id).toBe('lab-learner')
    expect(log.problems.filter((p) => p.severity === 'error')).toEqual([])
  })

  it('"Leave and relaunch" finishes the session and relaunches with the saved data', async () => {
    await page.getByRole('button', { name: 'Leave and relaunch', exact: true }).click()
    // Wait for the read being checked, not just Initialize: each call reaches the server on its own.
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && l.sessions[1].calls.some((c) => c.args[0] === 'cmi.core.entry'))
    expect(log.sessions[0].finished).toBe(true)
    const gets = log.sessions[1].calls.filter((c) => c.method === 'LMSGetValue' && c.args[0] === 'cmi.core.entry')
    expect(gets[0]?.result).toBe(setValues(log, 0, 'cmi.core.exit').at(-1) === 'suspend' ? 'resume' : '')
  })

  it('the panel\'s log shows each launch\'s calls once and in order, the relaunch\'s after the first launch\'s', async () => {
    // The panel draws only what is new each time: a line drawn twice, lost or out of place shows here.
    const lines = () => page.locator('#lab-log li').evaluateAll((items) => items.map((li) => li.textContent ?? ''))
    const expected = (log: LabLog) => log.sessions.flatMap((s, n) => [`Launch ${n + 1}`, ...s.calls.map((c) => `${c.method}(`)])
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && l.sessions[1].calls.length > 0)
    await expect.poll(async () => (await lines()).length).toBeGreaterThanOrEqual(expected(log).length)
    const now = lab.log()
    const shown = await lines()
    expect(shown.map((line, i) => (line.startsWith('Launch ') ? line : line.slice(0, expected(now)[i]?.length)))).toEqual(expected(now).slice(0, shown.length))
  })

  it('"Restart attempt" starts attempt 2 from scratch', async () => {
    await page.getByRole('button', { name: 'Restart attempt', exact: true }).click()
    const log = await logWhen(lab, (l) => l.attempt === 2 && (l.sessions[0]?.calls.some((c) => c.args[0] === 'cmi.core.entry') ?? false))
    expect(log.sessions).toHaveLength(1)
    const entry = log.sessions[0].calls.find((c) => c.args[0] === 'cmi.core.entry')
    expect(entry?.result).toBe('ab-initio')
  })
})

describe('the lab page reports calls as they come, in order, before a relaunch reads them', () => {
  it('a relaunch resumes from every value the content set while it was unloading, however many batches they took', async () => {
    // 40 values of 60,000 characters as the SCO unloads: about 2.4 MB, several reports one after another.
    const value = (i: number) => `${'x'.repeat(60_000)}${i}`
    const dir = await mkdtemp(join(tmpdir(), 'coursepack-lab-sco-'))
    await writeFile(join(dir, 'sco.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SCO</title></head><body><h1>Busy SCO</h1><script>
      const api = window.parent.API
      api.LMSInitialize('')
      api.LMSGetValue('cmi.suspend_data')
      api.LMSSetValue('cmi.core.exit', 'suspend')
      addEventListener('pagehide', () => {
        for (let i = 0; i < 40; i++) api.LMSSetValue('cmi.suspend_data', 'x'.repeat(60000) + i)
        api.LMSFinish('')
      })
    </script></body></html>`)
    const own = await startLab()
    const tab = await browser.newPage()
    try {
      own.setPackage({ dir, target: 'scorm12', launch: 'sco.html' })
      await tab.goto(own.url)
      await logWhen(own, (l) => l.sessions[0]?.calls.some((c) => c.args[0] === 'cmi.core.exit') ?? false)
      await tab.getByRole('button', { name: 'Leave and relaunch', exact: true }).click()
      const log = await logWhen(own, (l) => l.sessions[1]?.calls.some((c) => c.args[0] === 'cmi.suspend_data') ?? false)
      expect(setValues(log, 0, 'cmi.suspend_data').map((v) => Number(v.slice(60_000)))).toEqual(Array.from({ length: 40 }, (_, i) => i))
      expect(log.sessions[0].calls.at(-1)?.method).toBe('LMSFinish')
      const read = log.sessions[1].calls.find((c) => c.args[0] === 'cmi.suspend_data')
      expect(read?.result === value(39), 'the relaunch read the last value the content set').toBe(true)
    } finally {
      await tab.close()
      await own.close()
    }
  })
})

describe('the lab knows when its pages are gone', () => {
  it('noPages() waits while a lab page is open and resolves once it is closed', async () => {
    const own = await startLab()
    try {
      own.setPackage(await unpackedPackage(join(fixturesDir, 'good/minimal'), 'scorm12'))
      expect(await settled(own.noPages())).toBe(true) // no page yet
      const tab = await browser.newPage()
      await tab.goto(own.url)
      await logWhen(own, (l) => l.sessions.length === 1)
      const gone = own.noPages()
      expect(await settled(gone)).toBe(false)
      await tab.close()
      await gone
    } finally {
      await own.close()
    }
  })
})

describe('the lab holds SCORM 1.2 values to Moodle\'s formats', () => {
  it('flags values scorm-again accepts but Moodle refuses, and runtime errors, as problems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coursepack-lab-sco-'))
    await writeFile(join(dir, 'sco.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SCO</title></head><body><h1>Careless SCO</h1><script>
      const api = window.parent.API
      api.LMSInitialize('')
      api.LMSSetValue('cmi.core.session_time', '0:00:05')
      api.LMSSetValue('cmi.suspend_data', 'x'.repeat(5000))
      api.LMSSetValue('cmi.interactions.0.id', 'question one')
      api.LMSSetValue('cmi.core.lesson_status', 'done')
      api.LMSCommit('')
    </script></body></html>`)
    const own = await startLab()
    own.setPackage({ dir, target: 'scorm12', launch: 'sco.html' })
    const p = await browser.newPage()
    await p.goto(own.url)
    const log = await logWhen(own, (l) => l.sessions[0]?.calls.some((c) => c.method === 'LMSCommit') ?? false)
    const messages = log.problems.map((x) => x.message)
    expect(log.sessions[0].calls.filter((c) => c.method === 'LMSSetValue').map((c) => c.error)).toEqual(['0', '0', '0', '405'])
    expect(messages.find((m) => m.includes('session_time'))).toMatch(/Moodle would refuse/)
    expect(messages.find((m) => m.includes('suspend_data'))).toMatch(/5,000 characters/)
    expect(messages.find((m) => m.includes('interactions.0.id'))).toMatch(/CMIIdentifier/)
    expect(messages.find((m) => m.includes('lesson_status'))).toMatch(/error 405/)
    expect(log.problems.every((x) => x.severity === 'error' && x.session === 0 && x.call !== undefined)).toBe(true)
    await expect.poll(() => p.locator('#lab-problem-count').textContent()).toBe('4')
    await p.close()
    await own.close()
  })

  it('"Download data" saves the log as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download data', exact: true }).click()])
    expect(download.suggestedFilename()).toMatch(/^coursepack-scorm12-attempt-\d+\.json$/)
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8'))
    expect(saved).toMatchObject({ target: 'scorm12', sessions: expect.any(Array), problems: expect.any(Array) })
  })
})
