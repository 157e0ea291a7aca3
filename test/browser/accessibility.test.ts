import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unpackedExample, type ExampleName } from '../helpers/examples.js'
import type { Browser } from 'playwright-core'
import { wcagViolations } from '../helpers/axe.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { stringsFor } from '../../src/player/i18n.js'
import { learnerOn, packageData, questionsOf } from '../helpers/learner.js'

/** The player's English strings (the keyboard test's course is in English). */
const en = stringsFor('en')

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

async function openWeb(course: ExampleName): Promise<{ dir: string; data: PlayerData }> {
  const dir = await unpackedExample(course, 'web')
  return { dir, data: await packageData(dir) }
}

describe('the axe check itself', () => {
  it('is really checking: an image with no text alternative and grey-on-grey text are both reported, on a second run too', async () => {
    const page = await browser.newPage()
    await page.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1><img src="a.png"><p style="color:#777;background:#888">faint</p></main></body></html>')
    const first = await wcagViolations(page) // axe added to the page
    expect(first.map((v) => v.split(':')[0]).sort()).toEqual(['color-contrast', 'image-alt'])
    expect(await wcagViolations(page)).toEqual(first) // axe already there: the one-call path
    await page.close()
  })
})

// In the light theme and the dark one (prefers-color-scheme: dark): contrast, marks and focus rings in both.
describe.each((['light', 'dark'] as const).flatMap((colorScheme) => [
  { course: 'prosecuting-trafficking' as const, names: stringsFor('en'), colorScheme },
  { course: 'trata-consulados' as const, names: stringsFor('es'), colorScheme },
]))('the player of $course against WCAG 2.1 AA (axe-core), $colorScheme theme', ({ course, names, colorScheme }) => {
  let dir: string
  let data: PlayerData
  beforeAll(async () => { ({ dir, data } = await openWeb(course)) })

  it('has no violations on a page with questions, before and after answering, and on the results page', async () => {
    const context = await browser.newContext({ colorScheme })
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    const pages = data.modules.flatMap((m) => m.pages)
    const withQuestions = pages.find((p) => questionsOf(p).length > 1)!
    await page.getByRole('navigation').getByRole('link', { name: withQuestions.title, exact: true }).click()
    await learnerOn(page, data).expectPage(withQuestions.title)
    expect(await wcagViolations(page)).toEqual([])
    const [right, wrong] = questionsOf(withQuestions)
    await learnerOn(page, data).answer(right, true)
    await learnerOn(page, data).answer(wrong, false)
    expect(await wcagViolations(page)).toEqual([])
    await page.getByRole('navigation').getByRole('link', { name: names.results, exact: true }).click()
    await learnerOn(page, data).expectResults()
    expect(await wcagViolations(page)).toEqual([])
    await context.close()
  })

  it('has no violations on the resources page and on an open transcript, at 360 and 1280 CSS px (when the course has them)', async () => {
    const violations: string[] = []
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 700 } })
      const page = await context.newPage()
      await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}${data.resources ? '#resources' : ''}`)
      await page.getByRole('heading', { level: 1, name: data.resources ? names.resources : data.course.title, exact: true }).waitFor()
      violations.push(...(await wcagViolations(page)).map((v) => `${width}px resources: ${v}`))
      const withTranscript = data.modules.flatMap((m) => m.pages).find((p) => p.blocks.some((b) => b.type === 'html' && b.html.includes('cp-transcript')))
      if (withTranscript) {
        await page.evaluate((id) => { location.hash = `#${id}` }, withTranscript.id)
        await learnerOn(page, data).expectPage(withTranscript.title)
        await page.locator('main details.cp-transcript > summary').first().click()
        violations.push(...(await wcagViolations(page)).map((v) => `${width}px transcript: ${v}`))
      }
      await context.close()
    }
    expect(violations).toEqual([])
  })

  it('has no violations on a phone-sized screen with the contents open', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 700 }, hasTouch: true, isMobile: true, colorScheme })
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    await learnerOn(page, data).expectPage(data.modules[0].pages[0].title)
    expect(await wcagViolations(page)).toEqual([])
    const toggle = page.getByRole('button', { name: names.contents })
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    expect(await wcagViolations(page)).toEqual([])
    await context.close()
  })
})

describe('the player with the keyboard only', () => {
  it('answers a question and moves to the next page without a mouse, with focus on the new page heading', async () => {
    const { dir, data } = await openWeb('prosecuting-trafficking')
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    const pages = data.modules.flatMap((m) => m.pages)
    const index = pages.findIndex((p) => questionsOf(p).some((q) => q.type === 'single'))
    const target = pages[index]
    const question = questionsOf(target).find((q): q is Extract<PlayerQuestion, { choices: unknown }> => q.type === 'single')!
    await page.getByRole('navigation').getByRole('link', { name: target.title, exact: true }).focus()
    await page.keyboard.press('Enter')
    await learnerOn(page, data).expectPage(target.title)
    // Tab from the heading to the question's first choice, pick with arrow keys, submit with Enter.
    const group = page.getByRole('group', { name: question.prompt, exact: true })
    await group.getByRole('radio').first().focus()
    const correct = question.choices.findIndex((c) => c.correct)
    for (let i = 0; i < correct; i++) await page.keyboard.press('ArrowDown')
    if (correct === 0) await page.keyboard.press('Space')
    expect(await group.getByRole('radio', { name: question.choices[correct].text, exact: true }).isChecked()).toBe(true)
    await group.getByRole('button', { name: en.submit, exact: true }).focus()
    await page.keyboard.press('Enter')
    await group.getByText('Correct.', { exact: true }).first().waitFor({ state: 'visible' })
    // Focus stays on the (now inactive) Submit button instead of falling back to the page.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Submit')
    const next = page.getByRole('button', { name: en.next, exact: true })
    await next.focus()
    // The focused control shows a visible focus ring.
    const ring = await next.evaluate((el) => { const s = getComputedStyle(el); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) } })
    expect(ring.style).not.toBe('none')
    expect(ring.width).toBeGreaterThanOrEqual(2)
    await page.keyboard.press('Enter')
    await learnerOn(page, data).expectPage(pages[index + 1].title)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(pages[index + 1].title)
    await context.close()
  })
})
