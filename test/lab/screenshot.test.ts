import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startLab, type Lab } from '../../src/lab/server.js'
import { launchBrowser } from '../helpers/browser.js'
import { answerQuestion, expectPage, NAMES, packageData, questionsOf } from '../helpers/learner.js'
import { coursesDir, repoRoot } from '../helpers/paths.js'
import { content, logWhen, unpackedPackage } from './helpers.js'

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

describe('the preview page, as the README shows it', () => {
  it('after a learner answered a few questions, the panel shows status, score, interactions and the call log', async () => {
    const pkg = await unpackedPackage(join(coursesDir, 'prosecuting-trafficking'), 'scorm12')
    const data = await packageData(pkg.dir)
    lab.setPackage(pkg)
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(lab.url)
    const course = content(page)
    const graded = new Set(data.modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf)).map((q) => q.id))
    let answered = 0
    let wrong = false
    for (const p of data.modules.flatMap((m) => m.pages)) {
      await expectPage(course, p.title)
      for (const q of questionsOf(p)) {
        // One wrong answer on a graded question, so the panel shows both results; practice questions must be right to go on.
        const right = wrong || !graded.has(q.id)
        if (!right) wrong = true
        await answerQuestion(course, q, NAMES.en, right)
        answered++
      }
      if (answered >= 3) break
      await course.getByRole("button", { name: NAMES.en.next, exact: true }).click()
    }
    const log = await logWhen(lab, (l) => l.summary.interactions.length >= 3)
    expect(log.problems.filter((p) => p.severity === 'error')).toEqual([])
    await expect.poll(() => page.locator('#lab-interactions tr').count()).toBeGreaterThanOrEqual(4)
    // The README's picture is refreshed on request (UPDATE_SCREENSHOTS=1 npm test), like a snapshot,
    // so an ordinary run does not leave the tree modified; every run still takes and checks it.
    const target = process.env.UPDATE_SCREENSHOTS === '1'
      ? join(repoRoot, 'test/screenshots/preview.png')
      : join(await mkdtemp(join(tmpdir(), 'coursepack-shot-')), 'preview.png')
    await mkdir(dirname(target), { recursive: true })
    const png = await page.screenshot({ path: target })
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.length).toBeGreaterThan(20_000)
  })
})
