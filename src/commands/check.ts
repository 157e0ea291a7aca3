import { resolve } from 'node:path'
import { BrowserLaunchError, checkPackage, CheckSession, findBrowser, formatReport, NO_BROWSER_MESSAGE, NotAZipError, removeUnpackedNow, reportJson, ZipRefusedError } from '../check/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { startLab, type Lab, type LabOptions } from '../lab/server.js'
import { countOption, countOptionError, describeSystemError, packageArg } from './report.js'
import { onExitSignals, SIGNAL_EXITS } from '../signals.js'

export interface CheckCommandOptions { json?: boolean; browser?: string; timeout?: string; maxLaunches?: string }

export interface CheckDependencies {
  startLab: (options?: LabOptions) => Promise<Lab>
  /** Where to look for a browser when neither --browser nor $COURSEPACK_CHROMIUM says (tests pass none). */
  browserPaths?: readonly string[]
}

/**
 * Exit 0: every package works; 1: one would not work in an LMS; 2: usage, no browser, not a zip, a zip
 * refused unread (bomb, overlapping entries). Several packages share one browser; with --json and
 * several packages, stdout is a JSON array of what one package prints.
 */
export async function checkCommand(files: string | string[], options: CheckCommandOptions, io: Io, deps: CheckDependencies = { startLab }): Promise<number> {
  const list = typeof files === 'string' ? [files] : files
  let runSeconds: number | undefined
  if (options.timeout !== undefined) {
    runSeconds = Number(options.timeout)
    if (!/^\d+(\.\d+)?$/.test(options.timeout.trim()) || !(runSeconds > 0)) {
      return (await usageFor(list[0] ?? '', io, options.json))(`--timeout takes a number of seconds, not ${JSON.stringify(options.timeout)}`)
    }
  }
  const maxLaunches = options.maxLaunches === undefined ? undefined : countOption(options.maxLaunches)
  if (options.maxLaunches !== undefined && maxLaunches === undefined) {
    return (await usageFor(list[0] ?? '', io, options.json))(countOptionError('--max-launches', options.maxLaunches))
  }
  const browserPath = findBrowser(options.browser === undefined ? undefined : resolve(io.cwd, options.browser), io.env, deps.browserPaths)
  if (!browserPath) return (await usageFor(list[0] ?? '', io, options.json))(NO_BROWSER_MESSAGE)
  const session = new CheckSession(browserPath, deps.startLab)
  // Ctrl-C or SIGTERM: one line, the unpacked packages removed, and out at once, before the work cut short can
  // report its own failure (the browser is killed, and its profile removed, by Playwright's exit handler).
  const offSignals = onExitSignals((signal) => {
    removeUnpackedNow()
    io.err(`check interrupted by ${signal}: its unpacked packages were removed.\n`)
    process.exit(SIGNAL_EXITS[signal])
  })
  try {
    if (list.length === 1) return await checkOne(list[0]!, { browserPath, runSeconds, maxLaunches, session }, options, io)
    // Several: each package's JSON is collected and printed as one array; text reports follow one another.
    const documents: unknown[] = []
    let worst = EXIT_OK
    for (const file of list) {
      let text = ''
      const code = await checkOne(file, { browserPath, runSeconds, maxLaunches, session }, options, options.json ? { ...io, out: (s: string) => { text += s } } : io)
      if (options.json) documents.push(JSON.parse(text))
      worst = Math.max(worst, code)
    }
    if (options.json) io.out(JSON.stringify(documents, null, 2) + '\n')
    return worst
  } finally {
    offSignals()
    await session.close()
  }
}

/** The usage error printer for a package argument (with --json, a JSON document on stdout too). */
async function usageFor(file: string, io: Io, json: boolean | undefined): Promise<(message: string) => number> {
  const arg = await packageArg(file, 'check', io, json)
  return 'code' in arg ? () => arg.code : arg.usage
}

async function checkOne(file: string, run: { browserPath: string; runSeconds: number | undefined; maxLaunches: number | undefined; session: CheckSession }, options: CheckCommandOptions, io: Io): Promise<number> {
  const arg = await packageArg(file, 'check', io, options.json)
  if ('code' in arg) return arg.code
  const { path, shown, usage } = arg
  let report
  try {
    report = await checkPackage(path, { browserPath: run.browserPath, startLab: run.session.startLab, session: run.session, displayName: shown, ...(run.runSeconds ? { runSeconds: run.runSeconds } : {}), ...(run.maxLaunches ? { maxLaunches: run.maxLaunches } : {}) })
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
