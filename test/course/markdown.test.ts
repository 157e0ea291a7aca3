import { describe, expect, it } from 'vitest'
import { Marked } from 'marked'
import { defaultModuleId, parseModule, resolveLinks, slugify } from '../../src/course/markdown.js'
import type { Block } from '../../src/course/model.js'

const file = 'modules/01-intro.md'
const files = new Set(['media/map.svg'])
const parse = (text: string, name = file) => parseModule(text, { file: name, files, language: 'es' })
const found = (text: string, name = file) => parse(text, name).diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.line}:${d.at.col}`)
const fm = (extra = '') => `---\ntitle: Introducción\n${extra}---\n`
const html = (blocks: Block[] | undefined) => blocks?.map((b) => (b.type === 'html' ? b.html : `[${b.question.id}]`))
const quiz = (body = 'type: true-false\nquestion: ¿Verdadero?\nanswer: true\n') => '```quiz\n' + body + '```\n'

describe('module front matter', () => {
  it('front matter show_answers: false is kept; true is the default and not written', () => {
    expect(parse('---\ntitle: T\nshow_answers: false\n---\n# P\n').module).toMatchObject({ showAnswers: false })
    expect(parse('---\ntitle: T\nshow_answers: true\n---\n# P\n').module).not.toHaveProperty('showAnswers')
    expect(parse('---\ntitle: T\nshow_answers: maybe\n---\n# P\n').diagnostics.map((d) => d.code)).toEqual(['field-type'])
  })

  it('front matter gives the title, objectives, duration and graded flag', () => {
    const { module, diagnostics } = parse(`---\ntitle: "  Introducción a la física  "\nobjectives:\n  - Explicar la energía\n  - Medir la fuerza\nduration: PT20M\ngraded: false\n---\n# Página\n`)
    expect(diagnostics).toEqual([])
    expect(module).toMatchObject({ id: 'intro', title: 'Introducción a la física', objectives: ['Explicar la energía', 'Medir la fuerza'], duration: 'PT20M', graded: false, at: { file, line: 1, col: 1 } })
  })

  it('a module is graded unless it says otherwise', () => {
    expect(parse(`${fm()}# P\n`).module?.graded).toBe(true)
  })

  it('the default module id is the file name without number prefix, slugified to ASCII', () => {
    expect(parse(`${fm()}# P\n`, 'modules/02-introducción-básica.md').module?.id).toBe('introduccion-basica')
    expect([defaultModuleId('modules/10_Safety Rules.md'), defaultModuleId('modules/03.md'), defaultModuleId('modules/intro.md')]).toEqual(['safety-rules', '03', 'intro'])
  })

  it('an explicit module id is used as written', () => {
    expect(parse(`${fm('id: fire.basics\n')}# P\n`).module?.id).toBe('fire.basics')
  })

  it('a module id that is not ASCII-safe is an error at its value', () => {
    expect(found(`${fm('id: introducción\n')}# P\n`)).toEqual(['error module-id-format 3:5'])
  })

  it('a module without front matter is missing its title, at 1:1, with how to write front matter', () => {
    const { diagnostics } = parse('# Página\n')
    expect(found('# Página\n')).toEqual(['error missing-field 1:1'])
    expect(diagnostics[0]?.message).toContain('`---`')
  })

  it('front matter without a title is missing-field at 1:1', () => {
    expect(found('---\nobjectives: [a]\n---\n# P\n')).toEqual(['error missing-field 1:1'])
  })

  it('front matter that is never closed is an error at its first line', () => {
    expect(found('---\ntitle: T\n# P\n')).toEqual(['error front-matter-unclosed 1:1'])
  })

  it('malformed front matter is one yaml-syntax error at the file line yaml reports', () => {
    expect(found('---\ntitle: Intro\nobjectives: [a, b\n---\n# P\n')).toEqual(['error yaml-syntax 4:1'])
    expect(found('---\ntitle: Física: conceptos\n---\n# P\n')).toEqual(['error yaml-syntax 2:8'])
  })

  it('graded that is not a boolean is graded-type at its value', () => {
    expect(found(`${fm('graded: "no"\n')}# P\n`)).toEqual(['error graded-type 3:9'])
  })

  it('a module duration that is not ISO 8601 is duration-format at its value', () => {
    expect(found(`${fm('duration: 20 minutos\n')}# P\n`)).toEqual(['error duration-format 3:11'])
  })

  it('objectives that are not a list of text are a field-type error', () => {
    expect(found(`${fm('objectives: Explicar\n')}# P\n`)).toEqual(['error field-type 3:13'])
  })

  it('an unknown front matter key is a warning suggesting the close one', () => {
    const { diagnostics } = parse(`${fm('objetives: [a]\n')}# P\n`)
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['warning unknown-key 3:1'])
    expect(diagnostics[0]?.message).toContain('Did you mean "objectives"?')
  })

  it.each([['objective', 'objectives'], ['grade', 'graded'], ['titel', 'title'], ['durration', 'duration']])('front matter key %s suggests %s', (key, suggestion) => {
    const { diagnostics } = parse(`${fm(`${key}: x\n`)}# P\n`)
    expect(diagnostics.filter((d) => d.code === 'unknown-key').map((d) => d.message)).toEqual([expect.stringContaining(`Did you mean "${suggestion}"?`)])
  })

  it('an indentation mistake in front matter points at the line out of step, in file lines', () => {
    const { diagnostics } = parse('---\ntitle: Intro\n  id: intro\n---\n# P\n')
    expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['yaml-syntax 3:3'])
    expect(diagnostics[0]?.message).toMatch(/^This line is indented differently/)
  })
})

