import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/course/config.js'

const base = 'id: fire-safety\ntitle: Fire safety\nlanguage: en\nversion: 1.0.0\n'
const codesAt = (text: string) =>
  parseConfig(text).diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.file}:${d.at.line}:${d.at.col}`)

describe('course.yaml', () => {
  it('a complete course.yaml gives its settings and no diagnostics', () => {
    const text = `${base}description: Basics\norganization: ACME\nduration: PT4H\npassing_score: 70\nscorm: { sco: per-module }\nmodules:\n  - modules/01-intro.md\nassets: [media/handout.pdf]\nxapi: { activity_id: "https://example.com/courses/fire-safety" }\n`
    const { config, readable, diagnostics } = parseConfig(text)
    expect(diagnostics).toEqual([])
    expect(readable).toBe(true)
    expect(config).toEqual({
      id: 'fire-safety', title: 'Fire safety', language: 'en', version: '1.0.0', description: 'Basics', organization: 'ACME',
      duration: 'PT4H', passingScore: 70, sco: 'per-module', scoAt: { file: 'course.yaml', line: 9, col: 15 },
      modules: [{ path: 'modules/01-intro.md', at: { file: 'course.yaml', line: 11, col: 5 } }],
      modulesAt: { file: 'course.yaml', line: 10, col: 1 },
      assets: [{ path: 'media/handout.pdf', at: { file: 'course.yaml', line: 12, col: 10 } }],
      xapiActivityId: 'https://example.com/courses/fire-safety',
    })
  })

  it('passing score defaults to 80, SCO packaging to single and modules to the folder listing', () => {
    const { config } = parseConfig(base)
    expect([config.passingScore, config.sco, config.modules]).toEqual([80, 'single', undefined])
  })

  it('accented Spanish text is kept as written', () => {
    const { config, diagnostics } = parseConfig('id: seguridad\ntitle: Introducción a la prevención de incendios\nlanguage: es\nversion: 2.1.0\ndescription: "Qué hacer: señales, extintores y evacuación"\n')
    expect(diagnostics).toEqual([])
    expect([config.title, config.description]).toEqual(['Introducción a la prevención de incendios', 'Qué hacer: señales, extintores y evacuación'])
  })

  it.each([
    ['id', 'title: T\nlanguage: en\nversion: 1.0.0\n', 'id: my-course'],
    ['title', 'id: c\nlanguage: en\nversion: 1.0.0\n', 'title: '],
    ['language', 'id: c\ntitle: T\nversion: 1.0.0\n', 'language: en'],
    ['version', 'id: c\ntitle: T\nlanguage: en\n', 'version: 1.0.0'],
  ])('a missing %s is a missing-field error at the top of course.yaml showing its form', (field, text, example) => {
    const { diagnostics } = parseConfig(text)
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'missing-field', severity: 'error', at: { file: 'course.yaml', line: 1, col: 1 } })])
    expect(diagnostics[0]?.message).toContain(`\`${field}\``)
    expect(diagnostics[0]?.message).toContain(example)
  })

  it('a required field left empty is missing, reported at its key', () => {
    expect(codesAt('id: c\ntitle:\nlanguage: en\nversion: 1.0.0\n')).toEqual(['error missing-field course.yaml:2:1'])
  })

  it('an unknown key is a warning at the key that names it, suggests the close one and lists the known ones', () => {
    const { diagnostics } = parseConfig(`${base}pasing_score: 90\n`)
    expect(codesAt(`${base}pasing_score: 90\n`)).toEqual(['warning unknown-key course.yaml:5:1'])
    expect(diagnostics[0]?.message).toContain('"pasing_score"')
    expect(diagnostics[0]?.message).toContain('Did you mean "passing_score"?')
    expect(diagnostics[0]?.message).toContain('id, title, language, version')
  })

  it('an unknown key inside scorm: is a warning too', () => {
    expect(codesAt(`${base}scorm:\n  scos: single\n`)).toEqual(['warning unknown-key course.yaml:6:3'])
  })

  it('a course id with spaces or accents is an error at its value', () => {
    expect(codesAt('id: seguridad básica\ntitle: T\nlanguage: es\nversion: 1.0.0\n')).toEqual(['error course-id-format course.yaml:1:5'])
  })

  it('a numeric course id keeps the digits as written', () => {
    const { config, diagnostics } = parseConfig('id: 007\ntitle: T\nlanguage: en\nversion: 1.0.0\n')
    expect(diagnostics).toEqual([])
    expect(config.id).toBe('007')
  })

  it.each(['en', 'es', 'pt-BR', 'es-419', 'fr-CA', 'pt'])('%s is a valid language tag the player speaks', (tag) => {
    expect(codesAt(`id: c\ntitle: T\nlanguage: ${tag}\nversion: 1.0.0\n`)).toEqual([])
  })

  it.each(['zh-Hant-TW', 'ar', 'de'])('%s is valid but the player has no translation: a warning that it speaks English, at the value', (tag) => {
    const { diagnostics } = parseConfig(`id: c\ntitle: T\nlanguage: ${tag}\nversion: 1.0.0\n`)
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['warning language-unsupported 3:11'])
    expect(diagnostics[0]!.message).toContain('English')
    expect(diagnostics[0]!.message).toContain('en, es, fr, pt, pt-BR')
  })

  it.each(['pt_BR', 'english', 'e'])('%s is not a BCP 47 tag: language-format at its value', (tag) => {
    expect(codesAt(`id: c\ntitle: T\nlanguage: ${tag}\nversion: 1.0.0\n`)).toEqual(['error language-format course.yaml:3:11'])
  })

  it('a version YAML reads as a number is not semver, and the message says to quote it', () => {
    const { diagnostics } = parseConfig('id: c\ntitle: T\nlanguage: en\nversion: 1.0\n')
    expect(codesAt('id: c\ntitle: T\nlanguage: en\nversion: 1.0\n')).toEqual(['error version-format course.yaml:4:10'])
    expect(diagnostics[0]?.message).toContain('"1.0"')
    expect(diagnostics[0]?.message).toContain('version: "1.0.0"')
  })

  it('a semver pre-release version is accepted', () => {
    expect(parseConfig('id: c\ntitle: T\nlanguage: en\nversion: 2.0.0-beta.1\n').config.version).toBe('2.0.0-beta.1')
  })

  it('a duration that is not ISO 8601 is an error at its value', () => {
    expect(codesAt(`${base}duration: 4 hours\n`)).toEqual(['error duration-format course.yaml:5:11'])
  })

  it.each(['120', '-1', 'eighty'])('a passing score of %s is outside 0–100', (value) => {
    expect(codesAt(`${base}passing_score: ${value}\n`)).toEqual(['error passing-score-range course.yaml:5:16'])
  })

  it('a SCO mode other than single or per-module is an error at its value', () => {
    expect(codesAt(`${base}scorm:\n  sco: multi\n`)).toEqual(['error sco-value course.yaml:6:8'])
  })

  it('an xAPI activity id that is not an absolute IRI is an error at its value', () => {
    expect(codesAt(`${base}xapi:\n  activity_id: courses/fire-safety\n`)).toEqual(['error xapi-activity-id course.yaml:6:16'])
  })

  it('an xAPI activity id may be a non-ASCII IRI', () => {
    expect(codesAt(`${base}xapi:\n  activity_id: https://ejemplo.es/cursos/prevención\n`)).toEqual([])
  })

  it('modules: that is not a list is a field-type error at its value', () => {
    expect(codesAt(`${base}modules: modules/01-intro.md\n`)).toEqual(['error field-type course.yaml:5:10'])
  })

  it('malformed YAML is one yaml-syntax error at the position yaml reports, and nothing else is checked', () => {
    const { diagnostics, readable } = parseConfig('id: c\ntitle: Fire safety: the basics\n')
    expect(readable).toBe(false)
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'yaml-syntax', at: { file: 'course.yaml', line: 2, col: 8 } })])
    expect(diagnostics[0]?.message).toMatch(/^This text contains ": ", which YAML reads as the start of another key\. Put the whole value in quotes/)
    expect(diagnostics[0]?.message).not.toContain('compact mappings')
  })

  it('a duplicate key is a yaml-syntax error at the second key', () => {
    expect(codesAt(`${base}id: again\n`)).toEqual(['error yaml-syntax course.yaml:5:1'])
  })

  it('a course.yaml that is a list, not a mapping, is an error', () => {
    expect(codesAt('- id: c\n')).toEqual(['error yaml-not-mapping course.yaml:1:1'])
  })

  it('a CRLF course.yaml reports the same positions as an LF one', () => {
    const text = 'id: c\ntitle: T\nlanguage: en_US\nversion: 1.0.0\nduration: 1h\n'
    expect(codesAt(text.replace(/\n/g, '\r\n'))).toEqual(codesAt(text))
    expect(codesAt(text)).toEqual(['error language-format course.yaml:3:11', 'error duration-format course.yaml:5:11'])
  })

  it('every problem is collected, not only the first', () => {
    expect(codesAt('id: a b\ntitle: T\nlanguage: xx_YY\nversion: one\npassing_score: 101\n')).toEqual([
      'error course-id-format course.yaml:1:5',
      'error language-format course.yaml:3:11',
      'error version-format course.yaml:4:10',
      'error passing-score-range course.yaml:5:16',
    ])
  })

  it.each([
    ['0.8', 'passing-score-fraction', 'passing_score: 80'],
    ['0.75', 'passing-score-fraction', 'passing_score: 75'],
    ['"80"', 'passing-score-quoted', 'Drop the quotes: `passing_score: 80`'],
    ["'80'", 'passing-score-quoted', 'Drop the quotes: `passing_score: 80`'],
    ['180', 'passing-score-range', 'from 0 to 100'],
    ['eighty', 'passing-score-range', 'from 0 to 100'],
  ])('passing_score: %s is %s with the fix to write', (value, code, fix) => {
    const { diagnostics } = parseConfig(`${base}passing_score: ${value}\n`)
    expect(diagnostics).toEqual([expect.objectContaining({ code, severity: 'error', at: { file: 'course.yaml', line: 5, col: 16 } })])
    expect(diagnostics[0]?.message).toContain(fix)
  })

  it.each(['0', '1', '80', '100'])('passing_score: %s is a valid percentage', (value) => {
    const { config, diagnostics } = parseConfig(`${base}passing_score: ${value}\n`)
    expect(diagnostics).toEqual([])
    expect(config.passingScore).toBe(Number(value))
  })

  it.each([
    ['lang: en\n', '"lang"', 'language'],
    ['descripton: x\n', '"descripton"', 'description'],
    ['scorm:\n  scos: single\n', '"scos"', 'sco'],
    ['xapi:\n  activityid: https://e.com/c\n', '"activityid"', 'activity_id'],
  ])('an unknown key suggests the closest known one: %j', (extra, key, suggestion) => {
    const { diagnostics } = parseConfig(`${base}${extra}`)
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'unknown-key' })])
    expect(diagnostics[0]?.message).toContain(`${key} is not a key`)
    expect(diagnostics[0]?.message).toContain(`Did you mean "${suggestion}"?`)
  })

  it.each([['per_module', 'per-module'], ['singel', 'single'], ['permodule', 'per-module']])('sco: %s suggests %s', (value, suggestion) => {
    const { diagnostics } = parseConfig(`${base}scorm: { sco: ${value} }\n`)
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'sco-value' })])
    expect(diagnostics[0]?.message).toContain(`Did you mean "${suggestion}"?`)
  })
})

