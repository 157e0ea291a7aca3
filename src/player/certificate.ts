// The certificate of achievement: the learner's name, the course, organization, date, duration and
// score, the signatory, and a verification code (certificate-code.ts) that `coursepack verify`
// recomputes. Printing it gives one landscape page with nothing of the player around it (theme.css).
import type { Strings } from './i18n.js'
import type { Scope } from './progress.js'
import { append, clear, h } from './dom.js'
import { collapseSpaces } from '../text.js'
import { formatDate, formatDuration, formatNumber } from './i18n.js'
import { verificationCode } from './certificate-code.js'

/** Today in the learner's time zone, YYYY-MM-DD: the day a pass is recorded with. */
export function todayIso(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

export interface CertificateActions {
  back(): void
  /** The learner typed the name: keep it (the adapter may remember it) and show the certificate. */
  named(name: string): void
}

/** Fills the page area with the certificate (or, with no name yet, the one question it needs); returns the heading. */
/** `date`: YYYY-MM-DD, the day the learner passed (LearnerState.passedOn), which the verification code covers too. */
export function renderCertificate(page: HTMLElement, scope: Scope, t: Strings, learner: string | undefined, facts: { score: number | null; date: string }, actions: CertificateActions): HTMLElement {
  clear(page)
  const course = scope.course
  const lang = course.language
  const settings = course.certificate ?? {}
  const heading = h('h1', { class: 'cp-cert-title', id: 'cp-page-title', tabindex: -1 }, settings.title ?? t.certificateTitle)
  const back = h('button', { type: 'button', class: 'cp-button cp-secondary cp-back' }, t.backToResults)
  back.addEventListener('click', () => actions.back())

  if (!learner) {
    const input = h('input', { type: 'text', id: 'cp-learner-name', class: 'cp-text', autocomplete: 'name', maxlength: 120, 'aria-describedby': 'cp-name-hint' })
    const hint = h('p', { id: 'cp-name-hint', class: 'cp-hint', 'aria-live': 'polite' })
    const form = h('form', { class: 'cp-name-form', novalidate: true },
      h('label', { for: 'cp-learner-name' }, t.namePrompt), input, hint,
      h('div', { class: 'cp-cert-actions' }, h('button', { type: 'submit', class: 'cp-button' }, t.nameSave), back))
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      const name = collapseSpaces(input.value)
      if (!name) { hint.textContent = t.nameNeeded; input.focus(); return }
      actions.named(name)
    })
    append(page, heading, form)
    return heading
  }

  const { score, date } = facts
  const code = verificationCode({ courseId: course.id, version: course.version, learner, date })
  const list = h('dl', { class: 'cp-cert-facts' }, h('dt', {}, t.dateLabel), h('dd', {}, formatDate(date, lang)))
  const duration = scope.moduleId === null ? course.duration : scope.modules[0]!.duration
  if (duration) append(list, h('dt', {}, t.durationLabel), h('dd', {}, formatDuration(duration, lang)))
  if (score !== null) append(list, h('dt', {}, t.scoreLabel), h('dd', {}, `${formatNumber(score, lang)} %`))
  const signatory = settings.signatory
  const certificate = h('section', { class: 'cp-certificate', 'aria-labelledby': 'cp-page-title' },
    settings.logo ? h('img', { class: 'cp-cert-logo', src: settings.logo, alt: course.organization ?? '' }) : null,
    course.organization ? h('p', { class: 'cp-cert-org' }, course.organization) : null,
    heading,
    h('p', {}, t.certifies),
    h('p', { class: 'cp-cert-name' }, learner),
    h('p', {}, t.hasCompleted),
    h('p', { class: 'cp-cert-course' }, course.title),
    scope.moduleId === null ? null : h('p', { class: 'cp-cert-module' }, scope.modules[0]!.title),
    list,
    signatory ? h('div', { class: 'cp-cert-signatory' }, h('p', { class: 'cp-cert-signer' }, signatory.name), signatory.role ? h('p', {}, signatory.role) : null) : null,
    h('p', { class: 'cp-cert-code' }, `${t.verificationLabel}: `, h('span', { class: 'cp-code' }, code)))
  const print = h('button', { type: 'button', class: 'cp-button cp-print' }, t.printCertificate)
  print.addEventListener('click', () => window.print())
  append(page, certificate, h('div', { class: 'cp-cert-actions' }, print, back))
  return heading
}
