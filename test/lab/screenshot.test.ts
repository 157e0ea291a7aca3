import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator } from 'playwright-core'
import { startLab, type Lab } from '../../src/lab/server.js'
import { launchBrowser } from '../helpers/browser.js'
import { scopeOf } from '../../src/check/learner.js'
import { learnerOn, packageData, questionsOf } from '../helpers/learner.js'
import { coursesDir, repoRoot } from '../helpers/paths.js'
import { course as content, logWhen } from '../helpers/lab-scorm.js'
import { unpackedPackage } from './helpers.js'

let browser: Browser
let lab: Lab
beforeAll(async () => {
  browser = await launchBrowser()
  lab = await startLab()
})
afterAll(async () => {
  await browser?.close()
  await lab?.close()
})

/** Width and height of a PNG, from its IHDR chunk (the first, at a fixed place). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG signature').toBe(true)
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

const VIEWPORT = { width: 1440, height: 900 }

describe('the preview page, as the README shows it', () => {
  it('after a learner answered a few questions, the panel shows status, score, interactions and the call log', async () => {
    // A single-SCO package: a per-module SCORM 1.2 SCO records no interactions (Moodle could not reopen it).
    const pkg = await unpackedPackage(join(coursesDir, 'trata-consulados'), 'scorm12')
    const data = await packageData(pkg.dir)
    lab.setPackage(pkg)
    const page = await browser.newPage({ viewport: VIEWPORT })
    // Nothing the page or the course asks for is missing: the console would say so (a browser asks for
    // /favicon.ico unless the page names an icon, and Playwright reports no response for that request).
    const missing: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') missing.push(m.text()) })
    await page.goto(lab.url)
    const learner = learnerOn(content(page), data)
    const { graded } = scopeOf(data, undefined)
    let answered = 0
    let wrong = false
    let last = '' // the prompt of the question answered last
    for (const p of data.modules.flatMap((m) => m.pages)) {
      await learner.expectPage(p.title)
      for (const q of questionsOf(p)) {
        last = q.prompt
        // One wrong answer on a graded question, so the panel shows both results; practice questions must be right to go on.
        const right = wrong || !graded.has(q.id)
        if (!right) wrong = true
        await learner.answer(q, right)
        answered++
      }
      if (answered >= 3) break
      await learner.press(learner.names.next)
    }
    await logWhen(lab, (l) => l.summary.interactions.length >= 3)
    // The panel shows every interaction the lab holds (a header row, then one each). Compared with the lab's
    // latest log: calls arrive in batches, and the last answer's may land after the first three did.
    await expect.poll(async () => (await page.locator('#lab-interactions tr').count()) - lab.log().summary.interactions.length).toBe(1)
    const log = lab.log()
    expect(log.problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(missing).toEqual([])

    // What the picture must show, inside the viewport the screenshot captures: the course on the
    // left with the question the learner just answered, the LMS panel beside it on the right, and in
    // the panel the attempt's status and score, the interactions (a right and a wrong one) and the call log.
    const box = async (locator: Locator, whole = true) => {
      await locator.waitFor({ state: 'visible' })
      const b = (await locator.boundingBox())!
      const inside = whole
        ? b.x >= 0 && b.y >= 0 && b.x + b.width <= VIEWPORT.width && b.y + b.height <= VIEWPORT.height
        : b.x < VIEWPORT.width && b.y < VIEWPORT.height && b.x + b.width > 0 && b.y + b.height > 0
      expect(inside, `${locator} is in the picture: ${JSON.stringify(b)}`).toBe(true)
      return b
    }
    const stage = await box(page.locator('#lab-content'))
    const panel = await box(page.getByRole('complementary', { name: 'LMS panel' }))
    expect(stage.x + stage.width).toBeLessThanOrEqual(panel.x)
    expect(stage.width).toBeGreaterThan(VIEWPORT.width / 2)
    await box(content(page).getByRole('group', { name: last, exact: true }), false)
    const summary = page.locator('#lab-summary')
    await box(summary)
    const held = await summary.locator('dt, dd').allTextContents()
    expect(held.slice(0, 4)).toEqual(['Status', log.summary.status, 'Score', log.summary.score || '—'])
    expect(log.summary.status).toBe('incomplete')
    const rows = page.locator('#lab-interactions tr')
    for (let i = 1; i <= 3; i++) await box(rows.nth(i))
    expect(log.summary.interactions.map((x) => x.result)).toEqual(expect.arrayContaining(['correct', 'wrong']))
    await box(page.getByRole('heading', { name: 'Log', exact: true }))
    const callsInPicture = await page.locator('#lab-log li').evaluateAll((items, height) =>
      items.filter((li) => { const r = li.getBoundingClientRect(); return r.bottom > 0 && r.top < height }).length, VIEWPORT.height)
    expect(callsInPicture).toBeGreaterThanOrEqual(5)

    // The README's picture is refreshed on request (UPDATE_SCREENSHOTS=1 npm test), like a snapshot,
    // so an ordinary run does not leave the tree modified; every run still takes and checks it.
    const stored = join(repoRoot, 'test/screenshots/preview.png')
    const target = process.env.UPDATE_SCREENSHOTS === '1' ? stored : join(await mkdtemp(join(tmpdir(), 'coursepack-shot-')), 'preview.png')
    await mkdir(dirname(target), { recursive: true })
    const png = await page.screenshot({ path: target })
    expect(pngSize(png)).toEqual(VIEWPORT)
    // The README's picture is one of this page, at this size.
    expect(pngSize(await readFile(stored))).toEqual(VIEWPORT)
  })
})
