import { describe, expect, it } from 'vitest'
import { formatDate, formatDuration, formatNumber, stringsFor, supportedLanguages } from '../../src/player/i18n.js'

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

describe('durations and dates in the course language', () => {
  it('an ISO 8601 duration reads as words, with the browser\'s own unit names', () => {
    expect(formatDuration('PT4H', 'en')).toBe('4 hours')
    expect(formatDuration('PT4H', 'es')).toBe('4 horas')
    expect(formatDuration('PT1H', 'en')).toBe('1 hour')
    expect(formatDuration('PT1H30M', 'en')).toBe('1 hour, 30 minutes')
    expect(formatDuration('PT1H30M', 'es')).toBe('1 hora y 30 minutos')
    expect(formatDuration('PT45M', 'es')).toBe('45 minutos')
    expect(formatDuration('P2D', 'en')).toBe('2 days')
    expect(formatDuration('PT1,5H', 'en')).toBe('1.5 hours')
  })

  it('a duration it cannot read is shown as written, never dropped', () => {
    expect(formatDuration('four hours', 'en')).toBe('four hours')
    expect(formatDuration('PT0H', 'en')).toBe('PT0H')
  })

  it('a date reads as the course language writes it', () => {
    expect(formatDate('2026-11-30', 'en')).toBe('November 30, 2026')
    expect(formatDate('2026-11-30', 'es')).toBe('30 de noviembre de 2026')
  })
})
