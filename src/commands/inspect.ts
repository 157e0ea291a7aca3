import { resolve } from 'node:path'
import { inspectPackage } from '../inspect/index.js'
import { formatInspection, inspectionJson } from '../inspect/report.js'
import { SchemaDirError, schemaProblems } from '../inspect/schemas.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { describeSystemError, displayDir, packageArg } from './report.js'

/**
 * Exit 0: the package will work (warnings allowed); 1: it will not, or it was refused; 2: no such
 * file, or a --schemas folder that is missing or lacks a schema the package needs.
 */
export async function inspectCommand(file: string, options: { json?: boolean; schemas?: string }, io: Io): Promise<number> {
  const arg = await packageArg(file, 'inspect', io, options.json)
  if ('code' in arg) return arg.code
  const { path, shown, usage } = arg
  let inspection
  try {
    inspection = await inspectPackage(path, { displayName: shown })
    if (options.schemas !== undefined) {
      inspection.problems.push(...await schemaProblems(path, inspection, resolve(io.cwd, options.schemas), displayDir(options.schemas, io.cwd)))
      inspection.ok = !inspection.problems.some((p) => p.severity === 'error')
    }
  } catch (error) {
    if (error instanceof SchemaDirError) return usage(error.message)
    const reason = describeSystemError(error, io.cwd)
    if (reason) return usage(`inspect failed: ${reason}`)
    throw error
  }
  io.out(options.json ? inspectionJson(inspection) : formatInspection(inspection))
  return inspection.ok ? EXIT_OK : EXIT_COURSE_ERRORS
}
