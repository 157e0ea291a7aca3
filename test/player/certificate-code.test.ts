import { describe, expect, it } from 'vitest'
import { displayName, nameKey, normalizeCode, verificationCode } from '../../src/player/certificate-code.js'
import { withoutVerdict } from '../../src/player/quiz.js'

const facts = { courseId: 'trata-consulados', version: '1.0.0', learner: 'Ana García', date: '2026-11-30' }

describe('the certificate\'s verification code', () => {
  it('is ten characters of Crockford base 32 in two groups, the same every time for the same facts', () => {
    const code = verificationCode(facts)
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
    expect(verificationCode({ ...facts })).toBe(code)
  })

  it('stays what it was when a certificate was printed: a code issued by an earlier release still verifies', () => {
    expect(verificationCode(facts)).toBe('4SV6Q-83312') // computed by the first release that printed codes
  })

  it('changes when any one fact changes: course, version, learner or date', () => {
    const code = verificationCode(facts)
    for (const changed of [{ courseId: 'trata-consulado' }, { version: '1.0.1' }, { learner: 'Ana Garcia' }, { date: '2026-11-29' }]) {
      expect(verificationCode({ ...facts, ...changed })).not.toBe(code)
    }
  })

  it('reads the name as a person would retype it: case, spacing and Unicode composition do not matter', () => {
    const code = verificationCode(facts)
    expect(verificationCode({ ...facts, learner: '  ana   GARCÍA ' })).toBe(code)
    expect(verificationCode({ ...facts, learner: 'Ana Garci\u0301a' })).toBe(code) // í as i + combining accent
    expect(nameKey(' Ana\tGarcía ')).toBe('ana garcía')
  })

  it('takes a code back as typed: lower case, no dash, O for zero, I or L for one', () => {
    expect(normalizeCode('7kq2m9xd3f')).toBe('7KQ2M-9XD3F')
    expect(normalizeCode(' 1o2i3-4l567 ')).toBe('10213-41567')
  })
})

describe('the learner\'s name as printed', () => {
  it('turns the LMS\'s "Last, First" round and keeps any other name as written', () => {
    expect(displayName('Learner, Lab')).toBe('Lab Learner')
    expect(displayName('García Pérez,  Ana María')).toBe('Ana María García Pérez')
    expect(displayName('Ana García')).toBe('Ana García')
    expect(displayName('King, Martin Luther, Jr.')).toBe('King, Martin Luther, Jr.')
    expect(displayName('Madonna,')).toBe('Madonna')
  })
})

describe('feedback after the verdict', () => {
  it('drops a verdict word the player has just said, and nothing else', () => {
    expect(withoutVerdict('Correct. For adults all three elements are required.', 'Correct.')).toBe('For adults all three elements are required.')
    expect(withoutVerdict('¡Correcto! Así es.', 'Correcto.')).toBe('Así es.')
    expect(withoutVerdict('Correct.', 'Correct.')).toBe('')
    expect(withoutVerdict('Correctly identified, the victim is referred.', 'Correct.')).toBe('Correctly identified, the victim is referred.')
    expect(withoutVerdict('No. The act is always required.', 'Incorrect.')).toBe('No. The act is always required.')
  })
})
