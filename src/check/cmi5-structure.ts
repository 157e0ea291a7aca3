// [CLI] What CourseStructure.xsd does not catch in a cmi5.xml (SPEC-NOTES §5.6), checked where
// packages are judged: `check` runs it on every cmi5 package, ours or not, before launching it.
import { isAbsoluteIri } from '../course/formats.js'
import { attr, child, descendants, parseXml, textOf, type XmlElement } from '../lab/xml.js'
import { CMI5_LAUNCH_PARAMETERS, NS_CMI5_COURSE_STRUCTURE } from '../targets/cmi5.js'

/**
 * Ids that are not absolute IRIs or not unique, objective references to nothing, AU urls that are
 * not URLs, relative urls with no file in the package (or in a standalone cmi5.xml, which has no
 * package), and url query names the LMS's launch parameters would collide with. `packagePaths` is
 * the zip's file list, or null for a cmi5.xml on its own. A string that is not well-formed XML
 * gives one problem with its line and column.
 */
export function checkCmi5CourseStructure(xml: string | XmlElement, packagePaths: readonly string[] | null): string[] {
  let root: XmlElement
  try {
    root = typeof xml === 'string' ? parseXml(xml, 'cmi5.xml') : xml
  } catch (e) {
    return [(e as Error).message]
  }
  if (root.local !== 'courseStructure' || root.ns !== NS_CMI5_COURSE_STRUCTURE) {
    return [`the root element is not courseStructure in ${NS_CMI5_COURSE_STRUCTURE}`]
  }
  const problems: string[] = []
  const all = (name: string): XmlElement[] => descendants(root, name, NS_CMI5_COURSE_STRUCTURE)

  const seen = new Map<string, string>()
  const objectiveIds = new Set<string>()
  for (const kind of ['course', 'block', 'au', 'objective']) {
    for (const el of all(kind)) {
      const raw = attr(el, 'id')
      if (raw === undefined) continue // an objective reference (idref), checked below
      const id = raw.trim()
      if (!isAbsoluteIri(id)) problems.push(`${kind} id "${id}" is not an absolute IRI`)
      const before = seen.get(id)
      if (before) problems.push(`${kind} id "${id}" is not unique: a ${before} has it too`)
      else seen.set(id, kind)
      if (kind === 'objective') objectiveIds.add(id)
    }
  }
  for (const el of all('objective')) {
    const ref = attr(el, 'idref')
    if (ref === undefined) continue
    if (!objectiveIds.has(ref.trim())) problems.push(`objective reference "${ref.trim()}" names no objective of the course`)
  }

  const files = packagePaths ? new Set(packagePaths) : null
  for (const au of all('au')) {
    const id = attr(au, 'id') ?? ''
    const url = textOf(child(au, 'url', NS_CMI5_COURSE_STRUCTURE)).trim()
    if (!url) { problems.push(`au "${id}" has no url`); continue }
    if (/\s/.test(url)) { problems.push(`au "${id}" url "${url}" is not a valid URL (it contains white space)`); continue }
    const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)
    let query: URLSearchParams
    if (absolute) {
      if (!URL.canParse(url)) { problems.push(`au "${id}" url "${url}" is not a valid URL`); continue }
      query = new URL(url).searchParams
    } else {
      if (!URL.canParse(url, 'https://package.invalid/')) { problems.push(`au "${id}" url "${url}" is not a valid URL`); continue }
      const parsed = new URL(url, 'https://package.invalid/')
      query = parsed.searchParams
      if (!files) problems.push(`au "${id}" url "${url}" is relative, but a cmi5.xml outside a zip needs fully qualified urls`)
      else {
        let path: string | undefined
        try { path = decodeURIComponent(parsed.pathname.slice(1)) } catch { path = undefined }
        if (path === undefined) problems.push(`au "${id}" url "${url}" has a broken %-escape`)
        else if (url.startsWith('/') || !files.has(path)) problems.push(`au "${id}" url "${url}" names no file in the package`)
      }
    }
    for (const name of CMI5_LAUNCH_PARAMETERS) {
      if (query.has(name)) problems.push(`au "${id}" url "${url}" uses "${name}" in its query string, a name the LMS adds at launch`)
    }
  }
  return problems
}
