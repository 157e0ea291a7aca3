// Runs a package through the lab's LMS page in headless Chromium: the scenarios, then the verdict.
import type { Browser, BrowserContext, CDPSession, Frame, Page } from 'playwright-core'
import { PACKAGE_PATH, type Lab, type LabLog, type LabPackage } from '../lab/server.js'
import { STANDARDS, talksToLrs } from '../lab/standards.js'
import { frameIn, Learner, LearnerStuck, firstLine, pressOn, scopeOf, type Scope } from './learner.js'
import { bounded, LAUNCH_TIMEOUT_MS, OutOfTime } from './browser.js'
import type { Launch, PackageInfo } from './package.js'
import { judge, type Expectation, type Finding } from './verdict.js'
import { verbOf } from '../lab/lrs.js'

export interface Timeouts {
  /** From opening the LMS page to the content's Initialize (or first statement). */
  init: number
  /** For each thing the learner waits for on screen. */
  step: number
  /** From Exit or leaving to the content's Finish (or terminated statement). */
  finish: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { init: 6_000, step: 8_000, finish: 4_000 }

export type ScenarioId = 'right' | 'wrong' | 'resume' | 'launch'

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  right: 'visits every page and answers every question right',
  wrong: 'answers the graded questions wrong',
  resume: 'leaves half-way and resumes',
  launch: 'launches, initializes and finishes on unload',
}

export interface ScenarioReport {
  scenario: ScenarioId
  title: string
  launch: { id: string; title: string; href: string }
  ok: boolean
  findings: Finding[]
  expected: Expectation
  pagesVisited: string[]
  /** Uncaught script errors in the content, as warnings belong to it. */
  scriptErrors: string[]
  durationMs: number
  log: LabLog
}

export interface RunOptions {
  browser: Browser
  lab: Lab
  timeouts?: Partial<Timeouts>
  /** Most launches checked, in any package (each SCO of a multi-SCO package is a launch). */
  maxLaunches?: number
  /** Date.now() past which no scenario starts and the running one is cut short. */
  deadline?: number
  /** The lab page to run on, kept open across packages by the caller; else one is opened and closed here. */
  tab?: LabTab
}

export interface RunResult { reports: ScenarioReport[]; outOfTime: boolean; notRun: number }

const LEAVE_AND_RELAUNCH = 'Leave and relaunch'
const CONTENT_FRAME = '#lab-content'

const CLOSE_TIMEOUT_MS = 5_000
/** Most time spent waiting for the last requests of a scenario to be answered, and for the content to unload. */
const SETTLE_TIMEOUT_MS = 5_000

/** Waits until `test` holds, testing again at each change of the lab's log (no polling); false after `timeout` ms or once `stop` resolves. */
async function until(lab: Lab, test: () => boolean, timeout: number, stop: AbortSignal): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  let onStop: (() => void) | undefined
  const out = new Promise<'out'>((r) => { timer = setTimeout(() => r('out'), timeout) })
  const stopped = new Promise<'out'>((r) => {
    onStop = () => r('out')
    if (stop.aborted) onStop()
    else stop.addEventListener('abort', onStop, { once: true })
  })
  try {
    for (;;) {
      if (test()) return true
      if (await Promise.race([lab.changed().then(() => 'changed' as const), out, stopped]) === 'out') return test()
    }
  } finally {
    clearTimeout(timer)
    if (onStop) stop.removeEventListener('abort', onStop)
  }
}

/**
 * The lab page the scenarios run on: one browser context and one page, kept from scenario to scenario
 * (a new page costs a renderer process, seconds on a loaded machine). Between scenarios the content is
 * unloaded and the origin's storage emptied, so each starts as in a fresh browser (the web package
 * keeps its progress in localStorage, the xAPI player its unsent statements).
 */
export class LabTab {
  private context: BrowserContext | undefined
  private page: Page | undefined
  /** Where the page's uncaught script errors go: the running scenario's list. */
  private errors: string[] = []
  constructor(readonly browser: Browser, readonly lab: Lab) {}

