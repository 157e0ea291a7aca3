// Reading a package as an LMS would on import: unzip it, find what kind it is from its control
// file, and which pages an LMS would launch. A package made by coursepack carries course.js
// (`window.__COURSEPACK__ = {…}`), which tells the scripted learner the pages and right answers.
import { existsSync, rmSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PlayerData } from '../player/data.js'
import type { TargetName } from '../targets/index.js'
import { entryProblems, extractZip, readZipDirectory, ZipRefusedError, zipRefusal, ZIP_LIMITS, type ZipLimits } from '../inspect/zip.js'
import type { Launch } from '../lab/package.js'
import { CONTROL_FILES, readLaunches, standardOf, STANDARDS } from '../lab/standards.js'
import { ControlFileError, readControlFile } from '../lab/xml.js'
import { parseCourseData } from '../inspect/index.js'

export type { Launch }

export interface PackageInfo {
  dir: string
  target: TargetName
  launches: Launch[]
  /** Present when coursepack made the package. */
  course?: PlayerData
  files: string[]
}

/** The package cannot even be launched: an LMS would refuse it on import or show nothing. One line per problem. */
export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '))
  }
}

/** The course data of a package coursepack made, or undefined for anyone else's. */
export async function readCourseData(dir: string): Promise<PlayerData | undefined> {
  const file = join(dir, 'course.js')
  if (!existsSync(file)) return undefined
  return parseCourseData(await readFile(file, 'utf8'))
}

/** The file a relative launch href names, or undefined when its escapes are not valid UTF-8 (`%E0%A4%A`). */
function launchFile(href: string): string | undefined {
  try {
    return decodeURIComponent(href.replace(/[?#].*$/, ''))
  } catch {
    return undefined
  }
}

async function scopeOf(dir: string, href: string): Promise<string | undefined> {
  const file = launchFile(href)
  if (file === undefined) return undefined
  const path = join(dir, file)
  if (!existsSync(path)) return undefined
  const html = await readFile(path, 'utf8')
  return /<body\b[^>]*\bdata-scope="([^"]+)"/.exec(html)?.[1]
}

/** What is in the folder: target, launches, course data. Throws PackageError when nothing can be launched. */
export async function describePackage(dir: string, files: string[]): Promise<PackageInfo> {
  const has = (name: string) => files.includes(name)
  let target: TargetName
  let launches: Launch[]
  try {
    const controlFile = CONTROL_FILES.find(has)
    if (controlFile) {
      const root = await readControlFile(dir, controlFile)
      const standard = standardOf(controlFile, root)
      if (!standard) throw new PackageError([`${controlFile} names no SCORM version (schemaversion 1.2 or 2004): an LMS cannot tell how to run it`])
      const control = STANDARDS[standard].control!
      const problems = (control.problems?.(root, files) ?? []).map((p) => `${controlFile}: ${p}`)
      if (problems.length > 0) throw new PackageError(problems)
      target = standard
      launches = control.launches(root)
      if (launches.length === 0) throw new PackageError([`${controlFile} has no ${control.launchable}: an LMS has nothing to launch`])
    } else if (has('index.html')) {
      target = 'web'
      launches = await readLaunches(dir, target)
    } else {
      const nested = files.find((f) => {
        const [folder, name, ...deeper] = f.split('/')
        return folder !== '' && deeper.length === 0 && CONTROL_FILES.some((c) => c === name)
      })
      if (nested) throw new PackageError([`${nested} is inside a folder: an LMS looks for it at the root of the zip and refuses the package`])
      throw new PackageError([`the zip has no ${CONTROL_FILES.join(', ')} or index.html at its root: an LMS would refuse it`])
    }
  } catch (error) {
    if (error instanceof ControlFileError) throw new PackageError([error.message])
    throw error
  }
  for (const l of launches) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(l.href)) continue // an absolute URL: served from elsewhere, nothing to find here
    const file = launchFile(l.href)
    if (file === undefined) throw new PackageError([`${l.title}: its launch href ${l.href} has a broken %-escape: an LMS cannot find the page`])
    if (!files.includes(file)) throw new PackageError([`${l.title}: its launch page ${file} is not in the zip`])
  }
  const course = await readCourseData(dir)
  if (course) for (const l of launches) l.scope = await scopeOf(dir, l.href)
  return { dir, target, launches, course, files }
}

// Unpacked packages still on disk: a command that ends on a signal, without running `finally` blocks,
// removes them with removeUnpackedNow().
const liveDirs = new Set<string>()

function track(dir: string): () => Promise<void> {
  liveDirs.add(dir)
  return async () => {
    await rm(dir, { recursive: true, force: true })
    liveDirs.delete(dir)
  }
}

/** Removes every package still unpacked, at once (the process is about to exit). */
export function removeUnpackedNow(): void {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true })
  liveDirs.clear()
}

/**
 * Unzips a package into a new temporary folder in `parent`, as an LMS does on import, after its
 * central directory passed: a hostile zip throws ZipRefusedError (nothing written), bad names
 * PackageError. `remove` deletes the folder.
 */
export async function openPackage(zipPath: string, parent = tmpdir(), limits: ZipLimits = ZIP_LIMITS): Promise<PackageInfo & { remove: () => Promise<void> }> {
  const zip = await readZipDirectory(zipPath, limits)
  let remove = () => Promise.resolve()
  try {
    const refusal = zipRefusal(zip, limits)
    if (refusal) throw new ZipRefusedError(refusal.message, refusal.code)
    const problems = entryProblems(zip.entries)
    if (problems.length > 0) throw new PackageError(problems.map((p) => p.message))
    const dir = await mkdtemp(join(parent, 'coursepack-check-'))
    remove = track(dir)
    const files = await extractZip(zip, dir, limits)
    return { ...(await describePackage(dir, files)), remove }
  } catch (error) {
    await remove()
    throw error
  } finally {
    zip.close()
  }
}
