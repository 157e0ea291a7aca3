import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { launch, relaunchData, scoLaunches, session, startLms, unpack, type LmsServer, type LmsSession } from '../helpers/lms.js'
import { answerQuestion, expectPage, NAMES, packageData, walk, questionsOf } from '../helpers/learner.js'
import { coursesDir } from '../helpers/paths.js'

// Moodle's formats are stricter than scorm-again's; hold the package to them (SPEC-NOTES §2.3, §6.3).
const MOODLE_SESSION_TIME = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/
const MOODLE_IDENTIFIER = /^[\u0021-\u007E]{0,255}$/

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

async function buildPackage(course: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-browser-'))
  const result = await buildCourse(join(coursesDir, course), { targets: ['scorm12'], outDir })
  expect(result.outputs).toHaveLength(1)
  return unpack(result.outputs[0].path)
}

/** Every API call the SCO made succeeded in the LMS runtime. */
function expectNoApiErrors(s: LmsSession): void {
  const failed = s.calls.filter((c) => c.error !== '0' || c.result === 'false')
  expect(failed, JSON.stringify(failed, null, 1)).toEqual([])
}

function setValues(s: LmsSession, element: string | RegExp): string[] {
  return s.calls.filter((c) => c.method === 'LMSSetValue' && (typeof element === 'string' ? c.args[0] === element : element.test(c.args[0]))).map((c) => c.args[1])
}

function countCalls(s: LmsSession, method: string): number {
  return s.calls.filter((c) => c.method === method).length
}

