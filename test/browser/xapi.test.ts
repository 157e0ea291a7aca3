import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unpackedExample } from '../helpers/examples.js'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { PlayerData, PlayerQuestion } from '../../src/player/data.js'
import { launchBrowser } from '../helpers/browser.js'
import { startLms, type LmsServer } from '../helpers/lms.js'
import { stringsFor } from '../../src/player/i18n.js'
import { expectCertificate, expectStartPage, learnerOn, packageData, questionsOf, walkToResults } from '../helpers/learner.js'
import { startLrs, statementWarnings, type Statement, type TestLrs } from '../helpers/lrs.js'

const VERB = 'http://adlnet.gov/expapi/verbs/'
const ISO_DURATION = /^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/

let browser: Browser
let lrs: TestLrs
let server: LmsServer // serves the unpacked package (another origin than the LRS, as in real life)
let dir: string
let data: PlayerData
let activityId: string
const names = stringsFor('es')
const pages = () => data.modules.flatMap((m) => m.pages)
const gradedIds = () => new Set(data.modules.filter((m) => m.graded).flatMap((m) => m.pages.flatMap(questionsOf)).map((q) => q.id))
const isGraded = (q: PlayerQuestion) => gradedIds().has(q.id)

beforeAll(async () => {
  browser = await launchBrowser()
  lrs = await startLrs()
  dir = await unpackedExample('trata-consulados', 'xapi')
  data = await packageData(dir)
  server = await startLms(dir)
  // As Moodle's xAPI Launch Link does: the first activity of tincan.xml is the one launched.
  activityId = /<activity id="([^"]+)"/.exec(await readFile(join(dir, 'tincan.xml'), 'utf8'))![1]
})
afterAll(async () => {
  await browser?.close()
  await lrs?.close()
  await server?.close()
})

/** `name` absent: the launch's actor is the mbox alone, as an LRS may know a learner. */
interface Learner { name?: string; mbox: string; registration: string }
const learner = (name: string): Learner => ({ name, mbox: `mailto:${name.toLowerCase()}@example.org`, registration: randomUUID() })

/** The launch URL an LMS builds (launch spec; Moodle's xAPI Launch Link): endpoint, auth, actor, registration, activity_id. */
function launchUrl(who: Learner): string {
  const query = new URLSearchParams({
    endpoint: lrs.endpoint,
    auth: lrs.auth,
    actor: JSON.stringify({ ...(who.name ? { name: who.name } : {}), mbox: who.mbox, objectType: 'Agent' }),
    registration: who.registration,
    activity_id: activityId,
  })
  return `${server.url}/pkg/index.html?${query.toString()}`
}

interface Opened { context: BrowserContext; page: Page; warnings: string[] }

async function open(who: Learner, context?: BrowserContext): Promise<Opened> {
  const ctx = context ?? await browser.newContext()
  const page = await ctx.newPage()
  const warnings: string[] = []
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()) })
  page.on('pageerror', (e) => warnings.push(e.message))
  await page.goto(launchUrl(who))
  return { context: ctx, page, warnings }
}

const verbOf = (s: Statement) => String(s.verb.id).slice(VERB.length)
const verbs = (list: Statement[]) => list.map(verbOf)

/** Waits until the LRS holds a statement with this verb for the registration, then returns them all, oldest first. */
async function statementsUntil(who: Learner, verb: string, count = 1): Promise<Statement[]> {
  await expect.poll(async () => verbs(await lrs.statements(who.registration)).filter((v) => v === verb).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count)
  return lrs.statements(who.registration)
}

/** What every statement must be: accepted, clean under xapi-validation, this learner's, with the launch's registration and the course language. */
function expectWellFormed(list: Statement[], who: Learner): void {
  for (const s of list) {
    expect(statementWarnings(s), JSON.stringify(s)).toEqual([])
    expect(s.actor).toMatchObject({ mbox: who.mbox, name: who.name })
    expect(s.verb.display).toEqual({ 'en-US': verbOf(s) })
    expect(s.context.registration).toBe(who.registration)
    expect(s.context.language).toBe('es')
    expect(s.timestamp).toMatch(/Z$/)
  }
  expect(new Set(list.map((s) => s.id)).size).toBe(list.length)
}

