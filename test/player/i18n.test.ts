import { describe, expect, it } from 'vitest'
import { formatNumber, stringsFor, supportedLanguages } from '../../src/player/i18n.js'

describe('interface strings', () => {
  it('English courses get the English button names the tests and learners rely on', () => {
    const t = stringsFor('en')
    expect([t.next, t.previous, t.submit, t.exit, t.retry, t.true, t.false, t.results]).toEqual(['Next', 'Previous', 'Submit', 'Exit', 'Retry', 'True', 'False', 'Results'])
  })

  it('Spanish courses get the Spanish names', () => {
    const t = stringsFor('es')
    expect([t.next, t.previous, t.submit, t.exit, t.retry, t.true, t.false, t.results]).toEqual(['Siguiente', 'Anterior', 'Enviar', 'Salir', 'Reintentar', 'Verdadero', 'Falso', 'Resultados'])
  })

  it('a regional tag uses its primary language, in any case', () => {
    expect(stringsFor('es-MX').next).toBe('Siguiente')
    expect(stringsFor('ES_es').next).toBe('Siguiente')
  })

  it('a language without a translation, or none at all, falls back to English', () => {
    expect(stringsFor('de').next).toBe('Next')
    expect(stringsFor('').next).toBe('Next')
    expect(stringsFor(undefined).next).toBe('Next')
    expect(stringsFor('constructor').next).toBe('Next')
  })

  it('every language translates every string', () => {
    const keys = Object.keys(stringsFor('en')).sort()
    for (const lang of supportedLanguages) {
      const t = stringsFor(lang) as unknown as Record<string, unknown>
      expect(Object.keys(t).sort()).toEqual(keys)
      for (const k of keys) expect(typeof t[k] === 'function' ? (t[k] as (...a: unknown[]) => string)('1', 2) : t[k]).toBeTruthy()
    }
  })

  it('the no-LMS banner says progress is not saved, in the course language', () => {
    expect(stringsFor('en').notSaved).toMatch(/not being saved/)
    expect(stringsFor('es').notSaved).toMatch(/no se está guardando/)
  })

  it('scores read naturally in each language', () => {
    expect(stringsFor('en').score(formatNumber(87.5, 'en'))).toBe('Your score: 87.5%')
    expect(stringsFor('es').score(formatNumber(87.5, 'es'))).toBe('Su calificación: 87,5 %')
  })
})
