import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** What one axe run returns here: the violations only, as lines. */
type Lines = string[]

/**
 * WCAG 2.1 A and AA rules that axe-core can check automatically, on the page as it is now (its stylesheets
 * as they were at the document's first run). One browser
 * call when axe is already in the page (a walk through a course stays on one document), and axe
 * records every node only for violations: passes are not reported, and keeping their nodes doubled a run.
 */
export async function wcagViolations(page: Page): Promise<string[]> {
  const run = (): Promise<Lines | null> => page.evaluate(async () => {
    const axe = (window as unknown as { axe?: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe
    if (!axe) return null
    // The stylesheets (for css-orientation-lock) are read on a document's first run only: a walk through a
    // course does not change them, and reading them again was a sixth of each run.
    const flag = window as unknown as { coursepackAxeReadCss?: boolean }
    const preload = flag.coursepackAxeReadCss ? { assets: ['media'] } : true
    flag.coursepackAxeReadCss = true
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'], preload })
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  })
  const lines = await run()
  if (lines) return lines
  await page.addScriptTag({ path: axePath })
  return (await run())!
}