/** The learning part of a session: pages seen and questions answered, in the order the learner did them. */
function expectPagesAndAnswers(list: Statement[], shown: { module: string; page: string }[]): void {
  const experienced = list.filter((s) => verbOf(s) === 'experienced')
  expect(experienced.map((s) => s.object.id)).toEqual(shown.map((p) => `${activityId}/modules/${p.module}/pages/${p.page}`))
  for (const s of experienced) {
    const moduleId = String(s.object.id).split('/modules/')[1].split('/')[0]
    expect(s.context.contextActivities.parent).toEqual([expect.objectContaining({ id: `${activityId}/modules/${moduleId}`, objectType: 'Activity' })])
    expect(s.context.contextActivities.grouping).toEqual([expect.objectContaining({ id: activityId })])
  }
}

function expectAnswered(list: Statement[], questions: PlayerQuestion[], right: (q: PlayerQuestion) => boolean): void {
  const answered = list.filter((s) => verbOf(s) === 'answered')
  expect(answered.map((s) => String(s.object.id).split('/questions/')[1])).toEqual(questions.map((q) => q.id))
  answered.forEach((s, i) => {
    const q = questions[i]
    const definition = s.object.definition
    expect(definition.type).toBe('http://adlnet.gov/expapi/activities/cmi.interaction')
    expect(definition.description).toEqual({ es: q.prompt })
    expect(definition.interactionType).toBe(q.type === 'single' || q.type === 'multiple' ? 'choice' : q.type === 'ordering' ? 'sequencing' : q.type)
    expect(definition.correctResponsesPattern.length).toBeGreaterThan(0)
    if (q.type === 'single' || q.type === 'multiple') {
      expect(definition.choices).toEqual(q.choices.map((c, n) => ({ id: `choice-${n + 1}`, description: { es: c.text } })))
    }
    if (q.type === 'true-false') expect(definition.correctResponsesPattern).toEqual([String(q.answer)])
    if (q.type === 'matching') expect(definition.source.map((x: { description: { es: string } }) => x.description.es)).toEqual(q.pairs.map((p) => p.left))
    if (q.type === 'ordering') expect(definition.choices.map((x: { description: { es: string } }) => x.description.es)).toEqual(q.items)
    expect(s.result.success).toBe(right(q))
    expect(typeof s.result.response).toBe('string')
    expect(s.result.duration).toMatch(ISO_DURATION)
    if (isGraded(q)) expect(s.result.score).toMatchObject({ scaled: right(q) ? 1 : 0, min: 0 })
    else expect(s.result.score).toBeUndefined()
    expect(s.context.contextActivities.parent[0].id).toMatch(new RegExp(`^${activityId.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}/modules/`))
  })
}

const shownPages = (list = pages()) => list.map((p) => ({ module: data.modules.find((m) => m.pages.includes(p))!.id, page: p.id }))

