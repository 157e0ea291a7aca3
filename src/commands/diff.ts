import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { packageFiles } from '../build.js'
import { loadCourse } from '../course/load.js'
import { hasErrors } from '../course/diagnostics.js'
import { readPackage } from '../inspect/index.js'
import { diffPackages, formatDiff } from '../inspect/diff.js'
import { writeZip } from '../package/zip.js'
import { isTargetName } from '../targets/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { displayDir, packageArg } from './report.js'

/**
 * Exit 0: NEW can replace OLD without learners losing progress; 1: it cannot (the reasons say why); 2: usage.
 * NEW is a package zip or a course folder, built here (in a temporary folder) in OLD's target.
 */
export async function diffCommand(oldFile: string, newArg: string, options: { json?: boolean }, io: Io): Promise<number> {
  const old = await packageArg(oldFile, 'diff', io, options.json)
  if ('code' in old) return old.code
  const before = await readPackage(old.path, { displayName: old.shown })
  const newPath = resolve(io.cwd, newArg)
  const isFolder = await stat(newPath).then((s) => s.isDirectory(), () => false)
  let after
  let temp: string | undefined
  try {
    if (isFolder) {
      const target = before.inspection.kind
      if (!isTargetName(target)) return old.usage(`${old.shown} is ${before.inspection.standard}: diff compares a course folder with a package coursepack can build (SCORM 1.2, SCORM 2004, xAPI, cmi5 or web)`)
      const { course, diagnostics } = await loadCourse(newPath)
      const shown = displayDir(newArg, io.cwd)
      if (!course || hasErrors(diagnostics)) return old.usage(`${shown} has errors: run coursepack validate ${shown}`)
      temp = await mkdtemp(join(tmpdir(), 'coursepack-diff-'))
      const zip = join(temp, `${course.id}-${course.version}-${target}.zip`)
      await writeZip(packageFiles(course, target), zip)
      after = await readPackage(zip, { displayName: `${shown} (built as ${target})` })
    } else {
      const arg = await packageArg(newArg, 'diff', io, options.json)
      if ('code' in arg) return arg.code
      after = await readPackage(arg.path, { displayName: arg.shown })
    }
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true })
  }
  const report = diffPackages(before, after)
  io.out(options.json ? JSON.stringify({ ok: report.safe, ...report }, null, 2) + '\n' : formatDiff(report))
  return report.safe ? EXIT_OK : EXIT_COURSE_ERRORS
}
