import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startLab, type Lab, type LabLog, type LabPackage } from '../../src/lab/server.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { committed, countCalls, course, expectClean, firstRead, goToPage, hasRead, importedPackage, logWhen, oneLabPageAtATime, press, setValues } from '../helpers/lab-scorm.js'
import { scoLaunches } from '../helpers/lms.js'
import { stringsFor } from '../../src/player/i18n.js'
import { expectCertificate, expectStartPage, learnerOn, packageData, questionsOf, walkToResults } from '../helpers/learner.js'
import { MOODLE_DURATION_2004, MOODLE_SHORT_IDENTIFIER } from '../../src/lab/moodle.js'
import { MOODLE_TIME_2004 } from '../player/fake-scorm.js'

// Moodle's formats are stricter than scorm-again's; hold the package to them (SPEC-NOTES §3.4, §3.5, §6.3),
// by the lab's own rules and the Moodle-strict fake's timestamp format: the lab checks them too (its
// problems), these say what is expected outright.
const MOODLE_SESSION_TIME = MOODLE_DURATION_2004
const MOODLE_TIME = MOODLE_TIME_2004

// The packages run on the lab page, the LMS `coursepack preview` and `coursepack check` show.
let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

const { open } = oneLabPageAtATime(() => browser, () => lab)


const held = (log: LabLog) => log.data as Record<string, any>

