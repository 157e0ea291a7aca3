// SCORM packages on the product's own LMS page (src/lab/server.ts), the page `coursepack preview` and
// `coursepack check` show: the content runs in its iframe against scorm-again, and the tests read the
// lab's log (every call as the LMS received it, the CMI data it holds, the problems it found).
import { afterEach, expect } from 'vitest'
import type { Browser, FrameLocator, Page } from 'playwright-core'
import { bounded } from '../../src/check/browser.js'
import { readLaunch } from '../../src/lab/standards.js'
import type { ScormVersion } from '../../src/scorm-api.js'
import { everyVersion } from '../../src/scorm-api.js'
import type { Lab, LabCall, LabLog, LabPackage } from '../../src/lab/server.js'
import { unpackedExample, type ExampleName } from './examples.js'

/** An example course's package for one SCORM version, unpacked as an LMS does on import (shared: read only). */
export async function importedPackage(name: ExampleName, target: ScormVersion): Promise<LabPackage> {
  const dir = await unpackedExample(name, target)
  return { dir, target, launch: await readLaunch(dir, target) }
}

/**
 * Serves the package (a new attempt) and opens the lab page on it: the page launches the content. One
 * page per lab at a time. `refusing` names API methods that answer "false" from the start, as a
 * failing LMS does (see `refuse`).
 */
export async function openInLab(browser: Browser, lab: Lab, pkg: LabPackage, refusing?: string[]): Promise<Page> {
  // A tab closed just before can still get the new package's state event and launch it (as launch 1,
  // which then never runs): wait until the lab sees it gone.
  await bounded(lab.noPages(), 10_000, 'closing the last lab page (one lab page at a time)')
  lab.setPackage(pkg)
  const page = await browser.newPage()
  if (refusing) await page.addInitScript(installRefuser, refusing)
  await page.goto(lab.url)
  return page
}

/**
 * One lab page at a time for a test file (every open lab page launches the package the lab serves):
 * `open` closes the last page before opening the next, and each test's page is closed after it.
 * `keep` hands over a page the test opened itself, to be closed the same way.
 */
export function oneLabPageAtATime(browser: () => Browser, lab: () => Lab): { open(pkg: LabPackage, refusing?: string[]): Promise<Page>; keep(page: Page): Page } {
  let page: Page | undefined
  afterEach(async () => { await page?.close(); page = undefined })
  return {
    async open(pkg, refusing) {
      await page?.close()
      page = await openInLab(browser(), lab(), pkg, refusing)
      return page
    },
    keep: (opened) => (page = opened),
  }
}

/** Runs in the lab page and in the content's frame: the content wraps the lab's API so that methods named by the lab page's list answer "false". */
function installRefuser(initial: string[]): void {
  type Api = Record<string, (...args: string[]) => string> & { refusing?: boolean }
  const lab = window.parent as unknown as { API?: Api; API_1484_11?: Api; labRefuse?: string[] }
  if (window.parent === window) { lab.labRefuse = initial; return }
  for (const api of [lab.API, lab.API_1484_11]) {
    if (!api || api.refusing) continue
    for (const [name, real] of Object.entries(api)) {
      if (typeof real === 'function') api[name] = (...args: string[]) => (lab.labRefuse?.includes(name) ? 'false' : real(...args))
    }
    api.refusing = true
  }
}

/** From now on, the lab's API answers "false" to these methods (the page must be opened with `refusing`). */
export async function refuse(page: Page, methods: string[]): Promise<void> {
  await page.evaluate((m) => { (window as unknown as { labRefuse?: string[] }).labRefuse = m }, methods)
}

/** The course inside the lab page. */
export const course = (page: Page): FrameLocator => page.frameLocator('#lab-content')

/**
 * Goes to a page through the course's table of contents. Beside the lab's panel the course is narrow,
 * so the player shows its contents behind a toggle button (named `contents`): press it first when shown.
 */
