import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { inspectPackage } from '../inspect/index.js'
import { formatInspection, inspectionJson } from '../inspect/report.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from '../io.js'
import { describeSystemError, displayDir, systemReason } from './report.js'

/** Exit 0: the package will work (warnings allowed); 1: it will not, or it was refused; 2: no such file. */
export async function inspectCommand(file: string, options: { json?: boolean }, io: Io): Promise<number> {
  const path = resolve(io.cwd, file)
  const shown = displayDir(file, io.cwd)
  const usage = (message: string) => {
    if (options.json) io.out(JSON.stringify({ ok: false, error: message }, null, 2) + '\n')
    io.err(message + '\n')
    return EXIT_USAGE
  }
  try {
    if (!(await stat(path)).isFile()) return usage(`${shown} is not a file: inspect takes a package zip`)
  } catch (error) {
    return usage(`cannot read ${shown}: ${systemReason(error) ?? String(error)}`)
  }
  let inspection
  try {
    inspection = await inspectPackage(path, { displayName: shown })
  } catch (error) {
    const reason = describeSystemError(error, io.cwd)
    if (reason) return usage(`inspect failed: ${reason}`)
    throw error
  }
  io.out(options.json ? inspectionJson(inspection) : formatInspection(inspection))
  return inspection.ok ? EXIT_OK : EXIT_COURSE_ERRORS
}