  /**
   * Opens the lab page before any package is served, as the browser starts: the first scenario then
   * launches as every later one does, and the page's opening (a renderer process, 0.5 s) belongs to the
   * session, not to the first package. A page that does not open here is opened by the first scenario.
   */
  async start(timeout: number): Promise<void> {
    if (this.page) return
    await this.create(LAUNCH_TIMEOUT_MS, timeout).catch(() => this.close())
  }

  /**
   * Serves the package as a new attempt and shows it on the page, opening the context and page if
   * there are none (within `left` ms: a loaded machine can stall it). Returns the page.
   */
  async open(pkg: LabPackage, errors: string[], left: number, timeout: number): Promise<Page> {
    this.errors = errors
    if (!this.page) {
      // A page closed after an earlier scenario may still be connected, and would launch this package too.
      await bounded(this.lab.noPages(), SETTLE_TIMEOUT_MS, 'the earlier page to close').catch(() => undefined)
      this.lab.setPackage(pkg)
      return this.create(left, timeout)
    }
    // The page is on the lab already: a new package (or attempt) reaches it as a state event, and it launches.
    this.lab.setPackage(pkg)
    return this.page
  }

  /** A context and a page on the lab, showing what it serves now; the context within `left` ms, the page within `timeout`. */
  private async create(left: number, timeout: number): Promise<Page> {
    const opening = this.browser.newContext()
    let context: BrowserContext
    try {
      context = Number.isFinite(left) ? await bounded(opening, left, 'opening a browser context') : await opening
    } catch (error) {
      if (error instanceof OutOfTime) void opening.then((c) => c.close()).catch(() => undefined)
      throw error
    }
    this.context = context
    const page = await context.newPage()
    this.page = page
    page.on('pageerror', (e) => this.errors.push(firstLine(e)))
    try {
      await page.goto(this.lab.url, { timeout })
    } catch (error) {
      await this.close()
      throw error
    }
    return page
  }

  /**
   * The content's frame on the lab page: the same iframe from scenario to scenario (the lab sets its
   * src), so it is found once a page. Finding it at every launch cost up to 0.3 s on a loaded machine.
   */
  async contentFrame(timeout: number): Promise<Frame> {
    if (this.frame && !this.frame.isDetached()) return this.frame
    const page = this.page
    if (!page) throw new LearnerStuck('the LMS page is closed')
    try {
      const frame = this.childFrame(page) ?? await frameIn(page.locator(CONTENT_FRAME), timeout)
      if (frame) return (this.frame = frame)
    } catch (error) {
      throw new LearnerStuck(`the LMS page's content frame did not appear: ${firstLine(error)}`)
    }
    throw new LearnerStuck('the LMS page\'s content frame did not appear')
  }

  private frame: Frame | undefined

  /**
   * The lab page's content frame, found by its address among the page's frames: the lab page has one
   * iframe, and the content comes from the lab's PACKAGE_PATH. A selector would cost 0.2–0.3 s in a first
   * scenario (Playwright installs its script on the page). Undefined before the content has loaded.
   */
  private childFrame(page: Page): Frame | undefined {
    const pkg = new URL(PACKAGE_PATH, this.lab.url).href
    return page.mainFrame().childFrames().find((frame) => frame.url().startsWith(pkg))
  }

  /** The context scenarios run in, when one is open (the deadline closes it under a running scenario). */
  get current(): BrowserContext | undefined { return this.context }

