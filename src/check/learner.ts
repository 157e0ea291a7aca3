// The scripted learner: reads a coursepack course as a learner (and a screen reader) does, by the
// accessible names the player gives its controls, and answers from the package's own course.js.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core'
import { toolRoot } from '../paths.js'
import { FRAME_LEARNER_GLOBAL, type AnswerAction, type FrameRequest, type FrameResult, type FrameStep, type WalkPage } from './frame/steps.js'
import type { PlayerData, PlayerPage, PlayerQuestion } from '../player/data.js'
import { stringsFor, type Strings } from '../player/i18n.js'
import { rightItems } from '../player/scoring.js'

/** Where the course runs: a page of its own, the frame of an LMS page (a locator to it, or the frame itself). */
type Root = FrameLocator | Page | Frame

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

/** The frame script (src/check/frame/, bundled by bin/build-tool.js), read once. */
let frameScript: string | undefined
function frameScriptText(): string {
  if (frameScript === undefined) {
    const file = join(toolRoot, 'lib', 'check', 'learner-frame.js')
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:tool\``)
    frameScript = readFileSync(file, 'utf8')
  }
  return frameScript
}

/** The expression that runs these steps in a frame, installing the frame script first where it is not yet. */
function frameCall(steps: FrameStep[], timeout: number): string {
  const request: FrameRequest = { steps, timeout }
  // Installed once a page: the same functions every call, which the browser compiles and optimizes once.
  return `if (!globalThis.${FRAME_LEARNER_GLOBAL}) {\n${frameScriptText()}\n}\nglobalThis.${FRAME_LEARNER_GLOBAL}.run(${JSON.stringify(request)})`
}

/**
 * Presses a button on a page that is not the course (the lab's own), as the learner presses the course's:
 * by its accessible name, once a person could. Playwright's click would first install its own script on
 * the page, 0.2 s of the resume scenario.
 */
export async function pressOn(frame: Frame, name: string, timeout: number): Promise<void> {
  const result = await frame.evaluate(frameCall([{ do: 'press', name }], timeout)) as FrameResult
  if (result.stuck !== undefined) throw new LearnerStuck(result.stuck)
}

/** Least time given to finding the course's frame and its page before a call. */
const MIN_LOCATE_MS = 10_000

/** The frame navigated under a step: it runs again on the new page. */
const NAVIGATED = /Execution context was destroyed|frame (was|got) detached/i

export class Learner {
  readonly names: Strings
  /** Pages the learner saw, in order. */
  readonly visited: string[] = []

  /** Pages of question banks: the player skips those whose questions it did not draw. */
  private readonly bankPages: Set<PlayerPage>
  /** The start page's buttons: every launch opens on it. */
  private readonly begin: string[]

  constructor(readonly root: Root, course: PlayerData, readonly stepTimeout: number) {
    this.names = stringsFor(course.course.language, course.course.strings)
    this.bankPages = new Set(course.modules.filter((m) => m.bank).flatMap((m) => m.pages))
    this.begin = [this.names.start, this.names.continue]
  }

  /**
   * Carries out the steps inside the course's frame, in one call (src/check/frame/main.ts), and says
   * how far they went. A frame that navigates meanwhile (a launch, an LMS's next SCO) gets them again
   * on its new page (Moodle's Next button, loading the next SCO, showed "Execution context was
   * destroyed"). A walk would start again from its first page: the player never navigates its frame
   * between pages, so that only happens while a launch loads, before the walk's first page.
   */
  private async runInFrame(steps: FrameStep[]): Promise<FrameResult> {
    const expression = frameCall(steps, this.stepTimeout)
    // Finding the frame's page is no step of the learner's: a loaded machine can take seconds over it
    // even when the step itself is given less. The steps' own waits are bounded inside the frame.
    const locate = Math.max(this.stepTimeout, MIN_LOCATE_MS)
    const deadline = Date.now() + locate
    for (;;) {
      try {
        return await (await this.frame(deadline)).evaluate(expression) as FrameResult
      } catch (error) {
        const message = firstLine(error)
        if (NAVIGATED.test(message) && Date.now() < deadline) continue
        if (/Timeout \d+ms exceeded/.test(message)) throw new LearnerStuck(`the course's page did not load within ${locate / 1000} s`)
        throw error
      }
    }
  }

  /** The course's frame, found once and again only when its iframe goes (a relaunch, an LMS's next SCO). */
  private frameFound: Frame | undefined

  /**
   * The frame itself, not a locator: a locator finds the iframe and the document's root again at every
   * call, which was a third of a page's time in `check` (a warm 11-page walk took 1.06 s, 0.77 s after).
   * A navigation inside the same iframe keeps its Frame; steps cut short by one run again (runInFrame).
   */
  private async frame(deadline: number): Promise<Frame> {
    if (this.frameFound && !this.frameFound.isDetached()) return this.frameFound
    const root = this.root
    if ('mainFrame' in root) return (this.frameFound = root.mainFrame())
    if (!('owner' in root)) {
      if (root.isDetached()) throw new Error('the course\'s frame is gone: its page or iframe was closed')
      return (this.frameFound = root)
    }
    const frame = await frameIn(root.owner(), Math.max(1, deadline - Date.now()))
    if (!frame) throw new Error('the course frame was detached before it loaded') // matches NAVIGATED: found again
    return (this.frameFound = frame)
  }

