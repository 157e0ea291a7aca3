// How far the learner is, always in view: the course's pages seen, questions answered and percent in
// the header (text, so screen readers read it too; the bar is its picture), and each module's status
// beside its title in the table of contents, in words and a sign, not colour alone.
import type { Strings } from './i18n.js'
import type { LearnerState, ModuleStatus, Scope } from './progress.js'
import { append, clear, h, srOnly } from './dom.js'
import { formatNumber } from './i18n.js'
import { moduleStatus, progressOf } from './progress.js'

export interface ProgressView {
  el: HTMLElement
  update(state: LearnerState): void
}

const SIGNS: Record<ModuleStatus, string> = { 'not-started': '○', 'in-progress': '◐', done: '●' }

/** `toc` is the contents landmark: each `.cp-toc-module-title` (one per module, in order) gets its status. */
export function buildProgress(scope: Scope, t: Strings, toc: HTMLElement): ProgressView {
  const text = h('span', { class: 'cp-progress-text' })
  const bar = h('progress', { class: 'cp-progress-bar', max: 100, value: 0, 'aria-hidden': 'true' })
  const el = h('p', { class: 'cp-progress' }, srOnly(`${t.courseProgress}: `), text, bar)
  const statuses = Array.from(toc.querySelectorAll('.cp-toc-module-title')).map((title) => {
    const status = h('span', { class: 'cp-module-status' })
    title.appendChild(status)
    return status
  })
  const words: Record<ModuleStatus, string> = { 'not-started': t.notStarted, 'in-progress': t.inProgress, done: t.done }
  return {
    el,
    update(state) {
      const p = progressOf(scope, state)
      text.textContent = t.progressSummary(p.seen, p.pages, p.answered, p.questions, formatNumber(p.percent, scope.course.language))
      bar.value = p.percent
      scope.modules.forEach((m, i) => {
        const s = moduleStatus(scope, state, m)
        const status = statuses[i]
        if (!status) return
        status.className = `cp-module-status cp-module-${s}`
        clear(status)
        append(status, ' ', h('span', { 'aria-hidden': 'true' }, SIGNS[s]), ` ${words[s]}`)
      })
    },
  }
}
