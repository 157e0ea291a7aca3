// Small PlayerData courses for the player's Node tests.
import type { PlayerData, PlayerModule, PlayerQuestion } from '../../src/player/data.js'

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

/** The worst case the suspend data must survive: 300 questions (36 choices, long fill-ins) over 2,000 pages. */
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
        const kind = q % 3
        blocks.push({ type: 'question', question: kind === 0 ? multiple(id, [0, 35], 36) : kind === 1 ? fillIn(id, ['x'.repeat(200)]) : trueFalse(id, true) })
        q++
      }
      pages.push({ id: `page-${p}`, title: `Page ${p}`, blocks })
    }
    modules.push({ id: `module-${m}`, title: `Module ${m}`, graded: m % 2 === 0, pages })
  }
  return { format: 1, course: { id: 'huge', title: 'Huge', language: 'en', version: '1', passingScore: 80 }, modules }
}
