// What the player does when the LMS does not simply take everything, SCORM 1.2 and 2004 alike, on the
// lab page: an LMS that refuses the session or, later, its commits (Moodle: an expired session, a
// data model that throws), and an LMS that reopens a finished attempt in review (Moodle, re-entering
// without "Start a new attempt").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startLab, type Lab, type LabPackage } from '../../src/lab/server.js'
import type { PlayerData } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { committed, countCalls, course, expectClean, firstRead, goToPage, importedPackage, logWhen, oneLabPageAtATime, press, refuse } from '../helpers/lab-scorm.js'
import { scoLaunches } from '../helpers/lms.js'
import { formatDate, stringsFor } from '../../src/player/i18n.js'
import { todayIso } from '../../src/player/certificate.js'
import { verificationCode } from '../../src/player/certificate-code.js'
import { expectCertificate, learnerOn, packageData, questionsOf, walkToResults } from '../helpers/learner.js'

const es = stringsFor('es')
const en = stringsFor('en')

const STANDARDS = [
  { target: 'scorm12' as const, initialize: 'LMSInitialize', commit: 'LMSCommit', setValue: 'LMSSetValue', mode: 'cmi.core.lesson_mode', status: 'cmi.core.lesson_status' },
  { target: 'scorm2004' as const, initialize: 'Initialize', commit: 'Commit', setValue: 'SetValue', mode: 'cmi.mode', status: 'cmi.success_status' },
]

let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

const { open } = oneLabPageAtATime(() => browser, () => lab)


