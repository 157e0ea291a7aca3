// `inspect --schemas DIR`: the package's control file validated against the official XSDs the admin
// keeps in DIR (for instance ../shared/schemas). coursepack ships no schemas for this: DIR is the
// admin's own copy, found by the file names the official distributions give them, in any folder layout.
// libxml2 (xmllint-wasm) does the validation; it takes one schema per run, so a small wrapper schema
// imports every namespace the control file uses.
import type { Dirent } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { STANDARDS } from '../lab/standards.js'
import { parseXml, XML_LIMITS, type XmlElement } from '../lab/xml.js'
import { NS_CMI5_COURSE_STRUCTURE } from '../targets/cmi5.js'
import { NS_TINCAN } from '../targets/xapi.js'
import type { Inspection, PackageKind } from './index.js'
import { problem, type InspectProblem } from './problems.js'
import { readEntry, readZipDirectory } from './zip.js'

/** DIR is missing, or lacks a schema the control file needs, or its schemas do not compile: a usage error (exit 2). */
export class SchemaDirError extends Error {}

/** The schema of each namespace a control file may use, by its official file name. */
export const SCHEMA_FILES: Readonly<Record<string, string>> = {
  // SCORM 1.2: IMS CP 1.1.2, ADL CP 1.2, IMS MD 1.2.1
  'http://www.imsproject.org/xsd/imscp_rootv1p1p2': 'imscp_rootv1p1p2.xsd',
  'http://www.adlnet.org/xsd/adlcp_rootv1p2': 'adlcp_rootv1p2.xsd',
  'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1': 'imsmd_rootv1p2p1.xsd',
  // SCORM 2004: IMS CP 1.1.4, ADL CP, sequencing and navigation, IMS Simple Sequencing
  'http://www.imsglobal.org/xsd/imscp_v1p1': 'imscp_v1p1.xsd',
  'http://www.adlnet.org/xsd/adlcp_v1p3': 'adlcp_v1p3.xsd',
  'http://www.adlnet.org/xsd/adlseq_v1p3': 'adlseq_v1p3.xsd',
  'http://www.adlnet.org/xsd/adlnav_v1p3': 'adlnav_v1p3.xsd',
  'http://www.imsglobal.org/xsd/imsss': 'imsss_v1p0.xsd',
  [NS_CMI5_COURSE_STRUCTURE]: 'CourseStructure.xsd',
  [NS_TINCAN]: 'tincan.xsd',
}

/** The file validated: the standards table's control file (a manifest of no known SCORM version too). */
const controlFileOf = (kind: PackageKind): string | undefined =>
  kind === 'scorm' ? 'imsmanifest.xml' : kind === 'aicc' || kind === 'none' ? undefined : STANDARDS[kind].control?.file

/** How far into DIR schemas are looked for: the official layouts are one or two folders deep. */
const MAX_DEPTH = 4
const MAX_FILES = 5000
/** Findings shown per package: the first few say what is wrong; a broken generator repeats itself. */
const MAX_FINDINGS = 20

const XMLNS = 'http://www.w3.org/2000/xmlns/'

/** Every namespace the document uses or declares, in document order. */
function namespacesOf(root: XmlElement): string[] {
  const found = new Set<string>()
  const visit = (el: XmlElement) => {
    if (el.ns) found.add(el.ns)
    for (const a of el.attributes.values()) {
      if (a.ns === XMLNS || a.local === 'xmlns') found.add(a.value)
      else if (a.ns) found.add(a.ns)
    }
    el.children.forEach(visit)
  }
  visit(root)
  return [...found]
}

/** The .xsd and .dtd files under DIR, by file name (the first found, shallowest first, wins). */
async function schemaFiles(dir: string, shown: string): Promise<Map<string, string>> {
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory()) throw new SchemaDirError(`--schemas ${shown}: no such folder (give the folder that holds the official XSDs, e.g. ../shared/schemas)`)
  const byName = new Map<string, string>()
  let level = [dir]
  let seen = 0
  for (let depth = 0; depth <= MAX_DEPTH && level.length && seen < MAX_FILES; depth++) {
    const next: string[] = []
    for (const folder of level) {
      const entries: Dirent[] = await readdir(folder, { withFileTypes: true }).catch(() => [])
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (++seen > MAX_FILES) break
        const path = join(folder, e.name)
        if (e.isDirectory()) next.push(path)
        else if (e.isFile() && /\.(xsd|dtd)$/i.test(e.name) && !byName.has(e.name)) byName.set(e.name, path)
      }
    }
    level = next
  }
  return byName
}

