import { describe, expect, it } from 'vitest'
import type { QuestionRecord } from '../../src/player/tracking/adapter.js'
import { childIri, interactionOf, verb } from '../../src/player/tracking/xapi-vocabulary.js'
import { statementWarnings } from '../../src/lab/lrs.js'

const choiceRecord: QuestionRecord = {
  id: 'intro.q1', type: 'multiple', prompt: '¿Cuáles?', choices: ['Sí', 'No', 'Quizá'], response: [0, 2], correctResponse: [0, 2],
  correct: true, weight: 2, graded: true, latencyMs: 5250, answeredAt: Date.UTC(2026, 0, 1), moduleId: 'intro', moduleTitle: 'Introducción',
}

describe('interactions', () => {
  it('choice questions list their choices in the course language and join responses with [,]', () => {
    const { definition, response } = interactionOf(choiceRecord, 'es')
    expect(definition).toEqual({
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction', description: { es: '¿Cuáles?' }, interactionType: 'choice',
      correctResponsesPattern: ['choice-1[,]choice-3'],
      choices: [{ id: 'choice-1', description: { es: 'Sí' } }, { id: 'choice-2', description: { es: 'No' } }, { id: 'choice-3', description: { es: 'Quizá' } }],
    })
    expect(response).toBe('choice-1[,]choice-3')
  })

  it('a single-choice question accepts each correct choice on its own', () => {
    expect(interactionOf({ ...choiceRecord, type: 'single', response: [1], correctResponse: [0, 2] }, 'es').definition.correctResponsesPattern).toEqual(['choice-1', 'choice-3'])
  })

  it('true-false and fill-in use their own patterns', () => {
    const tf = interactionOf({ ...choiceRecord, type: 'true-false', choices: undefined, response: false, correctResponse: true }, 'es')
    expect(tf.definition).toMatchObject({ interactionType: 'true-false', correctResponsesPattern: ['true'] })
    expect(tf.response).toBe('false')
    const fill = interactionOf({ ...choiceRecord, type: 'fill-in', choices: undefined, response: 'Palermo', correctResponse: ['Palermo', 'Protocolo de Palermo'] }, 'es')
    expect(fill.definition).toMatchObject({ interactionType: 'fill-in', correctResponsesPattern: ['Palermo', 'Protocolo de Palermo'] })
    expect(fill.response).toBe('Palermo')
  })
})

describe('the shared xAPI words', () => {
  it('an answer or an accepted text containing [,] stays one item, since [,] separates items', () => {
    const fill = interactionOf({ ...choiceRecord, type: 'fill-in', choices: undefined, response: 'a[,]b', correctResponse: ['a[,]b', 'c'] }, 'es')
    expect(fill.definition.correctResponsesPattern).toEqual(['a, b', 'c'])
    expect(fill.response).toBe('a, b')
  })

  it('verbs are ADL IRIs displayed as their own name', () => {
    expect(verb('answered')).toEqual({ id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } })
  })

  it('a child IRI drops the parent\'s trailing slashes and encodes each segment', () => {
    expect(childIri('https://x.org/c//', 'page', 'm 1', 'p/2')).toBe('https://x.org/c/page/m%201/p%2F2')
  })
})

describe('matching and sequencing interactions', () => {
  const matchRecord: QuestionRecord = {
    ...choiceRecord, type: 'matching', choices: undefined, sources: ['Pasaporte retenido', 'Deuda creciente'], targets: ['Control de documentos', 'Servidumbre por deudas', 'Ninguna'],
    response: [0, 2], correctResponse: [0, 1], correct: false, credit: 0.5,
  }
  const orderRecord: QuestionRecord = { ...choiceRecord, type: 'ordering', choices: ['Detectar', 'Entrevistar', 'Derivar'], response: [1, 0, 2], correctResponse: [0, 1, 2], correct: false }

  it('matching lists sources and targets and pairs them with [.] and [,]', () => {
    const { definition, response } = interactionOf(matchRecord, 'es')
    expect(definition).toMatchObject({
      interactionType: 'matching', correctResponsesPattern: ['source-1[.]target-1[,]source-2[.]target-2'],
      source: [{ id: 'source-1', description: { es: 'Pasaporte retenido' } }, { id: 'source-2', description: { es: 'Deuda creciente' } }],
      target: [{ id: 'target-1', description: { es: 'Control de documentos' } }, { id: 'target-2', description: { es: 'Servidumbre por deudas' } }, { id: 'target-3', description: { es: 'Ninguna' } }],
    })
    expect(response).toBe('source-1[.]target-1[,]source-2[.]target-3')
  })

  it('ordering is sequencing: the items as choices, the response and pattern in order', () => {
    const { definition, response } = interactionOf(orderRecord, 'es')
    expect(definition).toMatchObject({ interactionType: 'sequencing', correctResponsesPattern: ['choice-1[,]choice-2[,]choice-3'] })
    expect(definition.choices).toHaveLength(3)
    expect(response).toBe('choice-2[,]choice-1[,]choice-3')
  })

  it('both are valid statements under xapi-validation, the validator Learning Locker runs', () => {
    for (const record of [matchRecord, orderRecord]) {
      const { definition, response } = interactionOf(record, 'es')
      const statement = {
        actor: { objectType: 'Agent', name: 'Ana', mbox: 'mailto:ana@example.com' }, verb: verb('answered'),
        object: { objectType: 'Activity', id: childIri('https://example.com/c', 'questions', record.id), definition },
        result: { success: false, response },
      }
      expect(statementWarnings(statement)).toEqual([])
    }
  })
})