describe('SCORM 2004 package of trata-consulados (Spanish, one SCO) in the lab', () => {
  let pkg: LabPackage
  let data: PlayerData
  const names = stringsFor('es')
  const pages = () => data.modules.flatMap((m) => m.pages)
  const gradedIds = () => new Set(data.modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf)).map((q) => q.id))
  const isGraded = (q: PlayerQuestion) => gradedIds().has(q.id)

  beforeAll(async () => {
    pkg = await importedPackage('trata-consulados', 'scorm2004')
    data = await packageData(pkg.dir)
  })

  /** A whole attempt answered right, ended with the course's Exit button. */
  async function passAndExit(sco: ReturnType<typeof course>): Promise<LabLog> {
    await expectStartPage(sco, data, data.course.title)
    await walkToResults(learnerOn(sco, data), data, pages(), true)
    await logWhen(lab, (l) => committed(l, 0, 'cmi.success_status') === 'passed')
    await expectCertificate(sco, data, 'Lab Learner') // cmi.learner_name "Learner, Lab", first name first
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    return logWhen(lab, (l) => l.sessions[0]?.finished === true)
  }

  it('takes a learner who answers everything right to completed and passed, with raw and scaled score, interactions and a valid session time', async () => {
    const sco = course(await open(pkg))
    const log = await passAndExit(sco)
    expect(log.sessions).toHaveLength(1)
    expectClean(log)
    expect(countCalls(log, 0, 'Initialize')).toBe(1)
    expect(countCalls(log, 0, 'Terminate')).toBe(1)
    expect(log.sessions[0].calls[0]).toMatchObject({ method: 'Initialize', args: [''] })
    expect(log.sessions[0].calls.at(-1)).toMatchObject({ method: 'Terminate', args: [''] })
    expect(held(log)).toMatchObject({ completion_status: 'completed', success_status: 'passed', exit: 'suspend' })
    expect(held(log).score).toMatchObject({ scaled: '1', raw: '100', min: '0', max: '100' })
    const sessionTime = setValues(log, 0, 'cmi.session_time')
    expect(sessionTime).toHaveLength(1)
    expect(sessionTime[0]).toMatch(MOODLE_SESSION_TIME)
    // A finished single SCO ends the course: no navigation request (Moodle dies on exit), not continue.
    expect(setValues(log, 0, 'adl.nav.request')).toEqual([])
    const questionCount = pages().flatMap(questionsOf).length
    expect(setValues(log, 0, /^cmi\.interactions\.\d+\.id$/)).toHaveLength(questionCount)
    expect(new Set(setValues(log, 0, /^cmi\.interactions\.\d+\.result$/))).toEqual(new Set(['correct']))
    for (const t of setValues(log, 0, /^cmi\.interactions\.\d+\.timestamp$/)) expect(t).toMatch(MOODLE_TIME)
    for (const t of setValues(log, 0, /^cmi\.interactions\.\d+\.latency$/)) expect(t).toMatch(MOODLE_SESSION_TIME)
    const choiceIndexes = log.sessions[0].calls.filter((c) => c.method === 'SetValue' && /^cmi\.interactions\.\d+\.type$/.test(c.args[0]) && c.args[1] === 'choice').map((c) => c.args[0].split('.')[2])
    expect(choiceIndexes.length).toBeGreaterThan(0)
    for (const n of choiceIndexes) {
      for (const value of [...setValues(log, 0, `cmi.interactions.${n}.learner_response`), ...setValues(log, 0, new RegExp(`^cmi\\.interactions\\.${n}\\.correct_responses\\.\\d+\\.pattern$`))]) {
        for (const id of value.split('[,]')) expect(id).toMatch(MOODLE_SHORT_IDENTIFIER)
      }
    }
    expect(setValues(log, 0, 'cmi.suspend_data').every((v) => v.length <= 64000)).toBe(true)
    expect(countCalls(log, 0, 'Commit')).toBeLessThanOrEqual(questionCount + 4)
  })

  it('fails a learner who answers graded questions wrong, with incorrect interactions, then lets them retry and pass', async () => {
    const sco = course(await open(pkg))
    await walkToResults(learnerOn(sco, data), data, pages(), false)
    let log = await logWhen(lab, (l) => committed(l, 0, 'cmi.success_status') === 'failed')
    expect(committed(log, 0, 'cmi.completion_status')).toBe('completed')
    expect(['scaled', 'raw', 'min', 'max'].map((k) => committed(log, 0, `cmi.score.${k}`))).toEqual(['0', '0', '0', '100'])
    expect(new Set(setValues(log, 0, /^cmi\.interactions\.\d+\.result$/))).toContain('incorrect')
    expect(setValues(log, 0, /^cmi\.interactions\.\d+\.result$/)).not.toContain('wrong')
    await sco.getByRole('button', { name: names.retry, exact: true }).click()
    log = await logWhen(lab, (l) => committed(l, 0, 'cmi.success_status') === 'unknown')
    expect(committed(log, 0, 'cmi.completion_status')).toBe('incomplete')
    const firstGraded = pages().findIndex((p) => questionsOf(p).some(isGraded))
    await walkToResults(learnerOn(sco, data), data, pages().slice(firstGraded), true)
    log = await logWhen(lab, (l) => committed(l, 0, 'cmi.success_status') === 'passed')
    expect(committed(log, 0, 'cmi.score.scaled')).toBe('1')
    expect(committed(log, 0, 'cmi.score.raw')).toBe('100')
    await sco.getByRole('button', { name: names.exit, exact: true }).click()
    log = await logWhen(lab, (l) => l.sessions[0]?.finished === true)
    expect(log.sessions).toHaveLength(1)
    expect(countCalls(log, 0, 'Initialize')).toBe(1)
    expect(countCalls(log, 0, 'Terminate')).toBe(1)
    expectClean(log)
    expect(held(log)).toMatchObject({ completion_status: 'completed', success_status: 'passed', exit: 'suspend' })
  })

  it('brings a learner who leaves on page 3 back to page 3 with their answers (exit suspend, then entry resume, "Leave and relaunch")', async () => {
    const lms = await open(pkg)
    const sco = course(lms)
    const all = pages()
    for (const p of all.slice(0, 2)) {
      await learnerOn(sco, data).expectPage(p.title)
      for (const q of questionsOf(p)) await learnerOn(sco, data).answer(q, true)
      await sco.getByRole('button', { name: names.next, exact: true }).click()
    }
    await learnerOn(sco, data).expectPage(all[2].title)
    // The learner goes away: the lab unloads the SCO (the player ends the session by itself on pagehide) and launches it again.
    await press(lms, 'Leave and relaunch')
    const log = await logWhen(lab, (l) => l.sessions[0]?.finished === true && l.sessions.length === 2 &&
      ['cmi.entry', 'cmi.location', 'cmi.suspend_data', 'cmi.completion_status', 'cmi.success_status'].every((e) => hasRead(l, 1, e)))
    expect(countCalls(log, 0, 'Initialize')).toBe(1)
    expect(countCalls(log, 0, 'Terminate')).toBe(1)
    expect(setValues(log, 0, 'cmi.exit').at(-1)).toBe('suspend')
    expect(setValues(log, 0, 'cmi.location').at(-1)).toBeTruthy()
    expect(setValues(log, 0, 'adl.nav.request')).toEqual([]) // the LMS, not the learner, ended this session
    expect(setValues(log, 0, 'cmi.session_time')).toHaveLength(1)
    expect(setValues(log, 0, 'cmi.session_time')[0]).toMatch(MOODLE_SESSION_TIME)
    // What the LMS held and handed back on relaunch (RTE 4.2.8): entry resume, location and suspend data, the statuses.
    expect(firstRead(log, 1, 'cmi.entry')?.result).toBe('resume')
    expect(firstRead(log, 1, 'cmi.location')?.result).toBe(setValues(log, 0, 'cmi.location').at(-1))
    expect(firstRead(log, 1, 'cmi.suspend_data')?.result).toBe(setValues(log, 0, 'cmi.suspend_data').at(-1))
    expect(firstRead(log, 1, 'cmi.completion_status')?.result).toBe('incomplete')
    expect(firstRead(log, 1, 'cmi.success_status')?.result).toBe('unknown')
    expectClean(log)
    await learnerOn(sco, data).expectPage(all[2].title)
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

  it('a relaunch after a pass comes back to the result and its certificate: exit stays "suspend", so the LMS hands the attempt back', async () => {
    const lms = await open(pkg)
    const sco = course(lms)
    await passAndExit(sco)
    await press(lms, 'Leave and relaunch')
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && hasRead(l, 1, 'cmi.success_status') && hasRead(l, 1, 'cmi.suspend_data'))
    // Moodle (get_scorm_default): a 2004 attempt's data come back only after exit "suspend", with entry resume.
    expect(firstRead(log, 1, 'cmi.entry')?.result).toBe('resume')
    expect(firstRead(log, 1, 'cmi.success_status')?.result).toBe('passed')
    await goToPage(sco, names.results, names.contents)
    await expectCertificate(sco, data, 'Lab Learner')
    expect(setValues(lab.log(), 1, 'cmi.success_status')).toEqual([]) // the pass is not reported again, nor undone
    expectClean(lab.log())
  })
})