describe.each(STANDARDS)('$target', (std) => {
  describe('trata-consulados (Spanish, one SCO) with an LMS that refuses', () => {
    let pkg: LabPackage
    let data: PlayerData
    const pages = () => data.modules.flatMap((m) => m.pages)
    beforeAll(async () => {
      pkg = await importedPackage('trata-consulados', std.target)
      data = await packageData(pkg.dir)
    })

    it(`says progress is not being saved when the LMS refuses ${std.initialize}, and still plays the course`, async () => {
      const sco = course(await open(pkg, [std.initialize]))
      await sco.getByText(es.notSavedRefused).waitFor({ state: 'visible' })
      await learnerOn(sco, data).expectPage(pages()[0].title)
    })

    it(`turns the banner on mid-session when the LMS starts refusing ${std.commit}, and the results page says the result was not recorded`, async () => {
      const lms = await open(pkg, [])
      const sco = course(lms)
      await logWhen(lab, (l) => countCalls(l, 0, std.commit) > 0)
      const banner = sco.getByText(es.notSavedRefused)
      expect(await banner.isVisible()).toBe(false)
      await refuse(lms, [std.commit])
      const withQuestion = pages().find((p) => questionsOf(p).length > 0)!
      await goToPage(sco, withQuestion.title, es.contents)
      await learnerOn(sco, data).answer(questionsOf(withQuestion)[0]!, true)
      await banner.waitFor({ state: 'visible' })
      await goToPage(sco, es.results, es.contents)
      await sco.getByText(es.notRecorded).waitFor({ state: 'visible' })
    })
  })

  describe('prosecuting-trafficking (English, one SCO per module) reopened in review', () => {
    let pkg: LabPackage
    let data: PlayerData
    beforeAll(async () => {
      pkg = await importedPackage('prosecuting-trafficking', std.target)
      data = await packageData(pkg.dir)
    })

    it('after a fail, shows the attempt read-only with the LMS\'s result: no Retry, no writes, how to start a new attempt', async () => {
      const launches = await scoLaunches(pkg.dir)
      const module = data.modules[1]
      const lms = await open({ ...pkg, launch: launches[1].href })
      const sco = course(lms)
      await walkToResults(learnerOn(sco, data), data, module.pages, false, module.id)
      await logWhen(lab, (l) => committed(l, 0, std.status) === 'failed')
      await sco.getByRole('button', { name: en.exit, exact: true }).click()
      await logWhen(lab, (l) => l.sessions[0]?.finished === true)
      // The LMS reopens the finished attempt for viewing (Moodle: re-entering without "Start a new attempt").
      await press(lms, 'Relaunch in review')
      const log = await logWhen(lab, (l) => l.sessions.length === 2 && firstRead(l, 1, std.mode) !== undefined && firstRead(l, 1, std.status) !== undefined)
      expect(firstRead(log, 1, std.mode)?.result).toBe('review')
      expect(firstRead(log, 1, std.status)?.result).toBe('failed')
      await sco.getByText(en.reviewing).waitFor({ state: 'visible' })
      // The answers given are there, locked; nothing can be submitted.
      const first = module.pages.find((p) => questionsOf(p).length > 0)!
      await goToPage(sco, first.title, en.contents)
      await learnerOn(sco, data).expectPage(first.title)
      const group = sco.getByRole('group', { name: questionsOf(first)[0].prompt, exact: true })
      const inputs = group.locator('input')
      expect(await inputs.count()).toBeGreaterThan(0)
      for (let i = 0; i < await inputs.count(); i++) expect(await inputs.nth(i).isDisabled()).toBe(true)
      // The results are the LMS's: failed, never "You passed"; no Retry; how to start a new attempt.
      await goToPage(sco, en.results, en.contents)
      await learnerOn(sco, data).expectPage(en.results)
      const results = sco.getByRole('main')
      await results.getByText(en.failed).waitFor({ state: 'visible' })
      expect(await results.getByText(en.passed).count()).toBe(0)
      expect(await sco.getByRole('button', { name: en.retry, exact: true }).count()).toBe(0)
      await results.getByText(en.newAttempt).waitFor({ state: 'visible' })
      await sco.getByRole('button', { name: en.exit, exact: true }).click()
      const ended = await logWhen(lab, (l) => l.sessions[1]?.finished === true)
      expect(countCalls(ended, 1, std.setValue)).toBe(0)
      expect(countCalls(ended, 1, std.commit)).toBe(0)
      expectClean(ended)
    }, 180_000) // a module walked, then reviewed, on a loaded machine

    it('after a pass, the reopened attempt still offers the certificate, with the LMS\'s score, the learner\'s name and the day of the pass, days later', async () => {
      const launches = await scoLaunches(pkg.dir)
      const module = data.modules[1]
      const lms = await open({ ...pkg, launch: launches[1].href })
      const sco = course(lms)
      await walkToResults(learnerOn(sco, data), data, module.pages, true, module.id)
      await logWhen(lab, (l) => committed(l, 0, std.status) === 'passed')
      await sco.getByRole('button', { name: en.exit, exact: true }).click()
      await logWhen(lab, (l) => l.sessions[0]?.finished === true)
      const passedOn = todayIso()
      const later = new Date(Date.now() + 4 * 24 * 3600 * 1000)
      await lms.context().clock.setFixedTime(later) // the review is four days later
      await press(lms, 'Relaunch in review')
      await logWhen(lab, (l) => l.sessions.length === 2 && firstRead(l, 1, std.mode) !== undefined && firstRead(l, 1, std.status) !== undefined)
      await sco.getByText(en.reviewing).waitFor({ state: 'visible' })
      await goToPage(sco, en.results, en.contents)
      await learnerOn(sco, data).expectPage(en.results)
      await sco.getByRole('main').getByText(en.nextCertificate).waitFor({ state: 'visible' })
      await expectCertificate(sco, data, 'Lab Learner')
      // The LMS gives the suspend data back in review (2004: because the pass ended with exit "suspend"), and with it the day of the pass.
      await sco.getByRole('button', { name: en.viewCertificate, exact: true }).click()
      const shown = await sco.locator('.cp-certificate').innerText()
      expect(shown).toContain(formatDate(passedOn, 'en'))
      expect(shown).not.toContain(formatDate(todayIso(later), 'en'))
      expect(shown).toContain(verificationCode({ courseId: data.course.id, version: data.course.version, learner: 'Lab Learner', date: passedOn }))
      await sco.getByRole('button', { name: en.backToResults, exact: true }).click()
      await sco.getByRole('button', { name: en.exit, exact: true }).click()
      const ended = await logWhen(lab, (l) => l.sessions[1]?.finished === true)
      expect(countCalls(ended, 1, std.setValue)).toBe(0)
    }, 180_000)
  })
})
