// The page the learner sees: the shell (header, contents, main, pager) and what goes in main — a
// content page (its html blocks and questions) or the results page. Every page title is an h1.
import type { Strings } from './i18n.js'
import type { LearnerState, Scope, ScopePage } from './progress.js'
import type { HeldResult } from './tracking/adapter.js'
import type { QuizHandlers } from './quiz.js'
import { append, clear, h } from './dom.js'
import { displayOrder } from './progress.js'
import { renderQuestion } from './quiz.js'
import { renderResults } from './results.js'

export const NEW_TAB_DESCRIPTION = 'cp-new-tab-description'

export interface Shell {
  banner: HTMLElement
  main: HTMLElement
  page: HTMLElement
}

export function renderShell(root: HTMLElement, scope: Scope, t: Strings, parts: { tocToggle: HTMLElement; toc: HTMLElement; pager: HTMLElement; progress?: HTMLElement }): Shell {
  clear(root)
  const banner = h('div', { class: 'cp-banner', role: 'status' })
  banner.hidden = true
  const page = h('div', { class: 'cp-page' })
  const main = h('main', { id: 'cp-main', class: 'cp-main' }, page, parts.pager)
  append(
    root,
    h('a', { class: 'cp-skip', href: '#cp-main' }, t.skipToContent),
    h('header', { class: 'cp-header' }, h('div', { class: 'cp-header-inner' }, parts.tocToggle, logoOf(scope), h('p', { class: 'cp-course-title' }, scope.course.title)), parts.progress),
    banner,
    h('div', { class: 'cp-layout' }, parts.toc, main),
    h('span', { id: NEW_TAB_DESCRIPTION, hidden: true }, t.newTab),
  )
  return { banner, main, page }
}

/** course.yaml `theme.logo` before the course title; named by the organization, else decorative (the title follows). */
const logoOf = (scope: Scope): HTMLImageElement | null =>
  scope.course.logo ? h('img', { class: 'cp-logo', src: scope.course.logo, alt: scope.course.organization ?? '' }) : null

/** What the LMS side adds to what the learner's own state says. */
export interface SessionView {
  /** False once the LMS refused to keep progress: the results page says the result was not recorded. */
  recorded: boolean
  /** Review or browse: the attempt is shown read-only, with the result the LMS holds, and no Retry. */
  review?: HeldResult
  /** The learner's name as printed (from the LMS, or typed once for the certificate). */
  learnerName?: string
}

export interface PageHandlers extends QuizHandlers {
  goTo(index: number): void
  retry(): void
  exit(): void
  viewCertificate(): void
  printModule(): void
}

/** Fills the page area; returns the heading so the caller can move focus to it. */
export function renderPage(shell: Shell, scope: Scope, state: LearnerState, t: Strings, handlers: PageHandlers, view: SessionView): HTMLElement {
  clear(shell.page)
  const heading = h('h1', { class: 'cp-page-title', id: 'cp-page-title', tabindex: -1 })
  if (state.page >= scope.resultsIndex) {
    heading.textContent = t.results
    shell.page.appendChild(heading)
    renderResults(shell.page, scope, state, t, handlers, view)
    return heading
  }
  const current = scope.pages[state.page]!
  heading.textContent = current.page.title
  append(shell.page, h('p', { class: 'cp-eyebrow' }, current.module.title), heading)
  appendBlocks(shell.page, current, scope, state, t, handlers, view.review !== undefined)
  // Print module: every page of this module on paper, from any of its pages (print.ts); the LMS hears nothing of it.
  const print = h('button', { type: 'button', class: 'cp-button cp-secondary cp-print-module' }, t.printModule)
  print.addEventListener('click', () => handlers.printModule())
  shell.page.appendChild(h('p', { class: 'cp-page-tools' }, print))
  return heading
}

/** A page's blocks: its html (links, images and tables made fit for any screen) and the questions this attempt asks. */
export function appendBlocks(target: HTMLElement, current: ScopePage, scope: Scope, state: LearnerState, t: Strings, handlers: QuizHandlers, readOnly: boolean): void {
  for (const block of current.page.blocks) {
    if (block.type === 'html') {
      const div = h('div', { class: 'cp-content' })
      div.innerHTML = block.html // trusted: the compiler rendered it from the author's Markdown
      // The compiler sends files and web pages to a new tab (never the course frame): say so.
      for (const a of div.querySelectorAll('a[target="_blank"]')) a.setAttribute('aria-describedby', NEW_TAB_DESCRIPTION)
      // An image opens full size in a new tab (diagrams are unreadable at phone width), unless it is a link already.
      for (const img of div.querySelectorAll('img')) {
        const src = img.getAttribute('src')
        if (!src || img.closest('a')) continue
        const link = h('a', { href: src, target: '_blank', rel: 'noopener', class: 'cp-full-size', 'aria-describedby': NEW_TAB_DESCRIPTION })
        img.replaceWith(link)
        link.appendChild(img)
      }
      // A wide table scrolls inside its own region (focusable, so keyboards can scroll it), never the page.
      for (const table of div.querySelectorAll('table')) {
        const region = h('div', { class: 'cp-table', role: 'region', tabindex: 0, 'aria-label': t.table })
        table.replaceWith(region)
        region.appendChild(table)
      }
      target.appendChild(div)
    } else {
      const q = current.questions.find((x) => x.question === block.question)!
      if (state.undrawn.has(q.question.id)) continue // not asked in this attempt
      const showAnswers = scope.course.showAnswers !== false && q.module.showAnswers !== false
      target.appendChild(renderQuestion(q, state.answers.get(q.question.id), t, handlers, readOnly, displayOrder(q.question, state), showAnswers))
    }
  }
}

/** Says, on the results page when it is shown, that the LMS did not record the result (once). */
export function showNotRecorded(page: HTMLElement, t: Strings): void {
  const summary = page.querySelector('.cp-summary')
  if (summary && !summary.querySelector('.cp-not-recorded')) summary.appendChild(h('p', { class: 'cp-not-recorded' }, t.notRecorded))
}

/** After Exit: the session is over; nothing left to click. */
export function renderClosed(root: HTMLElement, scope: Scope, t: Strings, view: SessionView): HTMLElement {
  clear(root)
  const message = h('p', { class: 'cp-closed-message', tabindex: -1 }, t.closed)
  const status = h('div', { role: 'status' }, message)
  if (!view.recorded) status.appendChild(h('p', { class: 'cp-not-recorded' }, t.notRecorded))
  append(root,
    h('header', { class: 'cp-header' }, h('div', { class: 'cp-header-inner' }, h('p', { class: 'cp-course-title' }, scope.course.title))),
    h('main', { id: 'cp-main', class: 'cp-main cp-closed' }, h('div', { class: 'cp-page' }, status)))
  return message
}

export function renderFatal(root: HTMLElement, t: Strings): void {
  clear(root)
  root.appendChild(h('main', { id: 'cp-main', class: 'cp-main' }, h('div', { class: 'cp-page' }, h('p', { class: 'cp-fatal', role: 'alert' }, t.noCourse))))
}
