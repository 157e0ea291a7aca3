// The resources page: every file the course links to or plays, once, with its kind in words and its size in the
// course language, each opening in a new tab as the course's links do (never in the course frame). It is no course
// page: the contents list it last, the pager and progress leave it out, and the LMS never hears of it.
import type { PlayerResource, ResourceKind } from './data.js'
import type { Strings } from './i18n.js'
import type { Scope } from './progress.js'
import { append, h } from './dom.js'
import { formatBytes } from './i18n.js'
import { NEW_TAB_DESCRIPTION } from './render.js'

/** A resource's kind in words: "PDF document", "Audio", "EPUB file". */
export function kindInWords(resource: PlayerResource, t: Strings): string {
  const words: Record<Exclude<ResourceKind, 'file'>, string> = {
    pdf: t.resourcePdf, document: t.resourceDocument, spreadsheet: t.resourceSpreadsheet, presentation: t.resourcePresentation,
    text: t.resourceText, archive: t.resourceArchive, audio: t.resourceAudio, video: t.resourceVideo, image: t.resourceImage,
  }
  if (resource.kind !== 'file') return words[resource.kind]
  const ext = /\.([^./?#]+)(?:[?#]|$)/.exec(resource.href)?.[1]
  return ext ? t.resourceFile(ext.toUpperCase()) : t.resourceDocument
}

/** The file's own name, as the package spells it (decoded). */
function fileName(href: string): string {
  const name = href.split(/[?#]/)[0]!.split('/').pop() ?? href
  try { return decodeURIComponent(name) } catch { return name }
}

/** Fills the page area with the resources page; returns its heading. `back` returns to the course page. */
export function renderResources(page: HTMLElement, scope: Scope, resources: readonly PlayerResource[], t: Strings, back: () => void): HTMLElement {
  const lang = scope.course.language
  const heading = h('h1', { class: 'cp-page-title', id: 'cp-page-title', tabindex: -1 }, t.resources)
  const list = h('ul', { class: 'cp-resources' })
  resources.forEach((r, i) => {
    const id = `cp-resource-${i}`
    const name = fileName(r.href)
    const details = t.resourceDetails(kindInWords(r, t), formatBytes(r.bytes, lang))
    const a = h('a', { href: r.href, target: '_blank', rel: 'noopener', 'aria-describedby': `${id} ${NEW_TAB_DESCRIPTION}` }, r.title)
    // The file name too, unless the link already is it: learners find the saved file by it.
    list.appendChild(h('li', {}, a, h('span', { class: 'cp-resource-details', id }, r.title === name ? details : `${name} · ${details}`)))
  })
  const button = h('button', { type: 'button', class: 'cp-button cp-secondary' }, t.backToCourse)
  button.addEventListener('click', () => back())
  append(page, heading, h('p', { class: 'cp-lead' }, t.resourcesIntro), list, h('div', { class: 'cp-begin-actions' }, button))
  return heading
}
