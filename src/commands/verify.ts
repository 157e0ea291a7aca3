// `coursepack verify CODE --course DIR --learner NAME --date YYYY-MM-DD`: does a certificate's
// verification code belong to this course (its id and version), this learner and this date?
// The player prints the code with the same function (src/player/certificate-code.ts).
import { loadCourse } from '../course/load.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from '../io.js'
import { isIsoDate, normalizeCode, verificationCode } from '../player/certificate-code.js'
import { courseFolder, plural, printDiagnostics, countBySeverity } from './report.js'

export interface VerifyOptions { course: string; learner: string; date: string }

/** Exit 0: the code matches; 1: it does not (or the course has errors); 2: usage (bad date, no course, no name). */
export async function verifyCommand(code: string, options: VerifyOptions, io: Io): Promise<number> {
  if (!isIsoDate(options.date)) {
    io.err(`--date "${options.date}" is not a date written YYYY-MM-DD, such as 2026-11-30: use the date printed on the certificate, in that form.\n`)
    return EXIT_USAGE
  }
  if (options.learner.trim() === '') {
    io.err('--learner is empty: give the name exactly as the certificate prints it, in quotes, such as --learner "Ana García".\n')
    return EXIT_USAGE
  }
  const folder = await courseFolder(options.course, io.cwd)
  if ('error' in folder) {
    io.err(folder.error + '\n')
    return EXIT_USAGE
  }
  const { course, diagnostics } = await loadCourse(folder.dir)
  if (!course) {
    printDiagnostics(diagnostics, folder.shown, io)
    io.err(`${folder.shown}: ${plural(countBySeverity(diagnostics).errors, 'error')}; fix the course to verify its certificates.\n`)
    return EXIT_COURSE_ERRORS
  }
  const expected = verificationCode({ courseId: course.id, version: course.version, learner: options.learner, date: options.date })
  const what = `${course.title} (${course.id} ${course.version}), ${options.learner.trim()}, ${options.date}`
  if (normalizeCode(code) === expected) {
    io.out(`Valid: ${expected} is the code of a certificate for ${what}.\n`)
    return EXIT_OK
  }
  io.err(`Not valid: ${code.trim()} is not the code for ${what}, whose code is not this one. Check the name (as printed), the date and the course version on the certificate.\n`)
  return EXIT_COURSE_ERRORS
}
