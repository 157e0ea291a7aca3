// The browser tests drive the player with the product's scripted learner (src/check/learner.ts):
// the accessible names of the player's own strings and the answers of the package's own course.js,
// exactly as `coursepack check` does, with no second copy of either here.
import type { FrameLocator, Locator, Page } from 'playwright-core'
import { Learner, scopeOf } from '../../src/check/learner.js'
import { readCourseData } from '../../src/check/package.js'
import type { PlayerData, PlayerPage } from '../../src/player/data.js'
import { stringsFor } from '../../src/player/i18n.js'

export { questionsOf } from '../../src/check/learner.js'

/**
 * How long a test waits for each step: the player takes milliseconds, but on a shared, loaded
 * machine a page can take seconds to show; a learner really stuck still fails its test.
 */
const STEP_TIMEOUT = 30_000

/** The course data a package carries, read from its course.js as `check` reads it. */
export async function packageData(packageDir: string): Promise<PlayerData> {
  const data = await readCourseData(packageDir)
  if (!data) throw new Error(`${packageDir}/course.js is missing or is not coursepack's course data`)
  return data
}

/** The product's learner on a page, or on the frame the course runs in. */
export function learnerOn(root: FrameLocator | Page, course: PlayerData): Learner {
  return new Learner(root, course, STEP_TIMEOUT)
}

/**
 * Goes through pages in order from the current one, answering every question (graded ones right or
 * wrong as asked, practice ones right), pressing Next after each, and waits for the results page.
 * `moduleId` scopes "graded" to the module a per-module SCO plays.
 */
export async function walkToResults(learner: Learner, course: PlayerData, pages: PlayerPage[], right: boolean, moduleId?: string): Promise<void> {
  await learner.walk(pages, scopeOf(course, moduleId).graded, right)
  await learner.expectResults()
}

/** The start page every launch opens on: the title as its heading, and Start (Continue when resuming). */
export async function expectStartPage(root: FrameLocator | Page, course: PlayerData, title: string, resuming = false): Promise<void> {
  const t = stringsFor(course.course.language)
  await root.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout: STEP_TIMEOUT })
  await root.getByRole('button', { name: resuming ? t.continue : t.start, exact: true }).waitFor({ timeout: STEP_TIMEOUT })
}

/** From a passed results page: View certificate shows this learner's name and the course title, then Back to results. */
export async function expectCertificate(root: FrameLocator | Page, course: PlayerData, learnerName: string): Promise<void> {
  const t = stringsFor(course.course.language)
  await root.getByRole('button', { name: t.viewCertificate, exact: true }).click({ timeout: STEP_TIMEOUT })
  const certificate = root.locator('.cp-certificate')
  await certificate.getByText(learnerName, { exact: true }).waitFor({ timeout: STEP_TIMEOUT })
  await certificate.getByText(course.course.title, { exact: true }).waitFor({ timeout: STEP_TIMEOUT })
  await root.getByRole('button', { name: t.backToResults, exact: true }).click({ timeout: STEP_TIMEOUT })
  await root.getByRole('heading', { name: t.results, exact: true }).waitFor({ timeout: STEP_TIMEOUT })
}

/** The text that describes a control (its aria-describedby targets), as a screen reader reads it after the name. */
export const description = (control: Locator): Promise<string> => control.evaluate((el) =>
  (el.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim())
