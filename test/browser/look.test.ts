// How the course looks (issue 12, items 9 and 10): Print module on paper (every page of one module and
// nothing else, questions without their answers, the LMS told nothing), the dark theme that printing
// leaves light, and the course's own theme (course.yaml `theme:` and theme.css). axe in the dark theme
// runs with the light one, in devices.test.ts (every page) and accessibility.test.ts.
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Frame, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import type { TargetName } from '../../src/targets/index.js'
import { readLaunch } from '../../src/lab/standards.js'
import { startLab, type Lab } from '../../src/lab/server.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { stringsFor } from '../../src/player/i18n.js'
import { buildScope } from '../../src/player/progress.js'
import { launchBrowser } from '../helpers/browser.js'
import { countCalls, course, logWhen, openInLab, setValues } from '../helpers/lab-scorm.js'
import { unpack } from '../helpers/lms.js'
import { learnerOn, packageData, questionsOf } from '../helpers/learner.js'
import { fixturesDir } from '../helpers/paths.js'
import { unpackedExample } from '../helpers/examples.js'

let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

async function buildUnpacked(folder: string, target: TargetName = 'web'): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-look-'))
  const result = await buildCourse(folder, { targets: [target], outDir })
  if (result.outputs.length === 0) throw new Error(result.diagnostics.map((d) => d.message).join('\n'))
  return unpack(result.outputs[0]!.path)
}

/** window.print() opens no dialog in a test: it only counts, and the printout stays until afterprint. */
const holdPrint = (page: Page | Frame) => page.evaluate(() => {
  const w = window as unknown as { printed: number }
  w.printed = 0
  window.print = () => { w.printed++ }
})

describe('Print module', () => {
  const en = stringsFor('en')

  it('prints every page of the module and nothing of other modules or of the player; only answered questions show answers; the learner stays where they were', async () => {
    const dir = await unpackedExample('prosecuting-trafficking', 'web')
    const data = await packageData(dir)
    // A module with at least one single-choice question on a page and more than one page.
    const module = data.modules.find((m) => m.pages.length > 1 && m.pages.some((p) => questionsOf(p).some((q) => q.type === 'single')))!
    const at = module.pages.find((p) => questionsOf(p).some((q) => q.type === 'single'))!
    const answered = questionsOf(at).find((q): q is Extract<PlayerQuestion, { type: 'single' }> => q.type === 'single')!
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    const learner = learnerOn(page, data)
    await learner.expectPage(data.modules[0]!.pages[0]!.title)
    await page.getByRole('navigation').getByRole('link', { name: at.title, exact: true }).click()
    await learner.expectPage(at.title)
    await learner.answer(answered, true)
    const before = await page.evaluate(() => ({ storage: JSON.stringify(Object.entries(localStorage).sort()), seen: document.querySelectorAll('.cp-seen').length, hash: location.hash }))

    await holdPrint(page)
    const button = page.getByRole('button', { name: en.printModule, exact: true })
    await button.click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    const work = await mkdtemp(join(tmpdir(), 'coursepack-print-'))
    await writeFile(join(work, 'module.pdf'), await page.pdf({ printBackground: true }))
    const text = execFileSync('pdftotext', [join(work, 'module.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

    for (const p of module.pages) expect(text).toContain(p.title) // every page of the module
    // Nothing of another module: its title, page titles and prompts (unless this module's own text has the same words).
    const ownSource = JSON.stringify(module).replace(/\s+/g, ' ')
    for (const other of data.modules.filter((m) => m !== module)) {
      const theirs = [other.title, ...other.pages.flatMap((p) => [p.title, ...questionsOf(p).map((q) => q.prompt.replace(/\s+/g, ' '))])]
      for (const words of theirs) if (!ownSource.includes(words)) expect(text).not.toContain(words)
    }
    // Nothing of the player around the pages: no header, contents, pager or buttons.
    for (const chrome of [data.course.title, en.contents, en.skipToContent, en.printModule, en.submit, en.next]) expect(text).not.toContain(chrome)
    expect(text).not.toMatch(/Page \d+ of \d+/)
    // Questions as text: every prompt; the answered one with its marks, no right answer given away elsewhere.
    for (const p of module.pages) for (const q of questionsOf(p)) expect(text).toContain(q.prompt.replace(/\s+/g, ' '))
    expect(text).toContain(en.yourChoiceRight.replace('✓ ', ''))
    expect(text).not.toContain(en.rightChoice.replace('✓ ', ''))
    expect(text).not.toContain(en.correctAnswerIs('').trim())

    // Back from printing: the printout is gone, the learner is on the same page, nothing was counted or saved.
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    expect(await page.locator('.cp-printing-module').count()).toBe(0)
    await learner.expectPage(at.title)
    expect(await page.evaluate(() => ({ storage: JSON.stringify(Object.entries(localStorage).sort()), seen: document.querySelectorAll('.cp-seen').length, hash: location.hash }))).toEqual(before)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en.printModule)
    await page.context().close()
  })

  it('inside an LMS, printing a module records no page: the next page the LMS hears of is the one the learner goes to', async () => {
    const dir = await buildUnpacked(join(fixturesDir, 'good', 'devices'), 'scorm12') // one SCO: every page's location goes to one session
    const data = await packageData(dir)
    const page = await openInLab(browser, lab, { dir, target: 'scorm12', launch: await readLaunch(dir, 'scorm12') })
    const sco = course(page)
    const learner = learnerOn(sco, data)
    const keys = buildScope(data, null).pages.map((p) => p.key)
    const first = data.modules[0]!.pages
    await learner.expectPage(first[0]!.title)
    const frame = (await (await page.locator('#lab-content').elementHandle())!.contentFrame())!
    await holdPrint(frame)
    await sco.getByRole('button', { name: en.printModule, exact: true }).click()
    expect(await frame.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    await sco.getByRole('button', { name: en.next, exact: true }).click()
    await learner.expectPage(first[1]!.title)
    const log = await logWhen(lab, (l) => setValues(l, 0, 'cmi.core.lesson_location').length >= 2)
    expect(setValues(log, 0, 'cmi.core.lesson_location')).toEqual([keys[0], keys[1]])
    expect(countCalls(log, 0, 'LMSFinish')).toBe(0)
    await page.close()
  })
})

describe('the dark theme', () => {
  it('follows prefers-color-scheme: dark on screen, and a printout stays dark on white', async () => {
    const dir = await buildUnpacked(join(fixturesDir, 'good', 'devices'))
    const data = await packageData(dir)
    const page = await (await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } })).newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    await learnerOn(page, data).expectPage(data.modules[0]!.pages[0]!.title)
    const colours = () => page.evaluate(() => {
      const s = getComputedStyle(document.body)
      return { bg: s.backgroundColor, text: s.color }
    })
    expect(await colours()).toEqual({ bg: 'rgb(20, 23, 27)', text: 'rgb(230, 233, 237)' })
    await page.emulateMedia({ media: 'print' })
    expect(await colours()).toEqual({ bg: 'rgb(255, 255, 255)', text: 'rgb(31, 35, 40)' })
    await page.context().close()
  })
})

