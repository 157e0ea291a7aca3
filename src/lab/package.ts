// An unpacked package as the lab serves it: written from a build's PackageFile list, and its launch
// href read back from the file an LMS reads (imsmanifest.xml, tincan.xml, cmi5.xml), not assumed.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { PackageFile } from '../targets/target.js'
import type { LabTarget } from './server.js'

/** Writes a package's files into an empty folder, as an LMS unpacks a zip on import. */
export async function writePackageDir(files: readonly PackageFile[], dir: string): Promise<void> {
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'))
    await mkdir(dirname(target), { recursive: true })
    if ('from' in file) await copyFile(file.from, target)
    else await writeFile(target, file.data)
  }
}

// Reading control files as an LMS does (also what `coursepack check` uses): regular expressions over
// the few elements an LMS reads, tolerant of prefixes, comments, entities and xml:base.
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


/** The launch href of a package, from its control file: the first SCO of the default organization (SCORM), the first activity's launch (xAPI), the first AU's url (cmi5). */
export async function readLaunch(dir: string, target: LabTarget): Promise<string> {
  if (target === 'web') return 'index.html'
  const file = target === 'xapi' ? 'tincan.xml' : target === 'cmi5' ? 'cmi5.xml' : 'imsmanifest.xml'
  const xml = await readFile(join(dir, file), 'utf8')
  const launches = target === 'xapi' ? tincanLaunches(xml) : target === 'cmi5' ? cmi5Launches(xml) : manifestLaunches(xml)
  if (launches.length === 0) throw new Error(`${file} names nothing to launch`)
  return launches[0].href
}

/** The xAPI activity id a package is launched with: tincan.xml's first activity (as Moodle's xAPI Launch Link does). */
export async function readActivityId(dir: string, target: LabTarget): Promise<string | undefined> {
  if (target === 'xapi') {
    const xml = await readFile(join(dir, 'tincan.xml'), 'utf8')
    const m = /<activity\b[^>]*\sid="([^"]+)"/.exec(xml)
    return m ? decodeXml(m[1]) : undefined
  }
  if (target === 'cmi5') {
    const xml = await readFile(join(dir, 'cmi5.xml'), 'utf8')
    const au = /<au\b[^>]*\sid="([^"]+)"/.exec(xml)
    return au ? decodeXml(au[1]) : undefined
  }
  return undefined
}

/** The cmi5 course structure facts a launch needs: the course id (publisher id), the first AU's moveOn and masteryScore. */
export async function readCmi5Au(dir: string): Promise<{ courseId: string; auId: string; moveOn: string; masteryScore?: number }> {
  const xml = await readFile(join(dir, 'cmi5.xml'), 'utf8')
  const courseId = decodeXml(/<course\b[^>]*\sid="([^"]+)"/.exec(xml)?.[1] ?? '')
  const au = /<au\b([^>]*)>/.exec(xml)?.[1] ?? ''
  const auId = decodeXml(/\sid="([^"]+)"/.exec(au)?.[1] ?? '')
  const moveOn = /\smoveOn="([^"]+)"/.exec(au)?.[1] ?? 'NotApplicable'
  const mastery = /\smasteryScore="([^"]+)"/.exec(au)?.[1]
  return { courseId, auId, moveOn, ...(mastery !== undefined ? { masteryScore: Number(mastery) } : {}) }
}

/**
 * The mastery an LMS hands a SCORM 2004 SCO as `cmi.scaled_passing_score`: the `imsss:minNormalizedMeasure`
 * of the primary objective of the item that launches `launch`, when that objective is satisfied by measure.
 */
export async function readScaledPassingScore(dir: string, launch: string): Promise<number | undefined> {
  const xml = await readFile(join(dir, 'imsmanifest.xml'), 'utf8')
  const href = launch.split('?')[0]
  const resource = [...xml.matchAll(/<resource\b([^>]*)>/g)].map((m) => m[1])
    .find((attrs) => decodeXml(/\shref="([^"]*)"/.exec(attrs)?.[1] ?? '') === href)
  const resourceId = resource && /\sidentifier="([^"]*)"/.exec(resource)?.[1]
  if (!resourceId) return undefined
  const item = new RegExp(`<item\\b[^>]*\\sidentifierref="${resourceId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</item>`).exec(xml)
  const primary = item && /<imsss:primaryObjective\b([^>]*)>([\s\S]*?)<\/imsss:primaryObjective>/.exec(item[1])
  if (!primary || !/satisfiedByMeasure="true"/.test(primary[1])) return undefined
  const measure = /<imsss:minNormalizedMeasure>\s*([-\d.]+)\s*</.exec(primary[2])
  const value = measure ? Number(measure[1]) : NaN
  return Number.isFinite(value) ? value : undefined
}
