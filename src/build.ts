import { lstat } from 'node:fs/promises'
import { join } from 'node:path'
import { loadCourse } from './course/load.js'
import { checkAssets } from './course/files.js'
import { hasErrors, sortDiagnostics, type Diagnostic } from './course/diagnostics.js'
import type { Course } from './course/model.js'
import { buildPayload } from './package/payload.js'
import { commitZip, discardZip, ensureDir, stageZip, sweepStaleZips, type StagedZip } from './package/zip.js'
import { targets, type TargetName } from './targets/index.js'
import type { PackageFile } from './targets/target.js'

export interface BuildOutput { target: TargetName; path: string; bytes: number; entries: number }
export interface BuildResult { course?: Course; diagnostics: Diagnostic[]; outputs: BuildOutput[] }
export interface BuildOptions { targets: TargetName[]; outDir: string }
/** How zips are written; tests pass a writer that fails to prove a failed build replaces nothing. */
export interface BuildDependencies { stageZip: typeof stageZip; commitZip: typeof commitZip }

/** A package could not be written: `path` is the file it failed on, `written` the zips already in place (usually none). */
export class PackageWriteError extends Error {
  constructor(readonly path: string, override readonly cause: unknown, readonly written: BuildOutput[]) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'PackageWriteError'
  }
}

export function zipName(course: Course, target: TargetName): string {
  return `${course.id}-${course.version}-${target}.zip`
}

/** Every file of one target's package: the common payload plus the target's own files. */
export function packageFiles(course: Course, target: TargetName): PackageFile[] {
  const t = targets[target]
  const payload = buildPayload(course, { adapter: t.adapter, launchPages: t.launchPages(course), activities: t.activities?.(course) })
  return [...payload, ...t.files(course, payload)]
}

/**
 * load → payload + target files → zip, per target, all or nothing: nothing is written when the sources have
 * errors, and every zip is staged under a temporary name before any is renamed into place, so a failure on one
 * target leaves every earlier package as it was. Throws PackageWriteError naming the path it failed on.
 */
export async function buildCourse(dir: string, options: BuildOptions, deps: BuildDependencies = { stageZip, commitZip }): Promise<BuildResult> {
  const { course, diagnostics } = await loadCourse(dir)
  if (!course || hasErrors(diagnostics)) return { course, diagnostics, outputs: [] }
  // The files may have changed since they were read: the same entry check again, just before they are packaged.
  const late = await checkAssets(course.root, course.assets)
  if (late.length > 0) return { diagnostics: sortDiagnostics([...diagnostics, ...late]), outputs: [] }
  for (const target of options.targets) diagnostics.push(...(targets[target].warnings?.(course) ?? []))

  const destinations = options.targets.map((target) => ({ target, path: join(options.outDir, zipName(course, target)) }))
  await ensureDir(options.outDir).catch((error: unknown) => { throw new PackageWriteError(options.outDir, error, []) })
  await sweepStaleZips(options.outDir)
  for (const d of destinations) await refuseFolder(d.path)

  const staged: StagedZip[] = []
  for (const d of destinations) {
    try {
      staged.push(await deps.stageZip(packageFiles(course, d.target), d.path))
    } catch (error) {
      await Promise.all(staged.map(discardZip))
      throw new PackageWriteError(d.path, error, [])
    }
  }
  // Every zip is complete: rename them into place. A rename fails only when the folder changed meanwhile;
  // then the error says exactly which packages were already replaced.
  const outputs: BuildOutput[] = []
  for (const [i, s] of staged.entries()) {
    try {
      const zip = await deps.commitZip(s)
      outputs.push({ target: destinations[i]!.target, path: zip.path, bytes: zip.bytes, entries: zip.entries })
    } catch (error) {
      await Promise.all(staged.slice(i).map(discardZip))
      throw new PackageWriteError(s.path, error, outputs)
    }
  }
  return { course, diagnostics, outputs }
}

/** A folder where a zip goes would only fail its rename after other zips were replaced: fail before writing any. */
async function refuseFolder(path: string): Promise<void> {
  const s = await lstat(path).catch(() => undefined)
  if (s?.isDirectory()) {
    const cause = Object.assign(new Error(`EISDIR: illegal operation on a directory, rename '${path}'`), { code: 'EISDIR', syscall: 'rename', path })
    throw new PackageWriteError(path, cause, [])
  }
}
