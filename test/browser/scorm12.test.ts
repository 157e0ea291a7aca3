import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { LAB_LEARNER, startLab, type Lab, type LabPackage } from '../../src/lab/server.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { committed, countCalls, course, expectClean, firstRead, goToPage, hasRead, importedPackage, logWhen, oneLabPageAtATime, press, setValues } from '../helpers/lab-scorm.js'
import { scoLaunches } from '../helpers/lms.js'
import { stringsFor } from '../../src/player/i18n.js'
import { expectCertificate, expectStartPage, learnerOn, packageData, questionsOf, walkToResults } from '../helpers/learner.js'
import { MOODLE_IDENTIFIER, MOODLE_TIMESPAN_12 } from '../../src/lab/moodle.js'

// Moodle's formats are stricter than scorm-again's; hold the package to them (SPEC-NOTES §2.3, §6.3),
// by the lab's own rules: the lab checks them too (its problems), these say what is expected outright.
const MOODLE_SESSION_TIME = MOODLE_TIMESPAN_12

// The packages run on the lab page, the LMS `coursepack preview` and `coursepack check` show.
let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

const { open, keep } = oneLabPageAtATime(() => browser, () => lab)


describe('SCORM 1.2 package of trata-consulados (Spanish, one SCO) in the lab', () => {
  let pkg: LabPackage
  let data: PlayerData
  const names = stringsFor('es')
  const pages = () => data.modules.flatMap((m) => m.pages)
  const gradedIds = () => new Set(data.modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf)).map((q) => q.id))
  const isGraded = (q: PlayerQuestion) => gradedIds().has(q.id)

  beforeAll(async () => {
    pkg = await importedPackage('trata-consulados', 'scorm12')
    data = await packageData(pkg.dir)
  })

  it('takes a learner who answers everything right to passed, with score, interactions and a valid session time', async () => {
    const page = await open(pkg)
    const sco = course(page)
    await expectStartPage(sco, data, data.course.title)
    await walkToResults(learnerOn(sco, data), data, pages(), true)
    await logWhen(lab, (l) => committed(l, 0, 'cmi.core.lesson_status') === 'passed')
    // The certificate names the learner as the LMS does ("Learner, Lab" in cmi.core.student_name), first name first.
    expect(LAB_LEARNER.name).toBe('Learner, Lab')
    await expectCertificate(sco, data, 'Lab Learner')
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    await logWhen(lab, (l) => l.sessions[0]?.finished === true)
    await sco.getByText(/cerrar esta ventana/i).waitFor({ state: 'visible' })
    const log = lab.log()
    expect(log.sessions).toHaveLength(1)
    expectClean(log)
    expect(countCalls(log, 0, 'LMSInitialize')).toBe(1)
    expect(countCalls(log, 0, 'LMSFinish')).toBe(1)
    expect(log.sessions[0].calls[0].method).toBe('LMSInitialize')
    const held = log.data as Record<string, any>
    expect(held.core).toMatchObject({ lesson_status: 'passed', exit: '' })
    expect(held.core.score).toMatchObject({ raw: '100', min: '0', max: '100' })
    expect(log.summary.status).toMatch(/passed/)
    const sessionTime = setValues(log, 0, 'cmi.core.session_time')
    expect(sessionTime).toHaveLength(1)
    expect(sessionTime[0]).toMatch(MOODLE_SESSION_TIME)
    const questionCount = pages().flatMap(questionsOf).length
    expect(setValues(log, 0, /^cmi\.interactions\.\d+\.id$/)).toHaveLength(questionCount)
    for (const id of setValues(log, 0, /^cmi\.interactions\.\d+\.id$/)) expect(id).toMatch(MOODLE_IDENTIFIER)
    expect(new Set(setValues(log, 0, /^cmi\.interactions\.\d+\.result$/))).toEqual(new Set(['correct']))
    expect(setValues(log, 0, 'cmi.suspend_data').every((v) => v.length <= 4096)).toBe(true)
    // Commits follow meaningful changes, not every click: fewer commits than API writes by far.
    expect(countCalls(log, 0, 'LMSCommit')).toBeLessThanOrEqual(questionCount + 4)
  })

  it('fails a learner who answers graded questions wrong, then lets them retry and pass', async () => {
    const page = await open(pkg)
    const sco = course(page)
    await walkToResults(learnerOn(sco, data), data, pages(), false)
    let log = await logWhen(lab, (l) => committed(l, 0, 'cmi.core.lesson_status') === 'failed')
    expect(committed(log, 0, 'cmi.core.score.raw')).toBe('0')
    expect(new Set(setValues(log, 0, /^cmi\.interactions\.\d+\.result$/))).toContain('wrong')
    // The results page names the missed questions with their module.
    const results = sco.getByRole('main')
    for (const m of data.modules.filter((mod) => mod.graded)) await results.getByText(m.title).first().waitFor({ state: 'visible' })
    await sco.getByRole('button', { name: names.retry, exact: true }).click()
    const firstGraded = pages().findIndex((p) => questionsOf(p).some(isGraded))
    await walkToResults(learnerOn(sco, data), data, pages().slice(firstGraded), true)
    log = await logWhen(lab, (l) => committed(l, 0, 'cmi.core.lesson_status') === 'passed')
    expect(committed(log, 0, 'cmi.core.score.raw')).toBe('100')
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    log = await logWhen(lab, (l) => l.sessions[0]?.finished === true)
    expect(log.sessions).toHaveLength(1)
    expect(countCalls(log, 0, 'LMSInitialize')).toBe(1)
    expect(countCalls(log, 0, 'LMSFinish')).toBe(1)
    expect((log.data as Record<string, any>).core).toMatchObject({ lesson_status: 'passed', exit: '' })
    expectClean(log)
  })

  it('brings a learner who leaves on page 3 back to page 3 with their answers ("Leave and relaunch")', async () => {
    const page = await open(pkg)
    const sco = course(page)
    const all = pages()
    for (const p of all.slice(0, 2)) {
      await learnerOn(sco, data).expectPage(p.title)
      for (const q of questionsOf(p)) await learnerOn(sco, data).answer(q, true)
      await sco.getByRole('button', { name: names.next, exact: true }).click()
    }
    await learnerOn(sco, data).expectPage(all[2].title)
    // The learner goes away: the lab unloads the SCO (the player ends the session by itself on pagehide) and launches it again.
    await press(page, 'Leave and relaunch')
    const log = await logWhen(lab, (l) => l.sessions[0]?.finished === true && l.sessions.length === 2 &&
      hasRead(l, 1, 'cmi.core.entry') && hasRead(l, 1, 'cmi.core.lesson_status') && hasRead(l, 1, 'cmi.suspend_data'))
    expect(countCalls(log, 0, 'LMSInitialize')).toBe(1)
    expect(countCalls(log, 0, 'LMSFinish')).toBe(1)
    expect(setValues(log, 0, 'cmi.core.exit').at(-1)).toBe('suspend')
    expect(setValues(log, 0, 'cmi.core.lesson_status').at(-1)).toBe('incomplete')
    expect(setValues(log, 0, 'cmi.core.session_time')).toHaveLength(1)
    expect(setValues(log, 0, 'cmi.core.session_time')[0]).toMatch(MOODLE_SESSION_TIME)
    // What the LMS handed back on relaunch: entry resume after exit=suspend, the status and the suspend data it held.
    expect(firstRead(log, 1, 'cmi.core.entry')?.result).toBe('resume')
    expect(firstRead(log, 1, 'cmi.core.lesson_status')?.result).toBe('incomplete')
    expect(firstRead(log, 1, 'cmi.suspend_data')?.result).toBe(setValues(log, 0, 'cmi.suspend_data').at(-1))
    expectClean(log)
    await learnerOn(sco, data).expectPage(all[2].title)
    // The answers given before leaving are still there, locked, on their pages.
    const answered = all.slice(0, 2).flatMap(questionsOf)
    expect(answered.length).toBeGreaterThan(0)
    await goToPage(sco, all[0].title, names.contents)
    await learnerOn(sco, data).expectPage(all[0].title)
    for (const q of questionsOf(all[0])) {
      const group = sco.getByRole('group', { name: q.prompt, exact: true })
      const inputs = group.locator('input')
      expect(await inputs.count()).toBeGreaterThan(0)
      for (let i = 0; i < await inputs.count(); i++) expect(await inputs.nth(i).isDisabled()).toBe(true)
      if (q.type === 'single') expect(await group.getByRole('radio', { name: q.choices.find((c) => c.correct)!.text, exact: true }).isChecked()).toBe(true)
    }
    expectClean(lab.log())
  })

  it('shows the whole course and says progress is not saved when opened with no LMS', async () => {
    await lab.noPages() // the last test's lab page, closed, must not launch this package
    lab.setPackage(pkg)
    const direct = `${lab.url}pkg/${pkg.launch}`
    await expect.poll(async () => (await fetch(direct)).status).toBe(200) // the lab serves the package once it has resolved its folder
    const alone = keep(await browser.newPage())
    await alone.goto(direct)
    await alone.getByText(/no se está guardando/).waitFor({ state: 'visible' })
    await alone.getByRole('navigation').first().waitFor({ state: 'visible' })
    await learnerOn(alone, data).expectPage(pages()[0].title)
    await alone.getByRole('button', { name: names.next, exact: true }).click()
    await learnerOn(alone, data).expectPage(pages()[1].title)
    expect(lab.log().sessions).toEqual([]) // no LMS page, no launch
  })
})

