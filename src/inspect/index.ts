// `coursepack inspect PACKAGE.zip`: what a zip from anyone is and whether it will work, without a
// browser and without unpacking it. The central directory is read and judged first (./zip.ts); then
// only the control file, the course data and the pages that are scanned for internet references are
// streamed into memory, each with a size cap.
import type { PlayerData } from '../player/data.js'
import { targets, type TargetName } from '../targets/index.js'
import { CONTROL_FILES, STANDARDS, standardsReading, type ControlFile } from '../lab/standards.js'
import { cmi5Launches, manifestLaunches, manifestVersion, tincanLaunches } from '../lab/package.js'
import { attr, child, ControlFileError, descendants, parseXml, textOf, XML_LIMITS, type XmlElement } from '../lab/xml.js'
import { checkCmi5CourseStructure } from '../check/cmi5-structure.js'
import { problem, type InspectProblem, type ProblemCode } from './problems.js'
import { describeManifest, type InspectedOrganization } from './scorm.js'
import { entryPath, entryProblems, NotAZipError, readEntry, readZipDirectory, ZipRefusedError, zipRefusal, ZIP_LIMITS, type ZipDirectory, type ZipEntry, type ZipLimits } from './zip.js'

/** What the zip is: a standard coursepack builds, AICC, or nothing an LMS imports. */
export type PackageKind = TargetName | 'scorm' | 'aicc' | 'none'

export interface InspectedLaunch {
  id: string
  title: string
  href: string
  /** SCORM: 'sco' or 'asset'; cmi5: 'au'; xAPI: 'activity'; web: 'page'. */
  type: string
  masteryScore?: number
  moveOn?: string
}

export interface Inspection {
  /** No problem of severity error. */
  ok: boolean
  file: string
  kind: PackageKind
  /** In words: "SCORM 2004 3rd Edition", "xAPI (Tin Can)", "not a package". */
  standard: string
  /** The zip was refused unread (a zip bomb, hostile names): nothing in it was read. */
  refused: boolean
  title?: string
  identifier?: string
  version?: string
  /** The tool that made it, when the package says so. */
  madeBy?: string
  /** Present when coursepack made the package (its course.js). */
  course?: { id: string; version: string; title: string; pages: number; questions: number }
  organizations: InspectedOrganization[]
  launches: InspectedLaunch[]
  sequencing: string[]
  files: { count: number; bytes: number; compressedBytes: number; largest: { path: string; bytes: number }[] }
  problems: InspectProblem[]
}

export interface InspectOptions { displayName: string; limits?: ZipLimits }

/** What is read of the package's own files: control files up to the XML limit, pages up to this. */
const PAGE_SCAN_BYTES = 2 * 1024 * 1024
const SCAN_TOTAL_BYTES = 32 * 1024 * 1024
const COURSE_DATA_BYTES = 16 * 1024 * 1024
const SHOWN = 5

