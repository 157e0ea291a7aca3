// Runs a package through the lab's LMS page in headless Chromium: the scenarios, then the verdict.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Lab, LabLog } from '../lab/server.js'
import { isScorm, STANDARDS, talksToLrs } from '../lab/standards.js'
import { Learner, LearnerStuck, firstLine, scopeOf, type Scope } from './learner.js'
import { bounded, OutOfTime } from './browser.js'
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
}

export interface RunResult { reports: ScenarioReport[]; outOfTime: boolean; notRun: number }

const LEAVE_AND_RELAUNCH = 'Leave and relaunch'
const CONTENT_FRAME = '#lab-content'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const CLOSE_TIMEOUT_MS = 5_000

async function until(test: () => boolean, timeout: number): Promise<boolean> {
  const deadline = Date.now() + timeout
  for (;;) {
    if (test()) return true
    if (Date.now() >= deadline) return false
    await sleep(50)
  }
}

/** Sessions the content started: SCORM Initialize calls the LMS accepted; xAPI/cmi5 initialized statements (any statement for others' xAPI). */
export function startedSessions(log: LabLog, ours: boolean): number {
  const fromLab = log.sessions.filter((s) => s.initialized).length
  if (isScorm(log.target)) return fromLab
  if (STANDARDS[log.target].runtime === 'none') return fromLab
  const initialized = log.statements.filter((s) => verbOf(s) === 'initialized').length
  if (!ours && log.target === 'xapi' && initialized === 0 && log.statements.length > 0) return Math.max(fromLab, 1)
  return Math.max(fromLab, initialized)
}

/** Sessions the content finished: SCORM Finish/Terminate; terminated (or exited) statements. */
export function endedSessions(log: LabLog): number {
  if (!talksToLrs(log.target)) return log.sessions.filter((s) => s.finished).length
  const ends = log.statements.filter((s) => ['terminated', 'exited'].includes(verbOf(s))).length
  return Math.max(ends, log.statements.length ? 0 : log.sessions.filter((s) => s.finished).length)
}

interface Step { page: Page; learner?: Learner; expected: Expectation }

class Runner {
  readonly timeouts: Timeouts
  /** Set when the deadline passed during a scenario: its context was closed under it. */
  expired = false
  constructor(readonly pkg: PackageInfo, readonly options: RunOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  }

  get ours(): boolean { return this.pkg.course !== undefined }
  get tracked(): boolean { return STANDARDS[this.pkg.target].runtime !== 'none' }
  private log(): LabLog { return this.options.lab.log() }

  private async waitStarted(n: number): Promise<boolean> {
    if (!this.tracked) return true
    // Past the deadline, stop waiting: the next step meets the closed page and the scenario is cut short.
    return until(() => this.expired || startedSessions(this.log(), this.ours) >= n, this.timeouts.init)
  }

  private async waitEnded(n: number): Promise<boolean> {
    if (!this.tracked) return true
    return until(() => this.expired || endedSessions(this.log()) >= n, this.timeouts.finish)
  }

  private async leaveAndRelaunch(page: Page): Promise<void> {
    const button = page.getByRole('button', { name: LEAVE_AND_RELAUNCH, exact: true })
    try {
      await button.click({ timeout: this.timeouts.step })
    } catch (error) {
      throw new LearnerStuck(`the LMS page's ${LEAVE_AND_RELAUNCH} button did not work: ${firstLine(error)}`)
    }
  }

