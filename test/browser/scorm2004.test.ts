import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { launch2004, relaunchData2004, scoLaunches2004, session2004, startLms, unpack, type LmsServer, type LmsSession2004 } from '../helpers/lms.js'
import { answerQuestion, expectPage, NAMES, packageData, walk, questionsOf } from '../helpers/learner.js'
import { coursesDir } from '../helpers/paths.js'

// Moodle's formats are stricter than scorm-again's; hold the package to them (SPEC-NOTES §3.4, §3.5, §6.3).
const MOODLE_SESSION_TIME = /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/
const MOODLE_TIME = /^(19[7-9]{1}[0-9]{1}|20[0-2]{1}[0-9]{1}|203[0-8]{1})((-(0[1-9]{1}|1[0-2]{1}))((-(0[1-9]{1}|[1-2]{1}[0-9]{1}|3[0-1]{1}))(T([0-1]{1}[0-9]{1}|2[0-3]{1})((:[0-5]{1}[0-9]{1})((:[0-5]{1}[0-9]{1})((\.[0-9]{1,2})((Z|([+|-]([0-1]{1}[0-9]{1}|2[0-3]{1})))(:[0-5]{1}[0-9]{1})?)?)?)?)?)?)?)?$/
const MOODLE_SHORT_IDENTIFIER = /^[\w.]{1,250}$/

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

async function buildPackage(course: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-browser-'))
  const result = await buildCourse(join(coursesDir, course), { targets: ['scorm2004'], outDir })
  expect(result.outputs).toHaveLength(1)
  expect(result.outputs[0].path).toMatch(/-scorm2004\.zip$/)
  return unpack(result.outputs[0].path)
}

/** Every API call the SCO made succeeded in the LMS runtime. */
function expectNoApiErrors(s: LmsSession2004): void {
  const failed = s.calls.filter((c) => c.error !== '0' || c.result === 'false')
  expect(failed, JSON.stringify(failed, null, 1)).toEqual([])
}

function setValues(s: LmsSession2004, element: string | RegExp): string[] {
  return s.calls.filter((c) => c.method === 'SetValue' && (typeof element === 'string' ? c.args[0] === element : element.test(c.args[0]))).map((c) => c.args[1])
}

function countCalls(s: LmsSession2004, method: string): number {
  return s.calls.filter((c) => c.method === method).length
}