describe('YAML mistakes get a plain sentence and the position to fix', () => {
  const syntax = (text: string) => {
    const { diagnostics } = parseConfig(text)
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml-syntax'])
    return { at: `${diagnostics[0]!.at.line}:${diagnostics[0]!.at.col}`, message: diagnostics[0]!.message }
  }

  it.each([
    ['a key', `${base}\tdescription: x\n`, '5:1'],
    ['a nested key', `${base}scorm:\n\tsco: single\n`, '6:1'],
    ['a list item', `${base}modules:\n\t- modules/a.md\n`, '6:1'],
  ])('a tab before %s says to replace tabs with spaces, on its line', (_what, text, at) => {
    const found = syntax(text)
    expect(found.at).toBe(at)
    expect(found.message).toContain('Replace tabs with spaces')
    expect(found.message).not.toMatch(/quote/i)
  })

  it.each([
    ['a key further in than its siblings', 'id: c\ntitle: T\n  language: en\nversion: 1.0.0\n', '3:3'],
    ['a nested key further in than its siblings', `${base}scorm:\n  sco: single\n    other: 1\n`, '7:5'],
    ['a list item further out than the one above', `${base}modules:\n  - modules/a.md\n - modules/b.md\n`, '7:2'],
  ])('%s is an indentation error at the line and column that is out of step, without the quoting hint', (_what, text, at) => {
    const found = syntax(text)
    expect(found.at).toBe(at)
    expect(found.message).toMatch(/^This line is indented differently from the lines around it/)
    expect(found.message).not.toMatch(/quote/i)
  })

  it.each([
    ['an unclosed quote', `${base}description: "Basics\n`, /^This quoted text is never closed/],
    ['a value starting with @', `${base}organization: @acme\n`, /^A value cannot start with `@` unquoted/],
    ['a duplicate key', `${base}id: again\n`, /^The key "id" is already set above/],
    ['an unclosed bracket', `${base}modules: [modules/a.md\n`, /^A list or mapping opened with `\[` or `\{` is not closed/],
    ['an unclosed brace', `${base}scorm: { sco: single\n`, /^A list or mapping opened with `\[` or `\{` is not closed/],
    ['a duplicate quoted key', `${base}"id": again\n`, /^The key "id" is already set above/],
  ])('%s starts with a plain sentence, not the parser\'s words', (_what, text, plain) => {
    expect(syntax(text).message).toMatch(plain)
  })
})

