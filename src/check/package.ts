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

/** One thing an LMS launches: a SCO, the xAPI activity, the cmi5 AU, or the web package's page. */
export interface Launch {
  /** The manifest item identifier, AU id or activity id; 'index' for a web package. */
  id: string
  title: string
  /** Relative to the package folder, with the item's parameters appended. */
  href: string
  /** Ours only: the module a per-module SCO plays (its launch page's data-scope); undefined plays the whole course. */
  scope?: string
}

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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[name] ?? whole
  })
}

/** Attributes of a start tag, keyed by name as written and by lower-cased local name. */
export function attributes(tag: string): Map<string, string> {
  const result = new Map<string, string>()
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const value = decodeXml(m[2] ?? m[3] ?? '')
    result.set(m[1], value)
    const local = m[1].includes(':') && !m[1].startsWith('xml:') ? m[1].slice(m[1].indexOf(':') + 1) : m[1]
    if (!result.has(local.toLowerCase())) result.set(local.toLowerCase(), value)
  }
  return result
}

function stripComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
}

/** Joins an href and an item's parameters as IMS CP says: a leading '?' becomes '&' when the href has a query already. */
export function withParameters(href: string, parameters: string | undefined): string {
  if (!parameters) return href
  let p = parameters.trim()
  if (p.startsWith('#')) return href.includes('#') ? href : href + p
  if (p.startsWith('?') || p.startsWith('&')) p = p.slice(1)
  return href + (href.includes('?') ? '&' : '?') + p
}

function joinBase(base: string, href: string): string {
  if (!base || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/')) return href
  return (base.endsWith('/') ? base : base + '/') + href
}

export function manifestVersion(xml: string): 'scorm12' | 'scorm2004' | undefined {
  const clean = stripComments(xml)
  const version = /<(?:\w+:)?schemaversion>\s*([^<]*?)\s*<\/(?:\w+:)?schemaversion>/i.exec(clean)?.[1]
  if (version) {
    if (/^1\.2$/.test(version)) return 'scorm12'
    if (/2004|CAM\s*1\.3/i.test(version)) return 'scorm2004'
  }
  if (/adlcp_rootv1p2/.test(clean)) return 'scorm12'
  if (/adlcp_v1p3/.test(clean)) return 'scorm2004'
  return undefined
}

/** The SCOs of a SCORM manifest in the default organization's order (as Moodle's TOC lists them). */
export function manifestLaunches(xml: string): Launch[] {
  const clean = stripComments(xml)
  const resourcesBase = attributes(/<(?:\w+:)?resources\b([^>]*)>/.exec(clean)?.[1] ?? '').get('xml:base') ?? ''
  const resources = new Map<string, { href: string; sco: boolean }>()
  for (const m of clean.matchAll(/<(?:\w+:)?resource\b([^>]*)>/g)) {
    const a = attributes(m[1])
    const id = a.get('identifier')
    const href = a.get('href')
    if (!id) continue
    const sco = (a.get('scormtype') ?? '').toLowerCase() === 'sco'
    const base = joinBase(resourcesBase, a.get('xml:base') ?? '')
    resources.set(id, { href: href ? joinBase(base, href) : '', sco })
  }
  const orgs = clean.match(/<(?:\w+:)?organizations\b([^>]*)>/)
  const defaultOrg = orgs ? attributes(orgs[1]).get('default') : undefined
  const orgBlocks = [...clean.matchAll(/<(?:\w+:)?organization\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?organization>/g)]
  const org = orgBlocks.find((m) => attributes(m[1]).get('identifier') === defaultOrg) ?? orgBlocks[0]
  const launches: Launch[] = []
  if (org) {
    const body = org[2]
    const items = [...body.matchAll(/<(?:\w+:)?item\b([^>]*)>/g)]
    for (const [i, m] of items.entries()) {
      const a = attributes(m[1])
      const ref = a.get('identifierref')
      const resource = ref ? resources.get(ref) : undefined
      if (!resource?.href) continue
      const end = items[i + 1]?.index ?? body.length
      const title = /<(?:\w+:)?title>([\s\S]*?)<\/(?:\w+:)?title>/.exec(body.slice(m.index! + m[0].length, end))?.[1]
      launches.push({ id: a.get('identifier') ?? ref!, title: decodeXml(title?.trim() ?? ref!), href: withParameters(resource.href, a.get('parameters')) })
    }
  }
  if (launches.length === 0) {
    // No organization (or an empty one): Moodle builds SCOs straight from the resources that have an href.
    for (const [id, r] of resources) if (r.sco && r.href) launches.push({ id, title: id, href: r.href })
  }
  return launches
}

export function tincanLaunches(xml: string): Launch[] {
  const clean = stripComments(xml)
  const launches: Launch[] = []
  for (const m of clean.matchAll(/<(?:\w+:)?activity\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?activity>/g)) {
    const launch = /<(?:\w+:)?launch\b[^>]*>([\s\S]*?)<\/(?:\w+:)?launch>/.exec(m[2])?.[1]
    if (!launch) continue
    const title = /<(?:\w+:)?name\b[^>]*>([\s\S]*?)<\/(?:\w+:)?name>/.exec(m[2])?.[1]
    const id = attributes(m[1]).get('id') ?? ''
    launches.push({ id, title: decodeXml(title?.trim() ?? id), href: decodeXml(launch.trim()) })
  }
  // Moodle's xAPI Launch Link launches the first activity that has a launch element.
  return launches.slice(0, 1)
}

export function cmi5Launches(xml: string): Launch[] {
  const clean = stripComments(xml)
  const launches: Launch[] = []
  for (const m of clean.matchAll(/<(?:\w+:)?au\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?au>/g)) {
    const url = /<(?:\w+:)?url\b[^>]*>([\s\S]*?)<\/(?:\w+:)?url>/.exec(m[2])?.[1]
    if (!url) continue
    const title = /<(?:\w+:)?langstring\b[^>]*>([\s\S]*?)<\/(?:\w+:)?langstring>/.exec(m[2])?.[1]
    const id = attributes(m[1]).get('id') ?? ''
    launches.push({ id, title: decodeXml(title?.trim() ?? id), href: decodeXml(url.trim()) })
  }
  return launches
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
