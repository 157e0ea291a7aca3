import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { FrameLocator, Page } from 'playwright-core'
import type { PlayerData, PlayerPage, PlayerQuestion } from '../../src/player/data.js'

/** The course data a package carries, read from its course.js as the player reads it. */
export async function packageData(packageDir: string): Promise<PlayerData> {
  const script = await readFile(join(packageDir, 'course.js'), 'utf8')
  return JSON.parse(script.replace(/^window\.__COURSEPACK__=/, '').replace(/;\s*$/, '')) as PlayerData
}

/** The interface names a learner (and a screen reader) sees, by course language. */
export const NAMES = {
  en: { next: 'Next', previous: 'Previous', submit: 'Submit', exit: 'Exit', retry: 'Retry', true: 'True', false: 'False', results: 'Results' },
  es: { next: 'Siguiente', previous: 'Anterior', submit: 'Enviar', exit: 'Salir', retry: 'Reintentar', true: 'Verdadero', false: 'Falso', results: 'Resultados' },
}
export type Names = (typeof NAMES)['en']

type Root = FrameLocator | Page

/** Answers one question through the UI, right or wrong, as a keyboard-and-mouse learner would. */
export async function answerQuestion(root: Root, q: PlayerQuestion, names: Names, right: boolean): Promise<void> {
  const group = root.getByRole('group', { name: q.prompt, exact: true })
  switch (q.type) {
    case 'single': {
      const choice = q.choices.find((c) => c.correct === right) ?? q.choices[0]
      await group.getByRole('radio', { name: choice.text, exact: true }).check()
      break
    }
    case 'multiple': {
      const picks = right ? q.choices.filter((c) => c.correct) : [q.choices.find((c) => !c.correct) ?? q.choices[0]]
      for (const c of picks) await group.getByRole('checkbox', { name: c.text, exact: true }).check()
      break
    }
    case 'true-false':
      await group.getByRole('radio', { name: (q.answer === right) ? names.true : names.false, exact: true }).check()
      break
    case 'fill-in':
      await group.getByRole('textbox').fill(right ? `  ${q.answers[0].toUpperCase()} ` : 'no lo sé')
      break
  }
  await group.getByRole('button', { name: names.submit, exact: true }).click()
}

export function questionsOf(page: PlayerPage): PlayerQuestion[] {
  return page.blocks.flatMap((b) => (b.type === 'question' ? [b.question] : []))
}

/** Waits until the player shows this page (its title is the page heading). */
export async function expectPage(root: Root, title: string): Promise<void> {
  await expect.poll(async () => root.getByRole('heading', { name: title, exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0)
}

/**
 * Goes through pages in order from the current one, answering every question (graded ones right or
 * wrong as asked, practice ones right), pressing Next after each, and stops on the results page.
 */
export async function walk(root: Root, pages: PlayerPage[], names: Names, gradedRight: (q: PlayerQuestion) => boolean, graded: (q: PlayerQuestion) => boolean): Promise<void> {
  for (const page of pages) {
    await expectPage(root, page.title)
    for (const q of questionsOf(page)) await answerQuestion(root, q, names, graded(q) ? gradedRight(q) : true)
    await root.getByRole('button', { name: names.next, exact: true }).click()
  }
  await expectPage(root, names.results)
}
