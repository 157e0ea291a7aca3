import { describe, expect, it } from 'vitest'
import type { PlayerData } from '../../src/player/data.js'
import { pageFragments, pageHistory } from '../../src/player/history.js'
import { buildScope } from '../../src/player/progress.js'

const course = (modules: { id: string; pages: string[] }[]): PlayerData => ({
  format: 1,
  course: { id: 'c', title: 'C', language: 'en', version: '1.0.0', passingScore: 80 },
  modules: modules.map((m) => ({ id: m.id, title: m.id, graded: true, pages: m.pages.map((id) => ({ id, title: id, blocks: [] })) })),
})

describe('page fragments', () => {
  it('a page is #its-id, a page id two modules share is #module-page, and the results page is #results', () => {
    const scope = buildScope(course([{ id: 'one', pages: ['intro', 'summary'] }, { id: 'two', pages: ['cases', 'summary'] }]), null)
    expect(pageFragments(scope)).toEqual(['intro', 'one-summary', 'cases', 'two-summary', 'results'])
  })

  it('a page called "results" keeps its fragment and the results page takes another', () => {
    const scope = buildScope(course([{ id: 'one', pages: ['results'] }]), null)
    expect(pageFragments(scope)).toEqual(['results', 'cp-results'])
  })

  it('the resources page is #resources, or #cp-resources when a page has that id', () => {
    expect(pageHistory(buildScope(course([{ id: 'one', pages: ['intro'] }]), null)).resources).toBe('#resources')
    expect(pageHistory(buildScope(course([{ id: 'one', pages: ['resources'] }]), null)).resources).toBe('#cp-resources')
  })
})
