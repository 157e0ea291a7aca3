// The scripted learner: reads a coursepack course as a learner (and a screen reader) does, by the
// accessible names the player gives its controls, and answers from the package's own course.js.
import type { FrameLocator, Page } from 'playwright-core'
import type { PlayerData, PlayerPage, PlayerQuestion } from '../player/data.js'
import { stringsFor, type Strings } from '../player/i18n.js'
import { rightItems } from '../player/scoring.js'

type Root = FrameLocator | Page

/** The learner got stuck: the page did not show what a learner needs next. */
export class LearnerStuck extends Error {}

export interface Scope {
  pages: PlayerPage[]
  /** Question ids that count towards the score (questions in graded modules). */
  graded: Set<string>
}

/** The pages a launch plays: one module for a per-module SCO, else the whole course. */
export function scopeOf(course: PlayerData, moduleId: string | undefined): Scope {
  const modules = moduleId ? course.modules.filter((m) => m.id === moduleId) : course.modules
  const pages = modules.flatMap((m) => m.pages)
  const graded = new Set(modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf)).map((q) => q.id))
  return { pages, graded }
}

export function questionsOf(page: PlayerPage): PlayerQuestion[] {
  return page.blocks.flatMap((b) => (b.type === 'question' ? [b.question] : []))
}

export class Learner {
  readonly names: Strings
  /** Pages the learner saw, in order. */
  readonly visited: string[] = []

  /** Pages of question banks: the player skips those whose questions it did not draw. */
  private readonly bankPages: Set<PlayerPage>

  constructor(readonly root: Root, course: PlayerData, readonly stepTimeout: number) {
    this.names = stringsFor(course.course.language, course.course.strings)
    this.bankPages = new Set(course.modules.filter((m) => m.bank).flatMap((m) => m.pages))
  }

