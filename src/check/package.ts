// Reading a package as an LMS would on import: unzip it, find what kind it is from its control
// file, and which pages an LMS would launch. A package made by coursepack carries course.js
// (`window.__COURSEPACK__ = {…}`), which tells the scripted learner the pages and right answers.
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PlayerData } from '../player/data.js'
import type { LabTarget } from './lab.js'
import { unzipTo } from './unzip.js'
import { cmi5Launches, manifestLaunches, manifestVersion, tincanLaunches, type Launch } from '../lab/package.js'

export type { Launch }

export interface PackageInfo {
  dir: string
  target: LabTarget
  launches: Launch[]
  /** Present when coursepack made the package. */
  course?: PlayerData
  files: string[]
}

/** The package cannot even be launched: an LMS would refuse it on import or show nothing. */
export class PackageError extends Error {}

export const TARGET_TITLES: Record<LabTarget, string> = {
  scorm12: 'SCORM 1.2', scorm2004: 'SCORM 2004', xapi: 'xAPI (Tin Can)', cmi5: 'cmi5', web: 'web (offline HTML)',
}

const COURSE_PREFIX = /^\s*window\.__COURSEPACK__\s*=\s*/

/** The course data of a package coursepack made, or undefined for anyone else's. */
export async function readCourseData(dir: string): Promise<PlayerData | undefined> {
  const file = join(dir, 'course.js')
  if (!existsSync(file)) return undefined
  const script = await readFile(file, 'utf8')
  if (!COURSE_PREFIX.test(script)) return undefined
  try {
    const data = JSON.parse(script.replace(COURSE_PREFIX, '').replace(/;\s*$/, '')) as PlayerData
    return data && typeof data === 'object' && Array.isArray(data.modules) ? data : undefined
  } catch {
    return undefined
  }
}

async function scopeOf(dir: string, href: string): Promise<string | undefined> {
  const path = join(dir, decodeURIComponent(href.replace(/[?#].*$/, '')))
  if (!existsSync(path)) return undefined
  const html = await readFile(path, 'utf8')
  return /<body\b[^>]*\bdata-scope="([^"]+)"/.exec(html)?.[1]
}

/** What is in the folder: target, launches, course data. Throws PackageError when nothing can be launched. */
export async function describePackage(dir: string, files: string[]): Promise<PackageInfo> {
  const has = (name: string) => files.includes(name)
  let target: LabTarget
  let launches: Launch[]
  if (has('imsmanifest.xml')) {
    const xml = await readFile(join(dir, 'imsmanifest.xml'), 'utf8')
    const version = manifestVersion(xml)
    if (!version) throw new PackageError('imsmanifest.xml names no SCORM version (schemaversion 1.2 or 2004): an LMS cannot tell how to run it')
    target = version
    launches = manifestLaunches(xml)
    if (launches.length === 0) throw new PackageError('imsmanifest.xml has no SCO with a launch href: an LMS has nothing to launch')
  } else if (has('cmi5.xml')) {
    target = 'cmi5'
    launches = cmi5Launches(await readFile(join(dir, 'cmi5.xml'), 'utf8'))
    if (launches.length === 0) throw new PackageError('cmi5.xml has no AU with a url: an LMS has nothing to launch')
  } else if (has('tincan.xml')) {
    target = 'xapi'
    launches = tincanLaunches(await readFile(join(dir, 'tincan.xml'), 'utf8'))
    if (launches.length === 0) throw new PackageError('tincan.xml has no activity with a launch element: an LMS has nothing to launch')
  } else if (has('index.html')) {
    target = 'web'
    launches = [{ id: 'index', title: 'index.html', href: 'index.html' }]
  } else {
    const nested = files.find((f) => /^[^/]+\/(imsmanifest|cmi5|tincan)\.xml$/.test(f))
    if (nested) throw new PackageError(`${nested} is inside a folder: an LMS looks for it at the root of the zip and refuses the package`)
    throw new PackageError('the zip has no imsmanifest.xml, cmi5.xml, tincan.xml or index.html at its root: an LMS would refuse it')
  }
  for (const l of launches) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(l.href)) continue // an absolute URL: served from elsewhere, nothing to find here
    const file = decodeURIComponent(l.href.replace(/[?#].*$/, ''))
    if (!files.includes(file)) throw new PackageError(`${l.title}: its launch page ${file} is not in the zip`)
  }
  const course = await readCourseData(dir)
  if (course) for (const l of launches) l.scope = await scopeOf(dir, l.href)
  return { dir, target, launches, course, files }
}

/** Unzips a package into a new temporary folder; `remove` deletes it. */
export async function openPackage(zipPath: string): Promise<PackageInfo & { remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'coursepack-check-'))
  const remove = () => rm(dir, { recursive: true, force: true })
  try {
    const files = await unzipTo(zipPath, dir)
    return { ...(await describePackage(dir, files)), remove }
  } catch (error) {
    await remove()
    throw error
  }
}
