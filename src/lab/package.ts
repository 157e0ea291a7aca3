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

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** The launch href of a package, from its manifest: the first SCO (SCORM), the first activity's launch (xAPI), the first AU's url (cmi5). */
export async function readLaunch(dir: string, target: LabTarget): Promise<string> {
  switch (target) {
    case 'scorm12':
    case 'scorm2004': {
      const xml = await readFile(join(dir, 'imsmanifest.xml'), 'utf8')
      const resources = new Map<string, string>()
      for (const m of xml.matchAll(/<resource\b([^>]*)>/g)) {
        const attrs = m[1]
        const id = /\sidentifier="([^"]*)"/.exec(attrs)?.[1]
        const href = /\shref="([^"]*)"/.exec(attrs)?.[1]
        if (id && href && /adlcp:scorm[tT]ype="sco"/.test(attrs)) resources.set(id, decode(href))
      }
      // The organization lists SCOs in the order the LMS offers them; the first is what it launches.
      for (const m of xml.matchAll(/<item\b[^>]*\sidentifierref="([^"]*)"/g)) {
        const href = resources.get(m[1])
        if (href) return href
      }
      const first = resources.values().next()
      if (!first.done) return first.value
      throw new Error('imsmanifest.xml names no SCO to launch')
    }
    case 'xapi': {
      const xml = await readFile(join(dir, 'tincan.xml'), 'utf8')
      const launch = /<launch\b[^>]*>([^<]+)<\/launch>/.exec(xml)
      if (!launch) throw new Error('tincan.xml has no launch')
      return decode(launch[1].trim())
    }
    case 'cmi5': {
      const xml = await readFile(join(dir, 'cmi5.xml'), 'utf8')
      const url = /<au\b[\s\S]*?<url>([^<]+)<\/url>/.exec(xml)
      if (!url) throw new Error('cmi5.xml has no au url')
      return decode(url[1].trim())
    }
    case 'web':
      return 'index.html'
  }
}

/** The xAPI activity id a package is launched with: tincan.xml's first activity (as Moodle's xAPI Launch Link does). */
export async function readActivityId(dir: string, target: LabTarget): Promise<string | undefined> {
  if (target === 'xapi') {
    const xml = await readFile(join(dir, 'tincan.xml'), 'utf8')
    const m = /<activity\b[^>]*\sid="([^"]+)"/.exec(xml)
    return m ? decode(m[1]) : undefined
  }
  if (target === 'cmi5') {
    const xml = await readFile(join(dir, 'cmi5.xml'), 'utf8')
    const au = /<au\b[^>]*\sid="([^"]+)"/.exec(xml)
    return au ? decode(au[1]) : undefined
  }
  return undefined
}

/** The cmi5 course structure facts a launch needs: the course id (publisher id), the first AU's moveOn and masteryScore. */
export async function readCmi5Au(dir: string): Promise<{ courseId: string; auId: string; moveOn: string; masteryScore?: number }> {
  const xml = await readFile(join(dir, 'cmi5.xml'), 'utf8')
  const courseId = decode(/<course\b[^>]*\sid="([^"]+)"/.exec(xml)?.[1] ?? '')
  const au = /<au\b([^>]*)>/.exec(xml)?.[1] ?? ''
  const auId = decode(/\sid="([^"]+)"/.exec(au)?.[1] ?? '')
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
    .find((attrs) => decode(/\shref="([^"]*)"/.exec(attrs)?.[1] ?? '') === href)
  const resourceId = resource && /\sidentifier="([^"]*)"/.exec(resource)?.[1]
  if (!resourceId) return undefined
  const item = new RegExp(`<item\\b[^>]*\\sidentifierref="${resourceId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</item>`).exec(xml)
  const primary = item && /<imsss:primaryObjective\b([^>]*)>([\s\S]*?)<\/imsss:primaryObjective>/.exec(item[1])
  if (!primary || !/satisfiedByMeasure="true"/.test(primary[1])) return undefined
  const measure = /<imsss:minNormalizedMeasure>\s*([-\d.]+)\s*</.exec(primary[2])
  const value = measure ? Number(measure[1]) : NaN
  return Number.isFinite(value) ? value : undefined
}
