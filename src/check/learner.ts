// The scripted learner: reads a coursepack course as a learner (and a screen reader) does, by the
// accessible names the player gives its controls, and answers from the package's own course.js.
import type { FrameLocator, Page } from 'playwright-core'
import type { PlayerData, PlayerPage, PlayerQuestion } from '../player/data.js'
import { stringsFor, type Strings } from '../player/i18n.js'

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

  constructor(readonly root: Root, course: PlayerData, readonly stepTimeout: number) {
    this.names = stringsFor(course.course.language, course.course.strings)
  }

  private async visible(locator: ReturnType<Root['getByRole']>, what: string): Promise<void> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: this.stepTimeout })
    } catch {
      throw new LearnerStuck(`${what} did not appear within ${this.stepTimeout / 1000} s`)
    }
  }

  /** Waits until the player shows this page (its title is the page heading). */
  async expectPage(title: string): Promise<void> {
    await this.visible(this.root.getByRole('heading', { name: title, exact: true }), `the page “${title}”`)
  }

  /** The title of the page shown now, among the given ones; undefined when none is shown. */
  async currentPage(pages: PlayerPage[]): Promise<PlayerPage | undefined> {
    const deadline = Date.now() + this.stepTimeout
    while (Date.now() < deadline) {
      for (const p of pages) {
        if (await this.root.getByRole('heading', { name: p.title, exact: true }).isVisible().catch(() => false)) return p
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    return undefined
  }

  async answer(q: PlayerQuestion, right: boolean): Promise<void> {
    const group = this.root.getByRole('group', { name: q.prompt, exact: true })
    await this.visible(group, `the question “${q.prompt}”`)
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
      }
      await group.getByRole('button', { name: this.names.submit, exact: true }).click({ timeout: t })
    } catch (error) {
      if (error instanceof LearnerStuck) throw error
      throw new LearnerStuck(`could not answer “${q.prompt}”: ${firstLine(error)}`)
    }
  }

  async press(name: string): Promise<void> {
    const button = this.root.getByRole('button', { name, exact: true })
    await this.visible(button, `the ${name} button`)
    try {
      await button.first().click({ timeout: this.stepTimeout })
    } catch (error) {
      throw new LearnerStuck(`could not press ${name}: ${firstLine(error)}`)
    }
  }

  /** Shows each page, answers its questions (graded ones right or wrong as asked, practice ones right), presses Next. */
  async walk(pages: PlayerPage[], graded: Set<string>, right: boolean): Promise<void> {
    for (const page of pages) {
      await this.expectPage(page.title)
      this.visited.push(page.title)
      for (const q of questionsOf(page)) await this.answer(q, graded.has(q.id) ? right : true)
      await this.press(this.names.next)
    }
  }

  async expectResults(): Promise<void> {
    await this.visible(this.root.getByRole('heading', { name: this.names.results, exact: true }), 'the results page')
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
