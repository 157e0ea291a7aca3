import { resolve } from 'node:path'
import { BrowserLaunchError, checkPackage, findBrowser, formatReport, NO_BROWSER_MESSAGE, NotAZipError, reportJson, ZipRefusedError } from '../check/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { startLab, type Lab, type LabOptions } from '../lab/server.js'
import { describeSystemError, packageArg } from './report.js'

export interface CheckCommandOptions { json?: boolean; browser?: string; timeout?: string }

export interface CheckDependencies {
  startLab: (options?: LabOptions) => Promise<Lab>
  /** Where to look for a browser when neither --browser nor $COURSEPACK_CHROMIUM says (tests pass none). */
  browserPaths?: readonly string[]
}

/** Exit 0: the package works; 1: it would not work in an LMS; 2: usage, no browser, not a zip, a zip refused unread (bomb, overlapping entries). */
export async function checkCommand(file: string, options: CheckCommandOptions, io: Io, deps: CheckDependencies = { startLab }): Promise<number> {
  const arg = await packageArg(file, 'check', io, options.json)
  if ('code' in arg) return arg.code
  const { path, shown, usage } = arg
  let runSeconds: number | undefined
  if (options.timeout !== undefined) {
    runSeconds = Number(options.timeout)
    if (!/^\d+(\.\d+)?$/.test(options.timeout.trim()) || !(runSeconds > 0)) return usage(`--timeout takes a number of seconds, not ${JSON.stringify(options.timeout)}`)
  }
  const browserPath = findBrowser(options.browser === undefined ? undefined : resolve(io.cwd, options.browser), io.env, deps.browserPaths)
  if (!browserPath) return usage(NO_BROWSER_MESSAGE)
  let report
  try {
    report = await checkPackage(path, { browserPath, startLab: deps.startLab, displayName: shown, ...(runSeconds ? { runSeconds } : {}) })
  } catch (error) {
    if (error instanceof NotAZipError) return usage(`${shown} is not a package zip: ${error.message}`)
    if (error instanceof ZipRefusedError) return usage(`${shown} was refused, nothing unpacked: ${error.message}`)
    if (error instanceof BrowserLaunchError) return usage(`${error.message}. ${NO_BROWSER_MESSAGE}`)
    const reason = describeSystemError(error, io.cwd)
    if (reason) return usage(`check failed: ${reason}`)
    throw error
  }
  if (options.json) io.out(reportJson(report))
  else io.out(formatReport(report))
  return report.ok ? EXIT_OK : EXIT_COURSE_ERRORS
}
