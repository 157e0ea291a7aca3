// The product's scripted learner (src/check/learner.ts) inside Moodle's player, plus the few moves a
// Moodle visit needs beyond it.
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { Learner, questionsOf, scopeOf, type Scope } from '../../src/check/learner.js'
import type { PlayerData, PlayerPage } from '../../src/player/data.js'
import { content } from './player.js'

export const STEP = 30_000 // a loaded two-core machine with Moodle's PHP server beside the browser

export function learnerIn(page: Page, data: PlayerData): Learner {
  return new Learner(content(page), data, STEP)
}

export const scope = (data: PlayerData, moduleId?: string): Scope => scopeOf(data, moduleId)

/** Walks pages answering only graded questions (practice answers survive a Retry), pressing Next after each. */
export async function walkGraded(l: Learner, pages: PlayerPage[], graded: Set<string>, right: boolean): Promise<void> {
  for (const page of pages) {
    await l.expectPage(page.title)
    for (const q of questionsOf(page)) if (graded.has(q.id)) await l.answer(q, right)
    await l.press(l.names.next)
  }
}

/** The index of the first page with a graded question: where Retry takes the learner. */
export function firstGradedPage(s: Scope): number {
  return s.pages.findIndex((p) => questionsOf(p).some((q) => s.graded.has(q.id)))
}

/** Text shown in the course (a status line on the results page, part of the banner). */
export async function expectText(page: Page, text: string): Promise<void> {
  const shown = content(page).getByText(text).first()
  await expect.poll(() => shown.isVisible(), { timeout: STEP }).toBe(true)
}
