// The learner's course on every device (issue 12): links that never leave the course frame, pages in
// the browser's history, nothing sideways on a phone, touch targets. SCORM runs on the lab page
// (what `preview` shows); the rest on the offline web package.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { readLaunch } from '../../src/lab/standards.js'
import { startLab, type Lab, type LabPackage } from '../../src/lab/server.js'
import type { PlayerData } from '../../src/player/data.js'
import { stringsFor } from '../../src/player/i18n.js'
import { launchBrowser } from '../helpers/browser.js'
import { countCalls, course, logWhen, openInLab, setValues } from '../helpers/lab-scorm.js'
import { buildUnpacked as buildAndUnpack } from '../helpers/lms.js'
import { learnerOn, packageData } from '../helpers/learner.js'
import { buildScope } from '../../src/player/progress.js'
import { pathToFileURL } from 'node:url'
import { wcagViolations } from '../helpers/axe.js'
import { fixturesDir } from '../helpers/paths.js'
import { EXAMPLES, unpackedExample } from '../helpers/examples.js'

const en = stringsFor('en') // the fixture course is in English
const fixture = join(fixturesDir, 'good', 'devices')

let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

const buildUnpacked = (target: 'scorm12' | 'web', from = fixture): Promise<string> => buildAndUnpack(from, target)

async function buildScorm12(): Promise<LabPackage> {
  const dir = await buildUnpacked('scorm12')
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
      // Described as opening elsewhere, in the author's words from course.yaml `strings:`.
      const describedBy = await link.getAttribute('aria-describedby')
      expect(await sco.locator(`[id="${describedBy}"]`).textContent()).toBe('Opens in a new tab or window')
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

  it('Back, Forward and #page links change pages in the course frame and the LMS records them as any page change', async () => {
    const page = await openInLab(browser, lab, pkg)
    const sco = course(page)
    const learner = learnerOn(sco, data)
    const pages = data.modules[0].pages
    const keys = buildScope(data, null).pages.map((p) => p.key) // what the player tells the LMS for each page
    await learner.expectPage(pages[0].title)
    await sco.getByRole('link', { name: 'the wide table', exact: true }).click()
    await learner.expectPage(pages[1].title)
    const frame = page.frames().find((f) => f.url().includes('index.html'))!
    await frame.evaluate(() => history.back())
    await learner.expectPage(pages[0].title)
    await frame.evaluate(() => history.forward())
    await learner.expectPage(pages[1].title)
    const log = await logWhen(lab, (l) => setValues(l, 0, 'cmi.core.lesson_location').length >= 4)
    expect(setValues(log, 0, 'cmi.core.lesson_location').slice(0, 4)).toEqual([keys[0], keys[1], keys[0], keys[1]])
    expect(countCalls(log, 0, 'LMSFinish')).toBe(0)
    await page.close()
  })
})

describe('pages in the browser history (offline web package)', () => {
  let dir: string
  let data: PlayerData
  beforeAll(async () => {
    dir = await buildUnpacked('web')
    data = await packageData(dir)
  })
  const title = (pageTitle: string) => `${pageTitle} – ${data.course.title}`

  it('each page has its #page-id and title; Back and Forward move between pages and stay in the course', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const start = pathToFileURL(join(dir, 'index.html')).href
    await page.goto(start)
    const learner = learnerOn(page, data)
    const pages = data.modules[0].pages
    await learner.expectPage(pages[0].title)
    expect(new URL(page.url()).hash).toBe(`#${pages[0].id}`)
    expect(await page.title()).toBe(title(pages[0].title))
    await page.getByRole('button', { name: en.next, exact: true }).click()
    await learner.expectPage(pages[1].title)
    await page.getByRole('button', { name: en.next, exact: true }).click()
    await learner.expectPage(pages[2].title)
    expect(new URL(page.url()).hash).toBe(`#${pages[2].id}`)
    expect(await page.title()).toBe(title(pages[2].title))
    await page.evaluate(() => history.back())
    await learner.expectPage(pages[1].title)
    await page.evaluate(() => history.back())
    await learner.expectPage(pages[0].title)
    expect(page.url().split('#')[0]).toBe(start) // still the course, not the page before it
    await page.evaluate(() => history.forward())
    await learner.expectPage(pages[1].title)
    expect(await page.title()).toBe(title(pages[1].title))
    await context.close()
  })

  it('an address with #page-id opens that page, and a link to #results the results page', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const pages = data.modules[0].pages
    await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}#${pages[2].id}`)
    await learnerOn(page, data).expectPage(pages[2].title)
    await page.evaluate(() => { location.hash = '#results' })
    await learnerOn(page, data).expectResults()
    expect(await page.title()).toBe(title(en.results))
    await context.close()
  })
})

