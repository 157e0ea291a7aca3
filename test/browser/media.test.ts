// Media and resources (issue 12): captions in the course language on by default, transcripts under the player,
// links written as raw HTML that leave the course frame as Markdown links do, the resources page (sizes in the
// course language, kept out of what the LMS records), and numbers through Intl. The fixture course is in Spanish.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unpackedExample } from '../helpers/examples.js'
import type { Browser, Page } from 'playwright-core'
import { readLaunch } from '../../src/lab/standards.js'
import { startLab, type Lab } from '../../src/lab/server.js'
import type { PlayerData } from '../../src/player/data.js'
import { formatBytes, stringsFor } from '../../src/player/i18n.js'
import { buildScope } from '../../src/player/progress.js'
import { launchBrowser } from '../helpers/browser.js'
import { countCalls, course, goToPage, logWhen, openInLab, setValues } from '../helpers/lab-scorm.js'
import { buildUnpacked as buildAndUnpack } from '../helpers/lms.js'
import { learnerOn, packageData } from '../helpers/learner.js'
import { fixturesDir } from '../helpers/paths.js'
import { writeCourseFolder } from '../helpers/course-folder.js'

const es = stringsFor('es')
const fixture = join(fixturesDir, 'good', 'media')

let browser: Browser
let lab: Lab
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await browser?.close(); await lab?.close() })

const buildUnpacked = (target: 'scorm12' | 'web', from = fixture): Promise<string> => buildAndUnpack(from, target)

/** Opens the web package at `hash` (none: the start page) and waits for the player. */
async function openWeb(dir: string, hash = ''): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}${hash}`)
  await page.locator('h1').waitFor()
  return page
}

describe('media in the offline web package', () => {
  let dir: string
  let data: PlayerData
  beforeAll(async () => {
    dir = await buildUnpacked('web')
    data = await packageData(dir)
  })
  const pages = () => data.modules[0]!.pages

  it('a video shows the captions in the course language without the learner asking; the others stay off', async () => {
    const page = await openWeb(dir, `#${pages()[0]!.id}`)
    await learnerOn(page, data).expectPage(pages()[0]!.title)
    const video = page.locator('main video')
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => [...v.textTracks].map((t) => `${t.language} ${t.label}: ${t.mode}`)))
      .toEqual(['en English: disabled', 'es español: showing'])
    await page.close()
  })

  it('an audio file offers its transcript in a disclosure under the player, by keyboard, without leaving the page', async () => {
    const page = await openWeb(dir, `#${pages()[1]!.id}`)
    await learnerOn(page, data).expectPage(pages()[1]!.title)
    const url = page.url()
    const summary = page.locator('main details.cp-transcript > summary')
    expect(await summary.textContent()).toBe(es.transcript)
    // The disclosure follows the player it transcribes.
    expect(await page.locator('main audio + details.cp-transcript').count()).toBe(1)
    const text = page.getByText('Cuando llegamos, el encargado', { exact: false })
    expect(await text.isVisible()).toBe(false)
    await summary.focus()
    await page.keyboard.press('Enter')
    await text.waitFor({ state: 'visible' })
    expect(await page.getByRole('heading', { level: 3, name: 'Testimonio de una inspectora' }).isVisible()).toBe(true)
    expect(page.url()).toBe(url)
    // The transcript's own link is a course file like any other: a new tab.
    expect(await page.locator('main details a[href="media/lista.pdf"]').getAttribute('target')).toBe('_blank')
    await page.close()
  })

  it('the resources page lists each file once with its kind in words and its size in the course language, and opens each in a new tab', async () => {
    const page = await openWeb(dir)
    const progress = await page.locator('.cp-progress-text').textContent()
    const contents = page.getByRole('navigation', { name: es.contents, exact: true })
    // Last in the contents, after the results page.
    expect(await contents.getByRole('link').last().textContent()).toBe(es.resources)
    await contents.getByRole('link', { name: es.resources, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: es.resources, exact: true }).waitFor()
    expect(new URL(page.url()).hash).toBe('#resources')
    expect(await page.title()).toBe(`${es.resources} – ${data.course.title}`)
    const items = page.locator('main .cp-resources > li')
    expect(await items.allTextContents()).toEqual(data.resources!.map((r) => {
      const kind = { video: es.resourceVideo, audio: es.resourceAudio, pdf: es.resourcePdf }[r.kind as 'video' | 'audio' | 'pdf']
      return `${r.title}${r.href.replace('media/', '')} · ${es.resourceDetails(kind, formatBytes(r.bytes, 'es'))}`
    }))
    expect(await items.nth(2).locator('.cp-resource-details').textContent()).toBe('lista.pdf · Documento PDF, 2,7 kB') // Spanish decimal comma
    for (const link of await page.locator('main .cp-resources a').all()) {
      expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener'])
    }
    const popup = page.context().waitForEvent('page')
    await page.locator('main .cp-resources a').nth(2).click()
    expect((await popup).url()).toMatch(/media\/lista\.pdf$/)
    await page.getByRole('heading', { level: 1, name: es.resources, exact: true }).waitFor() // the course stays
    // No course page: no pager, and the progress is the start page's (nothing seen).
    expect(await page.locator('.cp-pager').isHidden()).toBe(true)
    expect(await page.locator('.cp-progress-text').textContent()).toBe(progress)
    await page.close()
  })

  it('Back leaves the resources page for the page before it; a reload on #resources shows it again', async () => {
    const page = await openWeb(dir, `#${pages()[2]!.id}`)
    await learnerOn(page, data).expectPage(pages()[2]!.title)
    await page.getByRole('navigation', { name: es.contents, exact: true }).getByRole('link', { name: es.resources, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: es.resources, exact: true }).waitFor()
    await page.goBack()
    await learnerOn(page, data).expectPage(pages()[2]!.title)
    await page.goForward()
    await page.getByRole('heading', { level: 1, name: es.resources, exact: true }).waitFor()
    await page.reload()
    await page.getByRole('heading', { level: 1, name: es.resources, exact: true }).waitFor()
    await page.getByRole('button', { name: es.backToCourse, exact: true }).click()
    await learnerOn(page, data).expectPage(pages()[2]!.title) // where the learner was
    await page.close()
  })

  it('a course that links no file has no resources page', async () => {
    const plain = await unpackedExample('trata-consulados', 'web')
    const page = await openWeb(plain)
    expect(await page.getByRole('navigation').getByRole('link', { name: stringsFor('es').resources, exact: true }).count()).toBe(0)
    await page.close()
  })
})

