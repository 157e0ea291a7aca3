// Getting around: the table of contents (a navigation landmark, collapsible on small screens) and
// the Previous/Next pager. Built once; page changes only update marks, so 2,000 pages stay fast.
import type { Strings } from './i18n.js'
import type { LearnerState, Scope } from './progress.js'
import { h } from './dom.js'
import { isPageShown } from './progress.js'

export interface Toc {
  nav: HTMLElement
  toggle: HTMLButtonElement
  update(state: LearnerState): void
  close(): void
}

export function buildToc(scope: Scope, t: Strings, goTo: (index: number) => void, href: (index: number) => string): Toc {
  const links: HTMLAnchorElement[] = []
  const link = (index: number, title: string): HTMLLIElement => {
    // The link's name is exactly the page title; "seen" is its description.
    const a = h('a', { href: href(index), class: 'cp-toc-link', 'data-page': index }, title)
    links[index] = a
    return h('li', {}, a)
  }
  const list = h('ol', { class: 'cp-toc-modules' })
  for (const module of scope.modules) {
    const pages = h('ol', { class: 'cp-toc-pages' })
    for (const p of scope.pages) if (p.module === module) pages.appendChild(link(p.index, p.page.title))
    list.appendChild(h('li', { class: 'cp-toc-module' }, h('span', { class: 'cp-toc-module-title' }, module.title), pages))
  }
  list.appendChild(h('li', { class: 'cp-toc-module cp-toc-results' }, h('ol', { class: 'cp-toc-pages' }, link(scope.resultsIndex, t.results))))

  const seenText = h('span', { id: 'cp-seen-description', hidden: true }, t.seen)
  const nav = h('nav', { id: 'cp-toc', class: 'cp-toc', 'aria-label': t.contents }, list, seenText)
  const toggle = h('button', { type: 'button', class: 'cp-toc-toggle', 'aria-expanded': 'false', 'aria-controls': 'cp-toc' }, t.contents)

  const setOpen = (open: boolean): void => {
    toggle.setAttribute('aria-expanded', String(open))
    nav.classList.toggle('cp-open', open)
  }
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'))
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && nav.classList.contains('cp-open')) {
      setOpen(false)
      toggle.focus()
    }
  })
  nav.addEventListener('click', (event) => {
    const a = (event.target as Element).closest('a[data-page]')
    if (!a) return
    event.preventDefault()
    if (getComputedStyle(toggle).display !== 'none') setOpen(false) // narrow layout (theme.css): the contents close over the page
    goTo(Number(a.getAttribute('data-page')))
  })

  let current = -1
  return {
    nav,
    toggle,
    close: () => setOpen(false),
    update(state) {
      if (current >= 0 && links[current]) links[current]!.removeAttribute('aria-current')
      current = state.page
      links[current]?.setAttribute('aria-current', 'page')
      links.forEach((a, i) => {
        // A page whose questions this attempt did not draw is not in the contents.
        if (a.parentElement) a.parentElement.hidden = !isPageShown(scope, state, i)
        const seen = state.seen[i] === true && i !== scope.resultsIndex
        a.classList.toggle('cp-seen', seen)
        if (seen) a.setAttribute('aria-describedby', 'cp-seen-description')
        else a.removeAttribute('aria-describedby')
      })
    },
  }
}

/**
 * A contents entry for a screen that is not a course page (the start page first, the resources page last), marked
 * current while its screen shows. Its `href` is for the address bar and a new tab; a click opens the screen in place.
 */
export function screenLink(toc: Toc, text: string, href: string, where: 'first' | 'last', open: () => void): (current: boolean) => void {
  const a = h('a', { href, class: 'cp-toc-link' }, text)
  a.addEventListener('click', (event) => {
    event.preventDefault()
    event.stopPropagation()
    toc.close()
    open()
  })
  const list = toc.nav.querySelector('ol')
  const item = h('li', { class: `cp-toc-module cp-toc-${where}` }, h('ol', { class: 'cp-toc-pages' }, h('li', {}, a)))
  if (where === 'first') list?.insertBefore(item, list.firstChild)
  else list?.appendChild(item)
  return (current) => {
    if (current) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
}

export interface Pager {
  el: HTMLElement
  update(state: LearnerState): void
}

export function buildPager(scope: Scope, t: Strings, move: (delta: -1 | 1) => void): Pager {
  const prev = h('button', { type: 'button', class: 'cp-button cp-secondary cp-prev' }, t.previous)
  const next = h('button', { type: 'button', class: 'cp-button cp-next' }, t.next)
  const position = h('p', { class: 'cp-position' })
  prev.addEventListener('click', () => move(-1))
  next.addEventListener('click', () => move(1))
  return {
    el: h('div', { class: 'cp-pager' }, prev, position, next),
    update(state) {
      // Counted over the pages this attempt shows (a bank's undrawn pages are skipped).
      let first = 0
      while (!isPageShown(scope, state, first)) first++
      let at = 0
      let total = 0
      for (let i = 0; i <= scope.resultsIndex; i++) {
        if (!isPageShown(scope, state, i)) continue
        total++
        if (i <= state.page) at = total
      }
      prev.disabled = state.page <= first
      next.disabled = state.page >= scope.resultsIndex
      position.textContent = t.pageOf(at, total)
    },
  }
}