describe('SCORM 1.2 package of trata-consulados (Spanish, one SCO) in scorm-again', () => {
  let dir: string
  let lms: LmsServer
  let data: PlayerData
  const names = NAMES.es
  const pages = () => data.modules.flatMap((m) => m.pages)
  const gradedIds = () => new Set(data.modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf)).map((q) => q.id))
  const isGraded = (q: PlayerQuestion) => gradedIds().has(q.id)

  beforeAll(async () => {
    dir = await buildPackage('trata-consulados')
    lms = await startLms(dir)
    data = await packageData(dir)
  })
  afterAll(async () => { await lms?.close() })

  async function open(saved?: Record<string, any>): Promise<Page> {
    const page = await browser.newPage()
    await launch(page, lms, 'index.html', saved)
    return page
  }

  it('takes a learner who answers everything right to passed, with score, interactions and a valid session time', async () => {
    const page = await open()
    const sco = page.frameLocator('#sco')
    await walk(sco, pages(), names, () => true, isGraded)
    await expect.poll(async () => (await session(page)).committedCmi?.core?.lesson_status).toBe('passed')
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    await expect.poll(async () => countCalls(await session(page), 'LMSFinish')).toBe(1)
    const s = await session(page)
    expectNoApiErrors(s)
    expect(countCalls(s, 'LMSInitialize')).toBe(1)
    expect(s.calls[0].method).toBe('LMSInitialize')
    expect(s.finishedCmi?.core).toMatchObject({ lesson_status: 'passed', exit: '' })
    expect(s.finishedCmi?.core.score).toMatchObject({ raw: '100', min: '0', max: '100' })
    const sessionTime = setValues(s, 'cmi.core.session_time')
    expect(sessionTime).toHaveLength(1)
    expect(sessionTime[0]).toMatch(MOODLE_SESSION_TIME)
    const questionCount = pages().flatMap(questionsOf).length
    expect(setValues(s, /^cmi\.interactions\.\d+\.id$/)).toHaveLength(questionCount)
    for (const id of setValues(s, /^cmi\.interactions\.\d+\.id$/)) expect(id).toMatch(MOODLE_IDENTIFIER)
    expect(new Set(setValues(s, /^cmi\.interactions\.\d+\.result$/))).toEqual(new Set(['correct']))
    expect(setValues(s, 'cmi.suspend_data').every((v) => v.length <= 4096)).toBe(true)
    // Commits follow meaningful changes, not every click: fewer commits than API writes by far.
    expect(countCalls(s, 'LMSCommit')).toBeLessThanOrEqual(questionCount + 4)
    await sco.getByText(/cerrar esta ventana/i).waitFor({ state: 'visible' })
    await page.close()
  })

  it('fails a learner who answers graded questions wrong, then lets them retry and pass', async () => {
    const page = await open()
    const sco = page.frameLocator('#sco')
    await walk(sco, pages(), names, () => false, isGraded)
    await expect.poll(async () => (await session(page)).committedCmi?.core?.lesson_status).toBe('failed')
    expect((await session(page)).committedCmi?.core.score.raw).toBe('0')
    expect(new Set(setValues(await session(page), /^cmi\.interactions\.\d+\.result$/))).toContain('wrong')
    // The results page names the missed questions with their module.
    const results = sco.getByRole('main')
    for (const m of data.modules.filter((mod) => mod.graded)) await results.getByText(m.title).first().waitFor({ state: 'visible' })
    await sco.getByRole('button', { name: names.retry, exact: true }).click()
    const firstGraded = pages().findIndex((p) => questionsOf(p).some(isGraded))
    await walk(sco, pages().slice(firstGraded), names, () => true, isGraded)
    await expect.poll(async () => (await session(page)).committedCmi?.core?.lesson_status).toBe('passed')
    expect((await session(page)).committedCmi?.core.score.raw).toBe('100')
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    await expect.poll(async () => countCalls(await session(page), 'LMSFinish')).toBe(1)
    expectNoApiErrors(await session(page))
    await page.close()
  })

  it('brings a learner who leaves on page 3 back to page 3 with their answers', async () => {
    const first = await open()
    const sco = first.frameLocator('#sco')
    const all = pages()
    for (const p of all.slice(0, 2)) {
      await expectPage(sco, p.title)
      for (const q of questionsOf(p)) await answerQuestion(sco, q, names, true)
      await sco.getByRole('button', { name: names.next, exact: true }).click()
    }
    await expectPage(sco, all[2].title)
    // The learner goes away (the LMS unloads the SCO): the player ends the session by itself on pagehide.
    await first.evaluate(() => { (document.getElementById('sco') as HTMLIFrameElement).src = 'about:blank' })
    await expect.poll(async () => countCalls(await session(first), 'LMSFinish')).toBe(1)
    const state = await session(first)
    await first.close()
    expectNoApiErrors(state)
    expect(state.finishedCmi?.core).toMatchObject({ exit: 'suspend', lesson_status: 'incomplete' })
    expect(setValues(state, 'cmi.core.session_time')[0]).toMatch(MOODLE_SESSION_TIME)

    const second = await open(relaunchData(state.finishedCmi!))
    const sco2 = second.frameLocator('#sco')
    await expectPage(sco2, all[2].title)
    const s2 = await session(second)
    expect(s2.calls.find((c) => c.method === 'LMSGetValue' && c.args[0] === 'cmi.core.entry')?.result).toBe('resume')
    // The answers given before leaving are still there, locked, on their pages.
    const answered = all.slice(0, 2).flatMap(questionsOf)
    expect(answered.length).toBeGreaterThan(0)
    await sco2.getByRole('navigation').getByRole('link', { name: all[0].title }).click()
    await expectPage(sco2, all[0].title)
    for (const q of questionsOf(all[0])) {
      const group = sco2.getByRole('group', { name: q.prompt, exact: true })
      const inputs = group.locator('input')
      expect(await inputs.count()).toBeGreaterThan(0)
      for (let i = 0; i < await inputs.count(); i++) expect(await inputs.nth(i).isDisabled()).toBe(true)
      if (q.type === 'single') expect(await group.getByRole('radio', { name: q.choices.find((c) => c.correct)!.text, exact: true }).isChecked()).toBe(true)
    }
    await second.close()
  })

  it('shows the whole course and says progress is not saved when opened with no LMS', async () => {
    const page = await browser.newPage()
    await page.goto(`${lms.url}/pkg/index.html`)
    await page.getByText(/no se está guardando/).waitFor({ state: 'visible' })
    await page.getByRole('navigation').first().waitFor({ state: 'visible' })
    await expectPage(page, pages()[0].title)
    await page.getByRole('button', { name: names.next, exact: true }).click()
    await expectPage(page, pages()[1].title)
    await page.close()
  })
})

describe('SCORM 1.2 package of prosecuting-trafficking (English, one SCO per module)', () => {
  let dir: string
  let lms: LmsServer
  let data: PlayerData
  beforeAll(async () => {
    dir = await buildPackage('prosecuting-trafficking')
    lms = await startLms(dir)
    data = await packageData(dir)
  })
  afterAll(async () => { await lms?.close() })

  it('tracks each module SCO on its own: passing module 2 says nothing of the others', async () => {
    const launches = await scoLaunches(dir)
    expect(launches).toHaveLength(8)
    const module = data.modules[1]
    const page = await browser.newPage()
    await launch(page, lms, launches[1].href)
    const sco = page.frameLocator('#sco')
    // Only this module's pages are played, then its results.
    await walk(sco, module.pages, NAMES.en, () => true, () => true)
    await sco.getByRole('button', { name: 'Exit', exact: true }).click()
    await expect.poll(async () => countCalls(await session(page), 'LMSFinish')).toBe(1)
    const s = await session(page)
    expectNoApiErrors(s)
    expect(s.finishedCmi?.core).toMatchObject({ lesson_status: 'passed', score: { raw: '100' } })
    expect(setValues(s, /^cmi\.interactions\.\d+\.id$/)).toEqual(module.pages.flatMap(questionsOf).map((q) => q.id))
    await page.close()
  })
})
