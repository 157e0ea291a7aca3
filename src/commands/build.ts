import { resolve } from 'node:path'
import { buildCourse } from '../build.js'
import type { TargetName } from '../targets/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { countBySeverity, describeSystemError, diagnosticsJson, displayDir, plural, printDiagnostics } from './report.js'

export interface BuildCommandOptions { targets: TargetName[]; out: string; json?: boolean }

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export async function buildCommand(dir: string, options: BuildCommandOptions, io: Io): Promise<number> {
  const base = displayDir(dir, io.cwd)
  const outDir = resolve(io.cwd, options.out)
  let result
  try {
    result = await buildCourse(resolve(io.cwd, dir), { targets: options.targets, outDir })
  } catch (error) {
    const reason = describeSystemError(error)
    if (!reason) throw error
    if (options.json) io.out(JSON.stringify({ ok: false, error: reason, outputs: [] }, null, 2) + '\n')
    else io.err(`Build failed: ${reason}. No package was written; any earlier package is unchanged.\n`)
    return EXIT_COURSE_ERRORS
  }
  const { errors, warnings } = countBySeverity(result.diagnostics)
  const shownPath = (p: string) => displayDir(p, io.cwd)
  if (options.json) {
    io.out(JSON.stringify({
      ok: errors === 0,
      course: result.course && { id: result.course.id, version: result.course.version, title: result.course.title },
      outputs: result.outputs.map((o) => ({ target: o.target, file: shownPath(o.path), bytes: o.bytes, entries: o.entries })),
      diagnostics: diagnosticsJson(result.diagnostics, base),
    }, null, 2) + '\n')
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
