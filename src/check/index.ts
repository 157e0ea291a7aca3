// `coursepack check PACKAGE.zip`: unpack, launch in the lab's LMS page in headless Chromium, run the
// scripted learner's scenarios, and judge what the LMS saw.
import type { Browser } from 'playwright-core'
import { launchBrowser } from './browser.js'
import type { Lab, LabOptions } from './lab.js'
import { openPackage, PackageError } from './package.js'
import type { CheckReport } from './report.js'
import { firstLine } from './learner.js'
import { runScenarios, type Timeouts } from './run.js'

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
}

/** Every package, ours or not: a zip listing hundreds of SCOs must not keep CI busy for hours. */
export const MAX_LAUNCHES = 10
export const DEFAULT_RUN_SECONDS = 600

/** The browser would not start: a problem of this machine, not of the package. */
export class BrowserLaunchError extends Error {}

/** Runs the check; throws NotAZipError for a file that is not a readable zip. */
export async function checkPackage(zipPath: string, options: CheckOptions): Promise<CheckReport> {
  const maxLaunches = options.maxLaunches ?? MAX_LAUNCHES
  const runSeconds = options.runSeconds ?? DEFAULT_RUN_SECONDS
  const deadline = Date.now() + runSeconds * 1000
  const report: CheckReport = {
    ok: false, file: options.displayName, launches: [], problems: [], scenarios: [], browser: options.browserPath,
    limits: { launches: maxLaunches, runSeconds },
  }
  let pkg
  try {
    pkg = await openPackage(zipPath)
  } catch (error) {
    if (!(error instanceof PackageError)) throw error
    for (const message of error.problems) report.problems.push({ severity: 'error', message, source: 'check' })
    return report
  }
  let browser: Browser | undefined
  let lab: Lab | undefined
  try {
    report.target = pkg.target
    report.madeBy = pkg.course ? 'coursepack' : 'other'
    report.launches = pkg.launches
    if (pkg.course) {
      const c = pkg.course.course
      report.course = { id: c.id, title: c.title, version: c.version, language: c.language }
    }
    if (pkg.launches.length > maxLaunches) report.launchesNotChecked = pkg.launches.length - maxLaunches
    const [b, l] = await Promise.allSettled([launchBrowser(options.browserPath), options.startLab({ host: '127.0.0.1', port: 0 })])
    if (b.status === 'fulfilled') browser = b.value
    if (l.status === 'fulfilled') lab = l.value
    if (b.status === 'rejected') throw new BrowserLaunchError(`could not start ${options.browserPath}: ${firstLine(b.reason)}`)
    if (l.status === 'rejected') throw l.reason
    const run = await runScenarios(pkg, { browser: browser!, lab: lab!, timeouts: options.timeouts, maxLaunches, deadline })
    report.scenarios = run.reports
    if (run.outOfTime) report.outOfTime = { scenariosNotRun: run.notRun }
    report.ok = report.scenarios.length > 0 && report.scenarios.every((s) => s.ok) && !run.outOfTime
    return report
  } finally {
    await Promise.allSettled([browser?.close(), lab?.close()])
    await pkg.remove()
  }
}

export { findBrowser, NO_BROWSER_MESSAGE } from './browser.js'
export { NotAZipError, ZipRefusedError } from './zip.js'
export { formatReport, reportJson, type CheckReport } from './report.js'
