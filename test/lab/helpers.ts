import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packageFiles } from '../../src/build.js'
import { loadCourse } from '../../src/course/load.js'
import { writePackageDir } from '../../src/lab/package.js'
import { readLaunch } from '../../src/lab/standards.js'
import type { LabPackage } from '../../src/lab/server.js'
import type { TargetName } from '../../src/targets/index.js'

/** Builds a course for one target into a fresh folder, as `preview` does, and names its launch href. */
export async function unpackedPackage(courseDir: string, target: TargetName): Promise<LabPackage> {
  const { course, diagnostics } = await loadCourse(courseDir)
  if (!course) throw new Error(JSON.stringify(diagnostics))
  const dir = await mkdtemp(join(tmpdir(), `coursepack-lab-${target}-`))
  await writePackageDir(packageFiles(course, target), dir)
  return { dir, target, launch: await readLaunch(dir, target), title: course.title }
}
