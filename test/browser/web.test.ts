import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unpackedExample } from '../helpers/examples.js'
import type { Browser } from 'playwright-core'
import type { PlayerData } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { stringsFor } from '../../src/player/i18n.js'
import { learnerOn, packageData, questionsOf, walkToResults } from '../helpers/learner.js'

const en = stringsFor('en') // the course is in English

let browser: Browser
let dir: string
let data: PlayerData
beforeAll(async () => {
  browser = await launchBrowser()
  dir = await unpackedExample('prosecuting-trafficking', 'web')
  data = await packageData(dir)
})
afterAll(async () => { await browser?.close() })

describe('the offline web package opened from file:// (the course on a DVD)', () => {
  it('shows the course with no network and no LMS, and keeps progress in the browser across a reload', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const failed: string[] = []
    // A reload cancels requests still in flight (a lazy image): aborted is not failed; the images are checked below.
    page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${r.url()} ${r.failure()?.errorText}`) })
    page.on('pageerror', (e) => failed.push(e.message))
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    const pages = data.modules[0].pages
    await learnerOn(page, data).expectPage(pages[0].title)
    expect(await page.getByText(/not being saved/).count()).toBe(0)
    for (const q of questionsOf(pages[0])) await learnerOn(page, data).answer(q, true)
    await page.getByRole('button', { name: en.next, exact: true }).click()
    await learnerOn(page, data).expectPage(pages[1].title)

    await page.reload()
    await learnerOn(page, data).expectPage(pages[1].title)
    await page.getByRole('button', { name: en.previous, exact: true }).click()
    await learnerOn(page, data).expectPage(pages[0].title)
    for (const q of questionsOf(pages[0])) {
      const submit = page.getByRole('group', { name: q.prompt, exact: true }).getByRole('button', { name: en.submit, exact: true })
      expect(await submit.getAttribute('aria-disabled')).toBe('true')
    }
    // Images and media load from the package itself.
    const images = page.locator('main img')
    for (let i = 0; i < await images.count(); i++) {
      expect(await images.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    }
    expect(failed).toEqual([])
    await context.close()
  })

  it('takes a learner through the whole course to a passed result', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    await walkToResults(learnerOn(page, data), data, data.modules.flatMap((m) => m.pages), true)
    await page.getByText('You passed.').waitFor({ state: 'visible' })
    await page.getByText(/100\s?%/).first().waitFor({ state: 'visible' })
    await context.close()
  })
})
