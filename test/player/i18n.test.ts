import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatBytes, formatDate, formatDuration, formatNumber, isRightToLeft, stringsFor, supportedLanguages } from '../../src/player/i18n.js'
import { repoRoot } from '../helpers/paths.js'

const localesDir = join(repoRoot, 'templates', 'locales')
const keysOf = (value: unknown, prefix = ''): string[] => typeof value === 'object' && value !== null
  ? Object.entries(value).flatMap(([k, v]) => keysOf(v, `${prefix}${k}.`))
  : [prefix.slice(0, -1)]

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

  it('every locale file in templates/locales has the same keys, each a text that is not empty, with the same placeholders', () => {
    const files = readdirSync(localesDir).filter((f) => f.endsWith('.json')).sort()
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...supportedLanguages].sort())
    const read = (f: string) => JSON.parse(readFileSync(join(localesDir, f), 'utf8')) as Record<string, unknown>
    const placeholders = (locale: Record<string, unknown>) => keysOf(locale).map((k) => {
      const text = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], locale)
      expect(typeof text === 'string' && text.trim() !== '', `${k} is empty`).toBe(true)
      return `${k}: ${[...String(text).matchAll(/\{\w+\}/g)].map((m) => m[0]).sort().join(' ')}`
    }).filter((k) => !k.endsWith('.one')) // a language may say "1" in words in its singular
    const english = placeholders(read('en.json'))
    for (const f of files) expect(placeholders(read(f)), f).toEqual(english)
  })

  it('Portuguese: European by default, Brazilian for pt-BR where they differ; French too', () => {
    expect([stringsFor('pt').next, stringsFor('pt-PT').next, stringsFor('pt-BR').next, stringsFor('pt_br').next]).toEqual(['Seguinte', 'Seguinte', 'Próximo', 'Próximo'])
    expect(stringsFor('fr-CA').pageOf(2, 9)).toBe('Page 2 sur 9')
  })

  it('plural forms follow the language', () => {
    expect([stringsFor('en').pagesLeft(1), stringsFor('en').pagesLeft(3)]).toEqual(['1 page not seen yet.', '3 pages not seen yet.'])
    expect(stringsFor('es').pagesLeft(2)).toBe('Quedan 2 páginas por ver.')
  })

  it('Arabic, Hebrew, Persian and Urdu lay the player out right to left; others left to right', () => {
    expect(['ar', 'he-IL', 'fa', 'ur', 'en', 'es'].map(isRightToLeft)).toEqual([true, true, true, true, false, false])
  })

  it('overrides replace single strings, templates included, and leave the rest in the course language', () => {
    const t = stringsFor('es', { next: 'Continuar', score: 'Nota: {score}' })
    expect([t.next, t.score('90'), t.previous]).toEqual(['Continuar', 'Nota: 90', 'Anterior'])
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

describe('numbers and sizes in the course language', () => {
  it('every number a string takes is written as the language writes it: page counts, progress, plurals', () => {
    expect(stringsFor('en').pageOf(1234, 2000)).toBe('Page 1,234 of 2,000')
    expect(stringsFor('fr').pageOf(1234, 2000)).toBe('Page 1\u202f234 sur 2\u202f000')
    expect(stringsFor('en').progressSummary(1500, 2000, 3, 4, formatNumber(75.5, 'en'))).toBe('1,500 of 2,000 pages seen, 3 of 4 questions answered: 75.5% done')
    expect(stringsFor('en').pagesLeft(1200)).toBe('1,200 pages not seen yet.')
    expect(stringsFor('es').toAnswerAgain(12000)).toContain('12.000')
  })

  it('a language\'s numbers are written with one number format, made once: each page writes several, and making one costs more than using it', () => {
    const real = Intl.NumberFormat
    let made = 0
    Intl.NumberFormat = new Proxy(real, { construct(target, args: ConstructorParameters<typeof Intl.NumberFormat>) { made++; return new target(...args) } })
    try {
      for (let page = 1; page <= 20; page++) expect(formatNumber(1500 + page, 'de')).toBe(`1.${500 + page}`)
      expect(formatNumber(87.5, 'de')).toBe('87,5')
      expect(made).toBe(1)
      // A tag the browser cannot read gives plain digits, and is not tried again at each number.
      expect(formatNumber(1234.5, 'not a tag')).toBe('1234.5')
      expect(formatNumber(2, 'not a tag')).toBe('2')
      expect(made).toBe(2)
    } finally {
      Intl.NumberFormat = real
    }
  })

  it('a course without a translation writes numbers as its strings do, in English', () => {
    expect(stringsFor('ar').pageOf(1234, 2000)).toBe('Page 1,234 of 2,000')
  })

  it('a file size reads in SI units with the language\'s decimal mark', () => {
    expect(formatBytes(1_234_567, 'es')).toBe('1,2 MB')
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB')
    expect(formatBytes(2672, 'en')).toBe('2.7 kB')
    expect(formatBytes(85_887, 'fr')).toBe('86\u202fko')
    expect(formatBytes(999_950, 'en')).toBe('1 MB')
    expect(formatBytes(512, 'en')).toBe('512 bytes')
  })

  it('a string override with a placeholder no value has, or an inherited name, keeps the text as written', () => {
    expect(stringsFor('en', { pageOf: '{current}/{total} {constructor}' }).pageOf(1, 2)).toBe('1/2 {constructor}')
  })
})
