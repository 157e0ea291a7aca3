// `coursepack check PACKAGE.zip`: unpack, launch in the lab's LMS page in headless Chromium, run the
// scripted learner's scenarios, and judge what the LMS saw.
import type { Browser } from 'playwright-core'
import { bounded, launchBrowser, LAUNCH_TIMEOUT_MS } from './browser.js'
import type { Lab, LabOptions } from '../lab/server.js'
import { openPackage, PackageError } from './package.js'
import { inspectPackage } from '../inspect/index.js'
import { NotAZipError, ZipRefusedError } from '../inspect/zip.js'
import type { CheckReport } from './report.js'
import { firstLine } from './learner.js'
import { DEFAULT_TIMEOUTS, LabTab, runScenarios, type Timeouts } from './run.js'

export interface CheckOptions {
  /** The Chromium or Chrome executable (see findBrowser). */
  browserPath: string
  startLab: (options?: LabOptions) => Promise<Lab>
  /** The name the report shows for the package. */
  displayName: string
  timeouts?: Partial<Timeouts>
  maxLaunches?: number
  /** The whole run's time: no scenario starts after it, and the one running is cut short. */
  runSeconds?: number
  /** The browser and lab to run in, kept by the caller for several packages; else they are opened for this one and closed after it. */
  session?: CheckSession
}

/** Every package, ours or not: a zip listing hundreds of SCOs must not keep CI busy for hours. */
export const MAX_LAUNCHES = 10
export const DEFAULT_RUN_SECONDS = 600
const CLOSE_TIMEOUT_MS = 10_000

/** The browser would not start: a problem of this machine, not of the package. */
export class BrowserLaunchError extends Error {}

/** Codes `inspect` refuses a zip for from its central directory alone: `check` exits 2 on them (it never unpacks such a zip). */
const REFUSED_UNREAD = new Set(['zip-too-many-entries', 'zip-too-large', 'zip-ratio', 'zip-overlap', 'zip-encrypted'])

/**
 * One browser, one lab and one lab page for every package checked (`check a.zip b.zip`): started for
 * the first package that needs them, reused by the next, closed by close().
 */
export class CheckSession {
  private opened: Promise<{ browser: Browser; lab: Lab; tab: LabTab }> | undefined
  private browser: Browser | undefined
  private lab: Lab | undefined
  private tab: LabTab | undefined
  constructor(readonly browserPath: string, readonly startLab: (options?: LabOptions) => Promise<Lab>) {}

  /** The browser, lab and page; throws BrowserLaunchError when the browser does not start. */
  open(): Promise<{ browser: Browser; lab: Lab; tab: LabTab }> {
    this.opened ??= (async () => {
      // The launch is bounded (LAUNCH_TIMEOUT_MS, not Playwright's three minutes) but not by --timeout: a browser that
      // starts late leaves the run out of time (reported as such), not a machine without a browser.
      const [b, l] = await Promise.allSettled([launchBrowser(this.browserPath, LAUNCH_TIMEOUT_MS), this.startLab({ host: '127.0.0.1', port: 0, panel: false })])
      if (b.status === 'fulfilled') this.browser = b.value
      if (l.status === 'fulfilled') this.lab = l.value
      if (b.status === 'rejected') throw new BrowserLaunchError(`could not start ${this.browserPath}: ${firstLine(b.reason)}`)
      if (l.status === 'rejected') throw l.reason
      this.tab = new LabTab(this.browser!, this.lab!)
      await this.tab.start(DEFAULT_TIMEOUTS.step)
      return { browser: this.browser!, lab: this.lab!, tab: this.tab }
    })()
    return this.opened
  }

  async close(): Promise<void> {
    await this.opened?.catch(() => undefined)
    await this.tab?.close()
    // Closing is bounded too: a browser that hangs on close must not keep the command (or CI) waiting.
    await Promise.allSettled([this.browser && bounded(this.browser.close(), CLOSE_TIMEOUT_MS, 'closing the browser'), this.lab?.close()])
    this.opened = undefined
    this.browser = undefined
    this.lab = undefined
    this.tab = undefined
  }
}

/** Runs the check; throws NotAZipError for a file that is not a readable zip, ZipRefusedError for a zip bomb. */
export async function checkPackage(zipPath: string, options: CheckOptions): Promise<CheckReport> {
  const maxLaunches = options.maxLaunches ?? MAX_LAUNCHES
  const runSeconds = options.runSeconds ?? DEFAULT_RUN_SECONDS
  const deadline = Date.now() + runSeconds * 1000
  const report: CheckReport = {
    ok: false, file: options.displayName, launches: [], problems: [], scenarios: [], browser: options.browserPath,
    limits: { launches: maxLaunches, runSeconds },
  }
  // What inspect finds comes first: a package it fails is not worth a browser.
  const inspection = await inspectPackage(zipPath, { displayName: options.displayName })
  for (const p of inspection.problems) {
    if (p.code === 'not-a-zip') throw new NotAZipError(p.message.replace(/^it is (a damaged|not a readable) zip: /, ''))
    if (REFUSED_UNREAD.has(p.code)) throw new ZipRefusedError(p.message, p.code as ZipRefusedError['code'])
    const where = p.at?.line !== undefined ? `${p.at.file}:${p.at.line}:${p.at.col ?? 1}: ` : ''
    report.problems.push({ severity: p.severity, message: where + p.message, source: 'inspect', code: p.code })
  }
  report.standard = inspection.standard
  if (!inspection.ok) return report
  const session = options.session ?? new CheckSession(options.browserPath, options.startLab)
  // The browser starts while the zip is unpacked (seconds, for a course with much media); a launch that fails is reported when awaited below.
  const opening = session.open()
  opening.catch(() => undefined)
  let pkg
  try {
    pkg = await openPackage(zipPath)
  } catch (error) {
    if (!options.session) await session.close()
    if (!(error instanceof PackageError)) throw error
    for (const message of error.problems) report.problems.push({ severity: 'error', message, source: 'check' })
    return report
  }
  try {
    report.target = pkg.target
    report.madeBy = pkg.course ? 'coursepack' : 'other'
    report.launches = pkg.launches
    if (pkg.course) {
      const c = pkg.course.course
      report.course = { id: c.id, title: c.title, version: c.version, language: c.language }
    }
    if (pkg.launches.length > maxLaunches) report.launchesNotChecked = pkg.launches.length - maxLaunches
    const { browser, lab, tab } = await opening
    const run = await runScenarios(pkg, { browser, lab, tab, timeouts: options.timeouts, maxLaunches, deadline })
    report.scenarios = run.reports
    if (run.outOfTime) report.outOfTime = { scenariosNotRun: run.notRun }
    report.ok = report.scenarios.length > 0 && report.scenarios.every((s) => s.ok) && !run.outOfTime
    return report
  } finally {
    if (!options.session) await session.close()
    await pkg.remove()
  }
}

export { findBrowser, NO_BROWSER_MESSAGE } from './browser.js'
export { removeUnpackedNow } from './package.js'
export { NotAZipError, ZipRefusedError } from '../inspect/zip.js'
export { formatReport, reportJson, type CheckReport } from './report.js'