  async scenario(id: ScenarioId, launch: Launch, body: (step: Step) => Promise<void>, expected: Expectation): Promise<ScenarioReport> {
    const started = Date.now()
    const findings: Finding[] = []
    const scriptErrors: string[] = []
    let context: BrowserContext | undefined
    let cutOff: NodeJS.Timeout | undefined
    const step: Step = { page: undefined as unknown as Page, expected }
    try {
      // A fresh context: nothing in storage from an earlier scenario (the web package keeps progress there).
      // Opening it counts against the deadline like everything else (a loaded machine can stall it).
      const left = (this.options.deadline ?? Infinity) - Date.now()
      const opening = this.options.browser.newContext()
      try {
        context = Number.isFinite(left) ? await bounded(opening, left, 'opening a browser context') : await opening
      } catch (error) {
        if (!(error instanceof OutOfTime)) throw error
        void opening.then((c) => c.close()).catch(() => undefined)
        this.expired = true
        throw error
      }
      const ctx = context
      if (Number.isFinite(left)) cutOff = setTimeout(() => { this.expired = true; void ctx.close().catch(() => undefined) }, Math.max(0, (this.options.deadline ?? Infinity) - Date.now()))
      const page = await context.newPage()
      page.on('pageerror', (e) => scriptErrors.push(firstLine(e)))
      step.page = page
      this.options.lab.setPackage({ dir: this.pkg.dir, target: this.pkg.target, launch: launch.href })
      await page.goto(this.options.lab.url, { timeout: this.timeouts.step })
      await body(step)
    } catch (error) {
      if (this.expired) findings.push({ severity: 'error', message: 'cut short: the check ran out of time (--timeout)', source: 'check' })
      else if (!(error instanceof LearnerStuck)) throw error
      else findings.push({ severity: 'error', message: `the learner got stuck: ${error.message}`, source: 'check' })
    } finally {
      clearTimeout(cutOff)
      // Let a last beacon or statement batch land before reading the log.
      await sleep(100)
      if (context) await bounded(context.close(), CLOSE_TIMEOUT_MS, 'closing the browser context').catch(() => undefined)
    }
    const log = structuredClone(this.log())
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

  private learnerFor(step: Step): Learner {
    const learner = new Learner(step.page.frameLocator(CONTENT_FRAME), this.pkg.course!, this.timeouts.step)
    step.learner = learner
    return learner
  }

  /** Every page, every question right, Exit. */
  right(launch: Launch, scope: Scope): Promise<ScenarioReport> {
    const result = scope.graded.size > 0 ? 'passed' : 'completed'
    return this.scenario('right', launch, async (step) => {
      if (!(await this.waitStarted(1))) return
      const learner = this.learnerFor(step)
      await learner.walk(scope.pages, scope.graded, true)
      await learner.expectResults()
      await learner.exit()
      await this.waitEnded(1)
    }, { result, sessions: 1 })
  }

  /** Every page, graded questions wrong, Exit. */
  wrong(launch: Launch, scope: Scope): Promise<ScenarioReport> {
    return this.scenario('wrong', launch, async (step) => {
      if (!(await this.waitStarted(1))) return
      const learner = this.learnerFor(step)
      await learner.walk(scope.pages, scope.graded, false)
      await learner.expectResults()
      await learner.exit()
      await this.waitEnded(1)
    }, { result: 'failed', sessions: 1 })
  }

  /** Half the pages, leave (the LMS unloads the content), relaunch: back on the same page; then to the end. */
  resume(launch: Launch, scope: Scope): Promise<ScenarioReport> {
    const result = scope.graded.size > 0 ? 'passed' : 'completed'
    const k = Math.max(1, Math.min(scope.pages.length - 1, Math.floor(scope.pages.length / 2)))
    return this.scenario('resume', launch, async (step) => {
      if (!(await this.waitStarted(1))) return
      const learner = this.learnerFor(step)
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
      await learner.walk(scope.pages.slice(k), scope.graded, true)
      await learner.expectResults()
      await learner.exit()
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
      await sleep(300) // what a learner would take to look at the first screen; some content writes its first values now
      await this.leaveAndRelaunch(step.page)
      await this.waitEnded(1)
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
  const runner = new Runner(pkg, options)
  const launches = pkg.launches.slice(0, options.maxLaunches ?? 10)
  const planned: (() => Promise<ScenarioReport>)[] = []
  if (!pkg.course) {
    for (const launch of launches) planned.push(() => runner.launch(launch))
  } else {
    const scoped = launches.map((launch) => ({ launch, scope: scopeOf(pkg.course!, launch.scope) }))
    for (const { launch, scope } of scoped) planned.push(() => runner.right(launch, scope))
    const graded = scoped.find((s) => s.scope.graded.size > 0)
    if (graded) planned.push(() => runner.wrong(graded.launch, graded.scope))
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
