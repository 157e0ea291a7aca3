import { basename, resolve } from 'node:path'
import { buildCourse, PackageWriteError, type BuildResult } from '../build.js'
import { removeTemporaryZips } from '../package/zip.js'
import type { TargetName } from '../targets/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from '../io.js'
import { countBySeverity, courseFolder, describeSystemError, diagnosticsJson, displayDir, plural, printDiagnostics, systemReason } from './report.js'

export interface BuildCommandOptions { targets: TargetName[]; out: string; json?: boolean }

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

// Shell convention: killed by signal N exits 128 + N.
const signalExits = { SIGINT: 130, SIGTERM: 143 } as const

/** Runs `work`; Ctrl-C or SIGTERM meanwhile removes the build's temporary zips, then exits 130 or 143. */
async function removingTemporaryZipsOnSignal<T>(io: Io, work: () => Promise<T>): Promise<T> {
  const handlers = Object.entries(signalExits).map(([signal, exit]) => {
    const handler = () => {
      removeTemporaryZips()
      io.err(`Build interrupted by ${signal}: its temporary files were removed; packages already in place stay as they are.\n`)
      process.exit(exit)
    }
    process.on(signal, handler)
    return () => process.off(signal, handler)
  })
  try {
    return await work()
  } finally {
    for (const off of handlers) off()
  }
}

export async function buildCommand(dir: string, options: BuildCommandOptions, io: Io): Promise<number> {
  const json = (report: object) => io.out(JSON.stringify(report, null, 2) + '\n')
  const folder = await courseFolder(dir, io.cwd)
  if ('error' in folder) {
    if (options.json) json({ ok: false, error: folder.error, outputs: [] })
    io.err(folder.error + '\n')
    return EXIT_USAGE
  }
  const base = folder.shown
  const outDir = resolve(io.cwd, options.out)
  const shownPath = (p: string) => displayDir(p, io.cwd)
  const outputJson = (outputs: BuildResult['outputs']) =>
    outputs.map((o) => ({ target: o.target, file: shownPath(o.path), bytes: o.bytes, entries: o.entries }))
  let result
  try {
    result = await removingTemporaryZipsOnSignal(io, () => buildCourse(folder.dir, { targets: options.targets, outDir }))
  } catch (error) {
    if (!(error instanceof PackageWriteError)) throw error
    // A failure on the zip itself (its temporary name, its folder) needs only the reason; one on a file it reads, its path too.
    const causePath = (error.cause as NodeJS.ErrnoException | undefined)?.path
    const onZip = causePath === undefined || causePath === error.path || basename(causePath).startsWith(`.${basename(error.path)}.tmp-`)
    const reason = (onZip ? systemReason(error.cause) : describeSystemError(error.cause, io.cwd))
      ?? (error.cause instanceof Error ? error.cause.message : String(error.cause))
    const message = `cannot write ${shownPath(error.path)}: ${reason}`
    const written = error.written.map((o) => shownPath(o.path))
    if (options.json) json({ ok: false, error: message, outputs: outputJson(error.written) })
    else if (written.length === 0) io.err(`Build failed: ${message}. No package was written; any earlier package is unchanged.\n`)
    else io.err(`Build failed: ${message}. Written before the failure: ${written.join(', ')}; no other package was changed.\n`)
    return EXIT_COURSE_ERRORS
  }
  const { errors, warnings } = countBySeverity(result.diagnostics)
  if (options.json) {
    json({
      ok: errors === 0,
      course: result.course && { id: result.course.id, version: result.course.version, title: result.course.title },
      outputs: outputJson(result.outputs),
      diagnostics: diagnosticsJson(result.diagnostics, base),
    })
    return errors > 0 ? EXIT_COURSE_ERRORS : EXIT_OK
  }
  printDiagnostics(result.diagnostics, base, io)
  if (errors > 0 || !result.course) {
    io.err(`Build failed: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}. Nothing was written; any earlier package is unchanged.\n`)
    return EXIT_COURSE_ERRORS
  }
  const c = result.course
  const pages = c.modules.reduce((n, m) => n + m.pages.length, 0)
  const questions = c.modules.reduce((n, m) => n + m.pages.reduce((k, p) => k + p.blocks.filter((b) => b.type === 'question').length, 0), 0)
  io.out(`Built ${c.id} ${c.version}: ${plural(c.modules.length, 'module')}, ${plural(pages, 'page')}, ${plural(questions, 'question')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`)
  const width = Math.max(...result.outputs.map((o) => o.target.length))
  for (const o of result.outputs) {
    io.out(`  ${o.target.padEnd(width)}  ${shownPath(o.path)}  (${formatBytes(o.bytes)}, ${plural(o.entries, 'file')})\n`)
  }
  return EXIT_OK
}