  /**
   * After a scenario, once its log is read: unloads the content (its pagehide may still report, to
   * the attempt just judged), then empties the origin's storage. A page that does not cooperate is
   * closed; the next scenario opens a new one.
   */
  async reset(): Promise<void> {
    const page = this.page
    if (!page) return
    try {
      await bounded(page.evaluate(() => new Promise<void>((resolve) => {
        const frame = document.getElementById('lab-content') as HTMLIFrameElement | null
        if (!frame || frame.src === '' || frame.src === 'about:blank') return resolve()
        frame.addEventListener('load', () => resolve(), { once: true })
        frame.src = 'about:blank'
      })), SETTLE_TIMEOUT_MS, 'unloading the content')
      await bounded(this.lab.idle(), SETTLE_TIMEOUT_MS, 'the last requests of the content')
      const origin = new URL(this.lab.url).origin
      // The origin's local and session storage and cookies (test/check/session.test.ts); other sites' cookies too.
      this.cdp ??= await page.context().newCDPSession(page)
      await bounded(this.cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' }), SETTLE_TIMEOUT_MS, 'emptying the storage')
      await page.context().clearCookies()
    } catch {
      await this.close()
    }
  }

  /** The page's own DevTools session, kept from reset to reset. */
  private cdp: CDPSession | undefined

  /** Closes the context (bounded: a browser that hangs on close must not keep check waiting). */
  async close(): Promise<void> {
    const context = this.context
    this.context = undefined
    this.page = undefined
    this.frame = undefined
    this.cdp = undefined
    if (context) await bounded(context.close(), CLOSE_TIMEOUT_MS, 'closing the browser context').catch(() => undefined)
  }
}

/** Sessions the content started: SCORM Initialize calls the LMS accepted; what the standard's verdict reads from the statements (xAPI/cmi5). */
function startedSessions(log: LabLog, ours: boolean): number {
  const fromLab = log.sessions.filter((s) => s.initialized).length
  return Math.max(fromLab, STANDARDS[log.target].verdict?.started?.(log, ours) ?? 0)
}

/** Sessions the content finished: SCORM Finish/Terminate; terminated (or exited) statements. */
function endedSessions(log: LabLog): number {
  if (!talksToLrs(log.target)) return log.sessions.filter((s) => s.finished).length
  const ends = log.statements.filter((s) => ['terminated', 'exited'].includes(verbOf(s))).length
  return Math.max(ends, log.statements.length ? 0 : log.sessions.filter((s) => s.finished).length)
}

interface Step { page: Page; learner?: Learner; expected: Expectation }

class Runner {
  readonly timeouts: Timeouts
  /** Aborted when the deadline passed during a scenario (its context was closed under it): waits on the lab stop at once. */
  private readonly expiry = new AbortController()
  constructor(readonly pkg: PackageInfo, readonly options: RunOptions, readonly tab: LabTab) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  }

  get expired(): boolean { return this.expiry.signal.aborted }

  get ours(): boolean { return this.pkg.course !== undefined }
  get tracked(): boolean { return STANDARDS[this.pkg.target].runtime !== 'none' }
  private log(): LabLog { return this.options.lab.log() }

  private async waitStarted(n: number): Promise<boolean> {
    if (!this.tracked) return true
    // Past the deadline, stop waiting: the next step meets the closed page and the scenario is cut short.
    return until(this.options.lab, () => this.expired || startedSessions(this.log(), this.ours) >= n, this.timeouts.init, this.expiry.signal)
  }

  private async waitEnded(n: number): Promise<boolean> {
    if (!this.tracked) return true
    return until(this.options.lab, () => this.expired || endedSessions(this.log()) >= n, this.timeouts.finish, this.expiry.signal)
  }

  /** Waits for the content frame's load event (bounded by the step timeout; a slow frame is not a finding here). */
  private async contentLoaded(): Promise<void> {
    const frame = await this.tab.contentFrame(this.timeouts.step).catch(() => undefined)
    await frame?.waitForLoadState('load', { timeout: this.timeouts.step }).catch(() => undefined)
  }

  private async leaveAndRelaunch(page: Page): Promise<void> {
    try {
      await pressOn(page.mainFrame(), LEAVE_AND_RELAUNCH, this.timeouts.step)
    } catch (error) {
      throw new LearnerStuck(`the LMS page's ${LEAVE_AND_RELAUNCH} button did not work: ${firstLine(error)}`)
    }
  }

