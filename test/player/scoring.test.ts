// What an answer earns: all or nothing, or with `partial` the share of right parts.
import { describe, expect, it } from 'vitest'
import { creditOf, isAnswerable, isCorrect } from '../../src/player/scoring.js'
import { matching, ordering } from './course-data.js'

describe('scoring matching and ordering', () => {
  it('matching is all or nothing by default: left i goes with right i', () => {
    const q = matching('m', 4)
    expect(creditOf(q, [0, 1, 2, 3])).toBe(1)
    expect(creditOf(q, [0, 1, 3, 2])).toBe(0)
    expect(isCorrect(q, [0, 1, 2, 3])).toBe(true)
  })

  it('partial matching earns the share of right pairs; a distractor is never right', () => {
    const q = matching('m', 4, 2, true)
    expect(creditOf(q, [0, 1, 3, 2])).toBe(0.5)
    expect(creditOf(q, [0, 4, 5, 3])).toBe(0.5)
    expect(isCorrect(q, [0, 1, 3, 2])).toBe(false)
  })

  it('ordering is all or nothing by default; partial earns the share of items in their place', () => {
    expect(creditOf(ordering('o', 4), [0, 1, 3, 2])).toBe(0)
    expect(creditOf(ordering('o', 4, true), [0, 1, 3, 2])).toBe(0.5)
    expect(creditOf(ordering('o', 3, true), [1, 2, 0])).toBe(0)
    expect(creditOf(ordering('o', 3, true), [0, 1, 2])).toBe(1)
  })

  it('a matching answer needs every left item matched to an existing option; an ordering answer is a permutation', () => {
    const m = matching('m', 3, 1)
    expect(isAnswerable(m, [0, 1, 3])).toBe(true)
    expect(isAnswerable(m, [0, 1])).toBe(false)
    expect(isAnswerable(m, [0, 1, 4])).toBe(false)
    const o = ordering('o', 3)
    expect(isAnswerable(o, [2, 0, 1])).toBe(true)
    expect(isAnswerable(o, [0, 0, 1])).toBe(false)
    expect(isAnswerable(o, [0, 1])).toBe(false)
  })
})