describe('inside an LMS (SCORM 1.2 in the lab)', () => {
  it('raw HTML links open in new tabs and the resources page comes and goes, and the session goes on with nothing recorded for them', async () => {
    const dir = await buildUnpacked('scorm12')
    const data = await packageData(dir)
    const page = await openInLab(browser, lab, { dir, target: 'scorm12', launch: await readLaunch(dir, 'scorm12') })
    await page.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort()) // no network here: the new tab is enough
    const sco = course(page)
    const learner = learnerOn(sco, data)
    const pages = data.modules[0]!.pages
    const keys = buildScope(data, null).pages.map((p) => p.key)
    await goToPage(sco, pages[2]!.title, es.contents)
    await learner.expectPage(pages[2]!.title)
    for (const name of ['la lista de indicadores', 'el sitio de la UNODC']) {
      const link = sco.getByRole('main').getByRole('link', { name, exact: true })
      expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener'])
      const describedBy = await link.getAttribute('aria-describedby')
      expect(await sco.locator(`[id="${describedBy}"]`).textContent()).toBe(es.newTab)
      const popup = page.context().waitForEvent('page')
      await link.click()
      await (await popup).close()
    }
    await learner.expectPage(pages[2]!.title)
    const before = await logWhen(lab, (l) => setValues(l, 0, 'cmi.core.lesson_location').length >= 1)
    const locations = setValues(before, 0, 'cmi.core.lesson_location')
    await goToPage(sco, es.resources, es.contents)
    await sco.getByRole('heading', { level: 1, name: es.resources, exact: true }).waitFor()
    await sco.getByRole('button', { name: es.backToCourse, exact: true }).click()
    await learner.expectPage(pages[2]!.title)
    await sco.getByRole('button', { name: es.previous, exact: true }).click()
    await learner.expectPage(pages[1]!.title)
    // The resources page put nothing in the LMS: the next location is the page before, and the session never ended.
    const log = await logWhen(lab, (l) => setValues(l, 0, 'cmi.core.lesson_location').length > locations.length)
    expect(setValues(log, 0, 'cmi.core.lesson_location').slice(locations.length)).toEqual([keys[1]])
    expect(setValues(log, 0, 'cmi.core.lesson_location')).not.toContain('resources')
    expect(log.sessions).toHaveLength(1)
    expect(countCalls(log, 0, 'LMSFinish')).toBe(0)
    await page.close()
  })
})

describe('the example course shows its resources', () => {
  it('prosecuting-trafficking lists its PDF checklist and its recording, sizes in English', async () => {
    const dir = await unpackedExample('prosecuting-trafficking', 'web')
    const data = await packageData(dir)
    const en = stringsFor('en')
    const page = await openWeb(dir, '#resources')
    await page.getByRole('heading', { level: 1, name: en.resources, exact: true }).waitFor()
    expect(await page.locator('main .cp-resource-details').allTextContents()).toEqual([
      'indicators-checklist.pdf · PDF document, 2.7 kB',
      'inspector-testimony.ogg · Audio, 86 kB',
    ])
    expect(data.resources!.map((r) => r.href)).toEqual(['media/indicators-checklist.pdf', 'media/inspector-testimony.ogg'])
    await page.close()
  })
})

describe('numbers in the course language', () => {
  it('a French course of 1,001 pages counts its pages with French digit groups in the pager and the progress', async () => {
    const folder = await writeCourseFolder({
      'course.yaml': 'id: nombres\ntitle: Nombres\nlanguage: fr\nversion: 1.0.0\n',
      'modules/01-pages.md': `---\ntitle: Pages\n---\n${Array.from({ length: 1000 }, (_, i) => `# Page ${i + 1}\n\nTexte.\n`).join('\n')}`,
    }, 'coursepack-numbers-')
    const dir = await buildUnpacked('web', folder)
    const data = await packageData(dir)
    const fr = stringsFor('fr')
    const page = await openWeb(dir)
    await learnerOn(page, data).expectPage('Page 1')
    expect(await page.locator('.cp-position').textContent()).toBe('Page 1 sur 1\u202f001')
    expect(await page.locator('.cp-progress-text').textContent()).toBe(fr.progressSummary(1, 1000, 0, 0, '0'))
    expect(await page.locator('.cp-progress-text').textContent()).toContain('1\u202f000')
    await page.close()
  })
})
