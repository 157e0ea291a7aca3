// Links → package paths. Pure: the caller passes the set of files in the course folder (from one directory walk),
// which also makes case-only mismatches visible on case-insensitive file systems.
import { posix } from 'node:path'
import { compareCodeUnits, decodeEntities, escapeAttr, safeDecode } from '../text.js'
import { closest } from './suggest.js'
import type { Asset } from './model.js'

/**
 * Every entry in the course folder: posix paths relative to it, exactly as the directory listing spells them.
 * Folders end in `/` (`media/`), so a reference to a folder is told apart from a missing file.
 */
export type FileSet = ReadonlySet<string>

export type ResolvedLink =
  | { kind: 'external' } // leave the link as written
  | { kind: 'local'; path: string; href: string } // path in the course = path in the zip; href: rewritten, encoded
  | { kind: 'escapes' }
  | { kind: 'missing'; path: string; suggestion?: string } // suggestion: what to write instead, relative to the linking file

/** http:, https:, mailto:, tel: (any scheme, really), protocol-relative and #anchor links are not course files. */
export function isExternalHref(href: string): boolean {
  if (href === '' || href.startsWith('#') || href.startsWith('?') || href.startsWith('//')) return true
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(href) && !isWindowsAbsolute(href)
}

const isWindowsAbsolute = (p: string): boolean => /^[A-Za-z]:([\\/]|$)/.test(p)

/**
 * Resolves a link written in `fromFile` (posix, relative to the course folder) as a Markdown previewer would:
 * relative to that file. Query and fragment are kept; percent-encoded names are decoded to find the file.
 */
export function resolveLink(href: string, fromFile: string, files: FileSet): ResolvedLink {
  const trimmed = href.trim()
  if (isExternalHref(trimmed)) return { kind: 'external' }
  const cut = trimmed.search(/[?#]/)
  const written = cut < 0 ? trimmed : trimmed.slice(0, cut)
  const suffix = cut < 0 ? '' : trimmed.slice(cut)
  const r = resolvePath(safeDecode(written), fromFile, files)
  return r.kind === 'local' ? { ...r, href: encodePath(r.path) + suffix } : r
}

/** A file path (not a URL: nothing to decode) relative to `fromFile`; course.yaml paths are relative to the folder. */
export function resolvePath(written: string, fromFile: string, files: FileSet): ResolvedLink {
  if (written.startsWith('/') || written.startsWith('\\') || isWindowsAbsolute(written)) return { kind: 'escapes' }
  // A trailing slash names the same entry (`media/` is the folder media), which the entry check then reports.
  const path = posix.normalize(posix.join(posix.dirname(fromFile), written)).replace(/(.)\/+$/, '$1')
  if (path === '..' || path.startsWith('../')) return { kind: 'escapes' }
  // A folder, or a path under an entry that is not a listed folder (a link out of the course, a broken link):
  // the loader's entry check says what is wrong with it, at this reference.
  if (files.has(`${path}/`) || hasEntryAbove(path, files)) return { kind: 'local', path, href: encodePath(path) }
  if (!files.has(path)) {
    const found = suggestFile(path, files) ?? writtenFromCourseRoot(written, files)
    const suggestion = found === undefined ? undefined : posix.relative(posix.dirname(fromFile), found)
    return { kind: 'missing', path: written, ...(suggestion ? { suggestion } : {}) }
  }
  return { kind: 'local', path, href: encodePath(path) }
}

function hasEntryAbove(path: string, files: FileSet): boolean {
  for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) if (files.has(path.slice(0, at))) return true
  return false
}


/** Each segment percent-encoded, so spaces and accents survive in href and src. */
export const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

/** The existing file the author most likely meant: same path but for case, else a close name in the same folder. */
export function suggestFile(path: string, files: FileSet): string | undefined {
  const lower = path.toLowerCase()
  for (const f of files) if (f.toLowerCase() === lower) return f
  const dir = posix.dirname(path)
  const name = closest(posix.basename(path), [...filesIn(files, dir)].sort())
  return name === undefined ? undefined : posix.join(dir, name)
}

const byFolder = new WeakMap<FileSet, Map<string, string[]>>()

/**
 * The names of the files (not folders) directly in `dir`, in listing order. Indexed once per file set: media
 * embeds ask for their captions' folder on every video, which would otherwise walk the whole course each time.
 */
function filesIn(files: FileSet, dir: string): readonly string[] {
  let index = byFolder.get(files)
  if (!index) {
    index = new Map()
    for (const f of files) {
      if (f.endsWith('/')) continue
      const names = index.get(posix.dirname(f)) ?? []
      names.push(posix.basename(f))
      index.set(posix.dirname(f), names)
    }
    byFolder.set(files, index)
  }
  return index.get(dir) ?? []
}

/** `media/a.svg` written in modules/x.md names modules/media/a.svg; when media/a.svg exists, that is what was meant. */
function writtenFromCourseRoot(written: string, files: FileSet): string | undefined {
  const path = posix.normalize(written)
  return files.has(path) ? path : undefined
}

export type MediaKind = 'image' | 'audio' | 'video'

const audio = new Set(['.mp3', '.m4a', '.ogg', '.oga', '.wav', '.opus'])
const video = new Set(['.webm', '.mp4', '.m4v', '.ogv'])

/** What `![…](path)` embeds, by extension. */
export function mediaKind(path: string): MediaKind {
  const ext = posix.extname(path).toLowerCase()
  return audio.has(ext) ? 'audio' : video.has(ext) ? 'video' : 'image'
}

export interface CaptionTrack { path: string; srclang: string }

/** For `media/x.mp4`: every `media/x.vtt` (in the course language) and `media/x.<lang>.vtt` beside it, sorted by path. */
export function captionsFor(videoPath: string, files: FileSet, language: string): CaptionTrack[] {
  const dir = posix.dirname(videoPath)
  const stem = posix.basename(videoPath, posix.extname(videoPath))
  const tracks: CaptionTrack[] = []
  for (const name of filesIn(files, dir)) {
    const f = posix.join(dir, name)
    if (name === `${stem}.vtt`) tracks.push({ path: f, srclang: language })
    else if (name.startsWith(`${stem}.`) && name.endsWith('.vtt')) {
      const lang = name.slice(stem.length + 1, -'.vtt'.length)
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) tracks.push({ path: f, srclang: lang })
    }
  }
  return tracks.sort((a, b) => compareCodeUnits(a.path, b.path))
}

