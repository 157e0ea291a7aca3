// The YAML reading every stage shares (course.yaml, front matter, quiz fences): a mapping with file
// positions from yaml's LineCounter, the field readers, and parser errors turned into plain sentences.
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type Pair, type YAMLError, type YAMLMap } from 'yaml'
import { diagnostic, type Diagnostic, type YamlProblem } from './diagnostics.js'
import { isIsoDuration } from './formats.js'
import type { SourcePos } from './model.js'
import { closest } from './suggest.js'

/** A YAML mapping read from the author's text, with a way to turn any node back into a file position. */
export interface YamlMapping {
  map: YAMLMap<unknown, unknown>
  /** File position of an offset in the YAML text. */
  pos(offset: number): SourcePos
  /** File position of a node (its first character); the mapping's origin when the node has no range. */
  at(node: unknown): SourcePos
  /** The value node of `key`, or undefined when the key is absent. */
  node(key: string): Node | undefined
  /** Position of `key` itself, for "this key is wrong" findings. */
  keyAt(key: string): SourcePos
}

/** `origin` is where text[0] sits in the file (quiz YAML starts below its fence; front matter below `---`); origin.col - 1 is added to every column. */
export function readYamlMapping(
  text: string,
  origin: SourcePos,
  what: string,
  example: string,
  diagnostics: Diagnostic[],
): YamlMapping | undefined {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const pos = (offset: number): SourcePos => {
    const { line, col } = lc.linePos(offset)
    const l = Math.max(line, 1)
    // origin.col > 1 only for a fence indented in its file: marked strips that indentation from every line.
    return { file: origin.file, line: origin.line + l - 1, col: origin.col + col - 1 }
  }
  // One finding per document: after the first syntax error the rest of the tree is guesswork.
  if (doc.errors.length > 0) {
    const problem = explainYamlErrors(doc.errors, text)
    diagnostics.push(diagnostic('yaml-syntax', pos(problem.offset), problem.kind, problem.detail))
    return undefined
  }
  if (!isMap(doc.contents)) {
    const at = doc.contents?.range ? pos(doc.contents.range[0]) : origin
    diagnostics.push(diagnostic('yaml-not-mapping', at, what, example))
    return undefined
  }
  const at = (node: unknown): SourcePos => {
    const range = (node as Node | undefined)?.range
    return range ? pos(range[0]) : origin
  }
  return mappingOf(doc.contents, pos, at)
}

/** A nested mapping (`scorm:`, `feedback:`, a choice) read with its parent's positions. */
export function subMapping(parent: YamlMapping, map: YAMLMap<unknown, unknown>): YamlMapping {
  return mappingOf(map, parent.pos, parent.at)
}

function mappingOf(map: YAMLMap<unknown, unknown>, pos: YamlMapping['pos'], at: YamlMapping['at']): YamlMapping {
  const pairOf = (key: string): Pair<unknown, unknown> | undefined => map.items.find((p) => keyText(p) === key)
  return {
    map,
    pos,
    at,
    node: (key) => (pairOf(key)?.value as Node | null | undefined) ?? undefined,
    keyAt: (key) => at(pairOf(key)?.key),
  }
}

const keyText = (pair: Pair<unknown, unknown>): string => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))

/**
 * What went wrong, in the author's terms, and where: the parser's first error names the symptom; a
 * tab or a line indented out of step is what the author must change, so the finding points there.
 */