  async scenario(id: ScenarioId, launch: Launch, body: (step: Step) => Promise<void>, expected: Expectation): Promise<ScenarioReport> {
    const started = Date.now()
    const findings: Finding[] = []
    const scriptErrors: string[] = []
    let cutOff: NodeJS.Timeout | undefined
    const step: Step = { page: undefined as unknown as Page, expected }
    const deadline = this.options.deadline ?? Infinity
    let log!: LabLog
    try {
      // Opening the page counts against the deadline like everything else (a loaded machine can stall it).
      const pkg: LabPackage = { dir: this.pkg.dir, target: this.pkg.target, launch: launch.href }
      try {
        step.page = await this.tab.open(pkg, scriptErrors, deadline - Date.now(), this.timeouts.step)
      } catch (error) {
        if (error instanceof OutOfTime) this.expiry.abort()
        throw error
      }
      const context = this.tab.current
      if (Number.isFinite(deadline)) {
        cutOff = setTimeout(() => {
          this.expiry.abort()
          void context?.close().catch(() => undefined)
        }, Math.max(0, deadline - Date.now()))
      }
      await body(step)
    } catch (error) {
      if (this.expired) findings.push({ severity: 'error', message: 'cut short: the check ran out of time (--timeout)', source: 'check' })
      else if (!(error instanceof LearnerStuck)) throw error
      else findings.push({ severity: 'error', message: `the learner got stuck: ${error.message}`, source: 'check' })
    } finally {
      clearTimeout(cutOff)
      if (this.expired) await this.tab.close()
      // A last request (a beacon, a statement batch) is answered before the log is read; then the content goes.
      await bounded(this.options.lab.idle(), SETTLE_TIMEOUT_MS, 'the last requests').catch(() => undefined)
      log = this.log() // a copy: the lab builds a new one each time
      await this.tab.reset()
    }
    // What stopped the learner comes first; what the LMS then saw (no finish, no completion) follows from it.
    findings.push(...judge(log, step.expected, { ours: this.ours }))
    for (const e of scriptErrors) findings.push({ severity: 'warning', message: `the content threw: ${e}`, source: 'check' })
    return {
      scenario: id,
      title: SCENARIO_TITLES[id],
      launch: { id: launch.id, title: launch.title, href: launch.href },
      ok: !findings.some((f) => f.severity === 'error'),
      findings: dedupe(findings),
      expected: step.expected,
      pagesVisited: step.learner?.visited ?? [],
      scriptErrors,
      durationMs: Date.now() - started,
      log,
    }
  }

  private async learnerFor(step: Step): Promise<Learner> {
    const learner = new Learner(await this.tab.contentFrame(this.timeouts.step), this.pkg.course!, this.timeouts.step)
    step.learner = learner
    return learner
  }

  /** Every page, every question right (or graded questions wrong), Exit. */
  walkThrough(id: 'right' | 'wrong', launch: Launch, scope: Scope): Promise<ScenarioReport> {
    const right = id === 'right'
    const result = !right ? 'failed' : scope.graded.size > 0 ? 'passed' : 'completed'
    return this.scenario(id, launch, async (step) => {
      if (!(await this.waitStarted(1))) return
      const learner = await this.learnerFor(step)
      await learner.walkToExit(scope.pages, scope.graded, right)
      await this.waitEnded(1)
    }, { result, sessions: 1 })
  }

