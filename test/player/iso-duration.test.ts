import { describe, expect, it } from 'vitest'
import { isoDuration } from '../../src/player/tracking/iso-duration.js'

// SCORM 2004's Moodle-accepted form is checked with the 2004 dialect (test/player/scorm.test.ts).
describe('ISO 8601 durations (xAPI, cmi5 and SCORM 2004 alike)', () => {
  it.each([
    [0, 'PT0S'],
    [65_250, 'PT1M5.25S'],
    [3_600_000, 'PT1H'],
    [3_723_456, 'PT1H2M3.46S'],
    [1_500, 'PT1.5S'],
  ])('%i ms is %s, with at most two decimals', (ms, text) => {
    expect(isoDuration(ms)).toBe(text)
  })

  it('a negative or unknown span is PT0S, never an invalid duration', () => {
    expect(isoDuration(-5)).toBe('PT0S')
    expect(isoDuration(Number.NaN)).toBe('PT0S')
  })
})
