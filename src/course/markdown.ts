// One module file → front matter, pages at each level-1 heading, quiz fences, links rewritten to package paths.
// Pure: the caller passes the file's text and the set of files in the course folder.
import { posix } from 'node:path'
import { Marked, Renderer, type MarkedToken, type Token, type TokenizerExtension, type Tokens } from 'marked'
import { isMap, isScalar, isSeq } from 'yaml'
import { booleanField, countField, describe, durationField, isBlank, normalizeNewlines, readYamlMapping, scalarText, stringField, subMapping, warnUnknownKeys } from './yaml.js'
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js'
import {
  attributeOf, captionsFor, encodePath, htmlTags, isExternalHref, mediaKind, resolveLink, rewriteHtmlReferences, setLinkTargets, transcriptFor, type CaptionTrack, type FileSet, type ResolvedLink,
} from './assets.js'
import type { Asset, Block, Module, Page, Question, ResourceRef, SourcePos } from './model.js'
import type { ImageSize } from './images.js'
import { isAsciiId, parseQuiz } from './quiz.js'
import { collapseSpaces, decodeEntities, escapeAttr, escapeHtml, safeDecode } from '../text.js'

export interface ModuleContext {
  file: string // relative to the course folder, posix
  files: FileSet
  language: string // course language: the default srclang of captions
  imageSizes?: ReadonlyMap<string, ImageSize> // by path: width and height for <img>
  /** Transcripts beside audio and video (`media/talk.transcript.md`); absent inside a transcript itself. */
  transcripts?: Transcripts
}

/**
 * The course's transcript files and their texts, by path, and the disclosure's label in the course language.
 * Each is compiled the first time a module embeds its media (`compiled`, shared by every module), so its
 * findings are reported once and a transcript no media uses is never judged.
 */
export interface Transcripts {
  texts: ReadonlyMap<string, string>
  label: string
  compiled: Map<string, CompiledMarkdown>
}

/** A Markdown file compiled on its own (a transcript): its HTML, the files it references and links, its findings. */
export interface CompiledMarkdown { html: string; assets: Asset[]; resources: ResourceRef[]; diagnostics: Diagnostic[] }

export interface ParsedModule {
  /** undefined when the module has errors. */
  module?: Module
  /** Where the module id came from, for the course-wide uniqueness check. */
  idAt: SourcePos
  /** Files the module references (links, images, media, captions), each at its first reference. */
  assets: Asset[]
  /** Files the module links or embeds as audio or video, in the order they appear: the resources page's list. */
  resources: ResourceRef[]
  diagnostics: Diagnostic[]
}

/** What `show_answers` means, for its error message (course.yaml and front matter alike). */
export const SHOW_ANSWERS_MEANING = '`false` marks a wrong answer without showing the right one'

export const frontMatterKeys = ['title', 'id', 'objectives', 'duration', 'graded', 'show_answers', 'shuffle', 'bank'] as const

/**
 * What resolving a block's links decided, as data the renderer takes: the tokens stay as marked made
 * them. Keyed by token: each link, image and raw HTML token is one object in the tree.
 */
export interface Rewrites {
  /** The package href of each local link or image. */
  hrefs: Map<Token, string>
  /** Raw HTML with its local src, href and poster rewritten. */
  html: Map<Token, string>
  /** The caption tracks found beside each local video. */
  tracks: Map<Token, CaptionTrack[]>
  /** Each local image's own size, read from its file. */
  sizes: Map<Token, ImageSize>
  /** The width a size hint right after an image asks for (`{width=50%}`), and the hint tokens so used. */
  widths: Map<Token, string>
  hints: Set<Token>
  /** The compiled transcript (HTML) of each local audio or video that has one. */
  transcripts: Map<Token, string>
}

const noRewrites = (): Rewrites => ({
  hrefs: new Map(), html: new Map(), tracks: new Map(), sizes: new Map(), widths: new Map(), hints: new Set(), transcripts: new Map(),
})

