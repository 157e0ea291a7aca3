import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const made: string[] = []

/** Writes a course folder from { path: contents } under the temporary folder and returns its absolute path. */
export async function writeCourseFolder(filesByPath: Record<string, string | Uint8Array>, prefix = 'coursepack-course-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  made.push(dir)
  for (const [path, data] of Object.entries(filesByPath)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), data)
  }
  return dir
}

/** Removes every folder writeCourseFolder made (for afterEach). */
export async function removeCourseFolders(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })))
}