describe('course.yaml: what the learner sees (show_answers, retry, certificate)', () => {
  it('reads show_answers: false, retry: all and the certificate settings', () => {
    const text = `${base}show_answers: false\nretry: all\ncertificate:\n  enabled: true\n  title: Certificate of completion\n  signatory: { name: Ana Ruiz, role: Director }\n  logo: media/logo.png\n`
    const { config, diagnostics } = parseConfig(text)
    expect(diagnostics).toEqual([])
    expect(config).toMatchObject({
      showAnswers: false, retry: 'all',
      certificate: { enabled: true, title: 'Certificate of completion', signatory: { name: 'Ana Ruiz', role: 'Director' }, logo: { path: 'media/logo.png', at: { file: 'course.yaml', line: 11, col: 9 } } },
    })
  })

  it('defaults: answers shown, Retry clears only missed questions, no certificate settings', () => {
    const { config } = parseConfig(`${base}show_answers: true\nretry: missed\n`)
    expect([config.showAnswers, config.retry, config.certificate]).toEqual([undefined, undefined, undefined])
  })

  it('wrong values are field-type errors at the value, a misspelt key in certificate a warning', () => {
    expect(codesAt(`${base}show_answers: no thanks\nretry: some\ncertificate:\n  signatory: Ana\n  logo: media/logo.pdf\n  titel: X\n`)).toEqual([
      'error field-type course.yaml:5:15', 'error field-type course.yaml:6:8', 'warning unknown-key course.yaml:10:3',
      'error field-type course.yaml:8:14', 'error field-type course.yaml:9:9',
    ])
  })
})

