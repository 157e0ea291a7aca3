// What an answer is worth: pure functions of a question and a response, shared by progress (score,
// status) and the suspend-data codec (which recomputes partial credit rather than storing it).
import type { PlayerQuestion } from './data.js'

/**
 * choice questions: chosen choice indices, ascending; true-false: the value; fill-in: the text, or null
 * once dropped to save space; matching: for each left item (source order) the index of the right item
 * chosen (pairs' rights, then distractors); ordering: the item indices (source order) as the learner put them.
 */
export type Response = number[] | boolean | string | null

/** Fill-in answers match ignoring case, surrounding spaces and runs of inner whitespace. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

/** The right-hand items of a matching question: each pair's right, then the distractors. */
export const rightItems = (q: { pairs: { right: string }[]; distractors: string[] }): string[] => [...q.pairs.map((p) => p.right), ...q.distractors]

const isPermutation = (response: number[], n: number): boolean =>
  response.length === n && new Set(response).size === n && response.every((i) => Number.isInteger(i) && i >= 0 && i < n)

/** Credit from 0 to 1. Matching and ordering with `partial` earn the share of right parts; everything else is all or nothing. */
export function creditOf(question: PlayerQuestion, response: Response): number {
  switch (question.type) {
    case 'single':
    case 'multiple': {
      if (!Array.isArray(response)) return 0
      const chosen = new Set(response)
      return question.choices.every((c, i) => c.correct === chosen.has(i)) ? 1 : 0
    }
    case 'true-false':
      return response === question.answer ? 1 : 0
    case 'fill-in': {
      if (typeof response !== 'string') return 0
      const given = normalizeText(response)
      return question.answers.some((a) => normalizeText(a) === given) ? 1 : 0
    }
    case 'matching':
    case 'ordering': {
      if (!Array.isArray(response)) return 0
      // Pair i is matched when left i got right i; item i is placed when position i holds item i.
      const parts = question.type === 'matching' ? question.pairs.length : question.items.length
      const right = Array.from({ length: parts }, (_, i) => response[i] === i).filter(Boolean).length
      if (right === parts) return 1
      return question.partial ? Math.round((right / parts) * 10000) / 10000 : 0
    }
  }
}

/** The response that earns full credit: what the results page teaches, and what tests answer with. */
export function rightResponse(question: PlayerQuestion): Response {
  switch (question.type) {
    case 'single': return [question.choices.findIndex((c) => c.correct)]
    case 'multiple': return question.choices.flatMap((c, i) => (c.correct ? [i] : []))
    case 'true-false': return question.answer
    case 'fill-in': return question.answers[0] ?? ''
    case 'matching': return question.pairs.map((_, i) => i)
    case 'ordering': return question.items.map((_, i) => i)
  }
}

export function isCorrect(question: PlayerQuestion, response: Response): boolean {
  return creditOf(question, response) === 1
}

/** Whether the response is something a learner could submit (a choice picked, text typed, every left item matched, an order). */
export function isAnswerable(question: PlayerQuestion, response: Response): boolean {
  switch (question.type) {
    case 'single': return Array.isArray(response) && response.length === 1
    case 'multiple': return Array.isArray(response) && response.length > 0
    case 'true-false': return typeof response === 'boolean'
    case 'fill-in': return typeof response === 'string' && response.trim() !== ''
    case 'matching': {
      const rights = question.pairs.length + question.distractors.length
      return Array.isArray(response) && response.length === question.pairs.length && response.every((i) => Number.isInteger(i) && i >= 0 && i < rights)
    }
    case 'ordering': return Array.isArray(response) && isPermutation(response, question.items.length)
  }
}