describe('SCORM 2004 package of prosecuting-trafficking (English, one SCO per module) in the lab', () => {
  let pkg: LabPackage
  let data: PlayerData
  beforeAll(async () => {
    pkg = await importedPackage('prosecuting-trafficking', 'scorm2004')
    data = await packageData(pkg.dir)
  })

  /** The lab launches the SCO it is given, as `coursepack check` does for each SCO. */
  async function passModule(index: number): Promise<LabLog> {
    const launches = await scoLaunches(pkg.dir)
    const module = data.modules[index]
    const sco = course(await open({ ...pkg, launch: launches[index].href }))
    await walkToResults(learnerOn(sco, data), data, module.pages, true)
    await sco.getByRole('button', { name: stringsFor('en').exit, exact: true }).click()
    const log = await logWhen(lab, (l) => l.sessions[0]?.finished === true)
    expect(log.sessions).toHaveLength(1)
    expect(countCalls(log, 0, 'Initialize')).toBe(1)
    expect(countCalls(log, 0, 'Terminate')).toBe(1)
    return log
  }

  it('tracks module 2 on its own and, once it is passed, asks the LMS to continue to the next module', async () => {
    const launches = await scoLaunches(pkg.dir)
    expect(launches.map((l) => l.href)).toEqual(data.modules.map((m) => `module-${m.id}.html`))
    const module = data.modules[1]
    const log = await passModule(1)
    expectClean(log)
    expect(held(log)).toMatchObject({ completion_status: 'completed', exit: 'suspend' })
    if (module.graded) expect(held(log)).toMatchObject({ success_status: 'passed', score: { raw: '100', scaled: '1' } })
    expect(setValues(log, 0, /^cmi\.interactions\.\d+\.id$/)).toEqual(module.pages.flatMap(questionsOf).map((q) => q.id))
    expect(setValues(log, 0, 'adl.nav.request')).toEqual(['continue'])
  })

  it('the last module SCO asks for no navigation: not continue, and not exit, which breaks Moodle\'s Terminate', async () => {
    const log = await passModule(data.modules.length - 1)
    expectClean(log)
    expect(setValues(log, 0, 'adl.nav.request')).toEqual([])
  })
})
