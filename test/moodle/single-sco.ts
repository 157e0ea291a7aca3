// trata-consulados (one SCO for the whole course) in a real Moodle 5.1, SCORM 1.2 or 2004: learners in
// Moodle's own player, and what Moodle stored (tracks per attempt, gradebook, completion).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Learner } from '../../src/check/learner.js'
import { launchBrowser } from '../helpers/browser.js'
import { addActivity, buildForMoodle, RUN, stored, type Activity, type Example } from './course.js'
import { expectText, firstGradedPage, learnerIn, scope, walkGraded } from './learner.js'
import { content, enter, loginAs, refusedCalls } from './player.js'
import { todayIso } from '../../src/player/certificate.js'
import { goToPage } from '../helpers/lab-scorm.js'
import { formatDate } from '../../src/player/i18n.js'

const PASSED = 2 // completionstatusrequired bit for "passed" (scorm_status_options)

/** On the results page showing `verdict`: Exit, the closing line, and no SCORM call refused on this page. */
async function exitWith(page: Page, l: Learner, verdict: string): Promise<void> {
  await l.expectResults()
  await expectText(page, verdict)
  await l.exit()
  await expectText(page, l.names.closed)
  expect(await refusedCalls(page)).toEqual([])
}

/** The cases for one target; each target has its own test file so that the two run side by side. */
export function singleScoSuite(target: 'scorm12' | 'scorm2004'): void {
  describe(`trata-consulados (one SCO) in Moodle, ${target}`, () => {
    const v12 = target === 'scorm12'
    const user = (what: string) => `${RUN}-${target}-${what}`
    let browser: Browser
    let example: Example
    let formDefaults: Activity // every setting as the add-activity form offers it
    let recommended: Activity // README "Publishing to Moodle": completion on "passed"
    const whole = () => scope(example.data)
    const status = (tracks: Record<string, string>) => v12 ? tracks['cmi.core.lesson_status'] : tracks['cmi.success_status']
    const raw = (tracks: Record<string, string>) => Number(v12 ? tracks['cmi.core.score.raw'] : tracks['cmi.score.raw'])
    const only = (attempt: Record<string, Record<string, string>>) => Object.values(attempt)[0]!

    beforeAll(async () => {
      example = await buildForMoodle('trata-consulados', target)
      formDefaults = addActivity(example.zip, `trata ${target} defaults`, [user('pass')], {})
      recommended = addActivity(example.zip, `trata ${target}`, [user('retry'), user('review'), user('leave')], { completionstatusrequired: PASSED })
      browser = await launchBrowser()
    })
    afterAll(async () => { await browser?.close() })

    it('pass: Moodle stores the pass and 100 in the gradebook; the form\'s default completion rule ("completed") ' +
      (v12 ? 'never counts a 1.2 pass' : 'counts it, as 2004 reports completion_status') + '; reviewed days later, the certificate keeps the day of the pass', async () => {
      expect(formDefaults.version).toBe(v12 ? 'SCORM_1.2' : 'SCORM_1.3')
      const context = await loginAs(browser, user('pass'))
      const page = await enter(context, formDefaults.cmid)
      const l = learnerIn(page, example.data)
      await l.walk(whole().pages, whole().graded, true)
      await exitWith(page, l, l.names.passed)
      const passedOn = todayIso()
      await page.close()

      // Four days later Moodle reopens the passed attempt in review and gives the suspend data back (2004:
      // only because the pass ended with exit "suspend", RTE 4.2.8 as Moodle's get_scorm_default applies
      // it): the certificate is there, with the day of the pass.
      const later = new Date(Date.now() + 4 * 24 * 3600 * 1000)
      await context.clock.setFixedTime(later)
      const review = await enter(context, formDefaults.cmid)
      const r = learnerIn(review, example.data)
      await expectText(review, r.names.reviewing)
      await goToPage(content(review), r.names.results, r.names.contents) // through the contents, wherever the review opens
      await r.expectResults()
      await r.press(r.names.viewCertificate)
      const certificate = content(review).locator('.cp-certificate')
      await certificate.waitFor({ state: 'visible' })
      expect(await certificate.innerText()).toContain(formatDate(passedOn, example.data.course.language))
      expect(await refusedCalls(review)).toEqual([])
      await context.close()
      const s = stored(formDefaults, user('pass'))
      expect(Object.keys(s.attempts)).toEqual(['1'])
      const t = only(s.attempts['1']!)
      expect(status(t)).toBe('passed')
      if (!v12) expect(t['cmi.completion_status']).toBe('completed')
      if (!v12) expect(t['cmi.exit']).toBe('suspend') // what makes Moodle give the attempt back in review
      expect(raw(t)).toBe(100)
      expect(s.grade).toBe(100)
      expect(s.completion).toBe(v12 ? 0 : 1)
    })

    it('fail then Retry in the same visit: one attempt, the pass and 100 stored, wrong answers kept as interactions, completion on "passed" ticked', async () => {
      const context = await loginAs(browser, user('retry'))
      const page = await enter(context, recommended.cmid)
      const l = learnerIn(page, example.data)
      const s0 = whole()
      await l.walk(s0.pages, s0.graded, false)
      await l.expectResults()
      await expectText(page, l.names.failed)
      await l.press(l.names.retry)
      await walkGraded(l, s0.pages.slice(firstGradedPage(s0)), s0.graded, true)
      await exitWith(page, l, l.names.passed)
      await context.close()
      const s = stored(recommended, user('retry'))
      expect(Object.keys(s.attempts)).toEqual(['1'])
      const t = only(s.attempts['1']!)
      expect(status(t)).toBe('passed')
      expect(raw(t)).toBe(100)
      const results = Object.entries(t).filter(([k]) => /^cmi\.interactions[._]\d+\.result$/.test(k)).map(([, v]) => v)
      expect(results.filter((r) => r === (v12 ? 'wrong' : 'incorrect')).length).toBe(s0.graded.size)
      expect(s.grade).toBe(100)
      expect(s.completion).toBe(1)
    })

    it('fail and Exit, re-enter: review shows the stored fail read-only and records nothing; "Start a new attempt" then passes attempt 2', async () => {
      const context = await loginAs(browser, user('review'))
      let page = await enter(context, recommended.cmid)
      let l = learnerIn(page, example.data)
      await l.walk(whole().pages, whole().graded, false)
      await l.expectResults()
      await l.exit()
      await expectText(page, l.names.closed)
      expect(await refusedCalls(page)).toEqual([])
      await page.close()
      const failed = stored(recommended, user('review'))
      const t1 = only(failed.attempts['1']!)
      expect(status(t1)).toBe('failed')
      if (!v12) expect(t1['cmi.completion_status']).toBe('completed') // a failed 2004 learner is "completed" in Moodle's report
      expect(raw(t1)).toBeLessThan(example.data.course.passingScore)
      expect(failed.grade).toBe(raw(t1))
      expect(failed.completion).toBe(0)

      // Moodle opens the finished attempt in review (cmi.core.lesson_mode / cmi.mode = review).
      page = await enter(context, recommended.cmid)
      l = learnerIn(page, example.data)
      await l.expectResults()
      await expectText(page, l.names.reviewing)
      await expectText(page, l.names.failed)
      expect(await content(page).getByRole('button', { name: l.names.retry, exact: true }).count()).toBe(0)
      expect(await refusedCalls(page)).toEqual([])
      await page.close()
      expect(stored(recommended, user('review'))).toEqual(failed)

      page = await enter(context, recommended.cmid, { newAttempt: true })
      l = learnerIn(page, example.data)
      await l.walk(whole().pages, whole().graded, true)
      await exitWith(page, l, l.names.passed)
      await context.close()
      const s = stored(recommended, user('review'))
      expect(Object.keys(s.attempts)).toEqual(['1', '2'])
      expect(only(s.attempts['1']!)).toEqual(t1)
      expect(status(only(s.attempts['2']!))).toBe('passed')
      expect(s.grade).toBe(100) // "Highest attempt"
      expect(s.completion).toBe(1)
    })

    it('leave half-way by closing the tab, re-enter: Moodle reopens the same page with the answers kept', async () => {
      const context = await loginAs(browser, user('leave'))
      let page = await enter(context, recommended.cmid)
      let l = learnerIn(page, example.data)
      const pages = whole().pages
      const half = Math.floor(pages.length / 2)
      await l.walk(pages.slice(0, half), whole().graded, true)
      await l.expectPage(pages[half]!.title)
      await page.close({ runBeforeUnload: true }) // the learner closes the tab: the player saves on pagehide
      await expect.poll(() => {
        const t = stored(recommended, user('leave')).attempts['1']
        return t ? only(t)[v12 ? 'cmi.core.exit' : 'cmi.exit'] : undefined
      }, { timeout: 30_000 }).toBe('suspend')
      const t1 = only(stored(recommended, user('leave')).attempts['1']!)
      expect(t1[v12 ? 'cmi.core.lesson_status' : 'cmi.completion_status']).toBe('incomplete')

      page = await enter(context, recommended.cmid)
      l = learnerIn(page, example.data)
      await l.walk(pages.slice(half), whole().graded, true) // starts on the page left: walk() expects it first
      await exitWith(page, l, l.names.passed) // 100 % needs the answers given before the tab was closed
      await context.close()
      const s = stored(recommended, user('leave'))
      expect(Object.keys(s.attempts)).toEqual(['1'])
      expect(raw(only(s.attempts['1']!))).toBe(100)
    })
  })
}
