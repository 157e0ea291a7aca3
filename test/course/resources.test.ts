import { afterEach, describe, expect, it } from 'vitest'
import { removeCourseFolders, writeCourseFolder } from '../helpers/course-folder.js'
import { loadCourse } from '../../src/course/load.js'
import { resourceKind } from '../../src/course/resources.js'
import { toPlayerData } from '../../src/package/payload.js'

afterEach(removeCourseFolders)

/** Writes a course folder from { path: contents } and returns its absolute path. */
const course = (filesByPath: Record<string, string | Uint8Array>): Promise<string> => writeCourseFolder(filesByPath, 'coursepack-resources-')

const config = 'id: curso\ntitle: Curso\nlanguage: es\nversion: 1.0.0\n'
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'

describe('the resources page list', () => {
  it('every file a page links to or plays, once, in course order, titled by its first link, with its size from the file and its kind', async () => {
    const dir = await course({
      'course.yaml': config,
      'modules/01-a.md': '---\ntitle: A\n---\n# Uno\n\n![Mapa](../media/mapa.svg)\n\n[La guía (PDF)](<../media/guía de campo.pdf>) y <a href="../media/datos.csv">los datos</a>.\n',
      'modules/02-b.md': '---\ntitle: B\n---\n# Dos\n\n![Entrevista](../media/entrevista.mp3)\n\n[Otra vez la guía](<../media/guía de campo.pdf>), [el mapa grande](../media/mapa.svg), [el libro](../media/libro.epub).\n\n![Clip](../media/clip.webm)\n',
      'media/mapa.svg': svg,
      'media/guía de campo.pdf': Buffer.alloc(1234),
      'media/datos.csv': 'a,b\n1,2\n',
      'media/entrevista.mp3': Buffer.alloc(2_500_000),
      'media/libro.epub': Buffer.alloc(10),
      'media/clip.webm': Buffer.alloc(5),
      'media/clip.vtt': 'WEBVTT\n',
      'media/unused.pdf': 'x',
    })
    const { course: loaded, diagnostics } = await loadCourse(dir)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    // Embedded images and caption files are part of the page, not resources; the unused file is not packaged at all.
    expect(loaded!.resources.map((r) => [r.path, r.title, r.bytes, r.kind, `${r.at.file}:${r.at.line}:${r.at.col}`])).toEqual([
      ['media/guía de campo.pdf', 'La guía (PDF)', 1234, 'pdf', 'modules/01-a.md:8:2'],
      ['media/datos.csv', 'los datos', 8, 'spreadsheet', 'modules/01-a.md:8:58'],
      ['media/entrevista.mp3', 'Entrevista', 2_500_000, 'audio', 'modules/02-b.md:6:3'],
      ['media/mapa.svg', 'el mapa grande', svg.length, 'image', 'modules/02-b.md:8:52'],
      ['media/libro.epub', 'el libro', 10, 'document', 'modules/02-b.md:8:89'],
      ['media/clip.webm', 'Clip', 5, 'video', 'modules/02-b.md:10:3'],
    ])
    // course.js carries them as package hrefs, without source positions.
    expect(toPlayerData(loaded!).resources![0]).toEqual({ href: 'media/gu%C3%ADa%20de%20campo.pdf', title: 'La guía (PDF)', bytes: 1234, kind: 'pdf' })
  })

  it('a course that links no file has no resources, and course.js no resources page', async () => {
    const dir = await course({ 'course.yaml': config, 'modules/01-a.md': '---\ntitle: A\n---\n# Uno\n\n![Mapa](../media/mapa.svg) [web](https://example.org)\n', 'media/mapa.svg': svg })
    const { course: loaded } = await loadCourse(dir)
    expect(loaded!.resources).toEqual([])
    expect(toPlayerData(loaded!)).not.toHaveProperty('resources')
  })

  it('a raw HTML link with no text of its own is titled by its file name', async () => {
    const dir = await course({ 'course.yaml': config, 'modules/01-a.md': '---\ntitle: A\n---\n# Uno\n\n<a href="../media/hoja.pdf"><img src="../media/mapa.svg" alt=""></a>\n', 'media/hoja.pdf': 'x', 'media/mapa.svg': svg })
    expect((await loadCourse(dir)).course!.resources.map((r) => r.title)).toEqual(['hoja.pdf'])
  })

  it('a raw HTML link\'s text is read as the browser shows it: tags dropped, character references decoded', async () => {
    const body = '<p>\n<a href="../media/hoja.pdf">La <em>hoja</em> &#8220;A&#8221; &amp;&nbsp;B</a>\n</p>'
    const dir = await course({ 'course.yaml': config, 'modules/01-a.md': `---\ntitle: A\n---\n# Uno\n\n${body}\n`, 'media/hoja.pdf': 'x' })
    expect((await loadCourse(dir)).course!.resources.map((r) => r.title)).toEqual(['La hoja \u201cA\u201d & B'])
  })

  it.each([
    ['a.PDF', 'pdf'], ['a.docx', 'document'], ['a.odt', 'document'], ['a.xlsx', 'spreadsheet'], ['a.pptx', 'presentation'], ['a.txt', 'text'],
    ['a.zip', 'archive'], ['a.ogg', 'audio'], ['a.mp4', 'video'], ['a.png', 'image'], ['a.epub', 'document'], ['a.iso', 'file'], ['LEEME', 'file'],
  ])('%s is a %s', (name, kind) => {
    expect(resourceKind(`media/${name}`)).toBe(kind)
  })
})
