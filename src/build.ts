import { join } from 'node:path'
import { loadCourse } from './course/load.js'
import { hasErrors, type Diagnostic } from './course/diagnostics.js'
import type { Course } from './course/model.js'
import { buildPayload } from './package/payload.js'
import { writeZip } from './package/zip.js'
import { targets, type TargetName } from './targets/index.js'
import type { PackageFile } from './targets/target.js'

export interface BuildOutput { target: TargetName; path: string; bytes: number; entries: number }
export interface BuildResult { course?: Course; diagnostics: Diagnostic[]; outputs: BuildOutput[] }
export interface BuildOptions { targets: TargetName[]; outDir: string }

export function zipName(course: Course, target: TargetName): string {
  return `${course.id}-${course.version}-${target}.zip`
}

/** Every file of one target's package: the common payload plus the target's own files. */
export function packageFiles(course: Course, target: TargetName): PackageFile[] {
  const t = targets[target]
  const payload = buildPayload(course, { adapter: t.adapter, launchPages: t.launchPages(course) })
  return [...payload, ...t.files(course, payload)]
}

/** load → payload + target files → zip, per target. Nothing is written when the sources have errors. */
export async function buildCourse(dir: string, options: BuildOptions): Promise<BuildResult> {
  const { course, diagnostics } = await loadCourse(dir)
  if (!course || hasErrors(diagnostics)) return { course, diagnostics, outputs: [] }
  for (const target of options.targets) diagnostics.push(...(targets[target].warnings?.(course) ?? []))
  const outputs: BuildOutput[] = []
  for (const target of options.targets) {
    const zip = await writeZip(packageFiles(course, target), join(options.outDir, zipName(course, target)))
    outputs.push({ target, path: zip.path, bytes: zip.bytes, entries: zip.entries })
  }
  return { course, diagnostics, outputs }
}
