import { afterEach, describe, expect, it } from 'vitest'
import { removeCourseFolders, writeCourseFolder } from '../helpers/course-folder.js'
import { formatDiagnostic, hasErrors, messages, type Diagnostic } from '../../src/course/diagnostics.js'
import { loadCourse } from '../../src/course/load.js'

afterEach(removeCourseFolders)

/** Writes a course folder from { path: contents } and returns its absolute path. */
const course = (filesByPath: Record<string, string | Uint8Array>): Promise<string> => writeCourseFolder(filesByPath, 'coursepack-load-')

const config = 'id: curso\ntitle: Curso\nlanguage: es\nversion: 1.0.0\n'
const mod = (title: string, body = '# Página\n\nHola.\n') => `---\ntitle: ${title}\n---\n${body}`
const where = (ds: Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.at.file}:${d.at.line}:${d.at.col}`)

describe('loadCourse', () => {
  it('a folder without course.yaml is not a course: an error at course.yaml:1:1 that says how to make one', async () => {
    const { course: loaded, diagnostics } = await loadCourse(await course({ 'README.md': '# hi\n' }))
    expect(loaded).toBeUndefined()
    expect(where(diagnostics)).toEqual(['error course-missing course.yaml:1:1'])
    expect(diagnostics[0]?.message).toContain('coursepack init')
  })

  it('a course with an empty modules/ folder is an error', async () => {
    expect(where((await loadCourse(await course({ 'course.yaml': config, 'modules/.keep': '' }))).diagnostics)).toEqual(['error modules-empty course.yaml:1:1'])
  })

  it('an empty modules: list is an error at the key', async () => {
    expect(where((await loadCourse(await course({ 'course.yaml': `${config}modules: []\n` }))).diagnostics)).toEqual(['error modules-empty course.yaml:5:1'])
  })

  it('by default every modules/*.md is a module, in file name order', async () => {
    const dir = await course({
      'course.yaml': config, 'modules/10-cierre.md': mod('Cierre'), 'modules/02-desarrollo.md': mod('Desarrollo'),
      'modules/01-introducción.md': mod('Introducción'), 'modules/notas.txt': 'no', 'modules/extra/03-no.md': mod('No'),
    })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(diagnostics).toEqual([])
    expect(loaded?.modules.map((m) => m.id)).toEqual(['introduccion', 'desarrollo', 'cierre'])
  })

  it('modules: sets the order and may name files anywhere in the course', async () => {
    const dir = await course({
      'course.yaml': `${config}modules:\n  - parts/b.md\n  - modules/01-a.md\n`, 'modules/01-a.md': mod('A'), 'parts/b.md': mod('B'),
    })
    expect((await loadCourse(dir)).course?.modules.map((m) => m.title)).toEqual(['B', 'A'])
  })

  it('a modules: entry naming a missing file is missing-file at that list item, suggesting the close name', async () => {
    const dir = await course({ 'course.yaml': `${config}modules:\n  - modules/01-intro.md\n  - modules/02-Final.md\n`, 'modules/01-intro.md': mod('A'), 'modules/02-final.md': mod('B') })
    const { diagnostics } = await loadCourse(dir)
    expect(where(diagnostics)).toEqual(['error missing-file course.yaml:7:5'])
    expect(diagnostics[0]?.message).toContain('Did you mean "modules/02-final.md"?')
  })

  it('a module listed twice is reported at the second entry', async () => {
    const dir = await course({ 'course.yaml': `${config}modules: [modules/a.md, modules/a.md]\n`, 'modules/a.md': mod('A') })
    expect(where((await loadCourse(dir)).diagnostics)).toEqual(['error module-listed-twice course.yaml:5:25'])
  })

  it('a modules: entry outside the course folder is link-escapes-course', async () => {
    const dir = await course({ 'course.yaml': `${config}modules:\n  - ../otro/a.md\n` })
    expect(where((await loadCourse(dir)).diagnostics)).toEqual(['error link-escapes-course course.yaml:6:5'])
  })

  it('two modules with the same id are an error at the second one', async () => {
    const dir = await course({ 'course.yaml': config, 'modules/01-intro.md': mod('A'), 'modules/02-b.md': '---\ntitle: B\nid: intro\n---\n# P\n' })
    const { diagnostics } = await loadCourse(dir)
    expect(where(diagnostics)).toEqual(['error module-duplicate-id modules/02-b.md:3:5'])
    expect(diagnostics[0]?.message).toContain('modules/01-intro.md')
  })

  it('question ids that collide across modules through dots are quiz-duplicate-id at the later question', async () => {
    const q = (id: string) => `# P\n\n\`\`\`quiz\nid: ${id}\ntype: true-false\nquestion: Q\nanswer: true\n\`\`\`\n`
    const dir = await course({ 'course.yaml': config, 'modules/01.md': `---\ntitle: A\nid: a.b\n---\n${q('c')}`, 'modules/02.md': `---\ntitle: B\nid: a\n---\n${q('b.c')}` })
    expect(where((await loadCourse(dir)).diagnostics)).toEqual(['error quiz-duplicate-id modules/02.md:8:1'])
  })

  it('assets are the referenced files plus assets:, once each, sorted by path; unreferenced media stay out', async () => {
    const dir = await course({
      'course.yaml': `${config}assets:\n  - media/handout.pdf\n`,
      'modules/01-a.md': mod('A', '# P\n\n![Mapa](../media/z-map.svg) ![Mapa otra vez](../media/z-map.svg) [guía](../media/a-guide.pdf)\n'),
      'media/z-map.svg': '<svg/>', 'media/a-guide.pdf': '%PDF', 'media/handout.pdf': '%PDF', 'media/unused.png': 'x',
    })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(diagnostics).toEqual([])
    expect(loaded?.assets).toEqual([
      { path: 'media/a-guide.pdf', at: { file: 'modules/01-a.md', line: 6, col: 67 } },
      { path: 'media/handout.pdf', at: { file: 'course.yaml', line: 6, col: 5 } },
      { path: 'media/z-map.svg', at: { file: 'modules/01-a.md', line: 6, col: 3 } },
    ])
  })

  it('an assets: entry that does not exist is missing-file at its list item', async () => {
    const dir = await course({ 'course.yaml': `${config}assets: [media/nope.pdf]\n`, 'modules/a.md': mod('A') })
    expect(where((await loadCourse(dir)).diagnostics)).toEqual(['error missing-file course.yaml:5:10'])
  })

  it('every problem in every file is collected, sorted by file, line and col', async () => {
    const dir = await course({
      'course.yaml': 'id: curso\ntitle: Curso\nlanguage: es_ES\nversion: 1.0.0\npasing_score: 90\n',
      'modules/02-b.md': mod('B', '# P\n\n```quiz\ntype: single\nquestion: Q\nchoices: [{ text: A }, { text: B }]\n```\n'),
      'modules/01-a.md': mod('A', 'Suelto.\n\n# P\n\n![](../media/falta.png)\n'),
    })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(loaded).toBeUndefined()
    expect(where(diagnostics)).toEqual([
      'error language-format course.yaml:3:11',
      'warning unknown-key course.yaml:5:1',
      'error text-before-heading modules/01-a.md:4:1',
      'error missing-file modules/01-a.md:8:3',
      'error image-no-alt modules/01-a.md:8:3',
      'error quiz-no-correct modules/02-b.md:7:1',
    ])
  })

  it('malformed course.yaml stops at that one error: which modules it lists is unknown', async () => {
    const dir = await course({ 'course.yaml': 'id: [curso\n', 'modules/a.md': 'sin front matter\n' })
    expect(where((await loadCourse(dir)).diagnostics)).toEqual(['error yaml-syntax course.yaml:2:1'])
  })

  it('warnings alone still give a course', async () => {
    const dir = await course({ 'course.yaml': `${config}titel: x\n`, 'modules/a.md': mod('A') })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(where(diagnostics)).toEqual(['warning unknown-key course.yaml:5:1'])
    expect(loaded?.id).toBe('curso')
  })

  it('a CRLF course loads like an LF one', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n')
    const dir = await course({ 'course.yaml': crlf(config), 'modules/a.md': crlf(mod('Á', '# Uno\n\nHola.\n\n# Dos\n')) })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(diagnostics).toEqual([])
    expect(loaded?.modules[0]?.pages.map((p) => [p.title, p.at.line])).toEqual([['Uno', 4], ['Dos', 8]])
  })

  it('the course model is plain data: it survives JSON unchanged', async () => {
    const dir = await course({ 'course.yaml': config, 'modules/a.md': mod('A') })
    const { course: loaded } = await loadCourse(dir)
    expect(JSON.parse(JSON.stringify(loaded))).toEqual(loaded)
    expect(loaded).toMatchObject({ root: dir, passingScore: 80, sco: 'single' })
  })
})

