// The learner's course (issue 11) in the offline web package: the start page, progress, review marks,
// retry of missed questions only (and `retry: all`), the results page and the certificate, whose
// printout Chromium makes into a PDF and poppler's pdftoppm into a picture.
import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import { main as cli } from '../../src/cli.js'
import type { PlayerData, PlayerPage, PlayerQuestion } from '../../src/player/data.js'
import { verificationCode } from '../../src/player/certificate-code.js'
import { todayIso } from '../../src/player/certificate.js'
import { formatDate, formatDuration, stringsFor } from '../../src/player/i18n.js'
import { answerQuestion, buildScope, goTo, initialState, progressOf } from '../../src/player/progress.js'
import { rightResponse } from '../../src/player/scoring.js'
import { wcagViolations } from '../helpers/axe.js'
import { launchBrowser } from '../helpers/browser.js'
import { captureIo } from '../helpers/io.js'
import { description, learnerOn, packageData, questionsOf } from '../helpers/learner.js'
import { unpack } from '../helpers/lms.js'
import { coursesDir, repoRoot } from '../helpers/paths.js'

const es = stringsFor('es') // trata-consulados is in Spanish
const COURSE = 'trata-consulados'

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

/** The course built for the web target, with `extra` appended to its course.yaml (a copy when there is any). */
async function webPackage(extra = ''): Promise<{ dir: string; course: string; data: PlayerData }> {
  let course = join(coursesDir, COURSE)
  if (extra) {
    const copy = join(await mkdtemp(join(tmpdir(), 'coursepack-learner-src-')), COURSE)
    await cp(course, copy, { recursive: true })
    await appendFile(join(copy, 'course.yaml'), `\n${extra}\n`)
    course = copy
  }
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-learner-'))
  const result = await buildCourse(course, { targets: ['web'], outDir })
  const dir = await unpack(result.outputs[0].path)
  return { dir, course, data: await packageData(dir) }
}

async function open(dir: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  await page.goto(pathToFileURL(join(dir, 'index.html')).href)
  return page
}

const allPages = (data: PlayerData): PlayerPage[] => data.modules.flatMap((m) => m.pages)
const gradedQuestions = (data: PlayerData): PlayerQuestion[] => data.modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf))


/** Walks every page from the first, answering graded questions in `wrong` wrongly and the rest rightly, to the results page. */
async function walk(page: Page, data: PlayerData, wrong: Set<string>): Promise<void> {
  const learner = learnerOn(page, data)
  for (const p of allPages(data)) {
    await learner.expectPage(p.title)
    for (const q of questionsOf(p)) await learner.answer(q, !wrong.has(q.id))
    await learner.press(es.next)
  }
  await learner.expectResults()
}

describe('the start page', () => {
  it('says what the course is, lists the modules with objectives and durations, and offers Start, then Continue where the learner left off', async () => {
    const { dir, data } = await webPackage()
    const page = await open(dir)
    const main = page.getByRole('main')
    await main.getByRole('heading', { level: 1, name: data.course.title, exact: true }).waitFor()
    expect(await wcagViolations(page)).toEqual([])
    const text = await main.innerText()
    expect(text).toContain(data.course.organization!)
    expect(text).toContain(data.course.description!)
    expect(formatDuration('PT3H', 'es')).toBe('3 horas')
    expect(text).toContain(formatDuration(data.course.duration!, 'es'))
    expect(text).toContain(es.passingScore('80'))
    for (const m of data.modules) {
      await main.getByRole('heading', { level: 3, name: m.title, exact: true }).waitFor()
      for (const objective of m.objectives ?? []) expect(text).toContain(objective)
      if (m.duration) expect(text).toContain(formatDuration(m.duration, 'es'))
    }
    expect(data.modules.some((m) => (m.objectives ?? []).length > 0 && m.duration)).toBe(true)
    expect(await page.getByRole('button', { name: es.continue, exact: true }).count()).toBe(0)

    // Keyboard only: Tab to Start, Enter.
    const start = page.getByRole('button', { name: es.start, exact: true })
    await start.focus()
    await page.keyboard.press('Enter')
    const pages = allPages(data)
    await page.getByRole('heading', { level: 1, name: pages[0]!.title, exact: true }).waitFor()
    for (const q of questionsOf(pages[0]!)) await learnerOn(page, data).answer(q, true)
    await page.getByRole('button', { name: es.next, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: pages[1]!.title, exact: true }).waitFor()

    await page.goto(page.url().split('#')[0]!) // a relaunch: the address without a page (with one, that page opens)
    const resume = page.getByRole('button', { name: es.continue, exact: true })
    await resume.waitFor()
    await page.reload() // the start page names no course page in the address, so a reload shows it again
    await resume.waitFor()
    expect(await main.innerText()).toContain(es.leftOff(`${pages[1]!.title} (${data.modules[1]!.title})`))
    expect(await wcagViolations(page)).toEqual([])
    await resume.click()
    await page.getByRole('heading', { level: 1, name: pages[1]!.title, exact: true }).waitFor()
    // The contents lead back to the start page at any time.
    await page.getByRole('navigation').getByRole('link', { name: es.aboutCourse, exact: true }).click()
    await resume.waitFor()
    expect(await page.getByRole('navigation').getByRole('link', { name: es.aboutCourse, exact: true }).getAttribute('aria-current')).toBe('page')
    expect(await page.getByRole('navigation').locator('a[aria-current]').count()).toBe(1)
    await page.context().close()
  })
})