describe('pages', () => {
  it('each level-1 heading starts a page whose title is not part of the html', () => {
    const { module } = parse(`${fm()}\n# Energía\n\nLa energía se conserva.\n\n## Un detalle\n\nTexto.\n\n# Fuerza\n\nF = m·a\n`)
    expect(module?.pages.map((p) => [p.id, p.title, p.at.line, html(p.blocks)])).toEqual([
      ['energia', 'Energía', 5, ['<p>La energía se conserva.</p>\n<h2>Un detalle</h2>\n<p>Texto.</p>']],
      ['fuerza', 'Fuerza', 13, ['<p>F = m·a</p>']],
    ])
  })

  it('a setext heading (===) starts a page too', () => {
    const { module } = parse(`${fm()}Primera página\n=============\n\nHola.\n\nSegunda\n=======\n`)
    expect(module?.pages.map((p) => [p.title, p.at.line])).toEqual([['Primera página', 4], ['Segunda', 9]])
  })

  it('a page title is plain text even when the heading has formatting', () => {
    expect(parse(`${fm()}# La *gran* idea de \`E=mc²\`\n`).module?.pages[0]?.title).toBe('La gran idea de E=mc²')
  })

  it('page ids are ASCII slugs made unique within the module', () => {
    const { module } = parse(`${fm()}# Repaso\n# Repaso\n# Repaso\n# ¿Qué es?\n# ¡¿?!\n`)
    expect(module?.pages.map((p) => p.id)).toEqual(['repaso', 'repaso-2', 'repaso-3', 'que-es', 'page'])
  })

  it('text before the first level-1 heading is an error at the text', () => {
    expect(found(`${fm()}\nUn párrafo suelto.\n\n# Página\n`)).toEqual(['error text-before-heading 5:1'])
  })

  it('a level-2 heading before the first page is text before the heading', () => {
    expect(found(`${fm()}## Sección\n# Página\n`)).toEqual(['error text-before-heading 4:1'])
  })

  it('whitespace and HTML comments before the first heading are fine', () => {
    expect(found(`${fm()}\n\n<!-- borrador: revisar -->\n\n# Página\n`)).toEqual([])
  })

  it('a module with no level-1 heading has no pages: an error', () => {
    expect(found(`${fm()}\n## Solo un subtítulo\n`)).toEqual(['error module-no-pages 4:1'])
  })

  it('GFM tables are rendered', () => {
    const blocks = parse(`${fm()}# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`).module?.pages[0]?.blocks
    expect(html(blocks)?.[0]).toContain('<table>')
  })

  it('a CRLF module gives the same pages, html and positions as an LF one', () => {
    const lf = `${fm()}\nTexto suelto.\n\n# Uno\n\nHola.\n\n${quiz('type: single\nquestion: Q\nchoices: [{ text: A }, { text: B }]\n')}`
    const crlf = lf.replace(/\n/g, '\r\n')
    expect(found(crlf)).toEqual(found(lf))
    expect(found(lf)).toEqual(['error text-before-heading 5:1', 'error quiz-no-correct 12:1'])
    const ok = `${fm()}# Uno\n\nHola.\n`
    expect(parse(ok.replace(/\n/g, '\r\n')).module).toEqual(parse(ok).module)
  })
})

