// A quiz fence's YAML → Question + diagnostics. Positions are offset by where the YAML sits in the module file.
import { isMap, isScalar, isSeq, type Node } from 'yaml'
import { describe, isBlank, readYamlMapping, scalarText, stringField, warnUnknownKeys, type YamlMapping } from './config.js'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import type { Choice, Question, QuestionFeedback, QuestionType, SourcePos } from './model.js'

export const questionTypes: readonly QuestionType[] = ['single', 'multiple', 'true-false', 'fill-in']

// SCORM 1.2 choice responses are single characters: a–z then 0–9.
export const maxChoices = 36

/** ASCII only: question ids become SCORM CMIIdentifiers. Module ids follow the same rule. */
export const isAsciiId = (id: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)

const commonKeys = ['type', 'question', 'id', 'weight', 'feedback']
const keysByType: Record<QuestionType, readonly string[]> = {
  single: [...commonKeys, 'choices'],
  multiple: [...commonKeys, 'choices'],
  'true-false': [...commonKeys, 'answer'],
  'fill-in': [...commonKeys, 'answers'],
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

  const typeNode = y.node('type')
  let type: QuestionType | undefined
  if (isBlank(typeNode)) diagnostics.push(diagnostic('missing-field', origin, 'type', 'type: single', `(one of ${questionTypes.join(', ')})`))
  else {
    const text = scalarText(typeNode)
    if (text !== undefined && (questionTypes as readonly string[]).includes(text)) type = text as QuestionType
    else diagnostics.push(diagnostic('quiz-type', y.at(typeNode), text ?? describe(typeNode), questionTypes))
  }
  warnUnknownKeys(y, type ? keysByType[type] : [...commonKeys, 'choices', 'answer', 'answers'], diagnostics)

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
  const base = { id: explicitId ?? `q${index}`, prompt: prompt ?? '', weight, at: origin, ...(feedback ? { feedback } : {}) }

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
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    if (key !== 'correct' && key !== 'incorrect') {
      diagnostics.push(diagnostic('unknown-key', y.at(pair.key), key, ['correct', 'incorrect']))
      continue
    }
    const text = plainText(pair.value)
    if (text === undefined) diagnostics.push(diagnostic('field-type', y.at(pair.value), `feedback.${key}`, 'text'))
    else if (text) feedback[key] = text
  }
  return Object.keys(feedback).length ? feedback : undefined
}

function readChoices(y: YamlMapping, type: 'single' | 'multiple', origin: SourcePos, diagnostics: Diagnostic[]): Choice[] | undefined {
  const node = y.node('choices')
  const example = 'choices: [{ text: Madrid, correct: true }, { text: Lisbon }]'
  if (isBlank(node)) {
    diagnostics.push(diagnostic('missing-field', origin, 'choices', example))
    return undefined
  }
  if (!isSeq(node)) {
    diagnostics.push(diagnostic('field-type', y.at(node), 'choices', `a list of choices such as \`${example}\``))
    return undefined
  }
  const choices: Choice[] = []
  const seen = new Set<string>()
  const correctAt: SourcePos[] = []
  for (const item of node.items) {
    if (!isMap(item)) {
      diagnostics.push(diagnostic('field-type', y.at(item), 'choices', 'a list of mappings, each like `- text: Madrid`'))
      continue
    }
    const get = (key: string) => item.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      if (!['text', 'correct', 'feedback'].includes(key)) diagnostics.push(diagnostic('unknown-key', y.at(pair.key), key, ['text', 'correct', 'feedback']))
    }
    const textPair = get('text')
    const text = plainText(textPair?.value)
    if (!text) {
      if (text === undefined && textPair && !isBlank(textPair.value)) diagnostics.push(diagnostic('field-type', y.at(textPair.value), 'text', 'the text of the choice'))
      else diagnostics.push(diagnostic('missing-field', y.at(item), 'text', '- text: Madrid'))
      continue
    }
    if (seen.has(text)) diagnostics.push(diagnostic('quiz-duplicate-choice', y.at(textPair?.value), text))
    seen.add(text)
    let correct = false
    const correctPair = get('correct')
    if (correctPair && !isBlank(correctPair.value)) {
      const v = correctPair.value as Node
      if (isScalar(v) && typeof v.value === 'boolean') correct = v.value
      else diagnostics.push(diagnostic('field-type', y.at(v), 'correct', '`true` or `false` (without quotes)'))
    }
    if (correct) correctAt.push(y.at(correctPair?.value))
    const choice: Choice = { text, correct }
    const feedbackPair = get('feedback')
    if (feedbackPair && !isBlank(feedbackPair.value)) {
      const fb = plainText(feedbackPair.value)
      if (fb === undefined) diagnostics.push(diagnostic('field-type', y.at(feedbackPair.value), 'feedback', 'the text shown when this choice is picked'))
      else if (fb) choice.feedback = fb
    }
    choices.push(choice)
  }
  if (node.items.length < 2 || node.items.length > 36) diagnostics.push(diagnostic('quiz-choice-count', y.keyAt('choices'), node.items.length))
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

/** Prompt, choice and feedback text are plain text, stored trimmed; numbers keep their written form. */
function plainText(node: unknown): string | undefined {
  if (!isScalar(node) || typeof node.value === 'boolean') return undefined
  return scalarText(node)?.trim() ?? ''
}