  /** Half the pages, leave (the LMS unloads the content), relaunch: back on the same page; then to the end. */
  resume(launch: Launch, scope: Scope): Promise<ScenarioReport> {
    const result = scope.graded.size > 0 ? 'passed' : 'completed'
    const k = Math.max(1, Math.min(scope.pages.length - 1, Math.floor(scope.pages.length / 2)))
    return this.scenario('resume', launch, async (step) => {
      if (!(await this.waitStarted(1))) return
      const learner = await this.learnerFor(step)
      await learner.walk(scope.pages.slice(0, k), scope.graded, true)
      // The page shown now: page k, or a later one when a question bank did not draw page k's questions.
      const left = await learner.shownAmong(scope.pages.slice(k))
      if (!left) throw new LearnerStuck(`after ${k} pages the course did not show any of the pages after them`)
      await this.leaveAndRelaunch(step.page)
      step.expected = { ...step.expected, sessions: 2, resumed: true }
      if (!(await this.waitEnded(1))) return
      if (!(await this.waitStarted(2))) return
      const shown = await learner.currentPage(scope.pages)
      if (shown?.id !== left.id) {
        throw new LearnerStuck(shown
          ? `on relaunch the course opened on “${shown.title}”, not on “${left.title}” where the learner left`
          : `on relaunch the course did not show “${left.title}”, where the learner left, within ${this.timeouts.step / 1000} s`)
      }
      await learner.walkToExit(scope.pages.slice(k), scope.graded, true)
      await this.waitEnded(2)
    }, { result, sessions: 1 })
  }

  /** Someone else's package: it launches, initializes, and finishes when the LMS unloads it. */
  launch(launch: Launch): Promise<ScenarioReport> {
    return this.scenario('launch', launch, async (step) => {
      if (!this.tracked) {
        try {
          await step.page.frameLocator(CONTENT_FRAME).locator('body').waitFor({ state: 'attached', timeout: this.timeouts.init })
        } catch {
          throw new LearnerStuck(`the launch page did not load within ${this.timeouts.init / 1000} s`)
        }
        return
      }
      if (!(await this.waitStarted(1))) return
      // As a learner looks at the first screen: once it has loaded and what it sent on loading is answered.
      await this.contentLoaded()
      await bounded(this.options.lab.idle(), this.timeouts.step, 'the content\'s first requests').catch(() => undefined)
      await this.leaveAndRelaunch(step.page)
      if (!(await this.waitEnded(1))) return
      // The relaunch that unloaded it belongs to what was seen: wait for it to reach the lab, or the
      // report held one launch or two depending on the machine's load.
      await until(this.options.lab, () => this.expired || this.log().sessions.length >= 2, this.timeouts.step, this.expiry.signal)
    }, { result: 'none', sessions: 1 })
  }
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.severity}|${f.message}|${f.session ?? ''}|${f.call ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * The scenarios for this package. Ours: every launch (SCO) answered right; then, on the first launch
 * with graded questions, answered wrong; on the first launch with two pages or more, leave and resume.
 * Others': launch, initialize and finish on unload, for each launch up to maxLaunches.
 */
export async function runScenarios(pkg: PackageInfo, options: RunOptions): Promise<RunResult> {
  const tab = options.tab ?? new LabTab(options.browser, options.lab)
  try {
    return await runEach(pkg, options, tab)
  } finally {
    if (!options.tab) await tab.close()
  }
}

async function runEach(pkg: PackageInfo, options: RunOptions, tab: LabTab): Promise<RunResult> {
  const runner = new Runner(pkg, options, tab)
  const launches = pkg.launches.slice(0, options.maxLaunches ?? 10)
  const planned: (() => Promise<ScenarioReport>)[] = []
  if (!pkg.course) {
    for (const launch of launches) planned.push(() => runner.launch(launch))
  } else {
    const scoped = launches.map((launch) => ({ launch, scope: scopeOf(pkg.course!, launch.scope) }))
    for (const { launch, scope } of scoped) planned.push(() => runner.walkThrough('right', launch, scope))
    const graded = scoped.find((s) => s.scope.graded.size > 0)
    if (graded) planned.push(() => runner.walkThrough('wrong', graded.launch, graded.scope))
    const long = scoped.find((s) => s.scope.pages.length >= 2)
    if (long) planned.push(() => runner.resume(long.launch, long.scope))
  }
  const reports: ScenarioReport[] = []
  for (const scenario of planned) {
    if (runner.expired || Date.now() >= (options.deadline ?? Infinity)) break
    reports.push(await scenario())
  }
  const outOfTime = reports.length < planned.length || runner.expired
  return { reports, outOfTime, notRun: planned.length - reports.length }
}
