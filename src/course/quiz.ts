// A quiz fence's YAML → Question + diagnostics. Positions are offset by where the YAML sits in the module file.
import { isMap, isScalar, isSeq, type YAMLSeq } from 'yaml'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import type { Choice, MatchPair, Question, QuestionFeedback, QuestionType, SourcePos } from './model.js'
import { booleanField, describe, enumField, isBlank, readYamlMapping, scalarText, stringField, subMapping, warnUnknownKeys, type YamlMapping } from './yaml.js'

export const questionTypes: readonly QuestionType[] = ['single', 'multiple', 'true-false', 'fill-in', 'matching', 'ordering']

/** Matching pairs and ordering items: 2–10 (SCORM 1.2 names each side with single characters). */
export const partRange = { min: 2, max: 10 } as const
export const maxDistractors = 10

/** Types whose answers have parts that `partial: true` can credit one by one. */
const partialTypes: readonly QuestionType[] = ['matching', 'ordering']
/** Types whose choices `shuffle` reorders (ordering always starts shuffled). */
export const shuffleTypes: readonly QuestionType[] = ['single', 'multiple', 'matching']

/** Choices: SCORM 1.2 choice responses are single characters, a–z then 0–9. */
const choiceRange = { min: 2, max: 36 } as const

/** ASCII only: question ids become SCORM CMIIdentifiers. Module ids follow the same rule. */
export const isAsciiId = (id: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)

const commonKeys = ['type', 'question', 'id', 'weight', 'feedback', 'shuffle', 'partial']
const choiceKeys = ['text', 'correct', 'feedback'] as const
const feedbackKeys = ['correct', 'incorrect'] as const
const keysByType: Record<QuestionType, readonly string[]> = {
  single: [...commonKeys, 'choices'],
  multiple: [...commonKeys, 'choices'],
  'true-false': [...commonKeys, 'answer'],
  'fill-in': [...commonKeys, 'answers'],
  matching: [...commonKeys, 'pairs', 'distractors'],
  ordering: [...commonKeys, 'items'],
}

export interface ParsedQuiz {
  /** Its id is the local id: the explicit `id:`, or `q<index>`. undefined when the question has errors. */
  question?: Question
  /** The explicit `id:` when valid, else undefined (the caller names it by position). */
  explicitId?: string
  /** Where a duplicate id is reported: the `id:` value, or the question's first line. */
  idAt: SourcePos
  diagnostics: Diagnostic[]
}

/**
 * Parses the YAML body of a ```quiz fence. `origin` is the file position of the body's first character
 * (the line below the fence); `index` is the question's 1-based position in its module, for the default id.
 */
export function parseQuiz(yaml: string, origin: SourcePos, index = 1): ParsedQuiz {
  const diagnostics: Diagnostic[] = []
  const y = readYamlMapping(yaml, origin, 'A quiz block', 'type: single', diagnostics)
  if (!y) return { idAt: origin, diagnostics }
  const before = diagnostics.length
  const errorsSinceStart = () => diagnostics.slice(before).some((d) => d.severity === 'error')

  if (isBlank(y.node('type'))) diagnostics.push(diagnostic('missing-field', origin, 'type', 'type: single', `(one of ${questionTypes.join(', ')})`))
  const type = enumField(y, 'type', questionTypes, diagnostics, (at, written, suggestion) => diagnostic('quiz-type', at, written, questionTypes, suggestion))
  warnUnknownKeys(y, type ? keysByType[type] : [...new Set(Object.values(keysByType).flat())], diagnostics)

  const prompt = stringField(y, 'question', diagnostics, { example: 'question: What is the capital of Spain?', origin })

  let explicitId: string | undefined
  let idAt = origin
  const idNode = y.node('id')
  if (!isBlank(idNode)) {
    const id = scalarText(idNode)?.trim()
    idAt = y.at(idNode)
    if (id !== undefined && isAsciiId(id)) explicitId = id
    else diagnostics.push(diagnostic('quiz-id-format', idAt, id ?? describe(idNode)))
  }

  let weight = 1
  const weightNode = y.node('weight')
  if (!isBlank(weightNode)) {
    const value = isScalar(weightNode) ? weightNode.value : undefined
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) weight = value
    else diagnostics.push(diagnostic('quiz-weight', y.at(weightNode), describe(weightNode)))
  }

  const feedback = readFeedback(y, diagnostics)
  const shuffle = booleanField(y, 'shuffle', diagnostics)
  if (shuffle !== undefined && type && !shuffleTypes.includes(type)) diagnostics.push(diagnostic('quiz-shuffle-type', y.keyAt('shuffle'), type))
  const partial = booleanField(y, 'partial', diagnostics)
  if (partial !== undefined && type && !partialTypes.includes(type)) diagnostics.push(diagnostic('quiz-partial-type', y.keyAt('partial'), type))
  const base = {
    id: explicitId ?? `q${index}`, prompt: prompt ?? '', weight, at: origin,
    ...(feedback ? { feedback } : {}), ...(shuffle !== undefined && type && shuffleTypes.includes(type) ? { shuffle } : {}),
  }

  let question: Question | undefined
  if (type === 'single' || type === 'multiple') {
    const choices = readChoices(y, type, origin, diagnostics)
    if (choices) question = { ...base, type, choices }
  } else if (type === 'true-false') {
    const node = y.node('answer')
    if (isBlank(node)) diagnostics.push(diagnostic('missing-field', origin, 'answer', 'answer: true'))
    else if (isScalar(node) && typeof node.value === 'boolean') question = { ...base, type, answer: node.value }
    else diagnostics.push(diagnostic('field-type', y.at(node), 'answer', '`true` or `false` (without quotes)'))
  } else if (type === 'fill-in') {
    const answers = readAnswers(y, origin, diagnostics)
    if (answers) question = { ...base, type, answers }
  } else if (type === 'matching') {
    const pairs = readPairs(y, origin, diagnostics)
    const distractors = readTexts(y, 'distractors', diagnostics)
    if (distractors && distractors.texts.length > maxDistractors) diagnostics.push(diagnostic('quiz-distractor-count', y.keyAt('distractors'), distractors.texts.length, maxDistractors))
    if (pairs) {
      // A right-hand text written twice (two pairs, or a pair and a distractor) could not be told apart.
      reportDuplicates([...pairs.rights, ...(distractors?.at ?? [])], diagnostics)
      question = { ...base, type, pairs: pairs.pairs, distractors: distractors?.texts ?? [], partial: partial ?? false }
    }
  } else if (type === 'ordering') {
    const items = readTexts(y, 'items', diagnostics, { origin, example: 'items: [Identify the victim, Refer to services, Follow up]' })
    if (items) {
      if (items.texts.length < partRange.min || items.texts.length > partRange.max) diagnostics.push(diagnostic('quiz-item-count', y.keyAt('items'), items.texts.length, partRange))
      reportDuplicates(items.at, diagnostics)
      question = { ...base, type, items: items.texts, partial: partial ?? false }
    }
  }
  return { ...(question && !errorsSinceStart() ? { question } : {}), ...(explicitId ? { explicitId } : {}), idAt, diagnostics }
}