describe('SCORM 1.2 package of prosecuting-trafficking (English, one SCO per module) in the lab', () => {
  let pkg: LabPackage
  let data: PlayerData
  beforeAll(async () => {
    pkg = await importedPackage('prosecuting-trafficking', 'scorm12')
    data = await packageData(pkg.dir)
  })

  it('tracks each module SCO on its own: passing module 2 says nothing of the others', async () => {
    const launches = await scoLaunches(pkg.dir)
    expect(launches).toHaveLength(9)
    const module = data.modules[1]
    // The lab launches the SCO it is given, as `coursepack check` does for each SCO.
    const page = await open({ ...pkg, launch: launches[1].href })
    const sco = course(page)
    // Only this module's pages are played, then its results.
    await walkToResults(learnerOn(sco, data), data, module.pages, true)
    await sco.getByRole('button', { name: stringsFor('en').exit, exact: true }).click()
    const log = await logWhen(lab, (l) => l.sessions[0]?.finished === true)
    expect(log.sessions).toHaveLength(1)
    expectClean(log)
    expect(countCalls(log, 0, 'LMSInitialize')).toBe(1)
    expect(countCalls(log, 0, 'LMSFinish')).toBe(1)
    expect((log.data as Record<string, any>).core).toMatchObject({ lesson_status: 'passed', score: { raw: '100' } })
    // A module SCO records no interactions: Moodle's 1.2 API could not reopen it in the same player page (test/moodle).
    expect(setValues(log, 0, /^cmi\.interactions\./)).toEqual([])
  })
})