describe('attempts and shuffle in course.yaml', () => {
  const base = 'id: c\ntitle: C\nlanguage: en\nversion: 1.0.0\n'
  it('attempts: N and shuffle: true are read', () => {
    const { config, diagnostics } = parseConfig(`${base}attempts: 3\nshuffle: true\n`)
    expect(diagnostics).toEqual([])
    expect([config.attempts, config.shuffle]).toEqual([3, true])
  })

  it('attempts that are not a whole number of at least 1 are an error at the value', () => {
    for (const value of ['0', '2.5', '"3"', 'many']) {
      const { diagnostics } = parseConfig(`${base}attempts: ${value}\n`)
      expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['attempts-value 5:11'])
    }
  })
})

describe("strings: the author's own words for the player's strings", () => {
  it('replaces strings by key; an unknown key is a warning with the nearest key, a value that is not text an error', () => {
    const { config, diagnostics } = parseConfig(`${base}strings:\n  next: Continue\n  pageOf: "{current} / {total}"\n  nxet: Go\n  submit: [a, b]\n`)
    expect(config.strings).toEqual({ next: 'Continue', pageOf: '{current} / {total}' })
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['warning unknown-key 8:3', 'error field-type 9:11'])
    expect(diagnostics[0]!.message).toContain('Did you mean "next"?')
  })
})