describe('SCORM 2004 package of trata-consulados (Spanish, one SCO) in scorm-again', () => {
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
    // As a conformant LMS does from the manifest's minNormalizedMeasure (RTE 4.2.22).
    await launch2004(page, lms, 'index.html', { scaled_passing_score: String(data.course.passingScore / 100), ...saved })
    return page
  }

  it('takes a learner who answers everything right to completed and passed, with raw and scaled score, interactions and a valid session time', async () => {
    const page = await open()
    const sco = page.frameLocator('#sco')
    await walk(sco, pages(), names, () => true, isGraded)
    await expect.poll(async () => (await session2004(page)).committedCmi?.success_status).toBe('passed')
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    await expect.poll(async () => countCalls(await session2004(page), 'Terminate')).toBe(1)
    const s = await session2004(page)
    expectNoApiErrors(s)
    expect(countCalls(s, 'Initialize')).toBe(1)
    expect(s.calls[0]).toMatchObject({ method: 'Initialize', args: [''] })
    expect(s.calls.at(-1)).toMatchObject({ method: 'Terminate', args: [''] })
    expect(s.finishedCmi).toMatchObject({ completion_status: 'completed', success_status: 'passed', exit: 'normal' })
    expect(s.finishedCmi?.score).toMatchObject({ scaled: '1', raw: '100', min: '0', max: '100' })
    const sessionTime = setValues(s, 'cmi.session_time')
    expect(sessionTime).toHaveLength(1)
    expect(sessionTime[0]).toMatch(MOODLE_SESSION_TIME)
    // A finished single SCO ends the course: exit, not continue.
    expect(setValues(s, 'adl.nav.request')).toEqual(['exit'])
    const questionCount = pages().flatMap(questionsOf).length
    expect(setValues(s, /^cmi\.interactions\.\d+\.id$/)).toHaveLength(questionCount)
    expect(new Set(setValues(s, /^cmi\.interactions\.\d+\.result$/))).toEqual(new Set(['correct']))
    for (const t of setValues(s, /^cmi\.interactions\.\d+\.timestamp$/)) expect(t).toMatch(MOODLE_TIME)
    for (const t of setValues(s, /^cmi\.interactions\.\d+\.latency$/)) expect(t).toMatch(MOODLE_SESSION_TIME)
    const choiceIndexes = s.calls.filter((c) => c.method === 'SetValue' && /^cmi\.interactions\.\d+\.type$/.test(c.args[0]) && c.args[1] === 'choice').map((c) => c.args[0].split('.')[2])
    expect(choiceIndexes.length).toBeGreaterThan(0)
    for (const n of choiceIndexes) {
      for (const value of [...setValues(s, `cmi.interactions.${n}.learner_response`), ...setValues(s, new RegExp(`^cmi\\.interactions\\.${n}\\.correct_responses\\.\\d+\\.pattern$`))]) {
        for (const id of value.split('[,]')) expect(id).toMatch(MOODLE_SHORT_IDENTIFIER)
      }
    }
    expect(setValues(s, 'cmi.suspend_data').every((v) => v.length <= 64000)).toBe(true)
    expect(countCalls(s, 'Commit')).toBeLessThanOrEqual(questionCount + 4)
    await page.close()
  })

  it('fails a learner who answers graded questions wrong, with incorrect interactions, then lets them retry and pass', async () => {
    const page = await open()
    const sco = page.frameLocator('#sco')
    await walk(sco, pages(), names, () => false, isGraded)
    await expect.poll(async () => (await session2004(page)).committedCmi?.success_status).toBe('failed')
    const failed = await session2004(page)
    expect(failed.committedCmi).toMatchObject({ completion_status: 'completed', success_status: 'failed' })
    expect(failed.committedCmi?.score).toMatchObject({ scaled: '0', raw: '0', min: '0', max: '100' })
    expect(new Set(setValues(failed, /^cmi\.interactions\.\d+\.result$/))).toContain('incorrect')
    expect(setValues(failed, /^cmi\.interactions\.\d+\.result$/)).not.toContain('wrong')
    await sco.getByRole('button', { name: names.retry, exact: true }).click()
    await expect.poll(async () => (await session2004(page)).committedCmi?.success_status).toBe('unknown')
    expect((await session2004(page)).committedCmi?.completion_status).toBe('incomplete')
    const firstGraded = pages().findIndex((p) => questionsOf(p).some(isGraded))
    await walk(sco, pages().slice(firstGraded), names, () => true, isGraded)
    await expect.poll(async () => (await session2004(page)).committedCmi?.success_status).toBe('passed')
    expect((await session2004(page)).committedCmi?.score).toMatchObject({ scaled: '1', raw: '100' })
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    await expect.poll(async () => countCalls(await session2004(page), 'Terminate')).toBe(1)
    const s = await session2004(page)
    expectNoApiErrors(s)
    expect(s.finishedCmi).toMatchObject({ completion_status: 'completed', success_status: 'passed', exit: 'normal' })
    await page.close()
  })

  it('brings a learner who leaves on page 3 back to page 3 with their answers (exit suspend, then entry resume)', async () => {
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
    await expect.poll(async () => countCalls(await session2004(first), 'Terminate')).toBe(1)
    const state = await session2004(first)
    await first.close()
    expectNoApiErrors(state)
    expect(state.finishedCmi).toMatchObject({ exit: 'suspend', completion_status: 'incomplete', success_status: 'unknown' })
    expect(state.finishedCmi?.location).not.toBe('')
    expect(setValues(state, 'adl.nav.request')).toEqual([]) // the LMS, not the learner, ended this session
    expect(setValues(state, 'cmi.session_time')[0]).toMatch(MOODLE_SESSION_TIME)

    const second = await open(relaunchData2004(state.finishedCmi!))
    const sco2 = second.frameLocator('#sco')
    await expectPage(sco2, all[2].title)
    const s2 = await session2004(second)
    expect(s2.calls.find((c) => c.method === 'GetValue' && c.args[0] === 'cmi.entry')?.result).toBe('resume')
    expect(s2.calls.find((c) => c.method === 'GetValue' && c.args[0] === 'cmi.suspend_data')?.result).toBe(state.finishedCmi!.suspend_data)
    expectNoApiErrors(s2)
    await sco2.getByRole('navigation').getByRole('link', { name: all[0].title }).click()
    await expectPage(sco2, all[0].title)
    const answered = questionsOf(all[0])
    for (const q of answered) {
      const group = sco2.getByRole('group', { name: q.prompt, exact: true })
      const inputs = group.locator('input')
      expect(await inputs.count()).toBeGreaterThan(0)
      for (let i = 0; i < await inputs.count(); i++) expect(await inputs.nth(i).isDisabled()).toBe(true)
      if (q.type === 'single') expect(await group.getByRole('radio', { name: q.choices.find((c) => c.correct)!.text, exact: true }).isChecked()).toBe(true)
    }
    await second.close()
  })

  it('starts over on a relaunch after a finished attempt: entry is not resume, so leftovers are ignored', async () => {
    const page = await open({ entry: '', completion_status: 'unknown', success_status: 'unknown', location: 'x/y', suspend_data: 'cp1;stale' })
    const sco = page.frameLocator('#sco')
    await expectPage(sco, pages()[0].title)
    const s = await session2004(page)
    expect(s.calls.filter((c) => c.method === 'GetValue').map((c) => c.args[0])).not.toContain('cmi.suspend_data')
    expectNoApiErrors(s)
    await page.close()
  })
})

