// The results page: the course, the learner and the date, the score against the passing score, in
// plain words what happens next (certificate, retry, exit), the questions still to answer with links
// to each, and the actions. It prints as it is shown, without the player's chrome.
import type { Strings } from './i18n.js'
import type { LearnerState, Scope, ScopeQuestion, Status } from './progress.js'
import type { PageHandlers, SessionView } from './render.js'
import { append, h } from './dom.js'
import { formatDate, formatNumber } from './i18n.js'
import { attemptsLeft, canRetry, finalScore, gradedQuestions, missedQuestions, statusOf, unansweredQuestions } from './progress.js'
import { todayIso } from './certificate.js'

/** The certificate is offered once the scope is passed, or completed when it has no graded questions. */
export function certificateReady(scope: Scope, status: Status | null): boolean {
  if (!scope.course.certificate) return false
  return status === 'passed' || (status === 'completed' && gradedQuestions(scope).length === 0)
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

function button(text: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: `cp-button ${cls}` }, text)
  b.addEventListener('click', onClick)
  return b
}

export function renderResults(page: HTMLElement, scope: Scope, state: LearnerState, t: Strings, handlers: PageHandlers, view: SessionView): void {
  const lang = scope.course.language
  const held = view.review
  const graded = gradedQuestions(scope).length > 0
  // In review the LMS's result is the truth: never a verdict of our own that could contradict it.
  const status = held ? held.status : statusOf(scope, state)

  const about = h('dl', { class: 'cp-facts' })
  if (view.learnerName) append(about, h('dt', {}, t.learnerLabel), h('dd', {}, view.learnerName))
  append(about, h('dt', {}, t.dateLabel), h('dd', {}, formatDate(state.passedOn ?? todayIso(), lang))) // once passed, the day of the pass
  const title = scope.moduleId === null ? scope.course.title : `${scope.modules[0]!.title} · ${scope.course.title}`
  append(page, h('p', { class: 'cp-results-course' }, title), about)

  const summary = h('div', { class: `cp-summary cp-status-${status ?? 'none'}` })
  if (held) {
    if (held.score !== null) summary.appendChild(h('p', { class: 'cp-score' }, t.score(formatNumber(held.score, lang))))
    if (held.status !== null) summary.appendChild(h('p', { class: 'cp-verdict' }, verdictOf(held.status, t)))
    if (graded) summary.appendChild(h('p', { class: 'cp-passing' }, t.passingScore(formatNumber(scope.course.passingScore, lang))))
  } else if (graded) {
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
  if (!view.recorded) summary.appendChild(h('p', { class: 'cp-not-recorded' }, t.notRecorded))

  const ready = certificateReady(scope, status)
  const unanswered = held ? [] : unansweredQuestions(scope, state)
  const next = ready ? t.nextCertificate
    : held ? t.newAttempt
    : canRetry(scope, state) ? (scope.course.retry === 'all' ? t.nextRetryAll : t.nextRetry)
    : status === 'failed' ? t.noAttemptsLeft // the attempt limit is reached
    : unanswered.length > 0 ? t.nextAnswer
    : status === 'passed' || status === 'completed' ? t.nextDone
    : null
  if (next) page.appendChild(h('p', { class: 'cp-next' }, next))

  const missed = missedQuestions(scope, state)
  if (missed.length > 0) append(page, h('h2', {}, t.missedHeading), questionLinks(missed, t, handlers))
  if (unanswered.length > 0) {
    append(page, h('h2', {}, t.unansweredHeading), h('p', { class: 'cp-left' }, t.toAnswerAgain(unanswered.length)), questionLinks(unanswered, t, handlers))
  }

  const actions = h('div', { class: 'cp-results-actions' })
  if (ready) actions.appendChild(button(t.viewCertificate, 'cp-view-certificate', () => handlers.viewCertificate()))
  if (held) {
    if (ready) actions.appendChild(h('p', { class: 'cp-new-attempt' }, t.newAttempt))
  } else if (canRetry(scope, state)) {
    const left = attemptsLeft(scope, state)
    append(actions,
      h('p', {}, scope.course.retry === 'all' ? t.retryHint : t.retryMissedHint),
      Number.isFinite(left) ? h('p', { class: 'cp-attempts-left' }, t.attemptsLeft(left)) : null,
      button(t.retry, 'cp-retry', () => handlers.retry()))
  }
  if (!held) actions.appendChild(h('p', {}, t.exitHint)) // it says Exit saves: not in review
  append(actions,
    button(t.print, 'cp-secondary cp-print', () => window.print()),
    button(t.exit, 'cp-secondary cp-exit', () => handlers.exit()))
  page.appendChild(actions)
}