function readFeedback(y: YamlMapping, diagnostics: Diagnostic[]): QuestionFeedback | undefined {
  const node = y.node('feedback')
  if (isBlank(node)) return undefined
  if (!isMap(node)) {
    diagnostics.push(diagnostic('field-type', y.at(node), 'feedback', 'a mapping such as `feedback: { correct: Well done., incorrect: Look again at the map. }`'))
    return undefined
  }
  const feedback: QuestionFeedback = {}
  const sub = subMapping(y, node)
  warnUnknownKeys(sub, feedbackKeys, diagnostics)
  for (const key of feedbackKeys) {
    const value = sub.node(key)
    if (isBlank(value)) continue
    const text = plainText(value)
    if (text === undefined) diagnostics.push(diagnostic('field-type', y.at(value), `feedback.${key}`, 'text'))
    else if (text) feedback[key] = text
  }
  return Object.keys(feedback).length ? feedback : undefined
}

/** A required list field: its sequence node, or undefined with missing-field (absent) or field-type (not a list), showing `example`. */
function requiredList(y: YamlMapping, key: string, what: string, example: string, origin: SourcePos, diagnostics: Diagnostic[]): YAMLSeq | undefined {
  const node = y.node(key)
  if (isBlank(node)) diagnostics.push(diagnostic('missing-field', origin, key, example))
  else if (!isSeq(node)) diagnostics.push(diagnostic('field-type', y.at(node), key, `a list of ${what} such as \`${example}\``))
  else return node
  return undefined
}

function readChoices(y: YamlMapping, type: 'single' | 'multiple', origin: SourcePos, diagnostics: Diagnostic[]): Choice[] | undefined {
  const node = requiredList(y, 'choices', 'choices', 'choices: [{ text: Madrid, correct: true }, { text: Lisbon }]', origin, diagnostics)
  if (!node) return undefined
  const choices: Choice[] = []
  const seen = new Set<string>()
  const correctAt: SourcePos[] = []
  for (const item of node.items) {
    if (!isMap(item)) {
      diagnostics.push(diagnostic('field-type', y.at(item), 'choices', 'a list of mappings, each like `- text: Madrid`'))
      continue
    }
    const c = subMapping(y, item)
    warnUnknownKeys(c, choiceKeys, diagnostics)
    const textNode = c.node('text')
    const text = plainText(textNode)
    if (!text) {
      if (text === undefined && !isBlank(textNode)) diagnostics.push(diagnostic('field-type', y.at(textNode), 'text', 'the text of the choice'))
      else diagnostics.push(diagnostic('missing-field', y.at(item), 'text', '- text: Madrid'))
      continue
    }
    if (seen.has(text)) diagnostics.push(diagnostic('quiz-duplicate-choice', y.at(textNode), text))
    seen.add(text)
    let correct = false
    const correctNode = c.node('correct')
    if (!isBlank(correctNode)) {
      if (isScalar(correctNode) && typeof correctNode.value === 'boolean') correct = correctNode.value
      else diagnostics.push(diagnostic('field-type', y.at(correctNode), 'correct', '`true` or `false` (without quotes)'))
    }
    if (correct) correctAt.push(y.at(correctNode))
    const choice: Choice = { text, correct }
    const feedbackNode = c.node('feedback')
    if (!isBlank(feedbackNode)) {
      const fb = plainText(feedbackNode)
      if (fb === undefined) diagnostics.push(diagnostic('field-type', y.at(feedbackNode), 'feedback', 'the text shown when this choice is picked'))
      else if (fb) choice.feedback = fb
    }
    choices.push(choice)
  }
  if (node.items.length < choiceRange.min || node.items.length > choiceRange.max) diagnostics.push(diagnostic('quiz-choice-count', y.keyAt('choices'), node.items.length, choiceRange))
  if (correctAt.length === 0 && node.items.length > 0 && node.items.every((item) => isMap(item))) diagnostics.push(diagnostic('quiz-no-correct', origin))
  if (type === 'single' && correctAt.length > 1) diagnostics.push(diagnostic('quiz-single-many-correct', correctAt[1]!))
  return choices
}