describe('course.yaml theme: colours checked for AA contrast', () => {
  const diagnosticsOf = (text: string) => parseConfig(`${base}${text}`).diagnostics

  it('reads primary, accent (as #rrggbb) and the logo path, with no diagnostics', () => {
    const { config, diagnostics } = parseConfig(`${base}theme:\n  primary: "#1D3A5F"\n  accent: rgb(26, 85, 153)\n  logo: media/logo.png\n`)
    expect(diagnostics).toEqual([])
    expect(config.theme).toEqual({ primary: '#1d3a5f', accent: '#1a5599', logo: { path: 'media/logo.png', at: { file: 'course.yaml', line: 8, col: 9 } } })
  })

  it('a colour too pale for its text is an error at the value, with the ratio, what it is drawn with, and a passing colour of the same hue', () => {
    const [primary, accent] = diagnosticsOf('theme:\n  primary: "#6fa8dc"\n  accent: "#ffcc00"\n')
    expect(`${primary!.severity} ${primary!.code} ${primary!.at.line}:${primary!.at.col}`).toBe('error theme-contrast 6:12')
    expect(primary!.message).toMatch(/^The primary colour #6fa8dc has a contrast of 2\.\d\d:1 with the header's white text, and WCAG 2\.1 AA needs 4\.5:1/)
    const fix = /`primary: "(#[0-9a-f]{6})"`/.exec(primary!.message)![1]!
    expect(parseConfig(`${base}theme:\n  primary: "${fix}"\n`).diagnostics).toEqual([]) // the suggested fix passes
    expect(`${accent!.code} ${accent!.at.line}:${accent!.at.col}`).toBe('theme-contrast 7:11')
    expect(accent!.message).toMatch(/with the white page \(links\)/)
  })

  it('the line is AA, 4.5:1: an accent of 4.59:1 on white passes, one of 4.14:1 does not', () => {
    expect(diagnosticsOf('theme:\n  accent: "#2a7ab8"\n')).toEqual([])
    expect(diagnosticsOf('theme:\n  accent: "#2f7fd0"\n').map((d) => d.message.match(/contrast of ([\d.]+):1/)?.[1])).toEqual(['4.14'])
  })

  it('an unquoted #colour is a YAML comment: the empty value is reported at the key, saying to quote it', () => {
    const [d] = diagnosticsOf('theme:\n  primary: #1d3a5f\n')
    expect(`${d!.severity} ${d!.code} ${d!.at.line}:${d!.at.col}`).toBe('error theme-color 6:3')
    expect(d!.message).toMatch(/^This colour is empty .*in quotes, for example `primary: "#1a5599"`/)
  })

  it('a colour it cannot read, a logo that is not an image and an unknown key (with did-you-mean)', () => {
    expect(codesAt(`${base}theme:\n  accent: blueish\n  logo: media/logo.pdf\n  primay: "#000000"\n`)).toEqual([
      'warning unknown-key course.yaml:8:3', 'error theme-color course.yaml:6:11', 'error field-type course.yaml:7:9',
    ])
    expect(diagnosticsOf('theme:\n  primay: "#000000"\n')[0]!.message).toMatch(/Did you mean "primary"\?/)
    expect(codesAt(`${base}theme: dark\n`)).toEqual(['error field-type course.yaml:5:8'])
  })
})
