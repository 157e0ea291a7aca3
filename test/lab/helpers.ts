import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { FrameLocator, Page } from 'playwright-core'
import { packageFiles } from '../../src/build.js'
import { loadCourse } from '../../src/course/load.js'
import { writePackageDir } from '../../src/lab/package.js'
import { readLaunch } from '../../src/lab/standards.js'
import type { Lab, LabLog, LabPackage } from '../../src/lab/server.js'
import type { TargetName } from '../../src/targets/index.js'

/** Builds a course for one target into a fresh folder, as `preview` does, and names its launch href. */
export async function unpackedPackage(courseDir: string, target: TargetName): Promise<LabPackage> {
  const { course, diagnostics } = await loadCourse(courseDir)
  if (!course) throw new Error(JSON.stringify(diagnostics))
  const dir = await mkdtemp(join(tmpdir(), `coursepack-lab-${target}-`))
  await writePackageDir(packageFiles(course, target), dir)
  return { dir, target, launch: await readLaunch(dir, target), title: course.title }
}

/** The course inside the lab page. */
export const content = (page: Page): FrameLocator => page.frameLocator('#lab-content')

/** Waits until the lab's log satisfies the predicate, then returns it. */
export async function logWhen(lab: Lab, ok: (log: LabLog) => boolean, timeout = 15_000): Promise<LabLog> {
  await expect.poll(() => ok(lab.log()), { timeout }).toBe(true)
  return lab.log()
}

export const setValue = (log: LabLog, session: number, element: string): string | undefined =>
  log.sessions[session]?.calls.filter((c) => (c.method === 'LMSSetValue' || c.method === 'SetValue') && c.args[0] === element).at(-1)?.args[1]
