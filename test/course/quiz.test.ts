import { describe, expect, it } from 'vitest'
import { parseQuiz } from '../../src/course/quiz.js'

const origin = { file: 'm.md', line: 10, col: 1 }
const found = (yaml: string) => parseQuiz(yaml, origin).diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.line}:${d.at.col}`)
const choices = (...items: string[]) => `choices:\n${items.map((i) => `  - ${i}\n`).join('')}`

describe('quiz fences', () => {
  it('a single-choice question becomes a Question positioned at its first YAML line', () => {
    const { question, diagnostics } = parseQuiz(
      `type: single\nquestion: "  ¿Cuál es la capital de España?  "\n${choices('text: Madrid\n    correct: true\n    feedback: ¡Exacto!', 'text: Lisboa')}feedback:\n  correct: Bien.\n  incorrect: Revisa el mapa.\n`,
      origin, 3,
    )
    expect(diagnostics).toEqual([])
    expect(question).toEqual({
      id: 'q3', type: 'single', prompt: '¿Cuál es la capital de España?', weight: 1, at: origin,
      feedback: { correct: 'Bien.', incorrect: 'Revisa el mapa.' },
      choices: [{ text: 'Madrid', correct: true, feedback: '¡Exacto!' }, { text: 'Lisboa', correct: false }],
    })
  })

  it('a quiz with no correct choice is an error at its line', () => {
    const { diagnostics } = parseQuiz('type: single\nquestion: ¿Qué?\nchoices:\n  - text: A\n  - text: B\n', origin)
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'quiz-no-correct', at: { file: 'm.md', line: 10, col: 1 } })])
  })

  it('a multiple-choice question with no correct choice is quiz-no-correct too', () => {
    expect(found(`type: multiple\nquestion: Q\n${choices('text: A', 'text: B')}`)).toEqual(['error quiz-no-correct 10:1'])
  })

  it('a single-choice question with two correct choices is an error at the second, suggesting type: multiple', () => {
    const { diagnostics } = parseQuiz(`type: single\nquestion: Q\n${choices('text: A\n    correct: true', 'text: B\n    correct: true')}`, origin)
    expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['quiz-single-many-correct 16:14'])
    expect(diagnostics[0]?.message).toContain('type: multiple')
  })

  it('a multiple-choice question may have several correct choices', () => {
    const { question } = parseQuiz(`type: multiple\nquestion: Q\n${choices('text: A\n    correct: true', 'text: B\n    correct: true', 'text: C')}`, origin)
    expect(question?.type === 'multiple' && question.choices.map((c) => c.correct)).toEqual([true, true, false])
  })

  it('one choice is too few: quiz-choice-count at the choices key', () => {
    expect(found(`type: single\nquestion: Q\n${choices('text: A\n    correct: true')}`)).toEqual(['error quiz-choice-count 12:1'])
  })

  it('37 choices are too many for SCORM 1.2 single-character responses', () => {
    const many = Array.from({ length: 37 }, (_, i) => `text: Choice ${i}${i === 0 ? '\n    correct: true' : ''}`)
    expect(found(`type: multiple\nquestion: Q\n${choices(...many)}`)).toEqual(['error quiz-choice-count 12:1'])
  })

  it('36 choices are allowed', () => {
    const many = Array.from({ length: 36 }, (_, i) => `text: Choice ${i}${i === 0 ? '\n    correct: true' : ''}`)
    expect(found(`type: multiple\nquestion: Q\n${choices(...many)}`)).toEqual([])
  })

  it('a duplicate choice text is an error at the second one', () => {
    expect(found(`type: single\nquestion: Q\n${choices('text: Madrid\n    correct: true', 'text: " Madrid "')}`)).toEqual(['error quiz-duplicate-choice 15:11'])
  })

  it('a true-false question takes a boolean answer', () => {
    const { question } = parseQuiz('type: true-false\nquestion: El agua hierve a 100 °C.\nanswer: true\n', origin)
    expect(question).toMatchObject({ type: 'true-false', answer: true, prompt: 'El agua hierve a 100 °C.' })
  })

  it('a true-false answer written as a quoted string is a field-type error at its value', () => {
    expect(found('type: true-false\nquestion: Q\nanswer: "true"\n')).toEqual(['error field-type 12:9'])
  })

  it('a true-false question without an answer is missing-field', () => {
    expect(found('type: true-false\nquestion: Q\n')).toEqual(['error missing-field 10:1'])
  })

  it('a fill-in question keeps its accepted answers trimmed, numbers as written', () => {
    const { question } = parseQuiz('type: fill-in\nquestion: Q\nanswers:\n  - " Bogotá "\n  - 3.10\n', origin)
    expect(question).toMatchObject({ type: 'fill-in', answers: ['Bogotá', '3.10'] })
  })

  it('an empty fill-in answer is a quiz-answers error at it', () => {
    expect(found('type: fill-in\nquestion: Q\nanswers:\n  - Madrid\n  - ""\n')).toEqual(['error quiz-answers 14:5'])
  })

  it('a fill-in question with no answers is missing-field', () => {
    expect(found('type: fill-in\nquestion: Q\n')).toEqual(['error missing-field 10:1'])
  })

  it('an unknown type is quiz-type at its value, listing the types', () => {
    const { diagnostics } = parseQuiz('type: essay\nquestion: Q\n', origin)
    expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['quiz-type 10:7'])
    expect(diagnostics[0]?.message).toContain('single, multiple, true-false, fill-in')
  })

  it('a missing type and question are both reported', () => {
    expect(found('answer: true\n')).toEqual(['error missing-field 10:1', 'error missing-field 10:1'])
  })

  it.each(['0', '-2', 'heavy'])('a weight of %s is not a positive number', (weight) => {
    expect(found(`type: true-false\nquestion: Q\nanswer: true\nweight: ${weight}\n`)).toEqual(['error quiz-weight 13:9'])
  })

  it('a fractional weight is kept', () => {
    expect(parseQuiz('type: true-false\nquestion: Q\nanswer: true\nweight: 0.5\n', origin).question?.weight).toBe(0.5)
  })

  it('an explicit id is used as the local id', () => {
    const r = parseQuiz('id: capital.es_1\ntype: true-false\nquestion: Q\nanswer: true\n', origin, 4)
    expect([r.question?.id, r.explicitId, r.idAt]).toEqual(['capital.es_1', 'capital.es_1', { file: 'm.md', line: 10, col: 5 }])
  })

  it.each(['capital de España', 'größe', '-leading'])('the id "%s" is not ASCII-safe: quiz-id-format at its value', (id) => {
    expect(found(`type: true-false\nquestion: Q\nanswer: true\nid: "${id}"\n`)).toEqual(['error quiz-id-format 13:5'])
  })

  it('a key that does not belong to the type is a warning naming it', () => {
    expect(found('type: true-false\nquestion: Q\nanswer: true\nchoices: []\n')).toEqual(['warning unknown-key 13:1'])
  })

  it('malformed quiz YAML is one yaml-syntax error with lines offset by the fence', () => {
    expect(found('type: single\nquestion: What: now?\n')).toEqual(['error yaml-syntax 11:11'])
  })

  it('an empty quiz fence is an error at its first line', () => {
    expect(found('')).toEqual(['error yaml-not-mapping 10:1'])
  })

  it('columns of YAML indented under a fence are offset by the fence indentation', () => {
    const diagnostics = parseQuiz('type: essay\nquestion: Q\n', { file: 'm.md', line: 4, col: 3 }).diagnostics
    expect(diagnostics.map((d) => d.at)).toEqual([{ file: 'm.md', line: 4, col: 9 }])
  })

  it.each([
    ['a choice key', `type: single\nquestion: Q\n${choices('text: A\n    corect: true', 'text: B\n    correct: true')}`, '"corect"', 'correct', '14:5'],
    ['a feedback key', `type: true-false\nquestion: Q\nanswer: true\nfeedback:\n  incorect: No.\n`, '"incorect"', 'incorrect', '14:3'],
    ['a question key', 'type: true-false\nquestion: Q\nanswr: true\nanswer: true\n', '"answr"', 'answer', '12:1'],
  ])('an unknown %s suggests the closest known one', (_what, yaml, key, suggestion, at) => {
    const { diagnostics } = parseQuiz(yaml, origin)
    const unknown = diagnostics.filter((d) => d.code === 'unknown-key')
    expect(unknown.map((d) => `${d.at.line}:${d.at.col}`)).toEqual([at])
    expect(unknown[0]?.message).toContain(`${key} is not a key`)
    expect(unknown[0]?.message).toContain(`Did you mean "${suggestion}"?`)
  })

  it.each([['single-choice', 'single'], ['multiple-choice', 'multiple'], ['true/false', 'true-false'], ['fillin', 'fill-in'], ['Single', 'single']])(
    'type: %s suggests %s', (written, suggestion) => {
      const { diagnostics } = parseQuiz(`type: ${written}\nquestion: Q\n${choices('text: A\n    correct: true', 'text: B')}`, origin)
      expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['quiz-type 10:7'])
      expect(diagnostics[0]?.message).toContain(`Did you mean "${suggestion}"?`)
    })

  it('a tab in quiz YAML says to replace tabs with spaces, at the file line', () => {
    const { diagnostics } = parseQuiz('type: single\nquestion: Q\nchoices:\n\t- text: A\n', origin)
    expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['yaml-syntax 13:1'])
    expect(diagnostics[0]?.message).toContain('Replace tabs with spaces')
  })
})

describe('matching and ordering questions', () => {
  const pairs = (...items: string[]) => `pairs:\n${items.map((i) => `  - ${i}\n`).join('')}`

  it('a matching question takes pairs and distractors; all-or-nothing unless partial', () => {
    const { question, diagnostics } = parseQuiz(
      `type: matching\nquestion: Match them\n${pairs('{ left: Forced labour, right: Withheld wages }', '{ left: Sexual exploitation, right: Controlled movement }')}distractors: [Tourism]\npartial: true\n`,
      origin, 2,
    )
    expect(diagnostics).toEqual([])
    expect(question).toEqual({
      id: 'q2', type: 'matching', prompt: 'Match them', weight: 1, at: origin, partial: true, distractors: ['Tourism'],
      pairs: [{ left: 'Forced labour', right: 'Withheld wages' }, { left: 'Sexual exploitation', right: 'Controlled movement' }],
    })
  })

  it('an ordering question takes its items in the right order', () => {
    const { question, diagnostics } = parseQuiz('type: ordering\nquestion: Put in order\nitems: [Identify, Refer, Follow up]\n', origin)
    expect(diagnostics).toEqual([])
    expect(question).toMatchObject({ type: 'ordering', items: ['Identify', 'Refer', 'Follow up'], partial: false })
  })

  it('one pair or eleven are out of range, at the pairs key', () => {
    expect(found(`type: matching\nquestion: Q\n${pairs('{ left: A, right: B }')}`)).toEqual(['error quiz-pair-count 12:1'])
    const eleven = Array.from({ length: 11 }, (_, i) => `{ left: L${i}, right: R${i} }`)
    expect(found(`type: matching\nquestion: Q\n${pairs(...eleven)}`)).toEqual(['error quiz-pair-count 12:1'])
  })

  it('one item or eleven are out of range, at the items key', () => {
    expect(found('type: ordering\nquestion: Q\nitems: [Only]\n')).toEqual(['error quiz-item-count 12:1'])
    expect(found(`type: ordering\nquestion: Q\nitems: [${Array.from({ length: 11 }, (_, i) => `I${i}`).join(', ')}]\n`)).toEqual(['error quiz-item-count 12:1'])
  })

  it('the count errors name the limits they were checked against', () => {
    const message = (yaml: string) => parseQuiz(yaml, origin).diagnostics.map((d) => d.message)
    expect(message(`type: single\nquestion: Q\n${choices('text: A\n    correct: true')}`)).toEqual([expect.stringContaining('; it needs from 2 to 36 (SCORM 1.2')])
    expect(message(`type: matching\nquestion: Q\n${pairs('{ left: A, right: B }')}`)).toEqual([expect.stringContaining('1 pair; it needs from 2 to 10, each')])
    expect(message('type: ordering\nquestion: Q\nitems: [Only]\n')).toEqual([expect.stringContaining('1 item; it needs from 2 to 10, listed')])
    const many = Array.from({ length: 11 }, (_, i) => `X${i}`).join(', ')
    expect(message(`type: matching\nquestion: Q\n${pairs('{ left: A, right: B }', '{ left: C, right: D }')}distractors: [${many}]\n`)).toEqual([expect.stringContaining('11 distractors; it can have at most 10 (extra')])
  })

  it('duplicate texts are errors at the second: left items, right items and distractors, ordering items', () => {
    expect(found(`type: matching\nquestion: Q\n${pairs('{ left: A, right: B }', '{ left: A, right: C }')}`)).toEqual(['error quiz-duplicate-text 14:13'])
    expect(found(`type: matching\nquestion: Q\n${pairs('{ left: A, right: B }', '{ left: C, right: D }')}distractors: [B]\n`)).toEqual(['error quiz-duplicate-text 15:15'])
    expect(found('type: ordering\nquestion: Q\nitems: [One, Two, One]\n')).toEqual(['error quiz-duplicate-text 12:19'])
  })

  it('a pair without a right item is missing-field; more than 10 distractors are too many', () => {
    expect(found(`type: matching\nquestion: Q\n${pairs('{ left: A }', '{ left: C, right: D }')}`)).toEqual(['error missing-field 13:5'])
    const many = Array.from({ length: 11 }, (_, i) => `X${i}`).join(', ')
    expect(found(`type: matching\nquestion: Q\n${pairs('{ left: A, right: B }', '{ left: C, right: D }')}distractors: [${many}]\n`)).toEqual(['error quiz-distractor-count 15:1'])
  })

  it('partial on a type without parts is an error at the key, naming the fix', () => {
    const { diagnostics } = parseQuiz(`type: single\nquestion: Q\npartial: true\n${choices('text: A\n    correct: true', 'text: B')}`, origin)
    expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['quiz-partial-type 12:1'])
    expect(diagnostics[0]!.message).toContain('matching or ordering')
  })

  it('shuffle on a single question is kept; on true-false or ordering it is a warning and dropped', () => {
    const { question } = parseQuiz(`type: single\nquestion: Q\nshuffle: true\n${choices('text: A\n    correct: true', 'text: B')}`, origin)
    expect(question?.shuffle).toBe(true)
    expect(found('type: true-false\nquestion: Q\nanswer: true\nshuffle: true\n')).toEqual(['warning quiz-shuffle-type 13:1'])
    const ordering = parseQuiz('type: ordering\nquestion: Q\nitems: [A, B]\nshuffle: true\n', origin)
    expect(ordering.question && 'shuffle' in ordering.question).toBe(false)
  })

  it('shuffle and partial must be true or false', () => {
    expect(found('type: ordering\nquestion: Q\nitems: [A, B]\npartial: "yes"\n')).toEqual(['error field-type 13:10'])
  })
})
