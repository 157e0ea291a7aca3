import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadCourse } from '../../src/course/load.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))
const where = (d: { at: { file: string; line: number; col: number } }): string => `${d.at.file}:${d.at.line}:${d.at.col}`

describe('fixture courses', () => {
  it.each([
    ['malformed-yaml', 'course.yaml:2:8', 'yaml-syntax'],
    ['missing-required-field', 'course.yaml:1:1', 'missing-field'],
    ['missing-module', 'course.yaml:7:5', 'missing-file'],
    ['missing-media', 'modules/01-intro.md:9:3', 'missing-file'],
    ['quiz-no-correct', 'modules/01-intro.md:8:1', 'quiz-no-correct'],
    ['duplicate-question-id', 'modules/01-intro.md:14:5', 'quiz-duplicate-id'],
    ['link-escapes-course', 'modules/01-intro.md:7:7', 'link-escapes-course'],
    ['text-before-heading', 'modules/01-intro.md:7:1', 'text-before-heading'],
    ['theme-contrast', 'course.yaml:7:11', 'theme-contrast'],
  ])('bad/%s gives exactly one error, at %s, coded %s', async (name, at, code) => {
    const { course, diagnostics } = await loadCourse(fixture(`bad/${name}`))
    expect(course).toBeUndefined()
    expect(diagnostics.map((d) => [d.severity, where(d), d.code])).toEqual([['error', at, code]])
  })

  it('good/minimal loads with no diagnostics and packages only the media it references', async () => {
    const { course, diagnostics } = await loadCourse(fixture('good/minimal'))
    expect(diagnostics).toEqual([])
    expect(course?.modules.map((m) => m.pages.map((p) => p.id))).toEqual([['reading-a-map', 'checking-what-you-learned']])
    const types = course?.modules[0]?.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'question' ? [b.question.type] : [])))
    expect(types).toEqual(['single', 'multiple', 'true-false', 'fill-in'])
    expect(course?.assets.map((a) => a.path)).toEqual(['media/map.svg'])
  })
})
