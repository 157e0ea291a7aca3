// Validation against the official XSDs with xmllint-wasm. Each run of xmllint starts a worker,
// loads the WebAssembly module and compiles the schema (1.5–2.5 s for SCORM 2004), and then
// validates any number of documents at next to no cost: so a test file validates all its documents
// of one schema in one run (`xsdBatch`), not one run per document.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateXML, type XMLFileInfo } from 'xmllint-wasm'
import { SCHEMA_FILES, wrapperSchema } from '../../src/inspect/schemas.js'
import { templatesDir } from '../../src/paths.js'
import { SCORM12_CONTROL_FILES } from '../../src/targets/scorm12.js'
import { SCORM2004_CONTROL_FILES } from '../../src/targets/scorm2004.js'
import { sharedFile } from './paths.js'

export interface XsdResult { valid: boolean; errors: string[] }

/** What a schema-valid document gets. */
export const VALID: XsdResult = { valid: true, errors: [] }

/** A schema for xmllint: the file it is given, and the files that one imports and includes. */
export interface Schema { name: string; main: XMLFileInfo; files: XMLFileInfo[] }

const read = (path: string): string => readFileSync(path, 'utf8')

/**
 * A manifest schema from the control files coursepack ships in templates/schemas (the very files
 * packages carry), through one wrapper schema that imports the namespace of each (`inspect
 * --schemas`'s table): xmllint takes one schema, and its in-memory file system no subfolders.
 */
function manifestSchema(name: string, folder: string, files: string[]): Schema {
  const imports = Object.fromEntries(Object.entries(SCHEMA_FILES).filter(([, file]) => files.includes(file)))
  return {
    name,
    main: { fileName: 'wrapper.xsd', contents: wrapperSchema(imports) },
    files: files.map((fileName) => ({ fileName, contents: read(join(templatesDir, 'schemas', folder, fileName)) })),
  }
}

/** SCORM 1.2 manifest: IMS CP 1.1.2, ADL CP 1.2 and IMS MD 1.2.1 (inline LOM metadata). */
export const SCORM12_SCHEMA = (): Schema => manifestSchema('SCORM 1.2', 'scorm12', SCORM12_CONTROL_FILES)

/** SCORM 2004 4th edition manifest without inline LOM (coursepack writes none, and ships no LOM schemas). */
export const SCORM2004_SCHEMA = (): Schema => manifestSchema('SCORM 2004 4th edition', 'scorm2004-4th', SCORM2004_CONTROL_FILES)

/** cmi5.xml course structure: the official CourseStructure.xsd, which packages do not carry (it is in ../shared). */
export const CMI5_SCHEMA = (): Schema => ({
  name: 'cmi5 CourseStructure.xsd',
  main: { fileName: 'CourseStructure.xsd', contents: read(sharedFile('schemas/cmi5/CourseStructure.xsd')) },
  files: [],
})

/**
 * Validates documents against one schema in one xmllint run, and gives each its own verdict:
 * xmllint says "<file> validates" or "<file> fails to validate" for each, after the errors it
 * prefixes with "<file>:<line>:".
 */
export async function validateAll(schema: Schema, documents: readonly string[]): Promise<XsdResult[]> {
  if (documents.length === 0) return []
  const names = documents.map((_, i) => `document-${i + 1}.xml`)
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: names[i], contents })),
    schema: [schema.main],
    preload: schema.files,
  })
  const lines = result.rawOutput.split('\n')
  return names.map((name) => {
    const errors = lines.filter((l) => l.startsWith(`${name}:`))
    const valid = lines.includes(`${name} validates`)
    if (!valid && !lines.includes(`${name} fails to validate`)) {
      throw new Error(`xmllint gave no verdict on a document against the ${schema.name} schema:\n${result.rawOutput}`)
    }
    return { valid, errors }
  })
}

/** One document against one schema (a run of its own: prefer `xsdBatch` when a file validates several). */
export async function validate(schema: Schema, xml: string): Promise<XsdResult> {
  return (await validateAll(schema, [xml]))[0]
}

type Produce = () => string | Promise<string>

/**
 * The documents a test file validates against one schema, declared up front and validated together
 * when the first verdict is asked for. `add` takes a function that makes the document (so a broken
 * builder fails its own test, not the file) and returns the function that gives its verdict.
 */
export function xsdBatch(schema: () => Schema): { add: (produce: Produce) => () => Promise<XsdResult> } {
  const waiting: { produce: Produce; verdict?: Promise<XsdResult> }[] = []

  function runWaiting(): void {
    const entries = waiting.filter((e) => !e.verdict)
    const made = entries.map((e) => Promise.resolve().then(e.produce))
    const run = Promise.allSettled(made).then(async (settled) => {
      const documents = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [{ i, xml: s.value }] : []))
      const results = await validateAll(schema(), documents.map((d) => d.xml))
      return new Map(documents.map((d, k) => [d.i, results[k]]))
    })
    entries.forEach((entry, i) => {
      entry.verdict = made[i].then(() => run).then((byEntry) => byEntry.get(i)!)
      // Rejections reach the test that asks for this verdict, whenever it asks, not as unhandled ones now.
      entry.verdict.catch(() => undefined)
    })
  }

  return {
    add(produce) {
      const entry: (typeof waiting)[number] = { produce }
      waiting.push(entry)
      return () => {
        if (!entry.verdict) runWaiting()
        return entry.verdict!
      }
    },
  }
}