describe('nothing scrolls sideways on a phone or at 400 % zoom, and axe finds nothing (every page of the example courses)', () => {
  const courses = [
    ...EXAMPLES.map((name) => ({ name, unpacked: () => unpackedExample(name, 'web') })),
    { name: 'the devices fixture (a very wide table)', unpacked: () => buildUnpacked('web') },
  ]
  // The dark theme (prefers-color-scheme: dark) at the two widths axe checks, as a test of its own: each walk takes minutes.
  const schemes = [{ scheme: 'light' as const, widths: [360, 320, 1280] }, { scheme: 'dark' as const, widths: [360, 1280] }]
  for (const { name, unpacked } of courses) for (const { scheme, widths } of schemes) {
    it(`${name}, ${scheme} theme: at ${widths.join(', ')} CSS px only tables scroll, each in its own focusable region; no WCAG 2.1 AA violation at 360 and 1280`, async () => {
      const dir = await unpacked()
      const data = await packageData(dir)
      const names = stringsFor(data.course.language)
      const wide: string[] = []
      const regions: unknown[] = []
      const violations: string[] = []
      for (const width of widths) {
        const view = `${width}px ${scheme}`
        const context = await browser.newContext({ viewport: { width, height: 640 }, colorScheme: scheme })
        const page = await context.newPage()
        await page.goto(pathToFileURL(join(dir, 'index.html')).href)
        const learner = learnerOn(page, data)
        const all = data.modules.flatMap((m) => m.pages)
        await learner.expectPage(all[0]!.title)
        // Every page the player shows, Next after Next (a question bank's undrawn pages are skipped).
        for (let p = await learner.shownAmong(all); p; p = await learner.shownAmong(all)) {
          // How far the page reaches sideways, and what holds each table: one call a page.
          const layout = await page.evaluate(() => ({
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            // A table wider than the page scrolls in a region a keyboard can reach and a screen reader names.
            regions: [...document.querySelectorAll('main table')].map((t) => {
              const r = t.parentElement!
              return { scrolls: getComputedStyle(r).overflowX, role: r.getAttribute('role'), name: r.getAttribute('aria-label'), tabindex: r.getAttribute('tabindex') }
            }),
          }))
          if (layout.overflow > 0) wide.push(`${view} "${p.title}": ${layout.overflow}px too wide`)
          regions.push(...layout.regions)
          if (width !== 320) violations.push(...(await wcagViolations(page)).map((v) => `${view} "${p.title}": ${v}`))
          await learner.press(learner.names.next)
        }
        await learner.expectResults()
        if (width !== 320) violations.push(...(await wcagViolations(page)).map((v) => `${view} results: ${v}`))
        await context.close()
      }
      expect(wide).toEqual([])
      expect(violations).toEqual([])
      for (const region of regions) expect(region).toEqual({ scrolls: 'auto', role: 'region', name: names.table, tabindex: '0' })
    }, 600_000) // every page two or three times, with axe: up to six minutes on a loaded machine
  }
})

