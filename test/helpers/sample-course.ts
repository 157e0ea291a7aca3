import type { Course, Module, Question } from '../../src/course/model.js'

const at = (file: string, line = 1) => ({ file, line, col: 1 })

function question(id: string, type: Question['type'], line: number): Question {
  const base = { id, prompt: `Question ${id}?`, weight: 1, at: at('modules/x.md', line) }
  switch (type) {
    case 'single': case 'multiple':
      return { ...base, type, choices: [{ text: 'Yes', correct: true }, { text: 'No', correct: type === 'multiple' }] }
    case 'true-false': return { ...base, type, answer: true }
    case 'fill-in': return { ...base, type, answers: ['Palermo'] }
    case 'matching': return { ...base, type, pairs: [{ left: 'Palermo', right: 'Italy' }, { left: 'Vienna', right: 'Austria' }], distractors: [], partial: false }
    case 'ordering': return { ...base, type, items: ['Identify', 'Refer', 'Follow up'], partial: false }
  }
}

function module(id: string, title: string, graded = true): Module {
  return {
    id, title, objectives: [], graded, at: at(`modules/${id}.md`),
    pages: [
      { id: 'intro', title: `${title}: intro`, at: at(`modules/${id}.md`, 5), blocks: [{ type: 'html', html: '<p>Text &amp; more</p>' }] },
      { id: 'check', title: 'Check', at: at(`modules/${id}.md`, 9), blocks: [
        { type: 'question', question: question(`${id}.q1`, 'single', 10) },
        { type: 'question', question: question(`${id}.q2`, 'true-false', 20) },
      ] },
    ],
  }
}

/** A small course in memory, with the characters manifests must escape in its titles. */
export function sampleCourse(overrides: Partial<Course> = {}): Course {
  return {
    id: 'sample-course', title: 'Trata & explotación: <prueba> "rápida"', language: 'es', version: '1.2.0',
    description: 'Un curso de prueba con acentos: ñ, ü, ¿?', passingScore: 75, sco: 'single',
    modules: [module('definition', 'Definición y Protocolo'), module('practice', 'Práctica', false)],
    assets: [{ path: 'media/map.svg', at: at('modules/definition.md', 3) }],
    resources: [],
    root: '/nonexistent', ...overrides,
  }
}