describe('the course theme: course.yaml theme: and theme.css', () => {
  it('colours the header and links, shows the logo in the header, and layers theme.css over the player\'s', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'coursepack-theme-'))
    await cp(join(fixturesDir, 'good', 'devices'), folder, { recursive: true })
    const yaml = await readFile(join(folder, 'course.yaml'), 'utf8')
    await writeFile(join(folder, 'course.yaml'), `${yaml}organization: Example Academy\ntheme:\n  primary: "#5a2a82"\n  accent: "#00695c"\n  logo: media/logo.svg\n`)
    await writeFile(join(folder, 'media', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#fff"/></svg>')
    await writeFile(join(folder, 'theme.css'), '.cp-button { border-radius: 0; }\n')
    const dir = await buildUnpacked(folder)
    const data = await packageData(dir)
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await (await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } })).newPage()
      await page.goto(pathToFileURL(join(dir, 'index.html')).href)
      await learnerOn(page, data).expectPage(data.modules[0]!.pages[0]!.title)
      const seen = await page.evaluate(() => {
        const logo = document.querySelector<HTMLImageElement>('header img.cp-logo')
        return {
          header: getComputedStyle(document.querySelector('.cp-header')!).backgroundColor,
          link: getComputedStyle(document.querySelector('.cp-content a')!).color,
          radius: getComputedStyle(document.querySelector('.cp-button')!).borderTopLeftRadius,
          logo: logo ? { alt: logo.alt, loaded: logo.naturalWidth > 0 } : null,
        }
      })
      expect(seen).toEqual({
        header: 'rgb(90, 42, 130)', // primary, in both
        link: colorScheme === 'light' ? 'rgb(0, 105, 92)' : 'rgb(141, 189, 255)', // the dark theme keeps its own light accent
        radius: '0px', // the course's theme.css, loaded last
        logo: { alt: 'Example Academy', loaded: true },
      })
      await page.context().close()
    }
  })
})