describe('SCORM 2004 package of prosecuting-trafficking (English, one SCO per module)', () => {
  let dir: string
  let lms: LmsServer
  let data: PlayerData
  beforeAll(async () => {
    dir = await buildPackage('prosecuting-trafficking')
    lms = await startLms(dir)
    data = await packageData(dir)
  })
  afterAll(async () => { await lms?.close() })

  async function passModule(index: number): Promise<LmsSession2004> {
    const launches = await scoLaunches2004(dir)
    const module = data.modules[index]
    const page = await browser.newPage()
    await launch2004(page, lms, launches[index].href, module.graded ? { scaled_passing_score: String(data.course.passingScore / 100) } : undefined)
    const sco = page.frameLocator('#sco')
    await walk(sco, module.pages, NAMES.en, () => true, () => true)
    await sco.getByRole('button', { name: 'Exit', exact: true }).click()
    await expect.poll(async () => countCalls(await session2004(page), 'Terminate')).toBe(1)
    const s = await session2004(page)
    await page.close()
    return s
  }

  it('tracks module 2 on its own and, once it is passed, asks the LMS to continue to the next module', async () => {
    const launches = await scoLaunches2004(dir)
    expect(launches.map((l) => l.href)).toEqual(data.modules.map((m) => `module-${m.id}.html`))
    const module = data.modules[1]
    const s = await passModule(1)
    expectNoApiErrors(s)
    expect(s.finishedCmi).toMatchObject({ completion_status: 'completed', exit: 'normal' })
    if (module.graded) expect(s.finishedCmi).toMatchObject({ success_status: 'passed', score: { raw: '100', scaled: '1' } })
    expect(setValues(s, /^cmi\.interactions\.\d+\.id$/)).toEqual(module.pages.flatMap(questionsOf).map((q) => q.id))
    expect(setValues(s, 'adl.nav.request')).toEqual(['continue'])
    expect(s.navigation).toEqual(['SequenceNext'])
  })

  it('the last module SCO asks to exit, not to continue', async () => {
    const s = await passModule(data.modules.length - 1)
    expectNoApiErrors(s)
    expect(setValues(s, 'adl.nav.request')).toEqual(['exit'])
  })
})
