// Pages in the browser's history: each page is a `#fragment` (its page id, or `module-page` when two
// modules share a page id), Back and Forward move between pages, and a link or address with a page's
// fragment opens that page. Only the address changes: what the LMS records comes from the page
// change itself (goTo), exactly as when the learner uses the contents or the pager.
import type { Scope } from './progress.js'

export interface PageHistory {
  /** `#fragment` of a page index (the results page included). */
  href(index: number): string
  /** The page a location hash names, if any. */
  indexOf(hash: string): number | undefined
  /** Records the page shown: a new history entry, or `replace` the current one (first page shown). */
  record(index: number, replace?: boolean): void
  /** `#fragment` of the resources page: no course page, so the LMS never hears of it; Back leaves it. */
  resources: string
  /** Records the resources page shown: a new history entry. */
  recordResources(): void
}

export const RESULTS_FRAGMENT = 'results'
export const RESOURCES_FRAGMENT = 'resources'

export function pageFragments(scope: Scope): string[] {
  const count = new Map<string, number>()
  for (const p of scope.pages) count.set(p.page.id, (count.get(p.page.id) ?? 0) + 1)
  const fragments = scope.pages.map((p) => (count.get(p.page.id) === 1 ? p.page.id : `${p.module.id}-${p.page.id}`))
  fragments.push(fragments.includes(RESULTS_FRAGMENT) ? `cp-${RESULTS_FRAGMENT}` : RESULTS_FRAGMENT)
  return fragments
}

export function pageHistory(scope: Scope): PageHistory {
  const fragments = pageFragments(scope)
  const byFragment = new Map<string, number>()
  fragments.forEach((f, i) => byFragment.set(f, i))
  // A page's qualified name works too, so a link written as `#module-page` finds it either way.
  scope.pages.forEach((p) => { if (!byFragment.has(`${p.module.id}-${p.page.id}`)) byFragment.set(`${p.module.id}-${p.page.id}`, p.index) })
  // A page that has this id keeps it: the resources page steps aside, as the results page does.
  const resources = `#${byFragment.has(RESOURCES_FRAGMENT) ? `cp-${RESOURCES_FRAGMENT}` : RESOURCES_FRAGMENT}`
  const go = (href: string, replace: boolean): void => {
    if (location.hash === href) return
    try {
      if (replace) history.replaceState(history.state, '', href)
      else history.pushState(null, '', href)
    } catch {
      // Some sandboxed LMS frames refuse history changes: the course plays on without them.
    }
  }
  return {
    href: (index) => `#${fragments[index] ?? ''}`,
    indexOf(hash) {
      let name = hash.replace(/^#/, '')
      try { name = decodeURIComponent(name) } catch { /* a stray % is part of the name */ }
      return byFragment.get(name)
    },
    record: (index, replace = false) => go(`#${fragments[index] ?? ''}`, replace),
    resources,
    recordResources: () => go(resources, false),
  }
}