describe('diagnostics', () => {
  const d: Diagnostic = { code: 'quiz-no-correct', severity: 'error', message: messages['quiz-no-correct'](), at: { file: 'modules/05-evidence.md', line: 42, col: 1 } }

  it('a diagnostic prints as file:line:col: severity: message [code]', () => {
    expect(formatDiagnostic(d)).toBe('modules/05-evidence.md:42:1: error: This question has no correct choice. Mark at least one with `correct: true`. [quiz-no-correct]')
  })

  it('the course folder as typed is joined in front with a slash', () => {
    expect(formatDiagnostic(d, 'courses/forensics/')).toMatch(/^courses\/forensics\/modules\/05-evidence\.md:42:1: error: /)
    expect(formatDiagnostic(d, 'courses\\forensics')).toMatch(/^courses\/forensics\/modules\//)
  })

  it('only errors count as errors', () => {
    expect([hasErrors([d]), hasErrors([{ ...d, severity: 'warning' }]), hasErrors([])]).toEqual([true, false, false])
  })

  it('no message carries a position or an "Error:" prefix', () => {
    const all = Object.values(messages).map((m) => (m as (...a: unknown[]) => string)('x', ['y'], 'z'))
    for (const m of all) expect(m).not.toMatch(/^error:|line \d|:\d+:\d+/i)
  })
})

describe('the course theme (course.yaml theme:, theme.css)', () => {
  it('the logo is an asset, shown on the certificate too unless it names its own; theme.css in the folder is packaged and named', async () => {
    const dir = await course({
      'course.yaml': `${config}theme:\n  primary: "#1d3a5f"\n  logo: media/logo.png\ncertificate: { enabled: true }\n`,
      'modules/a.md': mod('A'), 'media/logo.png': 'png', 'theme.css': ':root { --cp-radius: 0; }',
    })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(diagnostics).toEqual([])
    expect(loaded?.theme).toEqual({ primary: '#1d3a5f', logo: 'media/logo.png', css: 'theme.css' })
    expect(loaded?.certificate).toEqual({ logo: 'media/logo.png' })
    expect(loaded?.assets.map((a) => a.path)).toEqual(['media/logo.png', 'theme.css'])
  })

  it('a course without theme: or theme.css has no theme', async () => {
    const dir = await course({ 'course.yaml': config, 'modules/a.md': mod('A') })
    expect((await loadCourse(dir)).course?.theme).toBeUndefined()
  })

  it('a logo that is missing or outside the course folder is an error at its path', async () => {
    const dir = await course({ 'course.yaml': `${config}theme: { logo: media/lgo.png }\n`, 'modules/a.md': mod('A'), 'media/logo.png': 'png' })
    const { diagnostics } = await loadCourse(dir)
    expect(where(diagnostics)).toEqual(['error missing-file course.yaml:5:16'])
    expect(diagnostics[0]!.message).toMatch(/Did you mean "media\/logo.png"\?/)
    const outside = await course({ 'course.yaml': `${config}theme:\n  logo: ../logo.png\n`, 'modules/a.md': mod('A') })
    expect(where((await loadCourse(outside)).diagnostics)).toEqual(['error link-escapes-course course.yaml:6:9'])
  })
})
