// The start page, shown on every launch before any content page: what the course is (title,
// organization, description, duration, passing score), its modules with their objectives and
// durations, and one button: Start, or Continue with where the learner left off.
import type { Strings } from './i18n.js'
import type { LearnerState, Scope } from './progress.js'
import { append, h } from './dom.js'
import { formatDuration, formatNumber } from './i18n.js'
import { gradedQuestions } from './progress.js'

/** Whether a launch resumes: the learner has been past the first page or answered something. */
export function isResuming(state: LearnerState): boolean {
  return state.page > 0 || state.answers.size > 0
}

/** Fills the page area with the start page; returns its heading (the course, or the module a module launch plays). */
export function renderStart(page: HTMLElement, scope: Scope, state: LearnerState, t: Strings, begin: () => void): HTMLElement {
  const course = scope.course
  const lang = course.language
  const only = scope.moduleId === null ? undefined : scope.modules[0]
  const heading = h('h1', { class: 'cp-page-title', id: 'cp-page-title', tabindex: -1 }, only ? only.title : course.title)
  const facts = h('dl', { class: 'cp-facts' })
  const fact = (label: string, value: string | undefined): void => {
    if (value) append(facts, h('dt', {}, label), h('dd', {}, value))
  }
  fact(t.organizationLabel, course.organization)
  const duration = only ? only.duration : course.duration
  fact(t.durationLabel, duration && formatDuration(duration, lang))

  const resuming = isResuming(state)
  const button = h('button', { type: 'button', class: 'cp-button cp-begin' }, resuming ? t.continue : t.start)
  button.addEventListener('click', () => begin())
  const where = scope.pages[state.page]
  const leftOff = resuming ? h('p', { class: 'cp-left-off' }, where ? t.leftOff(`${where.page.title} (${where.module.title})`) : t.leftOffResults) : null

  append(page,
    only ? h('p', { class: 'cp-eyebrow' }, course.title) : null,
    heading,
    course.description && !only ? h('p', { class: 'cp-lead' }, course.description) : null,
    facts.childNodes.length > 0 ? facts : null,
    gradedQuestions(scope).length > 0 ? h('p', { class: 'cp-passing' }, t.passingScore(formatNumber(course.passingScore, lang))) : null,
    leftOff,
    h('div', { class: 'cp-begin-actions' }, button))

  const list = h('ol', { class: 'cp-start-modules' })
  for (const m of scope.modules) {
    const item = h('li', {}, h('h3', {}, m.title))
    if (m.duration) item.appendChild(h('p', { class: 'cp-module-note' }, `${t.durationLabel}: ${formatDuration(m.duration, lang)}`))
    if (m.objectives && m.objectives.length > 0) {
      append(item, h('p', { class: 'cp-objectives-label' }, t.objectivesHeading), h('ul', {}, ...m.objectives.map((o) => h('li', {}, o))))
    }
    list.appendChild(item)
  }
  append(page, h('h2', {}, only ? t.objectivesHeading : t.modulesHeading), list)
  return heading
}
