import { describe, expect, it } from 'vitest'
import { captionsFor, collectAssets, isExternalHref, mediaKind, resolveLink, rewriteHtmlReferences } from '../../src/course/assets.js'
import { parseModule } from '../../src/course/markdown.js'

const files = new Set([
  'media/map.svg', 'media/Diagram.png', 'media/mapa de la ciudad.png', 'media/clip.mp4', 'media/clip.vtt', 'media/clip.en.vtt',
  'media/clip.pt-BR.vtt', 'media/other.vtt', 'media/podcast.mp3', 'media/guide.pdf', 'media/poster.jpg', 'media/sub/deep.png',
])
const file = 'modules/01-intro.md'
const page = (markdown: string) => {
  const r = parseModule(`---\ntitle: T\n---\n# P\n\n${markdown}\n`, { file, files, language: 'es' })
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
    expect(r.found).toEqual(['error missing-file 10:29', 'error missing-file 12:10', 'warning image-no-alt 12:10'])
    expect(r.assets).toEqual(['media/guide.pdf 6:8', 'media/map.svg 10:5'])
  })

  it('a reference-style image is resolved from its definition and positioned at its use', () => {
    const r = page('Mira ![el mapa][m].\n\n[m]: ../media/map.svg')
    expect(r.html).toContain('<img src="media/map.svg" alt="el mapa" loading="lazy">')
    expect(r.assets).toEqual(['media/map.svg 6:8'])
  })

  it('an image with empty alt text is an image-no-alt warning', () => {
    const r = page('![](../media/map.svg)')
    expect(r.found).toEqual(['warning image-no-alt 6:3'])
    expect(r.html).toContain('alt=""')
  })

  it('src, href and poster in raw HTML are rewritten to package paths', () => {
    const r = page('<div class="figura">\n<img src="../media/map.svg" alt="Mapa">\n<video poster=\'../media/poster.jpg\' src="../media/clip.mp4"></video>\n</div>')
    expect(r.html).toBe('<div class="figura">\n<img src="media/map.svg" alt="Mapa">\n<video poster="media/poster.jpg" src="media/clip.mp4"></video>\n</div>')
    expect(r.assets).toEqual(['media/map.svg 7:11', 'media/poster.jpg 8:16', 'media/clip.mp4 8:42'])
  })

  it('a missing file in raw HTML is missing-file at the attribute value', () => {
    expect(page('<p>\n<video src="../media/falta.mp4"></video>\n</p>').found).toEqual(['error missing-file 7:13'])
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
        '<track kind="captions" srclang="es" label="español" src="media/clip.vtt">' +
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

  it('raw HTML attributes are visited with their offsets', () => {
    const seen: [string, number][] = []
    rewriteHtmlReferences('<a href="x.pdf"><img src=y.png></a>', (v, o) => void seen.push([v, o]))
    expect(seen).toEqual([['x.pdf', 9], ['y.png', 25]])
  })

  it('assets keep one entry per path, sorted by code unit so zips are deterministic', () => {
    const at = { file: 'm.md', line: 1, col: 1 }
    const later = { file: 'm.md', line: 9, col: 1 }
    expect(collectAssets([{ path: 'media/b.png', at }, { path: 'media/B.png', at }, { path: 'media/a.png', at }, { path: 'media/b.png', at: later }])).toEqual([
      { path: 'media/B.png', at }, { path: 'media/a.png', at }, { path: 'media/b.png', at },
    ])
  })
})