describe('touch targets on a phone', () => {
  it('the Contents button, contents links and choices are at least 44 × 44 CSS px, and a tap anywhere on a choice card selects it', async () => {
    const dir = await buildUnpacked('web')
    const data = await packageData(dir)
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true })
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    const pages = data.modules[0].pages
    await learnerOn(page, data).expectPage(pages[0].title)
    const small: string[] = []
    const measure = async (what: string, box: { width: number; height: number } | null) => {
      if (!box || box.width < 44 || box.height < 44) small.push(`${what}: ${box ? `${box.width} × ${box.height}` : 'not shown'}`)
    }
    const toggle = page.getByRole('button', { name: en.contents })
    await measure('Contents button', await toggle.boundingBox())
    await toggle.tap()
    const links = page.getByRole('navigation', { name: en.contents, exact: true }).getByRole('link')
    for (let i = 0; i < await links.count(); i++) await measure(`contents link ${i + 1}`, await links.nth(i).boundingBox())
    await links.filter({ hasText: pages[2].title }).tap()
    await learnerOn(page, data).expectPage(pages[2].title)
    const choices = page.locator('.cp-choice')
    for (let i = 0; i < await choices.count(); i++) await measure(`choice ${i + 1}`, await choices.nth(i).boundingBox())
    expect(small).toEqual([])
    // The card's far corners, away from the radio button and its text.
    const [first, second] = [choices.nth(0), choices.nth(1)]
    const box = (await second.boundingBox())!
    await second.tap({ position: { x: box.width - 3, y: 3 } })
    expect(await second.getByRole('radio').isChecked()).toBe(true)
    const firstBox = (await first.boundingBox())!
    await first.tap({ position: { x: 3, y: firstBox.height - 3 } })
    expect(await first.getByRole('radio').isChecked()).toBe(true)
    await context.close()
  })
})

describe('images on a phone', () => {
  it('carry the width and height of their file and open full size in a new tab, from the keyboard too', async () => {
    const dir = await unpackedExample('prosecuting-trafficking', 'web')
    const data = await packageData(dir)
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } })
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    await learnerOn(page, data).expectPage(data.modules[0].pages[0].title)
    const withImage = data.modules.flatMap((m) => m.pages).find((p) => p.blocks.some((b) => b.type === 'html' && b.html.includes('act-means-purpose.svg')))!
    await page.evaluate((id) => { location.hash = `#${id}` }, withImage.id)
    await learnerOn(page, data).expectPage(withImage.title)
    const img = page.locator('main img[src="media/act-means-purpose.svg"]')
    expect([await img.getAttribute('width'), await img.getAttribute('height')]).toEqual(['960', '520']) // the SVG's own size
    const link = page.locator('main a.cp-full-size:has(img[src="media/act-means-purpose.svg"])')
    expect(await link.getAttribute('href')).toBe('media/act-means-purpose.svg')
    await link.focus()
    const popup = context.waitForEvent('page')
    await page.keyboard.press('Enter')
    expect((await popup).url()).toMatch(/media\/act-means-purpose\.svg$/)
    await learnerOn(page, data).expectPage(withImage.title) // the course stays
    await context.close()
  })
})

describe('a right-to-left course', () => {
  it('language: ar lays the player out right to left, with the contents on the right, and nothing else changes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'coursepack-rtl-'))
    await cp(fixture, folder, { recursive: true })
    const yaml = await readFile(join(folder, 'course.yaml'), 'utf8')
    await writeFile(join(folder, 'course.yaml'), yaml.replace('language: en', 'language: ar'))
    const dir = await buildUnpacked('web', folder)
    const data = await packageData(dir)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    await learnerOn(page, data).expectPage(data.modules[0].pages[0].title)
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar'])
    const toc = (await page.getByRole('navigation', { name: en.contents, exact: true }).boundingBox())!
    const main = (await page.locator('main').boundingBox())!
    expect(toc.x).toBeGreaterThan(main.x) // mirrored: the contents are on the right
    await context.close()
  })
})