function addRewrites(into: Rewrites, from: Rewrites): void {
  from.hrefs.forEach((href, token) => into.hrefs.set(token, href))
  from.html.forEach((html, token) => into.html.set(token, html))
  from.tracks.forEach((tracks, token) => into.tracks.set(token, tracks))
  from.sizes.forEach((size, token) => into.sizes.set(token, size))
  from.widths.forEach((width, token) => into.widths.set(token, width))
  from.hints.forEach((token) => into.hints.add(token))
  from.transcripts.forEach((html, token) => into.transcripts.set(token, html))
}

/**
 * Size hints: `![alt](diagram.svg){width=50%}` (also `{width=320}` in CSS px, or `em`, `rem`) sets how wide
 * an image shows. Written right after an image it is used and disappears; anywhere else it stays as text.
 */
const SIZE_HINT = 'sizeHint'
const sizeHint: TokenizerExtension = {
  name: SIZE_HINT,
  level: 'inline',
  start: (src) => { const i = src.indexOf('{width='); return i < 0 ? undefined : i },
  tokenizer(src) {
    const m = /^\{width=(\d+(?:\.\d+)?)(%|px|em|rem)?\}/.exec(src)
    return m ? { type: SIZE_HINT, raw: m[0], width: `${m[1]}${m[2] ?? 'px'}` } : undefined
  },
}

// Lexing only; rendering takes each module's rewrites (rendererFor).
const lexer = new Marked({ gfm: true, extensions: [sizeHint] })

/**
 * A Markdown renderer that writes package paths, captions, transcripts and rewritten raw HTML from `rewrites`.
 * `headingShift` lowers headings (a transcript's `#` is an h3 inside its page).
 */
