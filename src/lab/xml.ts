// The one reader of control files (imsmanifest.xml, tincan.xml, cmi5.xml) for the lab, `check` and
// the cmi5 structure checks. saxes is a strict, namespace-aware streaming parser: it keeps the five
// predefined entities and numeric references and refuses any other entity (a DOCTYPE's declarations
// are never applied, so no entity expansion), and it reports line and column. On top of it this
// module builds a small plain tree, with the file's size and the nesting depth capped.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { SaxesParser, type SaxesTagNS } from 'saxes'

export interface XmlElement {
  /** Namespace URI ('' for none). */
  ns: string
  /** Local name, without prefix. */
  local: string
  /** Attributes by name as written ("adlcp:scormtype", "xml:base", "href"). */
  attributes: Map<string, { ns: string; local: string; value: string }>
  children: XmlElement[]
  /** The element's own character data (not its children's), untrimmed. */
  text: string
  line: number
}

/** A control file that cannot be read: one line naming the file and the position. */
export class ControlFileError extends Error {
  constructor(readonly file: string, readonly reason: string, readonly line?: number, readonly column?: number) {
    super(`${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${reason}`)
  }
}

export interface XmlLimits { bytes: number; depth: number }
/** Manifests of courses with thousands of files stay well under a few MB; no LMS nests 100 deep. */
export const XML_LIMITS: XmlLimits = { bytes: 16 * 1024 * 1024, depth: 100 }

/** Parses a whole document into its root element; throws ControlFileError when it is not well-formed XML. */
export function parseXml(text: string, file: string, limits: XmlLimits = XML_LIMITS): XmlElement {
  if (text.length > limits.bytes) throw new ControlFileError(file, `is ${text.length.toLocaleString('en')} characters; a control file over ${limits.bytes.toLocaleString('en')} is not read`)
  const parser = new SaxesParser({ xmlns: true, position: true })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  const fail = (reason: string): never => {
    // saxes's column is that of the next character: the one before it is where the mistake ends.
    throw new ControlFileError(file, `is not well-formed XML: ${reason}`, parser.line, Math.max(1, parser.column))
  }
  parser.on('error', (e) => {
    const reason = e.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')
    // Tools write `adlcp:scormtype` without declaring adlcp and Moodle imports it: read such names by their local part.
    if (/^unbound namespace prefix/.test(reason)) return
    fail(reason)
  })
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= limits.depth) fail(`elements are nested more than ${limits.depth} deep`)
    const attributes = new Map<string, { ns: string; local: string; value: string }>()
    for (const a of Object.values(tag.attributes)) attributes.set(a.name, { ns: a.uri ?? '', local: a.local, value: a.value })
    const el: XmlElement = { ns: tag.uri ?? '', local: tag.local, attributes, children: [], text: '', line: parser.line }
    if (stack.length > 0) stack[stack.length - 1].children.push(el)
    else root = el
    if (!tag.isSelfClosing) stack.push(el)
  })
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop()
  })
  const addText = (t: string) => {
    if (stack.length > 0) stack[stack.length - 1].text += t
  }
  parser.on('text', addText)
  parser.on('cdata', addText)
  // A byte-order mark is not part of the document.
  parser.write(text.replace(/^\uFEFF/, '')).close()
  if (!root) fail('no root element')
  return root!
}

/** Reads and parses `file` in `dir`, refusing it past the size limit before reading it. */
export async function readControlFile(dir: string, file: string, limits: XmlLimits = XML_LIMITS): Promise<XmlElement> {
  const path = join(dir, file)
  const info = await stat(path)
  if (info.size > limits.bytes) throw new ControlFileError(file, `is ${info.size.toLocaleString('en')} bytes; a control file over ${limits.bytes.toLocaleString('en')} is not read`)
  return parseXml(await readFile(path, 'utf8'), file, limits)
}

// ---- reading the tree -------------------------------------------------------------------------

/** The attribute with this local name and no namespace (or, with `ns`, in that namespace). */
export function attr(el: XmlElement, local: string, ns = ''): string | undefined {
  for (const a of el.attributes.values()) if (a.local === local && a.ns === ns) return a.value
  return undefined
}

/** The attribute with this local name in any namespace, case-insensitively (`adlcp:scormtype` vs `adlcp:scormType`). */
export function attrAnyNs(el: XmlElement, local: string): string | undefined {
  const wanted = local.toLowerCase()
  for (const a of el.attributes.values()) if (a.local.toLowerCase() === wanted) return a.value
  return undefined
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace'

/** Child elements with this local name (any namespace unless `ns` is given). */
export function children(el: XmlElement, local: string, ns?: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && (ns === undefined || c.ns === ns))
}

export function child(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && (ns === undefined || c.ns === ns))
}

/** `el` and every element below it with this local name, in document order; iterative, so depth costs no stack. */
export function descendants(el: XmlElement, local: string, ns?: string): XmlElement[] {
  const found: XmlElement[] = []
  const todo: XmlElement[] = [el]
  while (todo.length > 0) {
    const next = todo.pop()!
    if (next.local === local && (ns === undefined || next.ns === ns)) found.push(next)
    for (let i = next.children.length - 1; i >= 0; i--) todo.push(next.children[i])
  }
  return found
}

/** The text of an element (its own text first, then its descendants'). */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return ''
  let out = ''
  const todo: XmlElement[] = [el]
  while (todo.length > 0) {
    const next = todo.pop()!
    out += next.text
    for (let i = next.children.length - 1; i >= 0; i--) todo.push(next.children[i])
  }
  return out
}