describe('progress', () => {
  it('shows pages seen, questions answered and percent on a phone-sized screen, and each module\'s status in the contents', async () => {
    const { dir, data } = await webPackage()
    const page = await open(dir, { width: 375, height: 700 })
    const [first, second] = allPages(data)
    // What the header should say, by the player's own count of a learner who has seen these pages and answered these questions.
    const scope = buildScope(data, null)
    const summary = (seen: number, answered: PlayerQuestion[]): string => {
      let state = initialState(scope)
      for (let i = 1; i < seen; i++) state = goTo(scope, state, i)
      for (const q of answered) state = answerQuestion(scope, state, q.id, rightResponse(q))!.state
      const p = progressOf(scope, state)
      return es.progressSummary(p.seen, p.pages, p.answered, p.questions, String(p.percent))
    }
    await page.locator('header').getByText(summary(1, []), { exact: true }).waitFor({ state: 'visible' })
    await learnerOn(page, data).expectPage(first!.title)
    for (const q of questionsOf(first!)) await learnerOn(page, data).answer(q, true)
    await page.getByRole('button', { name: es.next, exact: true }).click()
    await learnerOn(page, data).expectPage(second!.title)
    await page.locator('header').getByText(summary(2, questionsOf(first!)), { exact: true }).waitFor({ state: 'visible' })

    await page.getByRole('button', { name: es.contents }).click()
    const toc = page.getByRole('navigation', { name: es.contents })
    // The module's status is part of its title's text, so a screen reader reads it with the title.
    const statusOf = (title: string) => toc.getByText(title, { exact: false }).first().innerText()
    expect(await statusOf(data.modules[0]!.title)).toContain(es.done) // one page, one question, both done
    expect(await statusOf(data.modules[1]!.title)).toContain(es.inProgress)
    expect(await statusOf(data.modules[2]!.title)).toContain(es.notStarted)
    expect(await wcagViolations(page)).toEqual([])
    await page.context().close()
  })
})

describe('review that teaches', () => {
  const firstSingle = (data: PlayerData) => {
    const p = allPages(data).find((x) => questionsOf(x).some((q) => q.type === 'single'))!
    return { page: p, question: questionsOf(p).find((q): q is Extract<PlayerQuestion, { choices: unknown }> => q.type === 'single')! }
  }

  it('marks the chosen wrong answer and the right one in words, not colour alone, and says the verdict once', async () => {
    const { dir, data } = await webPackage()
    const page = await open(dir)
    const { page: target, question } = firstSingle(data)
    await page.getByRole('navigation').getByRole('link', { name: target.title, exact: true }).click()
    await learnerOn(page, data).expectPage(target.title)
    await learnerOn(page, data).answer(question, false)
    const group = page.getByRole('group', { name: question.prompt, exact: true })
    const chosen = question.choices.find((c) => !c.correct)!
    const right = question.choices.find((c) => c.correct)!
    await group.getByText(es.incorrect, { exact: true }).waitFor()
    expect(await description(group.getByRole('radio', { name: chosen.text, exact: true }))).toBe(es.yourChoiceWrong)
    expect(await description(group.getByRole('radio', { name: right.text, exact: true }))).toBe(es.rightChoice)
    // Visible as text too, beside each choice.
    await group.getByText(es.rightChoice, { exact: true }).waitFor({ state: 'visible' })
    const feedback = await group.locator('.cp-feedback').innerText()
    expect(feedback.split(es.incorrect.replace(/\.$/, '')).length - 1).toBe(1) // "Incorrecto" said once
    const paragraphs = await group.locator('.cp-feedback p').allInnerTexts()
    expect(new Set(paragraphs).size).toBe(paragraphs.length)
    expect(await wcagViolations(page)).toEqual([])
    await page.context().close()
  })

  it('with show_answers: false marks the wrong answer but does not show the right one', async () => {
    const { dir, data } = await webPackage('show_answers: false')
    expect(data.course.showAnswers).toBe(false)
    const page = await open(dir)
    const { page: target, question } = firstSingle(data)
    await page.getByRole('navigation').getByRole('link', { name: target.title, exact: true }).click()
    await learnerOn(page, data).answer(question, false)
    const group = page.getByRole('group', { name: question.prompt, exact: true })
    await group.getByText(es.incorrect, { exact: true }).waitFor()
    expect(await description(group.getByRole('radio', { name: question.choices.find((c) => !c.correct)!.text, exact: true }))).toBe(es.yourChoiceWrong)
    expect(await description(group.getByRole('radio', { name: question.choices.find((c) => c.correct)!.text, exact: true }))).toBe('')
    expect(await group.getByText(es.rightChoice, { exact: true }).count()).toBe(0)
    await page.context().close()
  })
})