function rendererFor(rewrites: Rewrites, language: string, headingShift = 0): Marked {
  return new Marked({
    gfm: true,
    extensions: [{ ...sizeHint, renderer: (token) => (rewrites.hints.has(token) ? '' : escapeHtml(token.raw)) }],
    renderer: {
      image(token) {
        return renderMedia(token, rewrites.hrefs.get(token) ?? token.href, {
          tracks: rewrites.tracks.get(token) ?? [], language, size: rewrites.sizes.get(token), width: rewrites.widths.get(token), transcript: rewrites.transcripts.get(token),
        })
      },
      link(token) {
        const href = rewrites.hrefs.get(token) ?? token.href
        const html = Renderer.prototype.link.call(this, { ...token, href })
        return opensInNewTab(href) ? html.replace(/^<a /, `<a ${NEW_TAB} `) : html
      },
      html(token) {
        return rewrites.html.get(token) ?? false
      },
      paragraph(token) {
        // A player with its transcript is a paragraph of its own: the disclosure cannot sit inside a <p>.
        const only = token.tokens.filter((t) => !(t.type === 'text' && !t.raw.trim()))
        if (only.length === 1 && rewrites.transcripts.has(only[0]!)) return `${this.parser.parseInline(only)}\n`
        return Renderer.prototype.paragraph.call(this, token)
      },
      ...(headingShift > 0 ? {
        heading(token: Tokens.Heading) {
          const level = Math.min(6, token.depth + headingShift)
          return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`
        },
      } : {}),
    },
  })
}

/**
 * Inside an LMS the course is one frame: following a link there unloads the SCO and ends the session
 * (LMSFinish). So course files and web pages open in a new tab; only `#page-id` links stay, and the
 * player turns them into page changes. `noopener`: the new page cannot reach back into the course.
 */
const NEW_TAB = 'target="_blank" rel="noopener"'

/** Course files (every relative href left is one, rewritten to its package path) and web pages (http, https,
 * protocol-relative); not #fragments, mailto: or tel:. */
function opensInNewTab(href: string): boolean {
  const trimmed = href.trim()
  return !isExternalHref(trimmed) || /^(?:https?:)?\/\//i.test(trimmed)
}

export function parseModule(text: string, ctx: ModuleContext): ParsedModule {
  const result = readModule(text, ctx)
  return { ...result, diagnostics: sortDiagnostics(result.diagnostics) }
}

function readModule(text: string, ctx: ModuleContext): ParsedModule {
  const src = normalizeNewlines(text)
  const pos = positionsOf(src, ctx.file)
  const fileStart = pos(0)
  const diagnostics: Diagnostic[] = []
  const assets: Asset[] = []
  const resources: ResourceRef[] = []

  const front = readFrontMatter(src, pos, diagnostics)
  if (!front) return { idAt: fileStart, assets, resources, diagnostics }
  const { bodyStart, title, explicitId, idAt, objectives, duration, graded, showAnswers, shuffle, bank } = front
  const moduleId = explicitId ?? defaultModuleId(ctx.file)

  // Pages: each level-1 heading starts one.
  interface PageDraft { title: string; at: SourcePos; tokens: Token[] }
  const pages: PageDraft[] = []
  let strayAt: SourcePos | undefined
  let quizIndex = 0
  const quizzes = new Map<Token, { question?: Question; idAt: SourcePos; localId: string }>()
  const rewrites = noRewrites()
  for (const { token, offset, start } of locateTokens(src, bodyStart)) {
    const resolved = resolveLinks(token, offset, src, ctx, pos)
    assets.push(...resolved.assets)
    resources.push(...resolved.resources)
    diagnostics.push(...resolved.diagnostics)
    addRewrites(rewrites, resolved.rewrites)
    const t = token as MarkedToken
    if (t.type === 'code' && t.lang === 'quiz') {
      quizIndex += 1
      // The YAML starts on the line below the fence; marked strips the fence's indentation from it.
      const indent = /^ */.exec(token.raw)![0].length
      const yamlStart = offset + token.raw.indexOf('\n') + 1
      const parsed = parseQuiz(t.text, { ...pos(yamlStart), col: indent + 1 }, quizIndex)
      diagnostics.push(...parsed.diagnostics)
      quizzes.set(token, { ...(parsed.question ? { question: parsed.question } : {}), idAt: parsed.idAt, localId: parsed.explicitId ?? `q${quizIndex}` })
    }
    if (t.type === 'heading' && t.depth === 1) pages.push({ title: plainText(t.tokens), at: pos(start), tokens: [] })
    else if (pages.length > 0) pages.at(-1)!.tokens.push(token)
    else if (!strayAt && !isInvisible(t)) strayAt = pos(start)
  }
  if (pages.length === 0) diagnostics.push(diagnostic('module-no-pages', pos(bodyStart)))
  else if (strayAt) diagnostics.push(diagnostic('text-before-heading', strayAt))

  // Question ids: explicit or q<n>, unique within the module; the model id is prefixed by the module id.
  const localIds = new Set<string>()
  for (const quiz of quizzes.values()) {
    if (localIds.has(quiz.localId)) diagnostics.push(diagnostic('quiz-duplicate-id', quiz.idAt, quiz.localId))
    localIds.add(quiz.localId)
  }

  if (bank) {
    // The pool is every graded question the module has; a practice module draws nothing.
    const pool = [...quizzes.values()].filter((q) => q.question).length
    if (!graded) diagnostics.push(diagnostic('bank-not-graded', bank.at))
    else if (bank.draw > pool && !hasErrors(diagnostics)) diagnostics.push(diagnostic('bank-draw-too-many', bank.at, bank.draw, pool))
  }

  if (hasErrors(diagnostics) || title === undefined) return { idAt, assets, resources, diagnostics }
  const pageIds = new Set<string>()
  const markdown = rendererFor(rewrites, ctx.language)
  const built: Page[] = pages.map((draft) => {
    const id = uniqueId(slugify(draft.title) || 'page', pageIds)
    return { id, title: draft.title, blocks: renderBlocks(draft.tokens, quizzes, moduleId, markdown), at: draft.at }
  })
  const module: Module = {
    id: moduleId, title, objectives, ...(duration ? { duration } : {}), graded, ...(showAnswers === false ? { showAnswers } : {}),
    ...(shuffle !== undefined ? { shuffle } : {}), ...(bank ? { bank: { draw: bank.draw } } : {}), pages: built, at: fileStart,
  }
  return { module, idAt, assets, resources, diagnostics }
}

/**
 * Each top-level token of the Markdown from `bodyStart` on, with its offset in `src` and where its text starts.
 * marked keeps raw text, not positions, and may drop or merge raws: each is searched from a moving cursor
 * rather than assumed contiguous.
 */
function locateTokens(src: string, bodyStart: number): { token: Token; offset: number; start: number }[] {
  const body = src.slice(bodyStart)
  let cursor = 0
  return lexer.lexer(body).map((token) => {
    const found = body.indexOf(token.raw, cursor)
    const at = found < 0 ? cursor : found
    if (found >= 0) cursor = found + token.raw.length
    return { token, offset: bodyStart + at, start: bodyStart + at + Math.max(0, token.raw.search(/\S/)) }
  })
}

/**
 * A transcript file (`media/talk.transcript.md`: plain Markdown, no front matter, no pages) as HTML, its links
 * resolved relative to it like a module's, its headings two levels down (they sit under the page's h1).
 */
function compileTranscript(path: string, text: string, ctx: ModuleContext): CompiledMarkdown {
  const src = normalizeNewlines(text)
  const pos = positionsOf(src, path)
  const own: ModuleContext = { file: path, files: ctx.files, language: ctx.language, ...(ctx.imageSizes ? { imageSizes: ctx.imageSizes } : {}) }
  const rewrites = noRewrites()
  const assets: Asset[] = []
  const resources: ResourceRef[] = []
  const diagnostics: Diagnostic[] = []
  const tokens = locateTokens(src, 0).map(({ token, offset }) => {
    const resolved = resolveLinks(token, offset, src, own, pos)
    assets.push(...resolved.assets)
    resources.push(...resolved.resources)
    diagnostics.push(...resolved.diagnostics)
    addRewrites(rewrites, resolved.rewrites)
    return token
  })
  return { html: rendererFor(rewrites, ctx.language, 2).parser(tokens).trim(), assets, resources, diagnostics }
}

interface FrontMatter {
  bodyStart: number // offset of the Markdown body in the file
  title?: string
  explicitId?: string
  idAt: SourcePos
  objectives: string[]
  duration?: string
  graded: boolean
  showAnswers?: boolean
  shuffle?: boolean
  /** `bank: { draw: N }`, with where `draw` is written. */
  bank?: { draw: number; at: SourcePos }
}

/** `---` on the very first line, closed by `---` (or `...`) on a line of its own; undefined when never closed. */
function readFrontMatter(src: string, pos: (offset: number) => SourcePos, diagnostics: Diagnostic[]): FrontMatter | undefined {
  const fileStart = pos(0)
  const front: FrontMatter = { bodyStart: 0, idAt: fileStart, objectives: [], graded: true }
  const where = 'to the front matter, a block between two `---` lines at the very top of the file'
  const open = /^---[ \t]*\n/.exec(src)
  if (!open) {
    diagnostics.push(diagnostic('missing-field', fileStart, 'title', 'title: Introduction', where))
    return front
  }
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(src.slice(open[0].length))
  if (!close) {
    diagnostics.push(diagnostic('front-matter-unclosed', fileStart))
    return undefined
  }
  const yamlEnd = open[0].length + close.index
  front.bodyStart = Math.min(src.length, yamlEnd + close[0].length + 1)
  const y = readYamlMapping(src.slice(open[0].length, yamlEnd), pos(open[0].length), 'Front matter', 'title: Introduction', diagnostics)
  if (!y) return front

  warnUnknownKeys(y, frontMatterKeys, diagnostics)
  const title = stringField(y, 'title', diagnostics, { example: 'title: Introduction', where, origin: fileStart })
  if (title !== undefined) front.title = title
  const idNode = y.node('id')
  if (!isBlank(idNode)) {
    const id = scalarText(idNode)?.trim() ?? describe(idNode)
    front.idAt = y.at(idNode)
    if (isAsciiId(id)) front.explicitId = id
    else diagnostics.push(diagnostic('module-id-format', front.idAt, id))
  }
  const objectivesNode = y.node('objectives')
  if (!isBlank(objectivesNode)) {
    const items = isSeq(objectivesNode) ? objectivesNode.items : undefined
    const texts = items?.map((item) => (isScalar(item) && typeof item.value !== 'boolean' ? scalarText(item)?.trim() : undefined))
    if (!texts || texts.some((t) => !t)) {
      diagnostics.push(diagnostic('field-type', y.at(objectivesNode), 'objectives', 'a list of learning objectives, each a line of text such as `- Name the three classes of fire`'))
    } else front.objectives = texts as string[]
  }
  const duration = durationField(y, 'duration', diagnostics)
  if (duration) front.duration = duration
  const gradedNode = y.node('graded')
  if (!isBlank(gradedNode)) {
    if (isScalar(gradedNode) && typeof gradedNode.value === 'boolean') front.graded = gradedNode.value
    else diagnostics.push(diagnostic('graded-type', y.at(gradedNode), describe(gradedNode)))
  }
  const showAnswers = booleanField(y, 'show_answers', diagnostics, SHOW_ANSWERS_MEANING)
  if (showAnswers !== undefined) front.showAnswers = showAnswers
  const shuffle = booleanField(y, 'shuffle', diagnostics)
  if (shuffle !== undefined) front.shuffle = shuffle
  const bankNode = y.node('bank')
  if (!isBlank(bankNode)) {
    if (!isMap(bankNode)) diagnostics.push(diagnostic('field-type', y.at(bankNode), 'bank', 'a mapping such as `bank: { draw: 5 }`'))
    else {
      const sub = subMapping(y, bankNode)
      warnUnknownKeys(sub, ['draw'], diagnostics)
      if (isBlank(sub.node('draw'))) diagnostics.push(diagnostic('missing-field', y.at(bankNode), 'draw', 'bank: { draw: 5 }'))
      const draw = countField(sub, 'draw', diagnostics, (at, written) => diagnostic('bank-draw', at, written))
      if (draw !== undefined) front.bank = { draw, at: sub.at(sub.node('draw')) }
    }
  }
  return front
}

function renderBlocks(tokens: Token[], quizzes: Map<Token, { question?: Question }>, moduleId: string, markdown: Marked): Block[] {
  const blocks: Block[] = []
  let pending: Token[] = []
  const flush = () => {
    const html = pending.length ? markdown.parser(pending).trim() : ''
    pending = []
    if (!html) return
    const last = blocks.at(-1)
    if (last?.type === 'html') last.html += '\n' + html // adjacent html merges, e.g. around a quiz that failed
    else blocks.push({ type: 'html', html })
  }
  for (const token of tokens) {
    const quiz = quizzes.get(token)
    if (!quiz) {
      pending.push(token)
      continue
    }
    flush()
    if (quiz.question) blocks.push({ type: 'question', question: { ...quiz.question, id: `${moduleId}.${quiz.question.id}` } })
  }
  flush()
  return blocks
}

/** Whitespace, link definitions and HTML comments may come before the first heading; nothing else. */
function isInvisible(token: MarkedToken): boolean {
  if (token.type === 'space' || token.type === 'def') return true
  return token.type === 'html' && /^\s*(<!--[\s\S]*?-->\s*)*$/.test(token.text)
}

/**
 * Resolves local links, images and raw-HTML src/href/poster in `token` (at `offset` in `src`) to package
 * paths: the files as assets (captions and transcripts beside media included), the files linked or played as
 * resources, missing or escaping ones and media without alt text or captions as findings at the link text, and
 * the rewrites the renderer applies. Leaves the token as it is.
 */
export function resolveLinks(
  token: Token,
  offset: number,
  src: string,
  ctx: ModuleContext,
  pos: (offset: number) => SourcePos,
): { assets: Asset[]; resources: ResourceRef[]; diagnostics: Diagnostic[]; rewrites: Rewrites } {
  const assets: Asset[] = []
  const resources: ResourceRef[] = []
  const diagnostics: Diagnostic[] = []
  const rewrites = noRewrites()
  const end = offset + token.raw.length
  let cursor = offset
  // Finds a child token's raw text after the previous one; falls back to the enclosing block's start.
  const locate = (raw: string, fallback: string): number => {
    for (const needle of [raw, fallback]) {
      const i = needle ? src.indexOf(needle, cursor) : -1
      if (i >= 0 && i < end) {
        cursor = i + 1
        return i
      }
    }
    return offset
  }
  const check = (href: string, at: SourcePos): ResolvedLink => {
    const r = resolveLink(href, ctx.file, ctx.files)
    if (r.kind === 'escapes') diagnostics.push(diagnostic('link-escapes-course', at, href))
    else if (r.kind === 'missing') diagnostics.push(diagnostic('missing-file', at, href, r.suggestion))
    else if (r.kind === 'local') assets.push({ path: r.path, at })
    return r
  }
  const inlineLinkText = new Map<Token, string>()
  const resource = (path: string, title: string, at: SourcePos): void => {
    resources.push({ path, title: title || posix.basename(path), at })
  }
  /** Captions and the transcript beside a local video or audio file. */
  const media = (t: Tokens.Image, path: string, at: SourcePos): void => {
    const kind = mediaKind(path)
    if (kind === 'image') return
    if (kind === 'video') {
      const tracks = captionsFor(path, ctx.files, ctx.language)
      for (const track of tracks) assets.push({ path: track.path, at })
      rewrites.tracks.set(t, tracks)
      if (tracks.length === 0) diagnostics.push(diagnostic('video-no-captions', at, t.href, false))
    }
    const transcript = transcriptFor(path)
    const text = ctx.transcripts?.texts.get(transcript)
    if (text === undefined || !ctx.transcripts) return
    let compiled = ctx.transcripts.compiled.get(transcript)
    if (!compiled) {
      compiled = compileTranscript(transcript, text, ctx)
      ctx.transcripts.compiled.set(transcript, compiled)
      diagnostics.push(...compiled.diagnostics) // once, however many pages play the media
    }
    assets.push(...compiled.assets)
    resources.push(...compiled.resources)
    rewrites.transcripts.set(t, `<details class="cp-transcript"><summary>${escapeHtml(ctx.transcripts.label)}</summary>\n${compiled.html}\n</details>`)
  }
  const visit = (t: MarkedToken, nested: boolean): void => {
    if (t.type === 'code' && t.lang === 'quiz' && nested) {
      // Only top-level fences are questions; one inside a list or quote would silently show as code.
      diagnostics.push(diagnostic('quiz-nested', pos(locate(t.raw, t.raw.split('\n')[0]!.trim()))))
    }
    if (t.type === 'code' || t.type === 'codespan') return
    if (t.type === 'link' || t.type === 'image') {
      const i = locate(t.raw, t.href)
      const at = pos(t.raw && src.startsWith(t.raw, i) ? i + (t.type === 'image' ? 2 : 1) : i)
      const local = check(t.href, at)
      const text = plainText(t.tokens)
      if (local.kind === 'local') {
        rewrites.hrefs.set(t, local.href)
        if (t.type === 'link' || mediaKind(local.path) !== 'image') resource(local.path, text, at)
      }
      if (t.type === 'image') {
        if (!text.trim() && mediaKind(t.href.split(/[?#]/)[0]!) === 'image') diagnostics.push(diagnostic('image-no-alt', at, t.href))
        const size = local.kind === 'local' ? ctx.imageSizes?.get(local.path) : undefined
        if (size) rewrites.sizes.set(t, size)
        if (local.kind === 'local') media(t, local.path, at) // after the media itself: its transcript's links
      }
    } else if (t.type === 'html') {
      const i = locate(t.raw, '')
      const rewritten = rewriteHtmlReferences(t.text, (value, at, where) => {
        const r = check(value, pos(i + at))
        if (r.kind !== 'local') return undefined
        if (where.tag === 'a' && where.name === 'href') resource(r.path, linkTextAfter(t.text, at) || (inlineLinkText.get(t) ?? ''), pos(i + at))
        else if (where.name === 'src' && mediaKind(r.path) !== 'image' && ['audio', 'video', 'source'].includes(where.tag)) resource(r.path, '', pos(i + at))
        return r.href
      })
      // Links written as HTML open as Markdown links do: course files and web pages in a new tab.
      const text = setLinkTargets(rewritten, opensInNewTab, NEW_TAB)
      if (text !== t.text) rewrites.html.set(t, text)
      const tags = htmlTags(t.text)
      for (const img of tags) {
        // alt="" is allowed: it marks a decorative image, which screen readers skip.
        if (img.name === 'img' && attributeOf(img, 'alt') === undefined) diagnostics.push(diagnostic('image-no-alt', pos(i + img.offset), attributeOf(img, 'src') ?? ''))
      }
      // Its tracks may be tokens of their own (an inline <video>): looked for in the whole top-level token.
      const video = tags.findIndex((tag) => tag.name === 'video')
      if (video >= 0 && !htmlTags(token.raw).some((tag) => tag.name === 'track')) {
        const src = tags.slice(video).map((tag) => attributeOf(tag, 'src')).find((value) => value !== undefined) // its own, or its first <source>'s
        diagnostics.push(diagnostic('video-no-captions', pos(i + tags[video]!.offset), src ?? '', true))
      }
      return
    }
    if (t.type === 'list') t.items.forEach((item) => visit(item, true))
    else if (t.type === 'table') {
      for (const cell of t.header) cell.tokens.forEach((c) => visit(c as MarkedToken, true))
      for (const row of t.rows) for (const cell of row) cell.tokens.forEach((c) => visit(c as MarkedToken, true))
    } else if ('tokens' in t && t.tokens) {
      t.tokens.forEach((c, i) => {
        const after = t.tokens![i + 1]
        if (c.type === 'image' && after?.type === SIZE_HINT) {
          rewrites.widths.set(c, String((after as Tokens.Generic)['width']))
          rewrites.hints.add(after)
        }
        if (c.type === 'html' && /^<a\s/i.test(c.raw)) {
          // Inline, `<a href>`, its text and `</a>` are separate tokens: the text is what comes before the `</a>`.
          const close = t.tokens!.findIndex((x, j) => j > i && x.type === 'html' && /^<\/a\s*>/i.test(x.raw))
          if (close > i) inlineLinkText.set(c, plainText(t.tokens!.slice(i + 1, close)))
        }
        visit(c as MarkedToken, true)
      })
    }
  }
  visit(token as MarkedToken, false)
  return { assets, resources, diagnostics, rewrites }
}

/** The text of a raw HTML link whose href is at `offset` in `html` (up to its `</a>`), as plain text; '' when not there. */
function linkTextAfter(html: string, offset: number): string {
  const close = html.indexOf('>', offset)
  const text = close < 0 ? undefined : /^([\s\S]*?)<\/a\s*>/i.exec(html.slice(close + 1))?.[1]
  if (!text) return ''
  return collapseSpaces(decodeEntities(text.replace(/<[^>]*>/g, '')))
}

interface MediaParts {
  tracks: readonly CaptionTrack[]
  language: string // the course's: its caption track shows by default
  size?: ImageSize | undefined
  width?: string | undefined
  transcript?: string | undefined // the transcript's disclosure, after the player
}

/** `![…](…)` by what it embeds; `packageHref` is the rewritten href of a local file, else the one written. */
function renderMedia(token: Tokens.Image, packageHref: string, parts: MediaParts): string {
  const alt = plainText(token.tokens)
  const href = escapeAttr(packageHref)
  const title = token.title ? ` title="${escapeAttr(token.title)}"` : ''
  const kind = mediaKind(packageHref.split(/[?#]/)[0]!)
  const { size, width } = parts
  const sized = `${size ? ` width="${size.width}" height="${size.height}"` : ''}${width ? ` style="width: ${width}"` : ''}`
  if (kind === 'image') return `<img src="${href}" alt="${escapeAttr(alt)}"${title}${sized} loading="lazy">`
  const label = alt ? ` aria-label="${escapeAttr(alt)}"` : ''
  const fallback = `<a ${NEW_TAB} href="${href}">${escapeHtml(alt || safeDecode(posix.basename(packageHref.split(/[?#]/)[0]!)))}</a>`
  const after = parts.transcript ? `\n${parts.transcript}` : ''
  if (kind === 'audio') return `<audio controls preload="metadata" src="${href}"${label}${title}>${fallback}</audio>${after}`
  const shown = defaultTrack(parts.tracks, parts.language)
  const trackTags = parts.tracks
    .map((t, i) => `<track kind="captions" srclang="${escapeAttr(t.srclang)}" label="${escapeAttr(languageName(t.srclang))}" src="${escapeAttr(encodePath(t.path))}"${i === shown ? ' default' : ''}>`)
    .join('')
  return `<video controls preload="metadata" src="${href}"${label}${title}>${trackTags}${fallback}</video>${after}`
}

/**
 * The caption track that shows without the learner asking: the one in the course language (`es-MX` also takes
 * `es`, and `es` takes `es-MX`), the exact tag first; -1 when none is. A browser shows at most one `default`.
 */
export function defaultTrack(tracks: readonly { srclang: string }[], language: string): number {
  const tag = language.toLowerCase()
  const primary = (t: string): string => t.toLowerCase().split('-')[0]!
  const exact = tracks.findIndex((t) => t.srclang.toLowerCase() === tag)
  return exact >= 0 ? exact : tracks.findIndex((t) => primary(t.srclang) === primary(tag))
}

/** The language's own name ("español" for es), as learners pick captions in their language; the tag if unknown. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}


/** The text of inline tokens without formatting: page titles and alt text are plain text. */
export function plainText(tokens: readonly Token[] | undefined): string {
  let out = ''
  for (const token of tokens ?? []) {
    const t = token as MarkedToken
    if (t.type === 'br') out += ' '
    else if ('tokens' in t && t.tokens) out += plainText(t.tokens)
    else if (t.type === 'text' || t.type === 'codespan' || t.type === 'escape') out += t.text
  }
  return collapseSpaces(out)
}

/** ASCII slug: ids end up in SCORM identifiers. "Introducción a la Física" → "introduccion-a-la-fisica". */
export function slugify(text: string): string {
  const special: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ð: 'd', Ð: 'd', ı: 'i' }
  return text
    .replace(/[ßæÆøØœŒđĐłŁþÞðÐı]/g, (c) => special[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** `modules/01-intro.md` → `intro`: the file name without its number prefix and extension, slugified. */
export function defaultModuleId(file: string): string {
  const name = posix.basename(file, posix.extname(file))
  return slugify(name.replace(/^\d+[-_. ]*/, '')) || slugify(name) || 'module'
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  taken.add(id)
  return id
}

/** Offset in the (LF-normalised) file → 1-based line and col. */
function positionsOf(src: string, file: string): (offset: number) => SourcePos {
  const starts = [0]
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { file, line: lo + 1, col: offset - starts[lo]! + 1 }
  }
}