export function explainYamlErrors(errors: readonly YAMLError[], text: string): { kind: YamlProblem; offset: number; detail: string } {
  const first = errors[0]!
  const detail = cleanYamlMessage(first.message)
  const offset = first.pos[0]
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const firstNonSpace = (from: number): number => from + /^ */.exec(text.slice(from))![0].length
  if (errors.some((e) => e.code === 'TAB_AS_INDENT')) {
    const tab = errors.find((e) => e.code === 'TAB_AS_INDENT')!
    return { kind: 'tab', offset: text.lastIndexOf('\n', tab.pos[0] - 1) + 1, detail }
  }
  // A block that spans lines where one was expected: a line further in or out than its neighbours.
  const spansLines = errors.some((e) => text.slice(e.pos[0], e.pos[1]).includes('\n'))
  const indentation = spansLines || errors.some((e) =>
    e.code === 'MULTILINE_IMPLICIT_KEY' || e.code === 'UNEXPECTED_TOKEN' || /without - indicator|block sequence may not/.test(e.message))
  if (first.code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(first.message)) return { kind: 'unclosed-bracket', offset, detail }
  if (indentation) {
    // The line out of step: the error's own line when it starts there, else the next one.
    const atLineStart = text.slice(lineStart, offset).trim() === ''
    const next = text.indexOf('\n', offset)
    const line = atLineStart || next < 0 ? lineStart : next + 1
    return { kind: 'indentation', offset: firstNonSpace(line), detail }
  }
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY') return { kind: 'colon-in-value', offset, detail }
  if (first.code === 'BAD_SCALAR_START') return { kind: 'reserved-start', offset, detail: text[offset] ?? '' }
  if (first.code === 'DUPLICATE_KEY') return { kind: 'duplicate-key', offset, detail: text.slice(offset).split(/:|\n/)[0]!.trim().replace(/^(["'])(.*)\1$/, '$2') }
  if (first.code === 'MISSING_CHAR' && /quote/.test(first.message)) return { kind: 'unclosed-quote', offset, detail }
  return { kind: 'other', offset, detail }
}

function cleanYamlMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message
  return firstLine.replace(/ at line \d+, column \d+:?\s*$/, '').replace(/[.:]\s*$/, '').trim()
}

/** Warns about every key not in `known`, at the key, suggesting the closest known one. */
export function warnUnknownKeys(y: YamlMapping, known: readonly string[], diagnostics: Diagnostic[]): void {
  for (const pair of y.map.items) {
    const key = keyText(pair)
    if (!known.includes(key)) diagnostics.push(diagnostic('unknown-key', y.at(pair.key), key, known, closest(key, known)))
  }
}

/** A scalar's text as the author wrote it: `id: 2024` and `- 3.10` are text to us, not numbers. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined
  if (typeof node.value === 'string') return node.value
  if (node.value === null) return undefined
  return node.source ?? String(node.value)
}

export const isBlank = (node: unknown): boolean => node === undefined || (isScalar(node) && node.value === null)

/** Reads an optional or required string field; reports the problems it finds. */
export function stringField(
  y: YamlMapping,
  key: string,
  diagnostics: Diagnostic[],
  required?: { example: string; where?: string; origin: SourcePos },
): string | undefined {
  const node = y.node(key)
  if (isBlank(node)) {
    if (required) diagnostics.push(diagnostic('missing-field', node ? y.keyAt(key) : required.origin, key, required.example, required.where))
    return undefined
  }
  const text = isScalar(node) && typeof node.value !== 'boolean' ? scalarText(node) : undefined
  if (text === undefined) {
    diagnostics.push(diagnostic('field-type', y.at(node), key, 'text on one line, or a YAML block of text'))
    return undefined
  }
  if (required && text.trim() === '') {
    diagnostics.push(diagnostic('missing-field', y.at(node), key, required.example, required.where))
    return undefined
  }
  return text.trim()
}

/** Reads an optional whole number of at least 1; anything else is `report`'s error at the value. */
export function countField(y: YamlMapping, key: string, diagnostics: Diagnostic[], report: (at: SourcePos, written: string) => Diagnostic): number | undefined {
  const node = y.node(key)
  if (isBlank(node)) return undefined
  const value = isScalar(node) ? node.value : undefined
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value
  diagnostics.push(report(y.at(node), describe(node)))
  return undefined
}

/** Reads an optional ISO 8601 duration field. */
export function durationField(y: YamlMapping, key: string, diagnostics: Diagnostic[]): string | undefined {
  const node = y.node(key)
  if (isBlank(node)) return undefined
  const text = scalarText(node)
  if (text === undefined || !isIsoDuration(text.trim())) {
    diagnostics.push(diagnostic('duration-format', y.at(node), text ?? describe(node)))
    return undefined
  }
  return text.trim()
}

/**
 * Reads an optional `true`/`false` field; anything else (quoted "true" is text) is a field-type error,
 * naming what `false` means when the caller says so.
 */
export function booleanField(y: YamlMapping, key: string, diagnostics: Diagnostic[], meaning?: string): boolean | undefined {
  const node = y.node(key)
  if (isBlank(node)) return undefined
  if (isScalar(node) && typeof node.value === 'boolean') return node.value
  diagnostics.push(diagnostic('field-type', y.at(node), key, `\`true\` or \`false\` (${meaning ?? 'without quotes'})`))
  return undefined
}

/** Reads an optional field that takes one of `values`; an unknown one is `code`'s error, suggesting the closest value. */
export function enumField<V extends string>(
  y: YamlMapping,
  key: string,
  values: readonly V[],
  diagnostics: Diagnostic[],
  report: (at: SourcePos, written: string, suggestion: string | undefined) => Diagnostic,
): V | undefined {
  const node = y.node(key)
  if (isBlank(node)) return undefined
  const text = scalarText(node)?.trim()
  if (text !== undefined && (values as readonly string[]).includes(text)) return text as V
  diagnostics.push(report(y.at(node), text ?? describe(node), text === undefined ? undefined : closest(text, values)))
  return undefined
}

/** A short description of a YAML value for messages. */
export function describe(node: unknown): string {
  if (isSeq(node)) return 'a list'
  if (isMap(node)) return 'a mapping'
  if (isScalar(node)) return node.source ?? String(node.value)
  return String(node)
}

/** CRLF and lone CR become LF before anything counts lines (as marked does). */
export const normalizeNewlines = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