describe('questions in a module', () => {
  it('quiz fences become question blocks in document order with the html between them', () => {
    const { module } = parse(`${fm()}# P\n\nAntes.\n\n${quiz()}\nEntre.\n\n${quiz()}${quiz()}\nDespués.\n`)
    expect(html(module?.pages[0]?.blocks)).toEqual(['<p>Antes.</p>', '[intro.q1]', '<p>Entre.</p>', '[intro.q2]', '[intro.q3]', '<p>Después.</p>'])
  })

  it('question ids are <module id>.<local id>, numbered across the whole module', () => {
    const { module } = parse(`${fm()}# A\n${quiz()}# B\n${quiz('id: final\ntype: true-false\nquestion: Q\nanswer: false\n')}${quiz()}`)
    const ids = module?.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'question' ? [b.question.id] : [])))
    expect(ids).toEqual(['intro.q1', 'intro.final', 'intro.q3'])
  })

  it('an explicit id that collides with a default one is quiz-duplicate-id at the second one\'s id', () => {
    expect(found(`${fm()}# P\n${quiz()}${quiz('type: true-false\nid: q1\nquestion: Q\nanswer: true\n')}`)).toEqual(['error quiz-duplicate-id 12:5'])
  })

  it('a default id that collides with an earlier explicit one is reported at the second question', () => {
    expect(found(`${fm()}# P\n${quiz('id: q2\ntype: true-false\nquestion: Q\nanswer: true\n')}${quiz()}`)).toEqual(['error quiz-duplicate-id 12:1'])
  })

  it('a quiz late in a long file is reported at its real line', () => {
    const filler = Array.from({ length: 60 }, (_, i) => `Párrafo número ${i + 1} con [un enlace](../media/map.svg).\n`).join('\n')
    const text = `${fm()}# Página larga\n\n${filler}\n${'```'}quiz\ntype: single\nquestion: ¿Cuál?\nchoices:\n  - text: Esta\n  - text: Aquella\n${'```'}\n`
    const quizLine = text.split('\n').indexOf('```quiz') + 2
    expect(quizLine).toBe(127)
    expect(found(text)).toEqual([`error quiz-no-correct ${quizLine}:1`])
  })

  it('a quiz problem deep in the YAML is offset by the fence line', () => {
    expect(found(`${fm()}# P\n\nTexto.\n\n${quiz('type: true-false\nquestion: Q\nanswer: true\nweight: 0\n')}`)).toEqual(['error quiz-weight 12:9'])
  })

  it('a quiz fence before the first heading is text before the heading', () => {
    expect(found(`${fm()}${quiz()}# P\n`)).toEqual(['error text-before-heading 4:1'])
  })

  it('questions of an ungraded module are still questions; the module says they are practice', () => {
    const { module } = parse(`${fm('graded: false\n')}# P\n${quiz()}`)
    expect([module?.graded, module?.pages[0]?.blocks[0]?.type]).toEqual([false, 'question'])
  })

  it('other code fences are rendered as code', () => {
    expect(html(parse(`${fm()}# P\n\n\`\`\`yaml\ntype: single\n\`\`\`\n`).module?.pages[0]?.blocks)?.[0]).toContain('<pre><code class="language-yaml">')
  })
})

