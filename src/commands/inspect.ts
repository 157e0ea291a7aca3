import { inspectPackage } from '../inspect/index.js'
import { formatInspection, inspectionJson } from '../inspect/report.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { describeSystemError, packageArg } from './report.js'

/** Exit 0: the package will work (warnings allowed); 1: it will not, or it was refused; 2: no such file. */
export async function inspectCommand(file: string, options: { json?: boolean }, io: Io): Promise<number> {
  const arg = await packageArg(file, 'inspect', io, options.json)
  if ('code' in arg) return arg.code
  const { path, shown, usage } = arg
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