  private async visible(locator: ReturnType<Root['getByRole']>, what: string): Promise<void> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: this.stepTimeout })
    } catch {
      throw new LearnerStuck(`${what} did not appear within ${this.stepTimeout / 1000} s`)
    }
  }

  /** The start page's Start or Continue button (every launch opens on the start page). */
  beginButton(): ReturnType<Root['getByRole']> {
    return this.root.getByRole('button', { name: this.names.start, exact: true }).or(this.root.getByRole('button', { name: this.names.continue, exact: true }))
  }

  /** Presses Start or Continue when the start page is shown; returns whether it was. */
  async pastStart(): Promise<boolean> {
    const begin = this.beginButton().first()
    if (!(await begin.isVisible().catch(() => false))) return false
    await begin.click({ timeout: this.stepTimeout }).catch(() => undefined)
    return true
  }

  /** Waits until the player shows this page (its title is the page heading), going past the start page on the way. */
  async expectPage(title: string): Promise<void> {
    // A page's title is its level-1 heading; the start page names modules in level-3 ones, which may read the same.
    const heading = this.root.getByRole('heading', { level: 1, name: title, exact: true })
    // Every launch opens on the start page, and the learner cannot tell a launch from a page change (an
    // LMS's own navigation opens the next SCO): look for its button each time.
    await this.visible(heading.or(this.beginButton()), `the page “${title}”`)
    if (await this.pastStart()) await this.visible(heading, `the page “${title}”`)
  }

  /** The page shown now, among the given ones (past the start page); undefined when none of them is shown within the step timeout. */
  async currentPage(pages: PlayerPage[]): Promise<PlayerPage | undefined> {
    if (pages.length === 0) return undefined
    // One wait for whichever of their headings (or the start page's button) shows, instead of looking at each in turn.
    const headings = pages.map((p) => this.root.getByRole('heading', { level: 1, name: p.title, exact: true })).reduce((a, b) => a.or(b))
    const deadline = Date.now() + this.stepTimeout
    try {
      await headings.or(this.beginButton()).first().waitFor({ state: 'visible', timeout: this.stepTimeout })
      await this.pastStart()
      await headings.first().waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) })
      const title = (await this.root.getByRole('heading', { level: 1 }).first().textContent({ timeout: Math.max(1, deadline - Date.now()) }))?.trim()
      return pages.find((p) => p.title === title)
    } catch {
      return undefined
    }
  }

  async answer(q: PlayerQuestion, right: boolean): Promise<void> {
    const group = this.root.getByRole('group', { name: q.prompt, exact: true })
    const t = this.stepTimeout
    try {
      switch (q.type) {
        case 'single': {
          const choice = q.choices.find((c) => c.correct === right) ?? q.choices[0]
          await group.getByRole('radio', { name: choice.text, exact: true }).check({ timeout: t })
          break
        }
        case 'multiple': {
          const picks = right ? q.choices.filter((c) => c.correct) : [q.choices.find((c) => !c.correct) ?? q.choices[0]]
          for (const c of picks) await group.getByRole('checkbox', { name: c.text, exact: true }).check({ timeout: t })
          break
        }
        case 'true-false':
          await group.getByRole('radio', { name: q.answer === right ? this.names.true : this.names.false, exact: true }).check({ timeout: t })
          break
        case 'fill-in':
          await group.getByRole('textbox').fill(right ? q.answers[0] : 'not the answer', { timeout: t })
          break
        case 'matching': {
          // One select list per left item, named by it; wrong: every left gets the next pair's right.
          const rights = rightItems(q)
          for (const [i, pair] of q.pairs.entries()) {
            const label = right ? pair.right : rights[(i + 1) % q.pairs.length]
            await group.getByRole('combobox', { name: pair.left, exact: true }).selectOption({ label }, { timeout: t })
          }
          break
        }
        case 'ordering':
          // The items start in a wrong order; right: move each up into its place.
          if (right) {
            for (const [place, item] of q.items.entries()) {
              const shown = await group.getByRole('listitem').allTextContents()
              const at = shown.findIndex((text) => text.startsWith(item))
              for (let k = at; k > place; k--) await group.getByRole('button', { name: this.names.moveUp(item), exact: true }).click({ timeout: t })
            }
          }
          break
      }
      await group.getByRole('button', { name: this.names.submit, exact: true }).click({ timeout: t })
    } catch (error) {
      if (error instanceof LearnerStuck) throw error
      // The first action waited for the question: when it never showed, say so rather than what the action met.
      if (!(await group.first().isVisible().catch(() => false))) throw new LearnerStuck(`the question “${q.prompt}” did not appear within ${t / 1000} s`)
      throw new LearnerStuck(`could not answer “${q.prompt}”: ${firstLine(error)}`)
    }
  }

  async press(name: string): Promise<void> {
    const button = this.root.getByRole('button', { name, exact: true }).first()
    try {
      // The click waits for the button to show.
      await button.click({ timeout: this.stepTimeout })
    } catch (error) {
      if (!(await button.isVisible().catch(() => false))) throw new LearnerStuck(`the ${name} button did not appear within ${this.stepTimeout / 1000} s`)
      throw new LearnerStuck(`could not press ${name}: ${firstLine(error)}`)
    }
  }

  /**
   * Shows each page, answers its questions (graded ones right or wrong as asked, practice ones right), presses Next.
   * A question bank's undrawn pages are skipped by the player, and so here: the walk goes on from the page shown.
   */
  async walk(pages: PlayerPage[], graded: Set<string>, right: boolean): Promise<void> {
    for (let i = 0; i < pages.length; i++) {
      let page: PlayerPage | undefined = pages[i]!
      if (this.bankPages.has(page)) {
        page = await this.shownAmong(pages.slice(i))
        if (!page) return // past the last of them: the results page (or a page after them) is shown
        i = pages.indexOf(page)
      } else await this.expectPage(page.title)
      this.visited.push(page.title)
      for (const q of questionsOf(page)) {
        // An undrawn question is not on the page.
        if (this.bankPages.has(page) && await this.root.getByRole('group', { name: q.prompt, exact: true }).count() === 0) continue
        await this.answer(q, graded.has(q.id) ? right : true)
      }
      await this.press(this.names.next)
    }
  }

  /** The first of `pages` whose title is the page heading now, or undefined when the heading is none of theirs. */
  async shownAmong(pages: PlayerPage[]): Promise<PlayerPage | undefined> {
    const heading = this.root.getByRole('heading', { level: 1 })
    await this.visible(heading, 'a page heading')
    // A launch opens on the start page, whose heading is the course's (or a module SCO's) title: once a
    // heading is shown, the start page's Start is too (one render), so go past it before reading the title.
    await this.pastStart()
    const title = (await heading.first().textContent({ timeout: this.stepTimeout }))?.trim()
    return pages.find((p) => p.title === title)
  }

  async expectResults(): Promise<void> {
    await this.expectPage(this.names.results)
  }

  /** Presses Exit when the player offers it (it does in an LMS); returns whether it did. */
  async exit(): Promise<boolean> {
    const button = this.root.getByRole('button', { name: this.names.exit, exact: true })
    if (!(await button.first().isVisible().catch(() => false))) return false
    await this.press(this.names.exit)
    return true
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0].replace(/^[\w.]+: /, '')
}
