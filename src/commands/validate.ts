import { resolve } from 'node:path'
import { loadCourse } from '../course/load.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { countBySeverity, diagnosticsJson, displayDir, plural, printDiagnostics } from './report.js'

/** Checks the sources without building: every problem at once, exit 1 when any is an error. */
export async function validateCommand(dir: string, options: { json?: boolean }, io: Io): Promise<number> {
  const base = displayDir(dir, io.cwd)
  const { course, diagnostics } = await loadCourse(resolve(io.cwd, dir))
  const { errors, warnings } = countBySeverity(diagnostics)
  if (options.json) {
    io.out(JSON.stringify({ ok: errors === 0, course: course && { id: course.id, version: course.version }, diagnostics: diagnosticsJson(diagnostics, base) }, null, 2) + '\n')
  } else {
    printDiagnostics(diagnostics, base, io)
    if (errors === 0 && warnings === 0) io.out(`${base}: no problems found.\n`)
    else (errors ? io.err : io.out)(`${base}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.\n`)
  }
  return errors > 0 ? EXIT_COURSE_ERRORS : EXIT_OK
}
