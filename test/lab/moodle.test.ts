import { describe, expect, it } from 'vitest'
import { moodleProblems, newFormatMemory } from '../../src/lab/moodle.js'

const p12 = (element: string, value: string, memory = newFormatMemory()) => moodleProblems('scorm12', element, value, memory)
const p2004 = (element: string, value: string, memory = newFormatMemory()) => moodleProblems('scorm2004', element, value, memory)

describe('values Moodle refuses though scorm-again takes them', () => {
  it('1.2 suspend_data over 4,096 characters is a problem; 4,096 is fine', () => {
    expect(p12('cmi.suspend_data', 'x'.repeat(4096))).toEqual([])
    expect(p12('cmi.suspend_data', 'x'.repeat(4097))[0]).toMatch(/4,097 characters.*4,096/)
  })

  it('1.2 session_time needs 2 to 4 hour digits and at most 2 decimals', () => {
    for (const ok of ['00:05:00', '0000:05:00.5', '12:00:00.25']) expect(p12('cmi.core.session_time', ok), ok).toEqual([])
    for (const bad of ['0:05:00', '00:05:00.123', '10000:00:00']) expect(p12('cmi.core.session_time', bad), bad).toHaveLength(1)
  })

  it('1.2 identifiers are printable ASCII without spaces', () => {
    expect(p12('cmi.interactions.0.id', 'q-1_a')).toEqual([])
    expect(p12('cmi.interactions.0.id', 'pregunta 1')).toHaveLength(1)
    expect(p12('cmi.objectives.2.id', 'módulo')).toHaveLength(1)
  })

  it('1.2 scores stay within 0–100 with at most 3 integer digits', () => {
    expect(p12('cmi.core.score.raw', '85.5')).toEqual([])
    expect(p12('cmi.core.score.raw', '150')[0]).toMatch(/0–100/)
    expect(p12('cmi.core.score.raw', '0085')[0]).toMatch(/3 integer digits/)
  })

  it('1.2 results say wrong, not incorrect; choice responses are single characters', () => {
    expect(p12('cmi.interactions.0.result', 'incorrect')[0]).toMatch(/SCORM 2004's word/)
    const memory = newFormatMemory()
    p12('cmi.interactions.0.type', 'choice', memory)
    expect(p12('cmi.interactions.0.student_response', 'a,c', memory)).toEqual([])
    expect(p12('cmi.interactions.0.student_response', '10', memory)).toHaveLength(1)
  })

  it('2004 session_time takes at most 2 decimals and no weeks', () => {
    expect(p2004('cmi.session_time', 'PT1M30.25S')).toEqual([])
    expect(p2004('cmi.session_time', 'PT1.234S')).toHaveLength(1)
    expect(p2004('cmi.session_time', 'P1W')).toHaveLength(1)
  })

  it('2004 choice ids have no hyphen for Moodle', () => {
    const memory = newFormatMemory()
    p2004('cmi.interactions.0.type', 'choice', memory)
    expect(p2004('cmi.interactions.0.learner_response', 'a[,]b_2', memory)).toEqual([])
    expect(p2004('cmi.interactions.0.learner_response', 'choice-1', memory)[0]).toMatch(/no -/)
  })
})