/**
 * One schema that imports each namespace from its file: xmllint validates against one schema per
 * run, and a manifest uses several namespaces.
 */
export function wrapperSchema(imports: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursepack:wrapper">
${Object.entries(imports).map(([ns, file]) => `  <xsd:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n')}
</xsd:schema>`
}

/** A schema error's text without libxml2's prefix ("element item: Schemas validity error : "). */
const tidy = (message: string) => message.replace(/^element [^:]+: Schemas validity error : /, '').replace(/^Schemas validity error : /, '').trim()

/**
 * The package's control file against the schemas in `schemasDir`: a problem per schema error, with
 * its line. Nothing to validate (no control file, refused, not well-formed) gives none. Throws
 * SchemaDirError for a DIR that cannot serve: missing, lacking a needed schema, or not compiling.
 */
export async function schemaProblems(zipPath: string, inspection: Inspection, schemasDir: string, shownDir: string): Promise<InspectProblem[]> {
  const byName = await schemaFiles(schemasDir, shownDir)
  const control = controlFileOf(inspection.kind)
  if (!control || inspection.refused || inspection.problems.some((p) => p.at?.file === control && (p.code === 'not-well-formed' || p.code === 'control-file-too-large'))) return []
  const zip = await readZipDirectory(zipPath)
  let text: string | undefined
  try {
    const entry = zip.entries.find((e) => !e.directory && e.name === control)
    text = entry && (await readEntry(zip, entry, XML_LIMITS.bytes))?.toString('utf8')
  } finally {
    zip.close()
  }
  if (text === undefined) return []

  const imports = namespacesOf(parseXml(text, control)).filter((ns) => SCHEMA_FILES[ns])
  for (const ns of imports) {
    const file = SCHEMA_FILES[ns]!
    if (!byName.has(file)) throw new SchemaDirError(`--schemas ${shownDir}: it has no ${file}, the schema of ${ns} that ${control} uses (copy the official control files into it)`)
  }
  if (imports.length === 0) return [problem('schema-invalid', `${control} uses no namespace of a known control-file schema (its root is ${parseXml(text, control).ns || 'in no namespace'}): it cannot be valid`, { file: control, line: 1 })]

  // Every schema file beside the ones imported: their own imports and includes name them by file name.
  const folders = new Set(imports.map((ns) => dirname(byName.get(SCHEMA_FILES[ns]!)!)))
  const preload = await Promise.all([...byName.values()].filter((path) => folders.has(dirname(path)))
    .map(async (path) => ({ fileName: basename(path), contents: await readFile(path, 'utf8') })))
  const wrapper = wrapperSchema(Object.fromEntries(imports.map((ns) => [ns, SCHEMA_FILES[ns]!])))
  const { validateXML } = await import('xmllint-wasm') // loaded only for --schemas: a WebAssembly module and its worker
  const result = await validateXML({ xml: [{ fileName: control, contents: text }], schema: [{ fileName: 'coursepack-wrapper.xsd', contents: wrapper }], preload })
  if (result.valid) return []
  const findings = result.errors.filter((e) => e.loc?.fileName === control)
  if (findings.length === 0) {
    const first = result.errors.map((e) => e.rawMessage).find((m) => /error/i.test(m) && !/namespace error/.test(m)) ?? result.rawOutput.split('\n')[0]
    throw new SchemaDirError(`--schemas ${shownDir}: its schemas for ${control} do not compile: ${first}`)
  }
  const problems = findings.slice(0, MAX_FINDINGS).map((e) => problem('schema-invalid', `not valid against its schema: ${tidy(e.message)}`, { file: control, line: e.loc!.lineNumber }))
  if (findings.length > MAX_FINDINGS) problems.push(problem('schema-invalid', `and ${findings.length - MAX_FINDINGS} more schema errors`, { file: control }))
  return problems
}