  /** The steps' values; throws LearnerStuck with what stopped the learner. */
  private async inFrame(steps: FrameStep[]): Promise<FrameResult['values']> {
    const result = await this.runInFrame(steps)
    if (result.stuck !== undefined) throw new LearnerStuck(result.stuck)
    return result.values
  }

  private show(titles: string[] | undefined, what: string, optional = false): FrameStep {
    return { do: 'show', titles, begin: this.begin, what, optional }
  }

  /** Waits until the player shows this page (its title is the page heading), going past the start page on the way. */
  async expectPage(title: string): Promise<void> {
    await this.inFrame([this.show([title], `the page “${title}”`)])
  }

  /** The page shown now, among the given ones (past the start page); undefined when none of them is shown within the step timeout. */
  async currentPage(pages: PlayerPage[]): Promise<PlayerPage | undefined> {
    if (pages.length === 0) return undefined
    const [title] = await this.inFrame([this.show(pages.map((p) => p.title), 'a page', true)])
    return pages.find((p) => p.title === title)
  }

  /** The first of `pages` whose title is the page heading now, or undefined when the heading is none of theirs. */
  async shownAmong(pages: PlayerPage[]): Promise<PlayerPage | undefined> {
    const [title] = await this.inFrame([this.show(undefined, 'a page heading')])
    return pages.find((p) => p.title === title)
  }

  /** The steps that answer a question (graded ones right or wrong as asked) and press its Submit. */
  private answerStep(q: PlayerQuestion, right: boolean, optional = false): Extract<FrameStep, { do: 'answer' }> {
    const actions: AnswerAction[] = []
    switch (q.type) {
      case 'single': {
        const choice = q.choices.find((c) => c.correct === right) ?? q.choices[0]
        actions.push({ do: 'check', role: 'radio', name: choice.text })
        break
      }
      case 'multiple': {
        const picks = right ? q.choices.filter((c) => c.correct) : [q.choices.find((c) => !c.correct) ?? q.choices[0]]
        for (const c of picks) actions.push({ do: 'check', role: 'checkbox', name: c.text })
        break
      }
      case 'true-false':
        actions.push({ do: 'check', role: 'radio', name: q.answer === right ? this.names.true : this.names.false })
        break
      case 'fill-in':
        actions.push({ do: 'fill', text: right ? q.answers[0] : 'not the answer' })
        break
      case 'matching': {
        // One select list per left item, named by it; wrong: every left gets the next pair's right.
        const rights = rightItems(q)
        q.pairs.forEach((pair, i) => actions.push({ do: 'select', name: pair.left, label: right ? pair.right : rights[(i + 1) % q.pairs.length] }))
        break
      }
      case 'ordering':
        // The items start in a wrong order; right: move each up into its place.
        if (right) actions.push({ do: 'order', items: q.items, moveUp: q.items.map((item) => this.names.moveUp(item)) })
        break
    }
    return { do: 'answer', prompt: q.prompt, actions, submit: this.names.submit, optional }
  }

  async answer(q: PlayerQuestion, right: boolean): Promise<void> {
    await this.inFrame([this.answerStep(q, right)])
  }

  async press(name: string): Promise<void> {
    await this.inFrame([{ do: 'press', name }])
  }

  /**
   * Shows each page, answers its questions (graded ones right or wrong as asked, practice ones right), presses Next:
   * the whole walk in one call into the frame. A question bank's undrawn pages are skipped by the player, and so
   * here: the walk goes on from the page shown.
   */
  async walk(pages: PlayerPage[], graded: Set<string>, right: boolean): Promise<void> {
    await this.walkThen(pages, graded, right, [])
  }

  /** The walk, then the results page, then Exit when the player offers it (it does in an LMS): one call into the frame. */
  async walkToExit(pages: PlayerPage[], graded: Set<string>, right: boolean): Promise<void> {
    await this.walkThen(pages, graded, right, [this.resultsStep(), this.exitStep()])
  }

  private async walkThen(pages: PlayerPage[], graded: Set<string>, right: boolean, then: FrameStep[]): Promise<void> {
    const walk: WalkPage[] = pages.map((page) => {
      const bank = this.bankPages.has(page)
      // An undrawn question is not on the page: optional on a bank's page.
      return { title: page.title, bank, answers: questionsOf(page).map((q) => this.answerStep(q, graded.has(q.id) ? right : true, bank)) }
    })
    const result = await this.runInFrame([{ do: 'walk', pages: walk, begin: this.begin, next: this.names.next }, ...then])
    const [seen] = result.values
    if (Array.isArray(seen)) this.visited.push(...seen)
    if (result.stuck !== undefined) throw new LearnerStuck(result.stuck)
  }

  private resultsStep(): FrameStep {
    return this.show([this.names.results], `the page “${this.names.results}”`)
  }

  private exitStep(): FrameStep {
    return { do: 'press', name: this.names.exit, ifShown: true }
  }

  async expectResults(): Promise<void> {
    await this.inFrame([this.resultsStep()])
  }

  /** Presses Exit when the player offers it (it does in an LMS); returns whether it did. */
  async exit(): Promise<boolean> {
    const [pressed] = await this.inFrame([this.exitStep()])
    return pressed === true
  }
}

/** The frame an iframe shows, waiting up to `timeout` ms for the iframe; null when it has none (it is going). */
export async function frameIn(iframe: Locator, timeout: number): Promise<Frame | null> {
  const element = await iframe.elementHandle({ timeout })
  try {
    return await element.contentFrame()
  } finally {
    await element.dispose()
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0].replace(/^[\w.]+: /, '')
}