export async function goToPage(sco: FrameLocator, title: string, contents: string): Promise<void> {
  // Its accessible name starts with the theme's "☰" (CSS generated content).
  const toggle = sco.getByRole('button', { name: new RegExp(`(^|\\s)${contents}$`) })
  const nav = sco.getByRole('navigation', { name: contents, exact: true })
  // Until the player has drawn its shell neither is shown, and a toggle looked for too early is missed.
  await toggle.or(nav).first().waitFor()
  if (await toggle.isVisible() && await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click()
  await nav.getByRole('link', { name: title }).click() // the theme marks seen pages "✓ "
}

/** Presses one of the lab's buttons ("Restart attempt", "Leave and relaunch", "Download data"). */
export const press = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click()

/**
 * Waits until the lab's log satisfies the predicate, then returns that log. On a timeout the failure
 * says what the lab had seen: its launches and their last calls, and its problems.
 */
export async function logWhen(lab: Lab, ok: (log: LabLog) => boolean, timeout = 15_000): Promise<LabLog> {
  const until = Date.now() + timeout
  for (;;) {
    const seen = lab.log()
    if (ok(seen)) return seen
    if (Date.now() > until) throw new Error(`the lab's log did not match within ${timeout} ms; it held:\n${describeLog(seen)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function describeLog(log: LabLog): string {
  const sessions = log.sessions.map((s, i) => {
    const last = s.calls.slice(-6).map((c) => `${c.method}(${c.args.join(', ').slice(0, 60)}) → ${c.result}${c.error !== '0' && c.error !== '' ? ` error ${c.error}` : ''}`)
    return `launch ${i + 1}: ${s.calls.length} calls, ${s.initialized ? 'initialized' : 'not initialized'}, ${s.finished ? 'finished' : 'not finished'}; last: ${last.join('; ') || 'none'}`
  })
  return [`attempt ${log.attempt}`, ...sessions, ...log.problems.map((p) => `problem: ${p.message}`)].join('\n')
}

// Either version's spelling of each call, from the lab's own table.
const SETS = everyVersion('setValue')
const GETS = everyVersion('getValue')
const COMMITS = everyVersion('commit')

const callsOf = (log: LabLog, session: number): LabCall[] => log.sessions[session]?.calls ?? []

export function countCalls(log: LabLog, session: number, method: string): number {
  return callsOf(log, session).filter((c) => c.method === method).length
}

/** The values the SCO wrote to an element in one session, in order. */
export function setValues(log: LabLog, session: number, element: string | RegExp): string[] {
  return callsOf(log, session)
    .filter((c) => SETS.has(c.method) && (typeof element === 'string' ? c.args[0] === element : element.test(c.args[0])))
    .map((c) => c.args[1])
}

/** The first read of an element in one session (its result is what the LMS handed the SCO). */
export function firstRead(log: LabLog, session: number, element: string): LabCall | undefined {
  return callsOf(log, session).find((c) => GETS.has(c.method) && c.args[0] === element)
}

/** Whether the session has read this element yet (wait for this before reading the result). */
export const hasRead = (log: LabLog, session: number, element: string): boolean => firstRead(log, session, element) !== undefined

/** An element's value as of the session's last successful commit: what the SCO asked the LMS to store. */
export function committed(log: LabLog, session: number, element: string): string | undefined {
  const pending = new Map<string, string>()
  const stored = new Map<string, string>()
  for (const c of callsOf(log, session)) {
    if (SETS.has(c.method) && c.error === '0') pending.set(c.args[0], c.args[1])
    if (COMMITS.has(c.method) && c.result === 'true') for (const [k, v] of pending) stored.set(k, v)
  }
  return stored.get(element)
}

/** Every call of these sessions succeeded in the runtime, and the lab found no errors (runtime or Moodle format). */
export function expectClean(log: LabLog, sessions: number[] = log.sessions.map((_, i) => i)): void {
  const failed = sessions.flatMap((s) => callsOf(log, s).filter((c) => c.error !== '0' || c.result === 'false').map((c) => ({ session: s, ...c })))
  expect(failed, JSON.stringify(failed, null, 1)).toEqual([])
  expect(log.problems.filter((p) => p.severity === 'error')).toEqual([])
}
