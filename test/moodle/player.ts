// A learner in Moodle's own SCORM player: log in, open the activity, Enter (optionally with "Start a
// new attempt"), and the course inside player.php's content frame. Every SCORM API call the course
// makes is recorded on the player page by wrapping Moodle's own `API` / `API_1484_11` as Moodle
// assigns them, so a test can see each call that returned "false" (or threw) and its error code.
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { URL_BASE } from './site.js'

export interface ApiCall { fn: string; args: string[]; result: string; error?: string }

// Runs in every frame before Moodle's scripts; only the player page ever gets an API assigned.
const RECORD_CALLS = `(() => {
  const calls = []
  Object.defineProperty(window, '__coursepackCalls', { value: calls })
  const lastError = (api) => String(typeof api.GetLastError === 'function' ? api.GetLastError() : api.LMSGetLastError())
  const wrap = (api) => {
    if (!api || api.__wrapped) return api
    for (const fn of Object.keys(api)) {
      const original = api[fn]
      if (typeof original !== 'function' || /LastError|ErrorString|Diagnostic/.test(fn)) continue
      api[fn] = function (...args) {
        let result
        try { result = original.apply(this, args) } catch (e) { calls.push({ fn, args: args.map(String), result: 'threw', error: String(e) }); throw e }
        const entry = { fn, args: args.map(String), result: String(result) }
        if (result === 'false' || result === false) entry.error = lastError(api)
        calls.push(entry)
        return result
      }
    }
    Object.defineProperty(api, '__wrapped', { value: true })
    return api
  }
  for (const name of ['API', 'API_1484_11']) {
    let held
    Object.defineProperty(window, name, { configurable: true, get: () => held, set: (v) => { held = wrap(v) } })
  }
})()`

export async function loginAs(browser: Browser, username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  // Moodle's PHP server beside Chromium on two busy cores: a page can take tens of seconds.
  context.setDefaultNavigationTimeout(120_000)
  context.setDefaultTimeout(60_000)
  await context.addInitScript(RECORD_CALLS)
  const page = await context.newPage()
  await page.goto(`${URL_BASE}/login/index.php`)
  await page.fill('#username', username)
  await page.fill('#password', 'Learner#1')
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login/index.php')), page.click('#loginbtn')])
  await page.close()
  return context
}

/** view.php → Enter (ticking "Start a new attempt" when asked) → player.php; returns the player page. */
export async function enter(context: BrowserContext, cmid: number, options: { newAttempt?: boolean } = {}): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${URL_BASE}/mod/scorm/view.php?id=${cmid}`)
  if (options.newAttempt) await page.check('#a')
  await Promise.all([page.waitForURL(/\/mod\/scorm\/player\.php/), page.click('#n')])
  return page
}

/** The course inside Moodle's player. */
export const content = (page: Page): FrameLocator => page.frameLocator('#scorm_object')

/** The calls the course made on this player page so far. */
export const apiCalls = (page: Page): Promise<ApiCall[]> =>
  page.evaluate(() => (window as unknown as { __coursepackCalls: ApiCall[] }).__coursepackCalls.slice())

/** Calls that returned "false" or threw: one line each, e.g. `Initialize() → false, error 104`. */
export async function refusedCalls(page: Page): Promise<string[]> {
  return (await apiCalls(page)).filter((c) => c.result === 'false' || c.result === 'threw')
    .map((c) => `${c.fn}(${c.args.join(', ')}) → ${c.result}${c.error ? `, ${c.error}` : ''}`)
}

/** Moodle's table of contents beside the content (a YUI tree of anchors without href): opens a SCO by its title. */
export async function openFromToc(page: Page, title: string): Promise<void> {
  await page.locator('#scorm_tree a[data-scoid]', { hasText: title }).click()
}

/** Moodle's navigation buttons under the content ("Next" / "Previous" SCO). */
export async function moodleNav(page: Page, which: 'next' | 'prev'): Promise<void> {
  await page.locator(`#nav_${which}`).click()
}
