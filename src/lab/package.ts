// An unpacked package as the lab serves it: written from a build's PackageFile list, and its launches
// read back from the file an LMS reads (imsmanifest.xml, tincan.xml, cmi5.xml), not assumed. The
// standards table (./standards.ts) says which reader a standard uses.
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { PackageFile } from '../targets/target.js'
import type { ScormVersion } from './standards.js'
import { attr, attrAnyNs, child, children, descendants, parseXml, readControlFile, textOf, XML_NS, type XmlElement } from './xml.js'

/** Writes a package's files into an empty folder, as an LMS unpacks a zip on import. */
export async function writePackageDir(files: readonly PackageFile[], dir: string): Promise<void> {
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'))
    await mkdir(dirname(target), { recursive: true })
    if ('from' in file) await copyFile(file.from, target)
    else await writeFile(target, file.data)
  }
}

// Reading control files as an LMS does (also what `coursepack check` uses), through the one XML
// reader (./xml.ts): elements by namespace-free local name, as LMSs match them.
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

const rootOf = (xml: string | XmlElement, file: string): XmlElement => (typeof xml === 'string' ? parseXml(xml, file) : xml)

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

const xmlBase = (el: XmlElement | undefined): string => (el && attr(el, 'base', XML_NS)) ?? ''

export function manifestVersion(xml: string | XmlElement): ScormVersion | undefined {
  const root = rootOf(xml, 'imsmanifest.xml')
  const version = textOf(descendants(root, 'schemaversion')[0]).trim()
  if (version) {
    if (/^1\.2$/.test(version)) return 'scorm12'
    if (/2004|CAM\s*1\.3/i.test(version)) return 'scorm2004'
  }
  const namespaces = new Set<string>()
  const todo = [root]
  while (todo.length > 0) {
    const el = todo.pop()!
    namespaces.add(el.ns)
    for (const a of el.attributes.values()) namespaces.add(a.ns).add(a.value) // declarations and xsi:schemaLocation
    todo.push(...el.children)
  }
  const all = [...namespaces].join(' ')
  if (/adlcp_rootv1p2/.test(all)) return 'scorm12'
  if (/adlcp_v1p3/.test(all)) return 'scorm2004'
  return undefined
}

/** The SCOs of a SCORM manifest in the default organization's order (as Moodle's TOC lists them). */
export function manifestLaunches(xml: string | XmlElement): Launch[] {
  const root = rootOf(xml, 'imsmanifest.xml')
  const resourcesEl = child(root, 'resources')
  const resourcesBase = joinBase(xmlBase(root), xmlBase(resourcesEl))
  const resources = new Map<string, { href: string; sco: boolean }>()
  for (const r of resourcesEl ? children(resourcesEl, 'resource') : []) {
    const id = attr(r, 'identifier')
    const href = attr(r, 'href')
    if (!id) continue
    const sco = (attrAnyNs(r, 'scormtype') ?? '').toLowerCase() === 'sco'
    const base = joinBase(resourcesBase, xmlBase(r))
    resources.set(id, { href: href ? joinBase(base, href) : '', sco })
  }
  const orgsEl = child(root, 'organizations')
  const orgs = orgsEl ? children(orgsEl, 'organization') : []
  const defaultOrg = orgsEl ? attr(orgsEl, 'default') : undefined
  const org = orgs.find((o) => attr(o, 'identifier') === defaultOrg) ?? orgs[0]
  const launches: Launch[] = []
  for (const item of org ? descendants(org, 'item') : []) {
    const ref = attr(item, 'identifierref')
    const resource = ref ? resources.get(ref) : undefined
    if (!resource?.href) continue
    const title = textOf(child(item, 'title')).trim()
    launches.push({ id: attr(item, 'identifier') ?? ref!, title: title || ref!, href: withParameters(resource.href, attr(item, 'parameters')) })
  }
  if (launches.length === 0) {
    // No organization (or an empty one): Moodle builds SCOs straight from the resources that have an href.
    for (const [id, r] of resources) if (r.sco && r.href) launches.push({ id, title: id, href: r.href })
  }
  return launches
}

export function tincanLaunches(xml: string | XmlElement): Launch[] {
  const root = rootOf(xml, 'tincan.xml')
  // Moodle's xAPI Launch Link launches the first activity that has a launch element.
  for (const activity of descendants(root, 'activity')) {
    const launch = textOf(child(activity, 'launch')).trim()
    if (!launch) continue
    const id = attr(activity, 'id') ?? ''
    return [{ id, title: textOf(child(activity, 'name')).trim() || id, href: launch }]
  }
  return []
}

export function cmi5Launches(xml: string | XmlElement): Launch[] {
  const root = rootOf(xml, 'cmi5.xml')
  const launches: Launch[] = []
  for (const au of descendants(root, 'au')) {
    const url = textOf(child(au, 'url')).trim()
    if (!url) continue
    const id = attr(au, 'id') ?? ''
    const title = textOf(descendants(child(au, 'title') ?? au, 'langstring')[0]).trim()
    launches.push({ id, title: title || id, href: url })
  }
  return launches
}

/** A launch href from a control file as the lab serves it: relative to the package, without white space or a leading ./ or /. */
export const launchHref = (href: string): string => href.trim().replace(/^\.?\//, '')

/** Whether two launch hrefs from a control file name the same launch. */
export const sameHref = (a: string, b: string): boolean => launchHref(a) === launchHref(b)

/**
 * The cmi5 course structure facts a launch of `launch` needs: the course id (publisher id), and the
 * publisher id, moveOn and masteryScore of the AU whose url it is (the first AU when none is: an LMS
 * launches that one first). Each AU of a course has its own: LMS.LaunchData carries them for that AU.
 */
export async function readCmi5Au(dir: string, launch: string): Promise<{ courseId: string; auId: string; moveOn: string; masteryScore?: number }> {
  const root = await readControlFile(dir, 'cmi5.xml')
  const course = descendants(root, 'course')[0]
  const aus = descendants(root, 'au')
  const au = aus.find((a) => sameHref(textOf(child(a, 'url')), launch)) ?? aus[0]
  const mastery = au && attr(au, 'masteryScore')
  return {
    courseId: (course && attr(course, 'id')) ?? '',
    auId: (au && attr(au, 'id')) ?? '',
    moveOn: (au && attr(au, 'moveOn')) ?? 'NotApplicable',
    ...(mastery !== undefined ? { masteryScore: Number(mastery) } : {}),
  }
}

/**
 * The mastery an LMS hands a SCORM 2004 SCO as `cmi.scaled_passing_score`: the `imsss:minNormalizedMeasure`
 * of the primary objective of the item that launches `launch`, when that objective is satisfied by measure.
 */
export async function readScaledPassingScore(dir: string, launch: string): Promise<number | undefined> {
  const root = await readControlFile(dir, 'imsmanifest.xml')
  const href = launch.split('?')[0]
  const resource = descendants(root, 'resource').find((r) => attr(r, 'href') === href)
  const resourceId = resource && attr(resource, 'identifier')
  if (!resourceId) return undefined
  const item = descendants(root, 'item').find((i) => attr(i, 'identifierref') === resourceId)
  const primary = item && descendants(item, 'primaryObjective')[0]
  if (!primary || attr(primary, 'satisfiedByMeasure') !== 'true') return undefined
  const measure = textOf(child(primary, 'minNormalizedMeasure')).trim()
  const value = measure ? Number(measure) : NaN
  return Number.isFinite(value) ? value : undefined
}
