import { loadCourse } from '../course/load.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from '../io.js'
import { countBySeverity, courseFolder, diagnosticsJson, plural, printDiagnostics } from './report.js'

/** Checks the sources without building: every problem at once, exit 1 when any is an error, 2 when the course is not there. */
export async function validateCommand(arg: string, options: { json?: boolean }, io: Io): Promise<number> {
  const folder = await courseFolder(arg, io.cwd)
  if ('error' in folder) {
    if (options.json) io.out(JSON.stringify({ ok: false, error: folder.error, diagnostics: [] }, null, 2) + '\n')
    io.err(folder.error + '\n')
    return EXIT_USAGE
  }
  const base = folder.shown
  const { course, diagnostics } = await loadCourse(folder.dir)
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
