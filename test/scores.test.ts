import { describe, expect, it } from 'vitest'
import { percentScore, scaledScore } from '../src/scores.js'

describe('scores between 0–100 and scaled 0–1', () => {
  it('scale to 0–1 with at most four decimals, clamped', () => {
    expect([scaledScore(80), scaledScore(66.667), scaledScore(-3), scaledScore(140)]).toEqual([0.8, 0.6667, 0, 1])
  })

  it('come back to 0–100 with at most two decimals, without float noise', () => {
    expect([percentScore(0.8), percentScore(0.6667), percentScore(0.07)]).toEqual([80, 66.67, 7])
  })
})