describe('slugify', () => {
  it('strips accents and special letters to ASCII', () => {
    expect([slugify('Introducción a la Física'), slugify('Straße & Ærø'), slugify('  ¡Hola, mundo!  ')]).toEqual(['introduccion-a-la-fisica', 'strasse-aero', 'hola-mundo'])
  })
})

describe('quiz fences out of place', () => {
  it('a quiz fence inside a list is quiz-nested at the fence, not silently code', () => {
    expect(found(`${fm()}# P\n\n- Pregunta:\n\n  \`\`\`quiz\n  type: true-false\n  question: Q\n  answer: true\n  \`\`\`\n`)).toEqual(['error quiz-nested 8:3'])
  })
})

describe('links are resolved as data, then rendered', () => {
  it('resolving leaves the tokens as marked made them and returns each rewrite', () => {
    const text = 'See [the map](../media/map.svg), ![a clip](../media/clip.mp4) and <img src="../media/map.svg" alt="m">.\n'
    const ctx = { file, files: new Set(['media/map.svg', 'media/clip.mp4', 'media/clip.vtt']), language: 'es' }
    const [token] = new Marked({ gfm: true }).lexer(text)
    const before = structuredClone(token)
    const { rewrites, assets, diagnostics } = resolveLinks(token!, 0, text, ctx, (offset) => ({ file, line: 1, col: offset + 1 }))
    expect(token).toEqual(before)
    expect(diagnostics).toEqual([])
    expect(assets.map((a) => a.path)).toEqual(['media/map.svg', 'media/clip.mp4', 'media/clip.vtt', 'media/map.svg'])
    expect([...rewrites.hrefs.values()]).toEqual(['media/map.svg', 'media/clip.mp4'])
    expect([...rewrites.html.values()]).toEqual(['<img src="media/map.svg" alt="m">'])
    expect([...rewrites.tracks.values()].map((tracks) => tracks.map((t) => t.path))).toEqual([['media/clip.vtt']])
  })

  it('the same module parsed twice, with different files beside it, renders each time from its own files', () => {
    const text = `${fm()}# P\n\n![Clip](../media/clip.mp4)\n`
    const withCaptions = parseModule(text, { file, files: new Set(['media/clip.mp4', 'media/clip.vtt']), language: 'es' })
    const without = parseModule(text, { file, files: new Set(['media/clip.mp4']), language: 'es' })
    expect(html(withCaptions.module?.pages[0]?.blocks)?.[0]).toContain('<track kind="captions"')
    expect(html(without.module?.pages[0]?.blocks)?.[0]).not.toContain('<track')
  })
})

describe('question banks in front matter', () => {
  const quiz = (n: number) => Array.from({ length: n }, (_, i) => `\`\`\`quiz\ntype: true-false\nquestion: Q${i}?\nanswer: true\n\`\`\`\n`).join('\n')

  it('bank: { draw: N } and shuffle are kept on the module', () => {
    const { module, diagnostics } = parse(`${fm('bank: { draw: 2 }\nshuffle: true\n')}# Final\n\n${quiz(3)}`)
    expect(diagnostics).toEqual([])
    expect(module).toMatchObject({ bank: { draw: 2 }, shuffle: true })
  })

  it('a bank drawing more than the pool is an error at the draw value, saying how many there are', () => {
    const { diagnostics } = parse(`${fm('bank: { draw: 4 }\n')}# Final\n\n${quiz(3)}`)
    expect(diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.col}`)).toEqual(['bank-draw-too-many 3:15'])
    expect(diagnostics[0]!.message).toContain('at most 3')
  })

  it('a draw that is not a whole number of at least 1, or missing, is an error', () => {
    expect(found(`${fm('bank: { draw: 0 }\n')}# Final\n\n${quiz(2)}`)).toEqual(['error bank-draw 3:15'])
    expect(found(`${fm('bank: { draw: 1.5 }\n')}# Final\n\n${quiz(2)}`)).toEqual(['error bank-draw 3:15'])
    expect(found(`${fm('bank: {}\n')}# Final\n\n${quiz(2)}`)).toEqual(['error missing-field 3:7'])
  })

  it('a bank in a practice module is an error', () => {
    expect(found(`${fm('graded: false\nbank: { draw: 1 }\n')}# Final\n\n${quiz(2)}`)).toEqual(['error bank-not-graded 4:15'])
  })
})

