import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { join } from 'node:path'
import { startLab, type Lab } from '../../src/lab/server.js'
import { launchBrowser } from '../helpers/browser.js'
import { fixturesDir } from '../helpers/paths.js'
import { content, logWhen, setValue, unpackedPackage } from './helpers.js'

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
    const log = await logWhen(lab, (l) => setValue(l, 0, 'cmi.core.lesson_status') !== undefined)
    expect(setValue(log, 0, 'cmi.core.lesson_status')).toBe('incomplete')
    expect((log.data as any).core.student_id).toBe('lab-learner')
    expect(log.problems.filter((p) => p.severity === 'error')).toEqual([])
  })

  it('"Leave and relaunch" finishes the session and relaunches with the saved data', async () => {
    await page.getByRole('button', { name: 'Leave and relaunch', exact: true }).click()
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && l.sessions[1].initialized)
    expect(log.sessions[0].finished).toBe(true)
    const gets = log.sessions[1].calls.filter((c) => c.method === 'LMSGetValue' && c.args[0] === 'cmi.core.entry')
    expect(gets[0]?.result).toBe(setValue(log, 0, 'cmi.core.exit') === 'suspend' ? 'resume' : '')
  })

  it('"Restart attempt" starts attempt 2 from scratch', async () => {
    await page.getByRole('button', { name: 'Restart attempt', exact: true }).click()
    const log = await logWhen(lab, (l) => l.attempt === 2 && l.sessions[0]?.initialized === true)
    expect(log.sessions).toHaveLength(1)
    const entry = log.sessions[0].calls.find((c) => c.args[0] === 'cmi.core.entry')
    expect(entry?.result).toBe('ab-initio')
  })
})
