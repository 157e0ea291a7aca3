// prosecuting-trafficking (one SCO per module) in a real Moodle 5.1: Moodle's own table of contents
// and navigation buttons move between the module SCOs inside one player page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { PlayerData } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { addActivity, buildForMoodle, RUN, stored, storedWhen, type ActivitySettings } from './course.js'
import { expectText, learnerIn, scope } from './learner.js'
import { enter, loginAs, moodleNav, openFromToc, refusedCalls } from './player.js'

// README "Publishing to Moodle", per-module packages: grade = modules passed ("Learning objects"),
// completion when every module SCO reports "passed".
const PER_MODULE: ActivitySettings = { grademethod: 0, completionstatusrequired: 2, completionstatusallscos: 1 }

describe('prosecuting-trafficking (one SCO per module) in Moodle', () => {
  let browser: Browser
  beforeAll(async () => { browser = await launchBrowser() })
  afterAll(async () => { await browser?.close() })
  const modules = (data: PlayerData) => data.modules

  it('SCORM 1.2: Moodle\'s Next button and table of contents move between modules; a module already visited in the same player page reopens tracked, where it was left', async () => {
    const example = await buildForMoodle('prosecuting-trafficking', 'scorm12')
    const user = `${RUN}-pm12`
    const activity = addActivity(example.zip, 'prosecuting scorm12', [user], PER_MODULE)
    expect(activity.scoes.map((s) => s.title)).toEqual(modules(example.data).map((m) => m.title))
    const [m1, m2] = modules(example.data)
    const s1 = scope(example.data, m1!.id)
    const s2 = scope(example.data, m2!.id)
    const context = await loginAs(browser, user)
    const page: Page = await enter(context, activity.cmid)
    const l = learnerIn(page, example.data)

    await l.walk(s1.pages, s1.graded, true)
    await l.expectResults()
    await expectText(page, l.names.passed)
    await l.exit()
    await expectText(page, l.names.closed)

    await moodleNav(page, 'next') // Moodle's own button: the next SCO, module 2
    const half = Math.max(1, Math.floor(s2.pages.length / 2))
    await l.walk(s2.pages.slice(0, half), s2.graded, true)
    await l.expectPage(s2.pages[half]!.title)

    await openFromToc(page, m1!.title) // back to a module already visited in this player page
    await l.expectResults()
    await expectText(page, l.names.passed)

    await openFromToc(page, m2!.title) // and to the one left half-way: it resumes on its page
    await l.walk(s2.pages.slice(half), s2.graded, true)
    await l.expectResults()
    await l.exit()
    await expectText(page, l.names.closed)
    expect(await refusedCalls(page)).toEqual([])
    // After a click in its table of contents Moodle's player sends every later call as a beacon (request.js
    // tests indexOf(event.type) without !== -1): the tracks land a moment after the calls return.
    const s = await storedWhen(activity, user, (now) => now.attempts['1']?.[activity.scoes[1]!.identifier]?.['cmi.core.lesson_status'] === 'passed')
    await context.close()
    expect(Object.keys(s.attempts)).toEqual(['1'])
    const tracks = s.attempts['1']!
    expect(Object.keys(tracks)).toEqual(activity.scoes.slice(0, 2).map((sco) => sco.identifier))
    for (const t of Object.values(tracks)) {
      expect(t['cmi.core.lesson_status']).toBe('passed')
      expect(Number(t['cmi.core.score.raw'])).toBe(100)
    }
    expect(s.grade).toBe(2) // "Learning objects": two modules passed…
    expect(s.grademax).toBe(activity.scoes.length) // …out of eight…
    expect(s.highestGrade).toBe(100) // …where the default "Highest grade" would already give 100
    expect(s.completion).toBe(0) // six modules still to pass
  })

  it('SCORM 2004 (build warns: scorm2004-per-module-moodle): Moodle keeps one API_1484_11 per player page, so the next module\'s Initialize fails (104): the player says progress is not saved and Moodle keeps the first module only', async () => {
    const example = await buildForMoodle('prosecuting-trafficking', 'scorm2004')
    const user = `${RUN}-pm2004`
    const activity = addActivity(example.zip, 'prosecuting scorm2004', [user], PER_MODULE)
    const [m1] = modules(example.data)
    const s1 = scope(example.data, m1!.id)
    const context = await loginAs(browser, user)
    const page = await enter(context, activity.cmid)
    const l = learnerIn(page, example.data)

    await l.walk(s1.pages, s1.graded, true)
    await l.expectResults()
    await l.exit() // module 1 passed: the player asks Moodle to continue, and Moodle opens module 2 in the same page…
    await expect.poll(() => refusedCalls(page), { timeout: 60_000 }).toContain('Initialize() → false, 104') // …on the same API object
    await expectText(page, l.names.notSavedRefused)
    expect(new Set(await refusedCalls(page))).toEqual(new Set(['Initialize() → false, 104']))
    await context.close()

    const s = stored(activity, user)
    const tracks = s.attempts['1']!
    expect(Object.keys(tracks)).toEqual([activity.scoes[0]!.identifier])
    expect(tracks[activity.scoes[0]!.identifier]!['cmi.success_status']).toBe('passed')
  })
})