// Tools that say so in the manifest or launch page, or by a folder only they write.
const AUTHORING_TOOLS: { tool: string; text?: RegExp; path?: RegExp }[] = [
  { tool: 'Articulate Storyline', path: /^story_content\//, text: /Articulate Storyline/i },
  { tool: 'Articulate Rise', path: /^scormcontent\//, text: /Articulate Rise/i },
  { tool: 'Adobe Captivate', text: /Adobe Captivate/i },
  { tool: 'iSpring', text: /iSpring/i },
  { tool: 'Lectora', text: /Lectora/i },
  { tool: 'Elucidat', text: /Elucidat/i },
  { tool: 'Adapt', path: /^adapt\//, text: /Adapt Learning|adapt framework/i },
  { tool: 'eXeLearning', text: /eXeLearning|exelearning\.net/i },
  { tool: 'H5P', text: /\bH5P\b/ },
  { tool: 'Xerte', text: /\bXerte\b/i },
  { tool: 'dominKnow', text: /dominKnow/i },
  { tool: 'Evolve', text: /Evolve Authoring/i },
  { tool: 'Easygenerator', text: /easygenerator/i },
]

// Things a page fetches (not links it offers): script, style, image, frame and media sources, CSS url() and @import.
const REMOTE_IN_HTML = /<(?:script|img|iframe|frame|link|source|video|audio|embed|object|track|input)\b[^>]*?\s(?:src|href|data|poster)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi
const REMOTE_IN_CSS = /(?:url\(\s*["']?|@import\s+["'])((?:https?:)?\/\/[^"')\s]+)/gi
const isUrl = (href: string) => /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')

const COURSE_PREFIX = /^\s*window\.__COURSEPACK__\s*=\s*/

/** course.js of a package coursepack made, parsed; undefined for anyone else's. */
export function parseCourseData(script: string): PlayerData | undefined {
  if (!COURSE_PREFIX.test(script)) return undefined
  try {
    const data = JSON.parse(script.replace(COURSE_PREFIX, '').replace(/;\s*$/, '')) as PlayerData
    return data && typeof data === 'object' && Array.isArray(data.modules) ? data : undefined
  } catch {
    return undefined
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const listed = (names: string[]) => names.slice(0, SHOWN).join(', ') + (names.length > SHOWN ? `, … (${names.length - SHOWN} more)` : '')

/** The file a relative href names (query and fragment dropped, %-escapes decoded), or undefined when an escape is broken. */
export function hrefFile(href: string): string | undefined {
  try {
    return decodeURIComponent(href.replace(/[?#].*$/, '')).replace(/^(\.\/)+/, '')
  } catch {
    return undefined
  }
}

class Inspector {
  readonly problems: InspectProblem[] = []
  /** Files by their path in the package ('/' separators). */
  readonly files = new Map<string, ZipEntry>()
  private scanned = 0

  constructor(readonly dir: ZipDirectory) {
    for (const e of dir.entries) {
      if (e.directory) continue
      const where = entryPath(e.name)
      if ('path' in where && !this.files.has(where.path)) this.files.set(where.path, e)
    }
  }

  add(code: ProblemCode, message: string, at?: InspectProblem['at']): void {
    this.problems.push(problem(code, message, at))
  }

  /** The entry's text, or undefined past `max` bytes. */
  async text(path: string, max: number): Promise<string | undefined> {
    const entry = this.files.get(path)
    if (!entry) return undefined
    const data = await readEntry(this.dir, entry, max)
    return data?.toString('utf8')
  }

  /** Reads and parses a control file; a problem (with line and column) and undefined when it cannot be read. */
  async controlFile(path: string): Promise<XmlElement | undefined> {
    const text = await this.text(path, XML_LIMITS.bytes)
    if (text === undefined) {
      this.add('control-file-too-large', `${path} is over ${XML_LIMITS.bytes.toLocaleString('en')} bytes: it is not read`, { file: path })
      return undefined
    }
    try {
      return parseXml(text, path)
    } catch (error) {
      if (!(error instanceof ControlFileError)) throw error
      this.add('not-well-formed', error.reason, { file: path, ...(error.line !== undefined ? { line: error.line, col: error.column ?? 1 } : {}) })
      return undefined
    }
  }

  /** Names that would not unpack the same everywhere: backslashes, and names equal but for case. */
  names(): void {
    const backslashed = this.dir.entries.filter((e) => e.name.includes('\\')).map((e) => e.name)
    if (backslashed.length) {
      this.add('entry-backslash', `${plural(backslashed.length, 'entry')} use${backslashed.length === 1 ? 's' : ''} backslashes as folder separators (the Moodle app on Android cannot open them): ${listed(backslashed)}`)
    }
    const byLower = new Map<string, string>()
    const clashes: string[] = []
    for (const path of this.files.keys()) {
      const before = byLower.get(path.toLowerCase())
      if (before !== undefined) clashes.push(`${before} and ${path}`)
      else byLower.set(path.toLowerCase(), path)
    }
    if (clashes.length) this.add('entry-case-clash', `names that differ only in case overwrite each other on Windows and macOS: ${listed(clashes)}`)
  }

  /** A relative launch href is in the zip; an absolute URL is an internet reference. */
  launchPresent(l: InspectedLaunch, controlFile: string): void {
    if (isUrl(l.href)) {
      this.add('internet-reference', `${l.title}: it launches ${l.href}, on the internet: the package does not work offline`, { file: controlFile })
      return
    }
    const file = hrefFile(l.href)
    if (file === undefined) this.add('launch-broken-escape', `${l.title}: its launch href ${l.href} has a broken %-escape: an LMS cannot find the page`, { file: controlFile })
    else if (file.startsWith('/') || file.split('/').includes('..')) this.add('href-outside', `${l.title}: its launch href ${l.href} points outside the package`, { file: controlFile })
    else if (!this.files.has(file)) this.add('launch-missing', `${l.title}: its launch page ${file} is not in the zip`, { file: controlFile })
  }

  /** Pages and style sheets that fetch from the internet, one problem per file. */
  async internetReferences(): Promise<string[]> {
    const texts: string[] = []
    for (const [path, entry] of this.files) {
      if (!/\.(html?|xhtml|css)$/i.test(path) || entry.size > PAGE_SCAN_BYTES) continue
      if (this.scanned + entry.size > SCAN_TOTAL_BYTES) break
      this.scanned += entry.size
      const text = await this.text(path, PAGE_SCAN_BYTES)
      if (text === undefined) continue
      texts.push(text.slice(0, 4096))
      const pattern = /\.css$/i.test(path) ? REMOTE_IN_CSS : REMOTE_IN_HTML
      const urls = [...text.matchAll(pattern)].map((m) => m[1])
      if (urls.length) this.add('internet-reference', `${path} fetches ${plural(urls.length, 'file')} from the internet (${listed([...new Set(urls)])}): it breaks offline and DVD use`, { file: path })
    }
    return texts
  }
}

function summary(dir: ZipDirectory, files: Map<string, ZipEntry>): Inspection['files'] {
  const all = [...files.entries()]
  return {
    count: all.length,
    bytes: all.reduce((n, [, e]) => n + e.size, 0),
    compressedBytes: all.reduce((n, [, e]) => n + e.compressedSize, 0),
    largest: all.sort((a, b) => b[1].size - a[1].size).slice(0, 3).map(([path, e]) => ({ path, bytes: e.size })),
  }
}

/** What is not one of the standards' rows in words: a manifest not yet read for its version, AICC, nothing an LMS imports. */
const OTHER_NAMES = { scorm: 'SCORM (manifest unreadable)', aicc: 'AICC', none: 'not a package' } as const

/** A standard in words: the targets table's title; a package that reports nothing to the LMS says so. */
const standardName = (target: TargetName): string =>
  STANDARDS[target].runtime === 'none' ? `${targets[target].title} (no LMS tracking)` : targets[target].title

/** The kind a control file makes a package before it is read: its standard, or 'scorm' where standards share it (the manifest names its version). */
function kindOf(file: ControlFile): TargetName | 'scorm' {
  const readers = standardsReading(file)
  return readers.length === 1 ? readers[0]! : 'scorm'
}

function empty(file: string): Inspection {
  return {
    ok: false, file, kind: 'none', standard: OTHER_NAMES.none, refused: false, organizations: [], launches: [], sequencing: [],
    files: { count: 0, bytes: 0, compressedBytes: 0, largest: [] }, problems: [],
  }
}

/** Inspects the zip at `zipPath`. Never throws for what the file holds; system errors (cannot open) do throw. */
export async function inspectPackage(zipPath: string, options: InspectOptions): Promise<Inspection> {
  return (await readPackage(zipPath, options)).inspection
}

/** The inspection and, for a package coursepack made, its course data (course.js), read once. */
export async function readPackage(zipPath: string, options: InspectOptions): Promise<{ inspection: Inspection; data?: PlayerData }> {
  const limits = options.limits ?? ZIP_LIMITS
  const result = empty(options.displayName)
  let data: PlayerData | undefined
  let dir: ZipDirectory
  try {
    dir = await readZipDirectory(zipPath, limits)
  } catch (error) {
    if (error instanceof ZipRefusedError) {
      result.refused = true
      result.problems.push(problem(error.code, error.message))
    } else if (error instanceof NotAZipError) result.problems.push(problem('not-a-zip', `it is not a readable zip: ${error.message}`))
    else throw error
    return { inspection: result }
  }
  try {
    const inspector = new Inspector(dir)
    result.files = summary(dir, inspector.files)
    const refusal = zipRefusal(dir, limits)
    if (refusal) {
      result.refused = true
      result.problems.push(problem(refusal.code, refusal.message))
      return { inspection: result }
    }
    for (const p of entryProblems(dir.entries)) {
      result.refused = true
      inspector.add(p.code, p.message)
    }
    inspector.names()
    data = await identify(inspector, result)
    result.problems = [...result.problems, ...inspector.problems]
  } catch (error) {
    if (!(error instanceof NotAZipError)) throw error
    result.problems.push(problem('not-a-zip', `it is a damaged zip: ${error.message}`))
  } finally {
    dir.close()
  }
  result.ok = !result.problems.some((p) => p.severity === 'error')
  return { inspection: result, ...(data ? { data } : {}) }
}

async function identify(inspector: Inspector, result: Inspection): Promise<PlayerData | undefined> {
  const has = (path: string) => inspector.files.has(path)
  const paths = [...inspector.files.keys()]
  let controlText = ''
  // The control files in the order an LMS looks for them; each read by its own reader below.
  const control = CONTROL_FILES.find(has)
  if (control) {
    const kind = kindOf(control)
    result.kind = kind
    result.standard = kind === 'scorm' ? OTHER_NAMES.scorm : standardName(kind)
    controlText = (await inspector.text(control, XML_LIMITS.bytes)) ?? ''
    const root = await inspector.controlFile(control)
    if (root) CONTROL_READERS[control](inspector, result, root, paths)
  } else if (paths.some((p) => /^[^/]+\.crs$/i.test(p))) {
    result.kind = 'aicc'
    result.standard = OTHER_NAMES.aicc
    await aicc(inspector, result, paths)
  } else if (has('index.html')) {
    result.kind = 'web'
    result.standard = standardName('web')
    result.launches = [{ id: 'index', title: 'index.html', href: 'index.html', type: 'page' }]
  } else {
    const nested = paths.find((p) => CONTROL_FILES.some((file) => p.endsWith(`/${file}`)))
    if (nested) inspector.add('manifest-not-at-root', `${nested} is inside a folder: an LMS looks for it at the root of the zip and refuses the package (zip the folder's contents, not the folder)`, { file: nested })
    else inspector.add('not-a-package', `the zip has no ${CONTROL_FILES.join(', ')}, AICC .crs file or index.html at its root: an LMS would refuse it`)
    return undefined
  }
  const pages = await inspector.internetReferences()
  const courseScript = has('course.js') ? await inspector.text('course.js', COURSE_DATA_BYTES) : undefined
  const data = courseScript === undefined ? undefined : parseCourseData(courseScript)
  if (data) {
    const c = data.course
    const allPages = data.modules.flatMap((m) => m.pages)
    const questions = allPages.reduce((n, p) => n + p.blocks.filter((b) => b.type === 'question').length, 0)
    result.course = { id: c.id, version: c.version, title: c.title, pages: allPages.length, questions }
    result.madeBy = 'coursepack'
    return data
  }
  const said = [controlText, ...pages].join('\n')
  result.madeBy = AUTHORING_TOOLS.find((t) => (t.path && paths.some((p) => t.path!.test(p))) || (t.text && t.text.test(said)))?.tool
  return undefined
}

function scorm(inspector: Inspector, result: Inspection, root: XmlElement): void {
  const version = manifestVersion(root)
  const facts = describeManifest(root, version)
  if (version) result.kind = version
  result.standard = facts.standard
  Object.assign(result, {
    ...(facts.title ? { title: facts.title } : {}), ...(facts.identifier ? { identifier: facts.identifier } : {}), ...(facts.version ? { version: facts.version } : {}),
  })
  result.organizations = facts.organizations
  result.sequencing = facts.sequencing
  const at = (line: number) => ({ file: 'imsmanifest.xml', line, col: 1 })
  if (!version) inspector.add('no-scorm-version', 'imsmanifest.xml names no SCORM version (schemaversion 1.2 or 2004, or the ADL namespaces): an LMS cannot tell how to run it', at(root.line))
  for (const d of facts.danglingRefs) inspector.add('reference-missing', `${d.from} refers to resource ${d.ref}, which the manifest does not have`, at(d.line))
  const items = facts.organizations.find((o) => o.default)?.items ?? []
  result.launches = manifestLaunches(root).map((l) => {
    const item = items.find((i) => i.identifier === l.id)
    const type = item?.type ?? (item ? 'asset' : 'sco')
    return { id: l.id, title: l.title, href: l.href, type, ...(item?.masteryScore !== undefined ? { masteryScore: item.masteryScore } : {}) }
  })
  const scos = result.launches.filter((l) => l.type === 'sco').length
  if (version === 'scorm2004' && scos > 1) {
    inspector.add('scorm2004-multi-sco-moodle', `${scos} SCOs in a SCORM 2004 package: Moodle (5.1) keeps one SCORM 2004 API per player page, so after the first SCO ends each next one opened in that page fails to start (error 104) and is not recorded; other LMSs run them. For Moodle, package the course as one SCO, or as SCORM 1.2`, { file: 'imsmanifest.xml' })
  }
  if (version && result.launches.length === 0) inspector.add('no-launch', 'imsmanifest.xml has no item or SCO with a launch href: an LMS has nothing to launch', at(root.line))
  for (const l of result.launches) inspector.launchPresent(l, 'imsmanifest.xml')
  const launched = new Set(result.launches.map((l) => hrefFile(l.href)))
  const named = new Set<string>()
  const missing: string[] = []
  for (const f of facts.listed) {
    if (isUrl(f.path)) {
      inspector.add('internet-reference', `the manifest lists ${f.path}, on the internet: the package does not work offline`, at(f.line))
      continue
    }
    const file = hrefFile(f.path)
    if (file === undefined) continue
    if (file.startsWith('/') || file.split('/').includes('..')) {
      inspector.add('href-outside', `the manifest lists ${f.path}, outside the package: an LMS cannot serve it`, at(f.line))
      continue
    }
    named.add(file)
    if (!inspector.files.has(file) && !launched.has(file) && !missing.includes(file)) missing.push(file)
  }
  if (missing.length) inspector.add('listed-file-missing', `the manifest lists ${plural(missing.length, 'file')} the zip does not have: ${listed(missing)}`, { file: 'imsmanifest.xml' })
  // The control files and the schemas beside them are the package's, not content a resource lists.
  const unlisted = [...inspector.files.keys()].filter((p) => !named.has(p) && p !== 'imsmanifest.xml' && !/\.(xsd|dtd)$/i.test(p))
  if (unlisted.length && facts.listed.length) {
    inspector.add('unlisted-file', `${plural(unlisted.length, 'file')} in the zip ${unlisted.length === 1 ? 'is' : 'are'} listed by no resource (an LMS that copies only listed files loses ${unlisted.length === 1 ? 'it' : 'them'}): ${listed(unlisted)}`, { file: 'imsmanifest.xml' })
  }
}

function cmi5(inspector: Inspector, result: Inspection, root: XmlElement, paths: string[]): void {
  const course = descendants(root, 'course')[0]
  const langstring = (el: XmlElement | undefined) => textOf(el && descendants(child(el, 'title') ?? el, 'langstring')[0]).trim()
  Object.assign(result, { ...(course ? { title: langstring(course) || undefined, identifier: attr(course, 'id') } : {}) })
  for (const p of checkCmi5CourseStructure(root, paths)) inspector.add('cmi5-structure', p, { file: 'cmi5.xml' })
  const aus = descendants(root, 'au')
  result.launches = cmi5Launches(root).map((l) => {
    const au = aus.find((a) => attr(a, 'id') === l.id)
    const mastery = au && attr(au, 'masteryScore')
    const moveOn = au && attr(au, 'moveOn')
    return { id: l.id, title: l.title, href: l.href, type: 'au', ...(mastery !== undefined ? { masteryScore: Number(mastery) } : {}), ...(moveOn ? { moveOn } : {}) }
  })
  const blocks = descendants(root, 'block').length
  if (blocks) result.sequencing = [`${plural(blocks, 'block')}`]
  if (result.launches.length === 0) inspector.add('no-launch', 'cmi5.xml has no AU with a url: an LMS has nothing to launch', { file: 'cmi5.xml' })
  for (const l of result.launches) inspector.launchPresent(l, 'cmi5.xml')
}

function xapi(inspector: Inspector, result: Inspection, root: XmlElement): void {
  const first = descendants(root, 'activity')[0]
  if (first) Object.assign(result, { identifier: attr(first, 'id'), title: textOf(child(first, 'name')).trim() || undefined })
  result.launches = tincanLaunches(root).map((l) => ({ ...l, type: 'activity' }))
  if (result.launches.length === 0) inspector.add('no-launch', 'tincan.xml has no activity with a launch element: an LMS has nothing to launch', { file: 'tincan.xml' })
  for (const l of result.launches) inspector.launchPresent(l, 'tincan.xml')
}

/** What inspect reads in each control file: the facts an LMS shows on import, and what it would refuse. */
const CONTROL_READERS: Record<ControlFile, (inspector: Inspector, result: Inspection, root: XmlElement, paths: string[]) => void> = {
  'imsmanifest.xml': scorm, 'cmi5.xml': cmi5, 'tincan.xml': xapi,
}

/** AICC's course file names the course; its .au file (a CSV table) the launch files. */
async function aicc(inspector: Inspector, result: Inspection, paths: string[]): Promise<void> {
  const crs = paths.find((p) => /^[^/]+\.crs$/i.test(p))!
  const text = (await inspector.text(crs, PAGE_SCAN_BYTES)) ?? ''
  const title = /^\s*Course_Title\s*=\s*(.+?)\s*$/im.exec(text)?.[1]
  const id = /^\s*Course_ID\s*=\s*(.+?)\s*$/im.exec(text)?.[1]
  Object.assign(result, { ...(title ? { title } : {}), ...(id ? { identifier: id } : {}) })
  const au = paths.find((p) => p.toLowerCase() === crs.toLowerCase().replace(/\.crs$/, '.au'))
  if (!au) return
  const rows = ((await inspector.text(au, PAGE_SCAN_BYTES)) ?? '').split(/\r?\n/).filter((l) => l.trim()).map((l) => l.split(',').map((c) => c.trim().replace(/^"|"$/g, '')))
  const header = (rows.shift() ?? []).map((h) => h.toLowerCase())
  const fileCol = header.indexOf('file_name')
  const idCol = header.indexOf('system_id')
  if (fileCol < 0) return
  result.launches = rows.map((r) => ({ id: r[idCol] ?? '', title: r[idCol] ?? '', href: r[fileCol] ?? '', type: 'au' }))
  for (const l of result.launches) inspector.launchPresent(l, au)
}