describe('retry, results and the certificate', () => {
  it('a failed learner retries only the missed questions, passes, and gets a certificate of one landscape page on A4 and Letter, with a code `verify` accepts, that keeps the day of the pass on a relaunch days later', async () => {
    const { dir, data } = await webPackage()
    const page = await open(dir)
    const graded = gradedQuestions(data)
    const missed = graded.filter((_, i) => i % 3 === 0) // a third wrong: under 80 %
    await walk(page, data, new Set(missed.map((q) => q.id)))
    const main = page.getByRole('main')
    await main.getByText(es.failed, { exact: true }).waitFor()
    expect(await main.innerText()).toContain(data.course.title)
    expect(await main.innerText()).toContain(es.nextRetry)
    expect(await page.getByRole('button', { name: es.viewCertificate, exact: true }).count()).toBe(0)
    const missedList = main.getByRole('list').filter({ has: page.getByRole('link', { name: missed[0]!.prompt, exact: true }) })
    expect(await missedList.getByRole('link').allInnerTexts()).toEqual(missed.map((q) => q.prompt))
    expect(await wcagViolations(page)).toEqual([])

    await page.getByRole('button', { name: es.retry, exact: true }).click()
    // Retry opens the first missed question's page, with it unanswered and the right answers on that page kept.
    const firstPage = allPages(data).find((p) => questionsOf(p).some((q) => q.id === missed[0]!.id))!
    await learnerOn(page, data).expectPage(firstPage.title)
    for (const q of questionsOf(firstPage)) {
      const submit = page.getByRole('group', { name: q.prompt, exact: true }).getByRole('button', { name: es.submit, exact: true })
      expect(await submit.getAttribute('aria-disabled')).toBe(q.id === missed[0]!.id ? null : 'true')
    }
    await page.getByRole('navigation').getByRole('link', { name: es.results, exact: true }).click()
    await learnerOn(page, data).expectResults()
    await main.getByText(es.toAnswerAgain(missed.length), { exact: true }).waitFor()

    // Each link leads to its question; answered rightly, the count goes down to none, and the learner passes.
    for (const [i, q] of missed.entries()) {
      await main.getByRole('link', { name: q.prompt, exact: true }).click()
      await learnerOn(page, data).answer(q, true)
      await page.getByRole('navigation').getByRole('link', { name: es.results, exact: true }).click()
      await learnerOn(page, data).expectResults()
      if (i < missed.length - 1) await main.getByText(es.toAnswerAgain(missed.length - 1 - i), { exact: true }).waitFor()
    }
    await main.getByText(es.passed, { exact: true }).waitFor()
    await main.getByText(es.score('100'), { exact: true }).waitFor()
    expect(await main.innerText()).toContain(es.nextCertificate)
    expect(await wcagViolations(page)).toEqual([])

    // The web package has no LMS to name the learner: the certificate asks once, by keyboard here.
    const name = 'Ana María García Pérez'
    await page.getByRole('button', { name: es.viewCertificate, exact: true }).focus()
    await page.keyboard.press('Enter')
    const nameBox = page.getByRole('textbox', { name: es.namePrompt, exact: true })
    await nameBox.waitFor()
    expect(await wcagViolations(page)).toEqual([])
    await nameBox.focus()
    await page.keyboard.type(name)
    await page.keyboard.press('Enter')
    const certificate = page.locator('.cp-certificate')
    await certificate.getByText(name, { exact: true }).waitFor()
    expect(await wcagViolations(page)).toEqual([])
    // The certificate on screen in the dark theme too (reduced motion: no colour transition half-way when axe looks).
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' })
    expect(await wcagViolations(page)).toEqual([])
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: null })
    const date = todayIso()
    const code = verificationCode({ courseId: data.course.id, version: data.course.version, learner: name, date })
    const shown = await certificate.innerText()
    for (const part of [data.course.title, data.course.organization!, data.course.certificate!.signatory!.name, code, '100 %', formatDuration(data.course.duration!, 'es')]) expect(shown).toContain(part)
    expect(shown).toContain(new Intl.DateTimeFormat('es', { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date()))

    // `coursepack verify` accepts the printed code for this name and date, and no other name.
    expect(await cli(['verify', code, '--course', join(coursesDir, COURSE), '--learner', name, '--date', date], captureIo(repoRoot))).toBe(0)
    expect(await cli(['verify', code, '--course', join(coursesDir, COURSE), '--learner', 'Ana García', '--date', date], captureIo(repoRoot))).toBe(1)

    // Printed on A4 and on Letter: exactly one page each, landscape as the certificate's @page asks.
    const work = await mkdtemp(join(tmpdir(), 'coursepack-certificate-'))
    for (const [format, size] of [['A4', [842, 595]], ['Letter', [792, 612]]] as const) {
      const pdf = join(work, `${format}.pdf`)
      await writeFile(pdf, await page.pdf({ format, preferCSSPageSize: true, printBackground: true }))
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
      expect(info, format).toMatch(/^Pages:\s+1$/m)
      const [, width, height] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info)!
      const off = Math.max(Math.abs(Number(width) - size[0]), Math.abs(Number(height) - size[1])) // Chromium rounds to its pixels
      expect(off, `${format}: ${width} x ${height} pts`).toBeLessThan(2)
    }
    // Chromium's default paper, as printing from the browser gives: the name and the title, none of the player around it.
    await writeFile(join(work, 'certificate.pdf'), await page.pdf({ preferCSSPageSize: true, printBackground: true }))
    const text = execFileSync('pdftotext', ['-layout', join(work, 'certificate.pdf'), '-'], { encoding: 'utf8' })
    expect(text).toContain(name)
    expect(text).toContain(data.course.title)
    expect(text).not.toContain(es.printCertificate)
    expect(text).not.toContain(es.contents)
    execFileSync('pdftoppm', ['-png', '-r', '60', join(work, 'certificate.pdf'), join(work, 'page')])
    const pngs = (await readdir(work)).filter((f) => f.endsWith('.png'))
    expect(pngs).toHaveLength(1)
    const png = await readFile(join(work, pngs[0]!))
    const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
    expect(size.width).toBeGreaterThan(size.height)
    // The README's picture of the certificate, refreshed on request like the preview picture.
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(join(repoRoot, 'test/screenshots'), { recursive: true })
      execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', join(work, 'certificate.pdf'), join(repoRoot, 'test/screenshots/certificate')])
    }

    await page.getByRole('button', { name: es.backToResults, exact: true }).click()
    await learnerOn(page, data).expectResults()

    // Relaunched three days later: the results and the certificate still carry the day of the pass, and the same code.
    const context = page.context()
    await page.close()
    const later = new Date(Date.now() + 3 * 24 * 3600 * 1000)
    await context.clock.setFixedTime(later)
    const relaunched = await context.newPage()
    await relaunched.goto(pathToFileURL(join(dir, 'index.html')).href)
    expect(await relaunched.evaluate(() => new Date().getDate())).toBe(later.getDate())
    await relaunched.getByRole('button', { name: es.continue, exact: true }).click()
    await learnerOn(relaunched, data).expectResults()
    const results = await relaunched.getByRole('main').innerText()
    expect(results).toContain(formatDate(date, 'es'))
    expect(results).not.toContain(formatDate(todayIso(later), 'es'))
    await relaunched.getByRole('button', { name: es.viewCertificate, exact: true }).click()
    const reopened = relaunched.locator('.cp-certificate')
    await reopened.getByText(name, { exact: true }).waitFor()
    const again = await reopened.innerText()
    expect(again).toContain(formatDate(date, 'es'))
    expect(again).not.toContain(formatDate(todayIso(later), 'es'))
    expect(again).toContain(code)
    await context.close()
  }, 300_000) // a course walked twice, three printouts, the certificate light and dark with axe, and a relaunch, on a loaded machine

  it('with `retry: all`, Retry clears every graded answer and starts at the first graded question', async () => {
    const { dir, data } = await webPackage('retry: all')
    const page = await open(dir)
    const graded = gradedQuestions(data)
    await walk(page, data, new Set(graded.filter((_, i) => i % 3 === 0).map((q) => q.id))) // a third wrong: under 80 %
    const main = page.getByRole('main')
    expect(await main.innerText()).toContain(es.nextRetryAll)
    await page.getByRole('button', { name: es.retry, exact: true }).click()
    const firstGraded = allPages(data).find((p) => questionsOf(p).some((q) => q.id === graded[0]!.id))!
    await learnerOn(page, data).expectPage(firstGraded.title)
    await page.getByRole('navigation').getByRole('link', { name: es.results, exact: true }).click()
    await main.getByText(es.toAnswerAgain(graded.length), { exact: true }).waitFor()
    await page.context().close()
  })
})