describe('links never take over the course frame', () => {
  const rendered = (line: string) => {
    const out = parseModule(`${fm()}# P\n\n${line}\n`, { file, files: new Set(['media/map.svg', 'media/checklist.pdf', 'media/talk.ogg']), language: 'es' })
    return html(out.module?.pages[0]?.blocks)?.[0] ?? ''
  }

  it('a link to a course file opens in a new tab, so an LMS does not unload the course', () => {
    expect(rendered('[Checklist](../media/checklist.pdf)')).toBe('<p><a target="_blank" rel="noopener" href="media/checklist.pdf">Checklist</a></p>')
  })

  it('a web link opens in a new tab with rel="noopener"', () => {
    expect(rendered('[UNODC](https://www.unodc.org/ "UN Office") and [x](//example.org/a)')).toBe(
      '<p><a target="_blank" rel="noopener" href="https://www.unodc.org/" title="UN Office">UNODC</a> and <a target="_blank" rel="noopener" href="//example.org/a">x</a></p>')
  })

  it('a link to a page of the course (#page-id), mailto: and tel: stay as written', () => {
    expect(rendered('[Next](#evidence) [mail](mailto:a@example.org) [call](tel:+34123)')).toBe(
      '<p><a href="#evidence">Next</a> <a href="mailto:a@example.org">mail</a> <a href="tel:+34123">call</a></p>')
  })

  it("audio's fallback link opens in a new tab too", () => {
    expect(rendered('![Talk](../media/talk.ogg)')).toContain('<a target="_blank" rel="noopener" href="media/talk.ogg">Talk</a>')
  })
})

describe('images: their size, and size hints', () => {
  const rendered = (line: string, imageSizes = new Map([['media/map.svg', { width: 960, height: 520 }]])) => {
    const out = parseModule(`${fm()}# P\n\n${line}\n`, { file, files, language: 'es', imageSizes })
    return html(out.module?.pages[0]?.blocks)?.[0] ?? ''
  }

  it('an image gets the width and height of its file, so the page does not jump while it loads', () => {
    expect(rendered('![Mapa](../media/map.svg)')).toBe('<p><img src="media/map.svg" alt="Mapa" width="960" height="520" loading="lazy"></p>')
  })

  it('an image whose size is unknown gets none', () => {
    expect(rendered('![Mapa](../media/map.svg)', new Map())).toBe('<p><img src="media/map.svg" alt="Mapa" loading="lazy"></p>')
  })

  it('{width=…} right after an image sets how wide it shows (%, px by default, em, rem) and disappears', () => {
    expect(rendered('![Mapa](../media/map.svg){width=50%}')).toContain('width="960" height="520" style="width: 50%" loading="lazy">')
    expect(rendered('![Mapa](../media/map.svg){width=320} text')).toContain('style="width: 320px" loading="lazy"> text</p>')
    expect(rendered('![Mapa](../media/map.svg){width=20em}')).toContain('style="width: 20em"')
  })

  it('a size hint anywhere else, or one it cannot read, stays as text', () => {
    expect(rendered('Set {width=50%} here')).toBe('<p>Set {width=50%} here</p>')
    expect(rendered('![Mapa](../media/map.svg){width=big}')).toContain('loading="lazy">{width=big}</p>')
  })
})