function readAnswers(y: YamlMapping, origin: SourcePos, diagnostics: Diagnostic[]): string[] | undefined {
  const node = y.node('answers')
  if (isBlank(node)) {
    diagnostics.push(diagnostic('missing-field', origin, 'answers', 'answers: [Madrid]'))
    return undefined
  }
  // A single answer written as a scalar is a list of one, so `answers: Madrid` does what it says.
  const items = isSeq(node) ? node.items : [node]
  const answers: string[] = []
  for (const item of items) {
    const text = plainText(item)
    if (!text) diagnostics.push(diagnostic('quiz-answers', y.at(item)))
    else answers.push(text)
  }
  if (isSeq(node) && items.length === 0) diagnostics.push(diagnostic('quiz-answers', y.at(node)))
  return answers
}

/** `key:` as a list of plain texts, each with its position; undefined (and a finding when required) when absent or not a list. */
function readTexts(
  y: YamlMapping, key: string, diagnostics: Diagnostic[], required?: { origin: SourcePos; example: string },
): { texts: string[]; at: [string, SourcePos][] } | undefined {
  if (!required && isBlank(y.node(key))) return undefined
  const node = requiredList(y, key, 'texts', required?.example ?? `${key}: [First, Second]`, required?.origin ?? y.keyAt(key), diagnostics)
  if (!node) return undefined
  const at: [string, SourcePos][] = []
  for (const item of node.items) {
    const text = plainText(item)
    if (text) at.push([text, y.at(item)])
    else diagnostics.push(diagnostic('field-type', y.at(item), key, 'a list of texts that are not empty'))
  }
  return { texts: at.map(([text]) => text), at }
}

function readPairs(y: YamlMapping, origin: SourcePos, diagnostics: Diagnostic[]): { pairs: MatchPair[]; rights: [string, SourcePos][] } | undefined {
  const example = 'pairs: [{ left: Forced labour, right: Withheld wages }, { left: Sexual exploitation, right: Controlled movement }]'
  const node = requiredList(y, 'pairs', 'pairs', example, origin, diagnostics)
  if (!node) return undefined
  const pairs: MatchPair[] = []
  const lefts: [string, SourcePos][] = []
  const rights: [string, SourcePos][] = []
  for (const item of node.items) {
    if (!isMap(item)) {
      diagnostics.push(diagnostic('field-type', y.at(item), 'pairs', 'a list of mappings, each like `- { left: Forced labour, right: Withheld wages }`'))
      continue
    }
    const p = subMapping(y, item)
    warnUnknownKeys(p, ['left', 'right'], diagnostics)
    const sides = (['left', 'right'] as const).map((side) => {
      const text = plainText(p.node(side))
      if (!text) diagnostics.push(diagnostic('missing-field', isBlank(p.node(side)) ? y.at(item) : y.at(p.node(side)), side, `${side}: ${side === 'left' ? 'Forced labour' : 'Withheld wages'}`))
      return text ? ([text, y.at(p.node(side))] as [string, SourcePos]) : undefined
    })
    if (!sides[0] || !sides[1]) continue
    lefts.push(sides[0])
    rights.push(sides[1])
    pairs.push({ left: sides[0][0], right: sides[1][0] })
  }
  if (node.items.length < partRange.min || node.items.length > partRange.max) diagnostics.push(diagnostic('quiz-pair-count', y.keyAt('pairs'), node.items.length, partRange))
  reportDuplicates(lefts, diagnostics)
  return { pairs, rights }
}

/** quiz-duplicate-text at the second of any two equal texts. */
function reportDuplicates(texts: readonly [string, SourcePos][], diagnostics: Diagnostic[]): void {
  const seen = new Set<string>()
  for (const [text, at] of texts) {
    if (seen.has(text)) diagnostics.push(diagnostic('quiz-duplicate-text', at, text))
    seen.add(text)
  }
}

/** Prompt, choice and feedback text are plain text, stored trimmed; numbers keep their written form. */
function plainText(node: unknown): string | undefined {
  if (!isScalar(node) || typeof node.value === 'boolean') return undefined
  return scalarText(node)?.trim() ?? ''
}
