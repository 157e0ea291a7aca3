// The learner's course on every device (issue 12): links that never leave the course frame, pages in
// the browser's history, nothing sideways on a phone, touch targets. SCORM runs on the lab page
// (what `preview` shows); the rest on the offline web package.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import { readLaunch } from '../../src/lab/package.js'
import { startLab, type Lab, type LabPackage } from '../../src/lab/server.js'
import type { PlayerData } from '../../src/player/data.js'
import { stringsFor } from '../../src/player/i18n.js'
import { launchBrowser } from '../helpers/browser.js'
import { countCalls, course, logWhen, openInLab, setValues } from '../helpers/lab-scorm.js'
import { unpack } from '../helpers/lms.js'
import { learnerOn, packageData } from '../helpers/learner.js'
import { fixturesDir } from '../helpers/paths.js'

const en = stringsFor('en') // the fixture course is in English
const fixture = join(fixturesDir, 'good', 'devices')

let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

async function buildScorm12(): Promise<LabPackage> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-devices-'))
  const result = await buildCourse(fixture, { targets: ['scorm12'], outDir })
  const dir = await unpack(result.outputs[0].path)
  return { dir, target: 'scorm12', launch: await readLaunch(dir, 'scorm12') }
}

describe('links inside an LMS (SCORM 1.2 in the lab)', () => {
  let pkg: LabPackage
  let data: PlayerData
  beforeAll(async () => {
    pkg = await buildScorm12()
    data = await packageData(pkg.dir)
  })

  it('a course file and a web page open in new tabs, and the LMS session goes on', async () => {
    const page = await openInLab(browser, lab, pkg)
    await page.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort()) // no network here: the new tab is enough
    const sco = course(page)
    const pages = data.modules[0].pages
    await learnerOn(sco, data).expectPage(pages[0].title)
    await logWhen(lab, (l) => countCalls(l, 0, 'LMSInitialize') === 1)

    for (const name of ['checklist (PDF)', 'the UNODC website']) {
      const link = sco.getByRole('link', { name, exact: true })
      expect(await link.getAttribute('rel')).toBe('noopener')
      const popup = page.context().waitForEvent('page')
      await link.click()
      await (await popup).close()
    }
    // The course is still there, in the same session: it goes on to the next page and the LMS hears of it.
    await learnerOn(sco, data).expectPage(pages[0].title)
    await sco.getByRole('button', { name: en.next, exact: true }).click()
    await learnerOn(sco, data).expectPage(pages[1].title)
    const log = await logWhen(lab, (l) => setValues(l, 0, 'cmi.core.lesson_location').length >= 2)
    expect(log.sessions).toHaveLength(1)
    expect(countCalls(log, 0, 'LMSFinish')).toBe(0)
    expect(log.sessions[0].finished).not.toBe(true)
    await page.close()
  })
})