describe('xAPI package of trata-consulados launched with LRS parameters, against Learning Locker', () => {
  it('a learner who answers everything right: initialized, experienced and answered, completed, passed, terminated', async () => {
    const who = learner('Ana')
    const { context, page, warnings } = await open(who)
    await expectStartPage(page, data, data.course.title)
    await walkToResults(learnerOn(page, data), data, pages(), true)
    await expectCertificate(page, data, 'Ana') // the launch's actor name
    await page.getByRole('button', { name: names.exit, exact: true }).click()
    await page.getByText(/cerrar esta ventana/i).waitFor({ state: 'visible' })
    const list = await statementsUntil(who, 'terminated')
    expectWellFormed(list, who)
    const v = verbs(list)
    expect(v[0]).toBe('initialized')
    expect(v.at(-1)).toBe('terminated')
    expect(v.filter((x) => !['experienced', 'answered'].includes(x))).toEqual(['initialized', 'completed', 'passed', 'terminated'])
    expect(v.indexOf('completed')).toBeGreaterThan(v.lastIndexOf('answered'))
    expectPagesAndAnswers(list, shownPages())
    expectAnswered(list, pages().flatMap(questionsOf), () => true)
    const passed = list.find((s) => verbOf(s) === 'passed')!
    expect(passed.object).toMatchObject({ id: activityId, definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { es: data.course.title } } })
    expect(passed.result).toMatchObject({ success: true, completion: true, score: { scaled: 1, raw: 100, min: 0, max: 100 } })
    expect(passed.result.duration).toMatch(ISO_DURATION)
    expect(list.find((s) => verbOf(s) === 'completed')!.result).toMatchObject({ completion: true })
    expect(list.at(-1)!.result.duration).toMatch(ISO_DURATION)
    // Every statement was accepted: none left in the browser's queue, nothing refused.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('coursepack:xapi-queue')).length)).toBe(0)
    expect(warnings.filter((w) => w.includes('coursepack'))).toEqual([])
    // No statement after terminated, even when the window goes away afterwards.
    await page.close()
    await new Promise((r) => setTimeout(r, 500))
    expect((await lrs.statements(who.registration)).length).toBe(list.length)
    await context.close()
  })

  it('a learner who answers the graded questions wrong: completed, failed with score 0, suspended, terminated', async () => {
    const who = learner('Bruno')
    const { context, page } = await open(who)
    await walkToResults(learnerOn(page, data), data, pages(), false)
    await page.getByRole('button', { name: names.exit, exact: true }).click()
    const list = await statementsUntil(who, 'terminated')
    expectWellFormed(list, who)
    expect(verbs(list).filter((x) => !['experienced', 'answered'].includes(x))).toEqual(['initialized', 'completed', 'failed', 'suspended', 'terminated'])
    expectAnswered(list, pages().flatMap(questionsOf), (q) => !isGraded(q))
    const failed = list.find((s) => verbOf(s) === 'failed')!
    expect(failed.result).toMatchObject({ success: false, score: { scaled: 0, raw: 0, min: 0, max: 100 } })
    await context.close()
  })

  it('a learner who leaves on page 3 and comes back: suspended and terminated on leaving, then initialized, resumed on page 3', async () => {
    const who = learner('Carla')
    const first = await open(who)
    const all = pages()
    for (const p of all.slice(0, 2)) {
      await learnerOn(first.page, data).expectPage(p.title)
      for (const q of questionsOf(p)) await learnerOn(first.page, data).answer(q, true)
      await first.page.getByRole('button', { name: names.next, exact: true }).click()
    }
    await learnerOn(first.page, data).expectPage(all[2].title)
    // The learner closes the window: pagehide ends the session with keepalive requests.
    await first.page.close({ runBeforeUnload: true })
    const before = await statementsUntil(who, 'terminated')
    expectWellFormed(before, who)
    expect(verbs(before).filter((x) => !['experienced', 'answered'].includes(x))).toEqual(['initialized', 'suspended', 'terminated'])
    expectPagesAndAnswers(before, shownPages(all.slice(0, 3)))
    // The state goes in a request of its own, which may reach the LRS after the statements.
    const stored = () => [...lrs.states.entries()].filter(([k]) => k.endsWith(`|coursepack-progress|${who.registration}`)).map(([, v]) => JSON.parse(v.body))[0]
    await expect.poll(stored).toMatchObject({ location: `${shownPages()[2].module}/${all[2].id}`, status: 'incomplete', suspend: expect.stringMatching(/^cp2;/) })

    const second = await open(who, first.context)
    await learnerOn(second.page, data).expectPage(all[2].title)
    // The answers given before leaving are still there, locked.
    await second.page.getByRole('navigation').getByRole('link', { name: all[0].title }).click()
    await learnerOn(second.page, data).expectPage(all[0].title)
    for (const q of questionsOf(all[0])) {
      const submit = second.page.getByRole('group', { name: q.prompt, exact: true }).getByRole('button', { name: names.submit, exact: true })
      expect(await submit.getAttribute('aria-disabled')).toBe('true')
    }
    await second.page.close({ runBeforeUnload: true })
    const after = await statementsUntil(who, 'terminated', 2)
    expectWellFormed(after, who)
    const session2 = after.slice(before.length)
    expect(verbs(session2).slice(0, 3)).toEqual(['initialized', 'resumed', 'experienced'])
    expect(session2[2].object.id).toBe(`${activityId}/modules/${shownPages()[2].module}/pages/${all[2].id}`)
    await first.context.close()
  })

  it('an actor with no name: the learner types one for the certificate, a relaunch in another browser still has it, and a name the launch gives wins', async () => {
    const who: Learner = { mbox: `mailto:dana-${randomUUID()}@example.org`, registration: randomUUID() }
    const first = await open(who)
    await walkToResults(learnerOn(first.page, data), data, pages(), true)
    await first.page.getByRole('button', { name: names.viewCertificate, exact: true }).click()
    const box = first.page.getByRole('textbox', { name: names.namePrompt, exact: true })
    await box.fill('Dana Díaz')
    await box.press('Enter')
    await first.page.locator('.cp-certificate').getByText('Dana Díaz', { exact: true }).waitFor()
    await first.page.getByRole('button', { name: names.backToResults, exact: true }).click()
    await first.page.getByRole('button', { name: names.exit, exact: true }).click()
    await first.page.getByText(/cerrar esta ventana/i).waitFor({ state: 'visible' }) // Exit has saved the state document
    await first.context.close()

    // Another browser (nothing in its storage): the name comes back with the progress, from the State API.
    const second = await open(who)
    await second.page.getByRole('button', { name: names.continue, exact: true }).click()
    await learnerOn(second.page, data).expectResults()
    await expectCertificate(second.page, data, 'Dana Díaz')
    await second.context.close()

    // The same learner launched with a name: the launch's name is printed, not the typed one.
    const named = await open({ ...who, name: 'Dana Díaz Ortega' })
    await named.page.getByRole('button', { name: names.continue, exact: true }).click()
    await learnerOn(named.page, data).expectResults()
    await expectCertificate(named.page, data, 'Dana Díaz Ortega')
    await named.context.close()
  }, 180_000) // the course walked, then three launches, on a loaded machine

  it('opened with no LRS parameters, shows the whole course and says progress is not saved', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/pkg/index.html`)
    await page.getByText(/no se está guardando/).waitFor({ state: 'visible' })
    await learnerOn(page, data).expectPage(pages()[0].title)
    await page.getByRole('button', { name: names.next, exact: true }).click()
    await learnerOn(page, data).expectPage(pages()[1].title)
    await page.close()
  })
})

describe('xAPI offline queue against Learning Locker', () => {
  it('statements made while the LRS is unreachable, across a reload, reach it exactly once and in order when it is back', async () => {
    const who = learner('Dora')
    const { context, page } = await open(who)
    const all = pages()
    await learnerOn(page, data).expectPage(all[0].title)
    await statementsUntil(who, 'experienced')
    lrs.setDown(true)
    try {
      for (const q of questionsOf(all[0])) await learnerOn(page, data).answer(q, true)
      await page.getByRole('button', { name: names.next, exact: true }).click()
      await learnerOn(page, data).expectPage(all[1].title)
      for (const q of questionsOf(all[1])) await learnerOn(page, data).answer(q, true)
      await page.getByRole('button', { name: names.next, exact: true }).click()
      await learnerOn(page, data).expectPage(all[2].title)
      // One item a statement sent while down: each answer on the two pages, and the two pages shown after them.
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('coursepack:xapi-queue')).length))
        .toBe(questionsOf(all[0]).length + questionsOf(all[1]).length + 2)
      // Reload while offline: the queue, and where the learner was, survive in the browser.
      await page.reload()
      await learnerOn(page, data).expectPage(all[2].title)
      await page.getByRole('button', { name: names.next, exact: true }).click()
      await learnerOn(page, data).expectPage(all[3].title)
      expect(verbs(await lrs.statements(who.registration))).toEqual(['initialized', 'experienced'])
    } finally {
      lrs.setDown(false)
    }
    // Back online: the client's own retry delivers everything, with no learner action.
    await expect.poll(async () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('coursepack:xapi-queue')).length), { timeout: 30_000 }).toBe(0)
    const list = await lrs.statements(who.registration)
    expectWellFormed(list, who)
    expect(verbs(list).filter((x) => !['experienced', 'answered'].includes(x))).toEqual(['initialized', 'suspended', 'terminated', 'initialized', 'resumed'])
    const reloadAt = verbs(list).indexOf('terminated')
    expectPagesAndAnswers(list.slice(0, reloadAt), shownPages(all.slice(0, 3)))
    expectPagesAndAnswers(list.slice(reloadAt + 1), shownPages(all.slice(2, 4)))
    expectAnswered(list, [...questionsOf(all[0]), ...questionsOf(all[1])], () => true)
    // Exactly once: no two statements say the same thing at the same moment.
    const said = list.map((s) => `${verbOf(s)} ${s.object.id} ${s.timestamp}`)
    expect(new Set(said).size).toBe(said.length)
    // In order: the LRS stored them in the order the learner made them.
    const times = list.map((s) => Date.parse(s.timestamp))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    await context.close()
  })
})
