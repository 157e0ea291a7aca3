// The page the learner sees: the shell (header, contents, main, pager) and what goes in main — a
// content page (its html blocks and questions) or the results page. Every page title is an h1.
import type { Strings } from './i18n.js'
import type { LearnerState, Scope, ScopeQuestion, Status } from './progress.js'
import type { HeldResult } from './tracking/adapter.js'
import type { QuizHandlers } from './quiz.js'
import { append, clear, h } from './dom.js'
import { formatNumber } from './i18n.js'
import { finalScore, gradedQuestions, missedQuestions, statusOf, unansweredQuestions } from './progress.js'
import { renderQuestion } from './quiz.js'

const NEW_TAB_DESCRIPTION = 'cp-new-tab-description'

export interface Shell {
  banner: HTMLElement
  main: HTMLElement
  page: HTMLElement
}

export function renderShell(root: HTMLElement, scope: Scope, t: Strings, parts: { tocToggle: HTMLElement; toc: HTMLElement; pager: HTMLElement }): Shell {
  clear(root)
  const banner = h('div', { class: 'cp-banner', role: 'status' })
  banner.hidden = true
  const page = h('div', { class: 'cp-page' })
  const main = h('main', { id: 'cp-main', class: 'cp-main' }, page, parts.pager)
  append(
    root,
    h('a', { class: 'cp-skip', href: '#cp-main' }, t.skipToContent),
    h('header', { class: 'cp-header' }, h('div', { class: 'cp-header-inner' }, parts.tocToggle, h('p', { class: 'cp-course-title' }, scope.course.title))),
    banner,
    h('div', { class: 'cp-layout' }, parts.toc, main),
    h('span', { id: NEW_TAB_DESCRIPTION, hidden: true }, t.newTab),
  )
  return { banner, main, page }
}

/** What the LMS side adds to what the learner's own state says. */
export interface SessionView {
  /** False once the LMS refused to keep progress: the results page says the result was not recorded. */
  recorded: boolean
  /** Review or browse: the attempt is shown read-only, with the result the LMS holds, and no Retry. */
  review?: HeldResult
}

export interface PageHandlers extends QuizHandlers {
  goTo(index: number): void
  retry(): void
  exit(): void
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
      shell.page.appendChild(div)
    } else {
      const q = scope.questions.find((x) => x.question === block.question)!
      shell.page.appendChild(renderQuestion(q, state.answers.get(q.question.id), t, handlers, view.review !== undefined))
    }
  }
  return heading
}

function questionLinks(items: ScopeQuestion[], t: Strings, handlers: PageHandlers): HTMLElement {
  const list = h('ul', { class: 'cp-question-list' })
  for (const q of items) {
    const a = h('a', { href: `#cp-page-${q.pageIndex}` }, q.question.prompt)
    a.addEventListener('click', (event) => { event.preventDefault(); handlers.goTo(q.pageIndex) })
    list.appendChild(h('li', {}, a, h('span', { class: 'cp-module-note' }, ` — ${t.inModule(q.module.title)}`)))
  }
  return list
}

function verdictOf(status: Status, t: Strings): string {
  return { passed: t.passed, failed: t.failed, completed: t.completed, incomplete: t.incomplete }[status]
}

function renderResults(page: HTMLElement, scope: Scope, state: LearnerState, t: Strings, handlers: PageHandlers, view: SessionView): void {
  const lang = scope.course.language
  const held = view.review
  // In review the LMS's result is the truth: never a verdict of our own that could contradict it.
  const status = held ? held.status : statusOf(scope, state)
  const summary = h('div', { class: `cp-summary cp-status-${status ?? 'none'}` })
  if (held) {
    if (held.score !== null) summary.appendChild(h('p', { class: 'cp-score' }, t.score(formatNumber(held.score, lang))))
    if (held.status !== null) summary.appendChild(h('p', { class: 'cp-verdict' }, verdictOf(held.status, t)))
    if (gradedQuestions(scope).length > 0) summary.appendChild(h('p', { class: 'cp-passing' }, t.passingScore(formatNumber(scope.course.passingScore, lang))))
  } else if (gradedQuestions(scope).length > 0) {
    const score = finalScore(scope, state)
    if (score !== null) {
      append(summary,
        h('p', { class: 'cp-score' }, t.score(formatNumber(score, lang))),
        h('p', { class: 'cp-verdict' }, status === 'passed' ? t.passed : t.failed))
    } else {
      summary.appendChild(h('p', { class: 'cp-verdict' }, t.answerAllForScore))
    }
    summary.appendChild(h('p', { class: 'cp-passing' }, t.passingScore(formatNumber(scope.course.passingScore, lang))))
  } else {
    summary.appendChild(h('p', { class: 'cp-verdict' }, status === 'completed' ? t.completed : t.incomplete))
    const left = scope.pages.filter((p) => !state.seen[p.index]).length
    if (left > 0) summary.appendChild(h('p', {}, t.pagesLeft(left)))
  }
  page.appendChild(summary)
  if (!view.recorded) showNotRecorded(page, t)

  const missed = missedQuestions(scope, state)
  if (missed.length > 0) append(page, h('h2', {}, t.missedHeading), questionLinks(missed, t, handlers))
  const unanswered = held ? [] : unansweredQuestions(scope, state)
  if (unanswered.length > 0) append(page, h('h2', {}, t.unansweredHeading), questionLinks(unanswered, t, handlers))

  const actions = h('div', { class: 'cp-results-actions' })
  if (held) {
    actions.appendChild(h('p', { class: 'cp-new-attempt' }, t.newAttempt))
  } else if (status === 'failed') {
    const retry = h('button', { type: 'button', class: 'cp-button cp-retry' }, t.retry)
    retry.addEventListener('click', () => handlers.retry())
    append(actions, h('p', {}, t.retryHint), retry)
  }
  const exit = h('button', { type: 'button', class: 'cp-button cp-secondary cp-exit' }, t.exit)
  exit.addEventListener('click', () => handlers.exit())
  if (!held) actions.appendChild(h('p', {}, t.exitHint)) // it says Exit saves: not in review
  actions.appendChild(exit)
  page.appendChild(actions)
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
