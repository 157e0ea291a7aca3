// Print module: every page of the current module, one after another, on paper. The printout is built
// beside the player (theme.css shows only it in print and never on screen), printed, and removed
// again, so the learner stays on the page they were on and the LMS hears nothing: no page is shown,
// none is counted as seen. Questions are read-only: answered ones as answered, the others blank.
import type { Strings } from './i18n.js'
import type { LearnerState, Scope } from './progress.js'
import { h } from './dom.js'
import { isPageShown } from './progress.js'
import { appendBlocks } from './render.js'

const PRINTING = 'cp-printing-module'
const ID_REFERENCES = ['for', 'aria-describedby', 'aria-labelledby', 'aria-controls']

/** Prints the module of page `index`; returns when the browser's print dialog has been opened. */
export function printModule(scope: Scope, state: LearnerState, t: Strings, index: number): void {
  const module = scope.pages[index]?.module
  if (!module) return
  document.querySelector(`.${PRINTING}`)?.remove() // a printout a browser never closed
  const printout = h('div', { class: PRINTING }, h('h1', {}, module.title))
  const noAnswers = { submit: () => null, tryAgain: () => undefined } // read-only: nothing is submitted
  for (const page of scope.pages) {
    if (page.module !== module || !isPageShown(scope, state, page.index)) continue
    const section = h('section', { class: 'cp-print-page' }, h('h2', {}, page.page.title))
    appendBlocks(section, page, scope, state, t, noAnswers, true)
    printout.appendChild(section)
  }
  // The same questions are on the page on screen: the printout's ids must not take their labels.
  const own = new Set<string>()
  for (const el of printout.querySelectorAll('[id]')) { own.add(el.id); el.id = `p-${el.id}` }
  for (const name of ID_REFERENCES) {
    for (const el of printout.querySelectorAll(`[${name}]`)) {
      el.setAttribute(name, el.getAttribute(name)!.split(' ').map((id) => (own.has(id) ? `p-${id}` : id)).join(' '))
    }
  }
  document.body.appendChild(printout)
  window.addEventListener('afterprint', () => printout.remove(), { once: true })
  window.print()
}
