// Small PlayerData courses for the player's Node tests.
import type { PlayerData, PlayerModule, PlayerQuestion } from '../../src/player/data.js'
import { answerQuestion, type LearnerState, type Response, type Scope } from '../../src/player/progress.js'

/** Answers each question in turn; throws when one cannot be answered. */
export function answerAll(scope: Scope, state: LearnerState, responses: Record<string, Response>): LearnerState {
  for (const id of Object.keys(responses)) {
    const result = answerQuestion(scope, state, id, responses[id]!)
    if (!result) throw new Error(`could not answer ${id}`)
    state = result.state
  }
  return state
}

/** Right answers to sampleCourse's graded questions. */
export const allRight = { q1: [0], q2: [0, 2], q3: false, q4: '72' }

export function single(id: string, correctIndex: number, count = 3, weight = 1): PlayerQuestion {
  return {
    id, prompt: `Question ${id}?`, weight, type: 'single',
    choices: Array.from({ length: count }, (_, i) => ({ text: `Choice ${i}`, correct: i === correctIndex, feedback: `Feedback ${i}` })),
  }
}

export function multiple(id: string, correct: number[], count = 4, weight = 1): PlayerQuestion {
  return {
    id, prompt: `Question ${id}?`, weight, type: 'multiple',
    choices: Array.from({ length: count }, (_, i) => ({ text: `Choice ${i}`, correct: correct.includes(i) })),
  }
}

export function trueFalse(id: string, answer: boolean, weight = 1): PlayerQuestion {
  return { id, prompt: `Is ${id} true?`, weight, type: 'true-false', answer }
}

export function fillIn(id: string, answers: string[], weight = 1): PlayerQuestion {
  return { id, prompt: `Type ${id}`, weight, type: 'fill-in', answers }
}

export function matching(id: string, pairs = 3, distractors = 0, partial = false, weight = 1): PlayerQuestion {
  return {
    id, prompt: `Match ${id}`, weight, type: 'matching', partial,
    pairs: Array.from({ length: pairs }, (_, i) => ({ left: `Left ${i}`, right: `Right ${i}` })),
    distractors: Array.from({ length: distractors }, (_, i) => `Distractor ${i}`),
  }
}

export function ordering(id: string, items = 4, partial = false, weight = 1): PlayerQuestion {
  return { id, prompt: `Order ${id}`, weight, type: 'ordering', partial, items: Array.from({ length: items }, (_, i) => `Step ${i}`) }
}

/** One module of `pool` single-choice questions, one a page, drawing `draw` of them; `attempts` limits retries. */
export function bankCourse(pool = 10, draw = 3, attempts?: number): PlayerData {
  return {
    format: 1,
    course: { id: 'bank', title: 'Bank', language: 'en', version: '1', passingScore: 100, ...(attempts ? { attempts } : {}) },
    modules: [
      { id: 'intro', title: 'Intro', graded: false, pages: [{ id: 'start', title: 'Start', blocks: [{ type: 'html', html: '<p>Hi</p>' }] }] },
      { id: 'final', title: 'Final', graded: true, bank: { draw }, pages: Array.from({ length: pool }, (_, i) => ({
        id: `p${i}`, title: `Page ${i}`, blocks: [{ type: 'question' as const, question: single(`b${i}`, 0) }],
      })) },
    ],
  }
}

/** Intro (practice), a graded quiz of four questions over two pages, and a closing page. */
export function sampleCourse(passingScore = 80): PlayerData {
  return {
    format: 1,
    course: { id: 'safety', title: 'Safety', language: 'en', version: '1.0.0', passingScore },
    modules: [
      { id: 'intro', title: 'Introduction', graded: false, pages: [
        { id: 'welcome', title: 'Welcome', blocks: [{ type: 'html', html: '<p>Hi</p>' }, { type: 'question', question: trueFalse('warmup', true) }] },
        { id: 'terms', title: 'Terms', blocks: [{ type: 'html', html: '<p>Terms</p>' }] },
      ] },
      { id: 'quiz', title: 'Quiz', graded: true, pages: [
        { id: 'p1', title: 'Part 1', blocks: [{ type: 'question', question: single('q1', 0) }, { type: 'question', question: multiple('q2', [0, 2], 4, 2) }] },
        { id: 'p2', title: 'Part 2', blocks: [{ type: 'question', question: trueFalse('q3', false) }, { type: 'question', question: fillIn('q4', ['Seventy two', '72']) }] },
      ] },
      { id: 'end', title: 'Wrap-up', graded: false, pages: [{ id: 'bye', title: 'Goodbye', blocks: [{ type: 'html', html: '<p>Bye</p>' }] }] },
    ],
  }
}

/** A course with only reading pages. */
export function readingCourse(pages = 3): PlayerData {
  const module: PlayerModule = {
    id: 'read', title: 'Reading', graded: false,
    pages: Array.from({ length: pages }, (_, i) => ({ id: `p${i}`, title: `Page ${i}`, blocks: [{ type: 'html' as const, html: `<p>${i}</p>` }] })),
  }
  return { format: 1, course: { id: 'read', title: 'Read', language: 'en', version: '1', passingScore: 80 }, modules: [module] }
}

/**
 * The worst case the suspend data must survive: 300 questions over 2,000 pages, every type at its
 * largest (36 choices, long fill-ins, 10 pairs with 10 distractors, 10 items), choices shuffled, and
 * every other graded module a bank that draws all but two of its questions.
 */
export function hugeCourse(): PlayerData {
  const modules: PlayerModule[] = []
  let q = 0
  for (let m = 0; m < 20; m++) {
    const pages = []
    for (let p = 0; p < 100; p++) {
      const page = m * 100 + p
      const blocks: PlayerModule['pages'][number]['blocks'] = [{ type: 'html', html: '<p>x</p>' }]
      if (page % 6 === 0 && q < 300) {
        const id = `module-${m}.question-with-a-rather-long-identifier-${q}`
        const kind = q % 5
        const question = kind === 0 ? { ...multiple(id, [0, 35], 36), shuffle: true as const } : kind === 1 ? fillIn(id, ['x'.repeat(200)])
          : kind === 2 ? trueFalse(id, true) : kind === 3 ? { ...matching(id, 10, 10, true), shuffle: true as const } : ordering(id, 10)
        blocks.push({ type: 'question', question })
        q++
      }
      pages.push({ id: `page-${p}`, title: `Page ${p}`, blocks })
    }
    const count = pages.filter((p) => p.blocks.length > 1).length
    modules.push({ id: `module-${m}`, title: `Module ${m}`, graded: m % 2 === 0, ...(m % 4 === 0 ? { bank: { draw: count - 2 } } : {}), pages })
  }
  return { format: 1, course: { id: 'huge', title: 'Huge', language: 'en', version: '1', passingScore: 80 }, modules }
}
