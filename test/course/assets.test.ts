import { describe, expect, it } from 'vitest'
import {
  attributeOf, captionsFor, collectAssets, htmlTags, isExternalHref, mediaKind, resolveLink, rewriteHtmlReferences, setLinkTargets, tagAttributes, transcriptFor,
} from '../../src/course/assets.js'
import { defaultTrack, parseModule, type Transcripts } from '../../src/course/markdown.js'

const files = new Set([
  'media/map.svg', 'media/Diagram.png', 'media/mapa de la ciudad.png', 'media/clip.mp4', 'media/clip.vtt', 'media/clip.en.vtt',
  'media/clip.pt-BR.vtt', 'media/other.vtt', 'media/podcast.mp3', 'media/guide.pdf', 'media/poster.jpg', 'media/sub/deep.png',
])
const file = 'modules/01-intro.md'
const page = (markdown: string, more: string[] = []) => {
  const r = parseModule(`---\ntitle: T\n---\n# P\n\n${markdown}\n`, { file, files: new Set([...files, ...more]), language: 'es' })
  const block = r.module?.pages[0]?.blocks[0]
  return {
    html: block?.type === 'html' ? block.html : undefined,
    found: r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.at.line}:${d.at.col}`),
    messages: r.diagnostics.map((d) => d.message),
    assets: r.assets.map((a) => `${a.path} ${a.at.line}:${a.at.col}`),
  }
}

describe('links and images', () => {
  it('an image is resolved relative to the Markdown file and rewritten to its package path', () => {
    const r = page('![Mapa del campus](../media/map.svg)')
    expect(r.html).toBe('<p><img src="media/map.svg" alt="Mapa del campus" loading="lazy"></p>')
    expect(r.assets).toEqual(['media/map.svg 6:3'])
    expect(r.found).toEqual([])
  })

  it('a link keeps its query and fragment after rewriting', () => {
    expect(page('[guía](../media/guide.pdf?v=2#page=3)').html).toBe('<p><a target="_blank" rel="noopener" href="media/guide.pdf?v=2#page=3">guía</a></p>')
  })

  it('a PDF link stays a link (not embedded), opening in a new tab', () => {
    expect(page('[Descargar la guía](../media/guide.pdf)').html).toBe('<p><a target="_blank" rel="noopener" href="media/guide.pdf">Descargar la guía</a></p>')
  })

  it('percent-encoded names are decoded to find the file and encoded again in the output', () => {
    const r = page('![Mapa](../media/mapa%20de%20la%20ciudad.png)')
    expect(r.html).toBe('<p><img src="media/mapa%20de%20la%20ciudad.png" alt="Mapa" loading="lazy"></p>')
    expect(r.assets).toEqual(['media/mapa de la ciudad.png 6:3'])
  })

  it.each(['https://example.com/a.png', 'http://example.com', 'mailto:ana@example.com', 'tel:+34900000000', '//cdn.example.com/x.js', '#resumen'])(
    '%s is left alone', (href) => {
      const r = page(`[enlace](${href})`)
      expect([r.found, r.assets]).toEqual([[], []])
      expect(r.html).toContain(`href="${href}"`)
    },
  )

  it('a link that climbs out of the course folder is link-escapes-course at the link text', () => {
    const r = page('Lee [el manual](../../manual.pdf) primero.')
    expect(r.found).toEqual(['error link-escapes-course 6:6'])
    expect(r.messages[0]).toBe('"../../manual.pdf" points outside the course folder. Copy the file into media/ and link to it there.')
  })

  it('an absolute path escapes the course folder too', () => {
    expect(page('![x](/etc/passwd.png)').found).toEqual(['error link-escapes-course 6:3'])
  })

  it('a missing file is missing-file at the link text', () => {
    const r = page('Ver [el vídeo](../media/nada.mp4).')
    expect(r.found).toEqual(['error missing-file 6:6'])
    expect(r.messages[0]).toContain('"../media/nada.mp4" does not exist.')
  })

  it('a case-only mismatch is missing-file suggesting the real name, even where the file system would find it', () => {
    const r = page('![Diagrama](../media/diagram.png)')
    expect(r.found).toEqual(['error missing-file 6:3'])
    expect(r.messages[0]).toContain('Did you mean "../media/Diagram.png"?')
  })

  it('a path written from the course folder instead of the module (no ../) suggests the relative path', () => {
    const r = page('![Mapa](media/map.svg)')
    expect(r.found).toEqual(['error missing-file 6:3'])
    expect(r.messages[0]).toContain('Did you mean "../media/map.svg"?')
    expect(page('[guía](media/sub/deep.png)').messages[0]).toContain('Did you mean "../media/sub/deep.png"?')
  })

  it('a close misspelling suggests the existing file in that folder', () => {
    expect(page('![Mapa](../media/mpa.svg)').messages[0]).toContain('Did you mean "../media/map.svg"?')
  })

  it('links inside lists, tables and block quotes are rewritten and positioned', () => {
    const r = page('- uno [a](../media/guide.pdf)\n\n| x | y |\n|---|---|\n| ![b](../media/map.svg) | [c](../media/falta.pdf) |\n\n> cita ![](../media/nope.png)')
    expect(r.found).toEqual(['error missing-file 10:29', 'error missing-file 12:10', 'error image-no-alt 12:10'])
    expect(r.assets).toEqual(['media/guide.pdf 6:8', 'media/map.svg 10:5'])
  })

  it('a reference-style image is resolved from its definition and positioned at its use', () => {
    const r = page('Mira ![el mapa][m].\n\n[m]: ../media/map.svg')
    expect(r.html).toContain('<img src="media/map.svg" alt="el mapa" loading="lazy">')
    expect(r.assets).toEqual(['media/map.svg 6:8'])
  })

  it('an image with empty alt text is an image-no-alt error: screen reader users would miss it', () => {
    const r = page('![](../media/map.svg)')
    expect(r.found).toEqual(['error image-no-alt 6:3'])
    expect(r.messages[0]).toContain('Describe it inside the brackets: `![What the image shows](../media/map.svg)`')
  })

  it('an <img> in raw HTML without alt is image-no-alt at the tag; alt="" (decorative) is allowed', () => {
    expect(page('<p>\n<img src="../media/map.svg">\n</p>').found).toEqual(['error image-no-alt 7:1'])
    expect(page('Un icono <img src="../media/map.svg"> aquí.').found).toEqual(['error image-no-alt 6:10'])
    expect(page('<p>\n<img src="../media/map.svg" alt="">\n<img alt src="../media/map.svg">\n</p>').found).toEqual([])
  })

  it('src, href and poster in raw HTML are rewritten to package paths', () => {
    const r = page('<div class="figura">\n<img src="../media/map.svg" alt="Mapa">\n<video poster=\'../media/poster.jpg\' src="../media/clip.mp4"></video>\n</div>')
    expect(r.html).toBe('<div class="figura">\n<img src="media/map.svg" alt="Mapa">\n<video poster="media/poster.jpg" src="media/clip.mp4"></video>\n</div>')
    expect(r.assets).toEqual(['media/map.svg 7:11', 'media/poster.jpg 8:16', 'media/clip.mp4 8:42'])
  })

  it('a missing file in raw HTML is missing-file at the attribute value', () => {
    expect(page('<p>\n<video src="../media/falta.mp4"><track src="../media/clip.vtt"></video>\n</p>').found).toEqual(['error missing-file 7:13'])
  })

  it('inline raw HTML in a paragraph is rewritten too', () => {
    expect(page('Un icono <img src="../media/map.svg" alt="i"> aquí.').html).toBe('<p>Un icono <img src="media/map.svg" alt="i"> aquí.</p>')
  })

  it('links in code are not links', () => {
    const r = page('`![x](../../fuera.png)`\n\n```\n[y](../../fuera.pdf)\n```')
    expect([r.found, r.assets]).toEqual([[], []])
  })
})

describe('media', () => {
  it('a video through image syntax becomes a <video> with its alt text as label, every caption track and a fallback link', () => {
    const r = page('![Cómo usar el extintor](../media/clip.mp4)')
    expect(r.html).toBe(
      '<p><video controls preload="metadata" src="media/clip.mp4" aria-label="Cómo usar el extintor">' +
        '<track kind="captions" srclang="en" label="English" src="media/clip.en.vtt">' +
        '<track kind="captions" srclang="pt-BR" label="português (Brasil)" src="media/clip.pt-BR.vtt">' +
        '<track kind="captions" srclang="es" label="español" src="media/clip.vtt" default>' +
        '<a target="_blank" rel="noopener" href="media/clip.mp4">Cómo usar el extintor</a></video></p>',
    )
    expect(r.assets).toEqual(['media/clip.mp4 6:3', 'media/clip.en.vtt 6:3', 'media/clip.pt-BR.vtt 6:3', 'media/clip.vtt 6:3'])
  })

  it('an audio file through image syntax becomes an <audio> element', () => {
    expect(page('![Entrevista](../media/podcast.mp3)').html).toBe(
      '<p><audio controls preload="metadata" src="media/podcast.mp3" aria-label="Entrevista"><a target="_blank" rel="noopener" href="media/podcast.mp3">Entrevista</a></audio></p>',
    )
  })

  it.each([
    ['a.mp3', 'audio'], ['a.M4A', 'audio'], ['a.ogg', 'audio'], ['a.oga', 'audio'], ['a.wav', 'audio'], ['a.opus', 'audio'],
    ['a.webm', 'video'], ['a.mp4', 'video'], ['a.m4v', 'video'], ['a.ogv', 'video'], ['a.png', 'image'], ['a.svg', 'image'],
  ])('%s is embedded as %s', (name, kind) => {
    expect(mediaKind(`media/${name}`)).toBe(kind)
  })

  it('captions are the .vtt files named after the video, in path order; a bare .vtt is in the course language', () => {
    expect(captionsFor('media/clip.mp4', files, 'es')).toEqual([
      { path: 'media/clip.en.vtt', srclang: 'en' }, { path: 'media/clip.pt-BR.vtt', srclang: 'pt-BR' }, { path: 'media/clip.vtt', srclang: 'es' },
    ])
  })
})

describe('captions and transcripts', () => {
  it('the caption track in the course language is the default one, so captions show without the learner asking', () => {
    const r = page('![Cómo usar el extintor](../media/clip.mp4)')
    expect(r.html!.match(/<track [^>]*>/g)!.filter((t) => t.endsWith(' default>'))).toEqual([
      '<track kind="captions" srclang="es" label="español" src="media/clip.vtt" default>',
    ])
  })

  it('a regional course language takes its primary language\'s track, the exact tag first; no track in it: none is default', () => {
    const tracks = [{ srclang: 'en' }, { srclang: 'pt' }, { srclang: 'pt-BR' }]
    expect(defaultTrack(tracks, 'pt-BR')).toBe(2)
    expect(defaultTrack(tracks, 'pt-PT')).toBe(1)
    expect(defaultTrack(tracks, 'EN-gb')).toBe(0)
    expect(defaultTrack(tracks, 'es')).toBe(-1)
  })

  it('a video without captions is a video-no-captions warning at its link, naming the .vtt file to add', () => {
    const r = page('Mira:\n\n![Entrevista](../media/podcast.mp3) ![Demostración](../media/demo.webm)', ['media/demo.webm'])
    expect(r.found).toEqual(['warning video-no-captions 8:39'])
    expect(r.messages[0]).toContain('`../media/demo.vtt` for captions in the course language, or `../media/demo.en.vtt`')
  })

  it('a raw HTML <video> without a <track> warns too; with one it does not', () => {
    expect(page('<video controls src="../media/clip.mp4"></video>').found).toEqual(['warning video-no-captions 6:1'])
    expect(page('<video controls src="../media/clip.mp4">\n<track kind="captions" src="../media/clip.vtt" srclang="es">\n</video>').found).toEqual([])
  })

  const withTranscripts = (texts: Record<string, string>): Transcripts => ({ texts: new Map(Object.entries(texts)), label: 'Transcripción', compiled: new Map() })

  it('media/x.mp3 finds its transcript in media/x.transcript.md', () => {
    expect(transcriptFor('media/podcast.mp3')).toBe('media/podcast.transcript.md')
    expect(transcriptFor('media/sub/clip.mp4')).toBe('media/sub/clip.transcript.md')
  })

  it('an audio file with a transcript gets a disclosure under the player, the transcript compiled with its links resolved from media/', () => {
    const transcripts = withTranscripts({ 'media/podcast.transcript.md': '# Entrevista\n\n**Ana:** Vea [la guía](guide.pdf).\n' })
    const r = parseModule('---\ntitle: T\n---\n# P\n\n![Entrevista](../media/podcast.mp3)\n', { file, files, language: 'es', transcripts })
    const block = r.module!.pages[0]!.blocks[0]!
    expect(block.type === 'html' && block.html).toBe(
      '<audio controls preload="metadata" src="media/podcast.mp3" aria-label="Entrevista"><a target="_blank" rel="noopener" href="media/podcast.mp3">Entrevista</a></audio>\n' +
        '<details class="cp-transcript"><summary>Transcripción</summary>\n' +
        '<h3>Entrevista</h3>\n<p><strong>Ana:</strong> Vea <a target="_blank" rel="noopener" href="media/guide.pdf">la guía</a>.</p>\n</details>',
    )
    expect(r.assets.map((a) => `${a.path} ${a.at.file}:${a.at.line}:${a.at.col}`)).toEqual([
      'media/podcast.mp3 modules/01-intro.md:6:3', 'media/guide.pdf media/podcast.transcript.md:3:15',
    ])
    // Both are files learners may open: the recording, then what its transcript links.
    expect(r.resources.map((x) => `${x.path} ${x.title}`)).toEqual(['media/podcast.mp3 Entrevista', 'media/guide.pdf la guía'])
  })

  it('a transcript\'s own mistakes are reported in the transcript file, once however many pages play its media', () => {
    const transcripts = withTranscripts({ 'media/clip.transcript.md': 'Texto.\n\n![](falta.png)\n' })
    const twice = '---\ntitle: T\n---\n# P\n\n![Vídeo](../media/clip.mp4)\n\n# Q\n\n![Vídeo](../media/clip.mp4)\n'
    const r = parseModule(twice, { file, files, language: 'es', transcripts })
    expect(r.diagnostics.map((d) => `${d.code} ${d.at.file}:${d.at.line}:${d.at.col}`)).toEqual([
      'missing-file media/clip.transcript.md:3:3', 'image-no-alt media/clip.transcript.md:3:3',
    ])
  })

  it('media without a transcript file, or a transcript no media plays, change nothing', () => {
    // The unused transcript has mistakes of its own: it is never compiled, so they are not reported.
    const transcripts = withTranscripts({ 'media/otro.transcript.md': '# X\n\n![](falta.png)\n' })
    const r = parseModule('---\ntitle: T\n---\n# P\n\n![Entrevista](../media/podcast.mp3)\n', { file, files, language: 'es', transcripts })
    const block = r.module!.pages[0]!.blocks[0]!
    expect(block.type === 'html' && block.html).not.toContain('<details')
    expect(r.diagnostics).toEqual([])
    expect(r.assets.map((a) => a.path)).toEqual(['media/podcast.mp3'])
  })
})

describe('links written as raw HTML', () => {
  it('a course file or web page in <a href> opens in a new tab, as a Markdown link does, replacing a target or rel written', () => {
    expect(page('<p>\n<a href="../media/guide.pdf">Guía</a>\n</p>').html).toBe('<p>\n<a target="_blank" rel="noopener" href="media/guide.pdf">Guía</a>\n</p>')
    expect(page('Vea <a href="https://example.org/x" target="_self" rel="nofollow">el sitio</a>.').html)
      .toBe('<p>Vea <a target="_blank" rel="noopener" href="https://example.org/x">el sitio</a>.</p>')
  })

  it('#page links, mailto: and tel: stay in the frame, as Markdown links do', () => {
    for (const href of ['#resumen', 'mailto:ana@example.com', 'tel:+34900000000']) {
      expect(page(`Ver <a href="${href}">esto</a>.`).html).toBe(`<p>Ver <a href="${href}">esto</a>.</p>`)
    }
  })

  it('an <a href> outside the course folder or to a missing file is the same error as in Markdown', () => {
    expect(page('Ver <a href="../../fuera.pdf">esto</a>.').found).toEqual(['error link-escapes-course 6:14'])
    expect(page('Ver <a href="../media/nada.pdf">esto</a>.').found).toEqual(['error missing-file 6:14'])
  })

  it('setLinkTargets touches only <a> tags whose href it accepts, whatever the case and quoting', () => {
    const opens = (href: string) => href.endsWith('.pdf')
    expect(setLinkTargets('<A HREF=x.pdf TARGET=_top>x</A> <abbr title="a.pdf">y</abbr> <a href=\'y.txt\'>', opens, 'target="_blank"'))
      .toBe('<a target="_blank" HREF=x.pdf>x</A> <abbr title="a.pdf">y</abbr> <a href=\'y.txt\'>')
  })
})

describe('resolving paths', () => {
  it('resolves like a Markdown previewer: relative to the linking file', () => {
    expect(resolveLink('../media/sub/deep.png', 'modules/01-intro.md', files)).toEqual({ kind: 'local', path: 'media/sub/deep.png', href: 'media/sub/deep.png' })
    expect(resolveLink('./../media/./map.svg', 'modules/01-intro.md', files)).toMatchObject({ kind: 'local', path: 'media/map.svg' })
  })

  it('a Windows absolute path escapes the course folder', () => {
    expect(resolveLink('C:\\cursos\\mapa.png', 'modules/01-intro.md', files)).toEqual({ kind: 'escapes' })
  })

  it.each(['https://a.b', 'mailto:x@y.z', '#top', '//cdn.x/y', ''])('"%s" is external', (href) => {
    expect(isExternalHref(href)).toBe(true)
  })

  it('the raw-HTML reader reads attributes as the browser does: a src written inside another value is not one, entities are decoded', () => {
    const [img] = htmlTags('<img title="no src=x.png here" src=\'a&amp;b &#x27;c&#39;.png\' alt>')
    expect(img!.name).toBe('img')
    expect(tagAttributes(img!.text).map((a) => `${a.name}=${a.value}`)).toEqual(['title=no src=x.png here', "src=a&b 'c'.png", 'alt='])
    expect(attributeOf(img!, 'src')).toBe("a&b 'c'.png")
    expect(attributeOf(img!, 'width')).toBeUndefined()
    const seen: string[] = []
    rewriteHtmlReferences('<img title="src=x.png" src="y.png">', (v) => void seen.push(v))
    expect(seen).toEqual(['y.png'])
  })

  it('an <img> without alt is named by its whole src in the finding, spaces and entities included', () => {
    expect(page('<img src="../media/map.svg?a=1&amp;b=2">').messages[0]).toContain('"../media/map.svg?a=1&b=2"')
  })

  it('raw HTML attributes are visited with their offsets', () => {
    const seen: [string, number, string][] = []
    rewriteHtmlReferences('<a href="x.pdf"><img src=y.png></a>', (v, o, where) => void seen.push([v, o, `${where.tag} ${where.name}`]))
    expect(seen).toEqual([['x.pdf', 9, 'a href'], ['y.png', 25, 'img src']])
  })

  it('assets keep one entry per path, sorted by code unit so zips are deterministic', () => {
    const at = { file: 'm.md', line: 1, col: 1 }
    const later = { file: 'm.md', line: 9, col: 1 }
    expect(collectAssets([{ path: 'media/b.png', at }, { path: 'media/B.png', at }, { path: 'media/a.png', at }, { path: 'media/b.png', at: later }])).toEqual([
      { path: 'media/B.png', at }, { path: 'media/a.png', at }, { path: 'media/b.png', at },
    ])
  })
})