/** Where the transcript of `media/talk.mp4` (or any audio or video file) lives: `media/talk.transcript.md`, beside it. */
export function transcriptFor(mediaPath: string): string {
  return posix.join(posix.dirname(mediaPath), `${posix.basename(mediaPath, posix.extname(mediaPath))}.transcript.md`)
}

/** One entry per path (its first reference), sorted by path: zips are built in this order, so it must not vary. */
export function collectAssets(assets: readonly Asset[]): Asset[] {
  const byPath = new Map<string, Asset>()
  for (const a of assets) if (!byPath.has(a.path)) byPath.set(a.path, a)
  return [...byPath.values()].sort((a, b) => compareCodeUnits(a.path, b.path))
}

/**
 * Raw HTML the author wrote, read as far as the compiler needs: start tags (`<a …>`, not `</a>` or comments) and
 * their attributes, a value double, single or bare quoted. A scanner, not a parser: enough to find and rewrite
 * references and check alt text and captions; the browser parses the page.
 */
export interface HtmlTag { name: string; offset: number; text: string } // name lower case; offset of `<` in the html

/** One attribute of a tag: name lower case; value with entities decoded ('' when written without one); spans in the tag's text. */
export interface TagAttribute { name: string; value: string; start: number; valueStart: number; end: number }

const START_TAG = /<([A-Za-z][A-Za-z0-9-]*)[^<>]*>/g
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

/** Calls `edit` for each start tag in `html`; a returned string replaces the tag's text. */
export function editHtmlTags(html: string, edit: (tag: HtmlTag) => string | undefined): string {
  return html.replace(START_TAG, (text, name: string, offset: number) => edit({ name: name.toLowerCase(), offset, text }) ?? text)
}

/** Each start tag in `html`, in order. */
export function htmlTags(html: string): HtmlTag[] {
  const tags: HtmlTag[] = []
  editHtmlTags(html, (tag) => void tags.push(tag))
  return tags
}

/** A tag's attributes, in order (the scan starts after the tag's name: it needs whitespace before a name). */
export function tagAttributes(tagText: string): TagAttribute[] {
  const attributes: TagAttribute[] = []
  for (const m of tagText.matchAll(ATTRIBUTE)) {
    const raw = m[2] ?? m[3] ?? m[4]
    const end = m.index + m[0].length
    const valueStart = raw === undefined ? end : end - raw.length - (m[4] === undefined ? 1 : 0)
    attributes.push({ name: m[1]!.toLowerCase(), value: decodeEntities(raw ?? ''), start: m.index, valueStart, end })
  }
  return attributes
}

/** The value of attribute `name` (lower case) of a tag; undefined when the tag does not have it. */
export const attributeOf = (tag: HtmlTag, name: string): string | undefined => tagAttributes(tag.text).find((a) => a.name === name)?.value

/** Where a reference in raw HTML is written: the tag's name and the attribute's, both lower case (`a`, `href`). */
export interface HtmlAttribute { tag: string; name: string }

/**
 * Calls `visit` for each src, href and poster attribute value in raw HTML the author wrote, with its offset in
 * `html` and where it is written; a returned string replaces the value. Used to rewrite local references to package paths.
 */
export function rewriteHtmlReferences(html: string, visit: (value: string, offset: number, where: HtmlAttribute) => string | undefined): string {
  return editHtmlTags(html, (tag) => {
    let text = ''
    let from = 0
    for (const a of tagAttributes(tag.text)) {
      if (!['src', 'href', 'poster'].includes(a.name) || a.valueStart === a.end) continue
      const replaced = visit(a.value, tag.offset + a.valueStart, { tag: tag.name, name: a.name })
      if (replaced === undefined) continue
      const quoted = /["']/.test(tag.text[a.valueStart - 1]!)
      text += `${tag.text.slice(from, a.valueStart - (quoted ? 1 : 0))}"${escapeAttr(replaced)}"`
      from = a.end
    }
    return from === 0 ? undefined : text + tag.text.slice(from)
  })
}

/**
 * Each `<a …>` tag of raw HTML whose href `opens` accepts gets `attributes` (target and rel) in place of any target
 * or rel the author wrote, so a link written as HTML leaves the course frame exactly as a Markdown link does.
 */
export function setLinkTargets(html: string, opens: (href: string) => boolean, attributes: string): string {
  return editHtmlTags(html, (tag) => {
    const href = tag.name === 'a' ? attributeOf(tag, 'href') : undefined
    if (href === undefined || !opens(href)) return undefined
    const all = tagAttributes(tag.text)
    const kept = all.filter((a) => a.name !== 'target' && a.name !== 'rel').map((a) => tag.text.slice(a.start, a.end)).join('')
    const selfClosing = tag.text.slice(all.at(-1)?.end ?? 2).includes('/')
    return `<a ${attributes}${kept}${selfClosing ? ' /' : ''}>`
  })
}
