// The scripted learner's hands inside the frame (src/check/frame/): it finds controls by role and
// accessible name, presses only what a person could press, and says why when it cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Learner, LearnerStuck } from '../../src/check/learner.js'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'

// An English course with no pages: the learner takes its button names from the player's strings for the language.
const COURSE = { course: { language: 'en' }, modules: [] } as unknown as PlayerData
const STEP_MS = 400

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

async function pageWith(html: string): Promise<Page> {
  const page = await browser.newPage()
  await page.setContent(`<!doctype html><html lang="en"><body>${html}</body></html>`)
  return page
}

async function stuckOn(action: Promise<unknown>): Promise<string> {
  const error = await action.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(LearnerStuck)
  return (error as Error).message
}

describe('the learner in the frame', () => {
  it('goes past the start page and waits for a page heading that shows late', async () => {
    const page = await pageWith(`<h1>Course</h1><button id="start">Start</button>
      <script>start.onclick = () => { document.body.innerHTML = '<p>Loading…</p>'; setTimeout(() => { document.body.innerHTML = '<h1>First page</h1>' }, 150) }</script>`)
    await new Learner(page, COURSE, 2_000).expectPage('First page')
    expect(await page.locator('h1').textContent()).toBe('First page')
    await page.close()
  })

  it('names the page it did not see within the step timeout', async () => {
    const page = await pageWith('<h1>Another page</h1>')
    expect(await stuckOn(new Learner(page, COURSE, STEP_MS).expectPage('Missing page'))).toBe('the page “Missing page” did not appear within 0.4 s')
    await page.close()
  })

  it('does not press a button something else covers, and says what covers it', async () => {
    const page = await pageWith(`<button onclick="document.title = 'pressed'">Next</button>
      <div id="cookie-banner" style="position:fixed;inset:0;background:#fff8"></div>`)
    expect(await stuckOn(new Learner(page, COURSE, STEP_MS).press('Next'))).toBe('could not press Next: it is covered by <div#cookie-banner>')
    expect(await page.title()).toBe('')
    await page.close()
  })

  it('does not press a disabled button, nor one hidden from assistive technology', async () => {
    const page = await pageWith(`<button aria-disabled="true" onclick="document.title = 'pressed'">Next</button>
      <div aria-hidden="true"><button onclick="document.title = 'pressed'">Exit</button></div>`)
    const learner = new Learner(page, COURSE, STEP_MS)
    expect(await stuckOn(learner.press('Next'))).toBe('could not press Next: it is disabled')
    expect(await stuckOn(learner.press('Exit'))).toBe('the Exit button did not appear within 0.4 s')
    expect(await learner.exit()).toBe(false)
    expect(await page.title()).toBe('')
    await page.close()
  })

  it('answers in the group named by the prompt, by the choices\' labels, then submits', async () => {
    const page = await pageWith(`<form onsubmit="event.preventDefault(); document.title = new FormData(this).get('q')">
      <fieldset><legend>Which is a sign?</legend>
        <input type="radio" name="q" id="a" value="a"><label for="a">Debt bondage</label>
        <input type="radio" name="q" id="b" value="b"><label for="b">A valid visa</label>
        <button>Submit</button></fieldset></form>`)
    const learner = new Learner(page, COURSE, STEP_MS)
    const question: PlayerQuestion = { id: 'q', type: 'single', prompt: 'Which is a sign?', weight: 1, choices: [{ text: 'Debt bondage', correct: true }, { text: 'A valid visa', correct: false }] }
    await learner.answer(question, false)
    expect(await page.title()).toBe('b')
    expect(await stuckOn(learner.answer({ ...question, prompt: 'Another question' }, true))).toBe('the question “Another question” did not appear within 0.4 s')
    await page.close()
  })

  it('walks pages in one call: skips a bank page the player did not draw, and on a stuck page says why and counts it as seen', async () => {
    // A tiny player: Next shows the next of its pages; the bank's "Bank 1" was not drawn, so it is never shown.
    const pages = ['One', 'Bank 2', 'Two']
    const page = await pageWith(`<h1>One</h1><button id="next">Next</button>
      <script>let at = 0; next.onclick = () => { at++; document.querySelector('h1').textContent = ${JSON.stringify(pages)}[at] ?? 'Results'; if (at === 2) next.disabled = true }</script>`)
    const page_ = (title: string) => ({ id: title, title, blocks: [] })
    const course = { course: { language: 'en' }, modules: [
      { id: 'm1', pages: [page_('One')] },
      { id: 'bank', bank: { draw: 1 }, pages: [page_('Bank 1'), page_('Bank 2')] },
      { id: 'm3', pages: [page_('Two'), page_('Three')] },
    ] } as unknown as PlayerData
    const learner = new Learner(page, course, STEP_MS)
    const all = course.modules.flatMap((m) => m.pages)
    // On "Two" Next is disabled: stuck there, with "Two" seen; "Three" never came.
    expect(await stuckOn(learner.walk(all, new Set(), true))).toBe('could not press Next: it is disabled')
    expect(learner.visited).toEqual(['One', 'Bank 2', 'Two'])
    await page.close()
  })

  it('runs a step again when the frame navigated under it, and stops at once on a page that was closed', async () => {
    // What Moodle's Next button did once (the next SCO loading): Playwright threw instead of re-running the step.
    const failing = (messages: string[]) => {
      let calls = 0
      const frame = { isDetached: () => false, evaluate: async () => {
        const message = messages[calls++]
        if (message) throw new Error(message)
        return { values: ['Welcome'] }
      } }
      const root = { mainFrame: () => frame }
      return { learner: new Learner(root as unknown as Page, COURSE, STEP_MS), calls: () => calls }
    }
    const navigated = failing(['frame.evaluate: Execution context was destroyed, most likely because of a navigation'])
    await navigated.learner.expectPage('Welcome')
    expect(navigated.calls()).toBe(2)
    const closed = failing(['frame.evaluate: Target page, context or browser has been closed'])
    await expect(closed.learner.expectPage('Welcome')).rejects.toThrow(/has been closed/)
    expect(closed.calls()).toBe(1)
  })

  it('carries on when the frame navigates while it waits (a launch, an LMS opening the next SCO)', async () => {
    const page = await browser.newPage()
    await page.setContent(`<iframe id="content" srcdoc="<p>Loading the course…</p><script>setTimeout(() => { location.href = 'data:text/html,<h1>Welcome</h1>' }, 200)</script>"></iframe>`)
    await new Learner(page.frameLocator('#content'), COURSE, 3_000).expectPage('Welcome')
    await page.close()
  })

  it('waits in a page whose document has no root element yet (a new page evaluated in before its <html> is parsed)', async () => {
    // Moodle loading the next SCO once gave the learner such a document: waiting failed instead of waiting.
    const page = await pageWith('<p>Loading…</p>')
    await page.evaluate(() => {
      const root = document.documentElement
      root.remove()
      setTimeout(() => { document.append(root); document.body.innerHTML = '<h1>Welcome</h1>' }, 150)
    })
    await new Learner(page, COURSE, 2_000).expectPage('Welcome')
    await page.close()
  })
})
