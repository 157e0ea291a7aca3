import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import type { PlayerData } from '../../src/player/data.js'
import { checkCmi5CourseStructure } from '../../src/check/cmi5-structure.js'
import { launchBrowser } from '../helpers/browser.js'
import { startCmi5Lms, type Cmi5Agent, type Cmi5Launch, type Cmi5Lms } from '../helpers/cmi5-lms.js'
import { unpack } from '../helpers/lms.js'
import { stringsFor } from '../../src/player/i18n.js'
import { expectCertificate, expectStartPage, learnerOn, packageData, questionsOf, walkToResults } from '../helpers/learner.js'
import { startLrs, statementWarnings, type Statement, type TestLrs } from '../helpers/lrs.js'
import { coursesDir } from '../helpers/paths.js'
import { CMI5_SCHEMA, validate, VALID } from '../helpers/xsd.js'
import { readZip } from '../helpers/zip.js'

const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5'
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon'
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid'
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore'
const DEFINED = ['initialized', 'completed', 'passed', 'failed', 'terminated']

let browser: Browser
let lrs: TestLrs
beforeAll(async () => { [browser, lrs] = await Promise.all([launchBrowser(), startLrs()]) })
afterAll(async () => { await Promise.all([browser?.close(), lrs?.close()]) })

const verbOf = (s: Statement): string => String(s.verb.id).split('/').pop()!
const categoriesOf = (s: Statement): string[] => (s.context?.contextActivities?.category ?? []).map((a: { id: string }) => a.id)
const isDefined = (s: Statement): boolean => categoriesOf(s).includes(CMI5)
const byTime = (list: Statement[]): Statement[] => [...list].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))

function learner(name: string): Cmi5Agent {
  return { objectType: 'Agent', name, account: { homePage: 'https://lms.example.com', name: randomUUID() } }
}

/** Statements of one session (the LMS's session id), in timestamp order. */
function sessions(list: Statement[]): Statement[][] {
  const ids = [...new Set(list.map((s) => s.context?.extensions?.[SESSION]))]
  return ids.map((id) => byTime(list.filter((s) => s.context?.extensions?.[SESSION] === id)))
}

/** Every rule of cmi5 §9.3 that the statements of one registration can show. */
function expectCmi5Rules(list: Statement[], launch: { activityId: string; actor: Cmi5Agent; registration: string; browse?: boolean }): void {
  for (const s of list) {
    expect(statementWarnings(s), JSON.stringify(s)).toEqual([])
    expect(s.actor.account).toEqual(launch.actor.account)
    expect(s.context.registration).toBe(launch.registration)
    expect(s.timestamp).toMatch(/(Z|\+00:00)$/)
    expect(typeof s.context.extensions[SESSION]).toBe('string')
    if (isDefined(s)) {
      expect(DEFINED).toContain(verbOf(s))
      expect(s.object.id).toBe(launch.activityId)
      const result = s.result ?? {}
      expect(categoriesOf(s).includes(MOVEON)).toBe('success' in result || 'completion' in result)
      if (['completed', 'passed', 'failed', 'terminated'].includes(verbOf(s))) expect(result.duration).toMatch(/^PT/)
    } else {
      expect(categoriesOf(s)).not.toContain(MOVEON)
    }
  }
  for (const session of sessions(list)) {
    expect(verbOf(session[0])).toBe('initialized')
    expect(verbOf(session[session.length - 1])).toBe('terminated')
    const defined = session.filter(isDefined).map(verbOf)
    expect(new Set(defined).size, defined.join()).toBe(defined.length)
    expect(defined.includes('passed') && defined.includes('failed')).toBe(false)
    if (launch.browse) expect(session.map(verbOf)).toEqual(['initialized', 'terminated'])
  }
  const defined = byTime(list.filter(isDefined)).map(verbOf)
  expect(defined.filter((v) => v === 'completed').length).toBeLessThanOrEqual(1)
  expect(defined.filter((v) => v === 'passed').length).toBeLessThanOrEqual(1)
  const firstPass = defined.indexOf('passed')
  if (firstPass >= 0) expect(defined.slice(firstPass)).not.toContain('failed')
}

/** Statements the LRS refused: none should be. */
function refused(): { method: string; path: string; status: number }[] {
  return lrs.log.filter((l) => /statements|activities\/state/i.test(l.path) && l.status >= 300 && !(l.method === 'GET' && l.status === 404))
}

describe('cmi5 package of trata-consulados (Spanish, one AU) against Learning Locker', () => {
  let dir: string
  let lms: Cmi5Lms
  let data: PlayerData
  let au: { id: string; url: string; masteryScore: number }
  const names = stringsFor('es')
  const pages = () => data.modules.flatMap((m) => m.pages)

  beforeAll(async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'coursepack-cmi5-'))
    const result = await buildCourse(join(coursesDir, 'trata-consulados'), { targets: ['cmi5'], outDir })
    expect(result.outputs).toHaveLength(1)
    const entries = await readZip(result.outputs[0].path)
    const xml = entries.find((e) => e.name === 'cmi5.xml')!.data.toString('utf8')
    expect(await validate(CMI5_SCHEMA(), xml)).toEqual(VALID)
    expect(checkCmi5CourseStructure(xml, entries.map((e) => e.name))).toEqual([])
    const m = xml.match(/<au id="([^"]+)" moveOn="Passed" masteryScore="([^"]+)">[\s\S]*?<url>([^<]+)<\/url>/)!
    au = { id: m[1], masteryScore: Number(m[2]), url: m[3] }
    dir = await unpack(result.outputs[0].path)
    expect(await readFile(join(dir, au.url), 'utf8')).toContain('player/player.js')
    lms = await startCmi5Lms(dir, lrs)
    data = await packageData(dir)
  })
  afterAll(async () => { await lms?.close() })

  function newRegistration(name: string) {
    return { actor: learner(name), registration: randomUUID(), activityId: `https://lms.example.com/activities/${randomUUID()}` }
  }

  async function open(reg: ReturnType<typeof newRegistration>, extra: { launchMode?: 'Normal' | 'Browse' | 'Review' } = {}): Promise<{ page: Page; launch: Cmi5Launch }> {
    const launch = await lms.launch({ auUrl: au.url, publisherId: au.id, masteryScore: au.masteryScore, ...reg, ...extra })
    const page = await browser.newPage()
    await page.goto(launch.url)
    return { page, launch }
  }

  async function exit(page: Page): Promise<void> {
    await page.getByRole('button', { name: names.exit, exact: true }).click()
    await page.waitForURL(lms.returnUrl, { timeout: 15_000 }) // returnURL, once terminated is delivered
  }

  async function statementsUntilTerminated(registration: string, sessionsEnded: number): Promise<Statement[]> {
    await expect.poll(async () => (await lrs.statements(registration)).filter((s) => verbOf(s) === 'terminated').length, { timeout: 15_000 }).toBe(sessionsEnded)
    return lrs.statements(registration)
  }

  it('takes a learner who answers everything right to completed and passed, then back to the LMS on Salir', async () => {
    const reg = newRegistration('Ana López')
    const { page, launch } = await open(reg)
    await expectStartPage(page, data, data.course.title)
    await walkToResults(learnerOn(page, data), data, pages(), true)
    await expectCertificate(page, data, 'Ana López') // the actor's name in the launch
    await exit(page)
    await page.close()
    const list = await statementsUntilTerminated(reg.registration, 1)
    expectCmi5Rules(list, reg)
    expect(launch.fetches).toEqual([{ method: 'POST', gotToken: true }])
    const defined = byTime(list).filter(isDefined).map(verbOf)
    expect(defined).toEqual(['initialized', 'completed', 'passed', 'terminated'])
    const passed = list.find((s) => verbOf(s) === 'passed')!
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 1 } })
    expect(passed.context.extensions[MASTERY]).toBe(au.masteryScore)
    expect(passed.context.contextActivities.grouping.map((a: { id: string }) => a.id)).toContain(au.id)
    const questions = pages().flatMap(questionsOf).length
    expect(list.filter((s) => verbOf(s) === 'answered')).toHaveLength(questions)
    expect(list.filter((s) => verbOf(s) === 'experienced').length).toBeGreaterThanOrEqual(pages().length)
    expect(refused()).toEqual([])
  })

  it('says failed, once and at the end of the session, for a learner who answers graded questions wrong', async () => {
    const reg = newRegistration('Luis Pérez')
    const { page } = await open(reg)
    await walkToResults(learnerOn(page, data), data, pages(), false)
    await exit(page)
    await page.close()
    const list = await statementsUntilTerminated(reg.registration, 1)
    expectCmi5Rules(list, reg)
    expect(byTime(list).filter(isDefined).map(verbOf)).toEqual(['initialized', 'completed', 'failed', 'terminated'])
    const failed = list.find((s) => verbOf(s) === 'failed')!
    expect(failed.result.success).toBe(false)
    expect(failed.result.score.scaled).toBeLessThan(au.masteryScore)
    expect(refused()).toEqual([])
  })

  it('brings a learner who leaves back where they were on a new launch, with a new session and a new token', async () => {
    const reg = newRegistration('Marta Gil')
    const all = pages()
    const first = await open(reg)
    for (const p of all.slice(0, 2)) {
      await learnerOn(first.page, data).expectPage(p.title)
      for (const q of questionsOf(p)) await learnerOn(first.page, data).answer(q, true)
      await first.page.getByRole('button', { name: names.next, exact: true }).click()
    }
    await learnerOn(first.page, data).expectPage(all[2].title)
    await first.page.goto('about:blank') // the learner goes away: pagehide ends the session
    await first.page.close()
    await statementsUntilTerminated(reg.registration, 1)

    const second = await open(reg)
    await learnerOn(second.page, data).expectPage(all[2].title)
    expect(first.launch.fetches).toEqual([{ method: 'POST', gotToken: true }])
    expect(second.launch.fetches).toEqual([{ method: 'POST', gotToken: true }])
    expect(second.launch.sessionId).not.toBe(first.launch.sessionId)
    // The answers given before leaving are still there, locked.
    await second.page.getByRole('navigation').getByRole('link', { name: all[0].title }).click()
    await learnerOn(second.page, data).expectPage(all[0].title)
    for (const q of questionsOf(all[0])) {
      const inputs = second.page.getByRole('group', { name: q.prompt, exact: true }).locator('input')
      expect(await inputs.count()).toBeGreaterThan(0)
      for (let i = 0; i < await inputs.count(); i++) expect(await inputs.nth(i).isDisabled()).toBe(true)
    }
    // The rest of the course, then Salir: the course is passed in the second session.
    await second.page.getByRole('navigation').getByRole('link', { name: all[2].title }).click()
    await walkToResults(learnerOn(second.page, data), data, all.slice(2), true)
    await exit(second.page)
    await second.page.close()
    const list = await statementsUntilTerminated(reg.registration, 2)
    expectCmi5Rules(list, reg)
    const [one, two] = sessions(list)
    expect(one[0].context.extensions[SESSION]).toBe(first.launch.sessionId)
    expect(two[0].context.extensions[SESSION]).toBe(second.launch.sessionId)
    expect(one.filter(isDefined).map(verbOf)).toEqual(['initialized', 'terminated'])
    expect(two.filter(isDefined).map(verbOf)).toEqual(['initialized', 'completed', 'passed', 'terminated'])
    expect(refused()).toEqual([])
  })

  it('does not fetch the token again on a reload, and sends nothing into a session that pagehide ended', async () => {
    const reg = newRegistration('Pedro Sanz')
    const { page, launch } = await open(reg)
    await learnerOn(page, data).expectPage(pages()[0].title)
    await page.getByRole('button', { name: names.next, exact: true }).click()
    await learnerOn(page, data).expectPage(pages()[1].title)
    await page.reload()
    await learnerOn(page, data).expectPage(pages()[1].title) // the bookmark saved on the way out
    await page.getByText(/no se está guardando/).waitFor({ state: 'visible' })
    expect(launch.fetches).toEqual([{ method: 'POST', gotToken: true }])
    await page.getByRole('navigation').getByRole('link', { name: names.results }).click()
    await exit(page) // Salir still leads back to the LMS
    await page.close()
    const list = await statementsUntilTerminated(reg.registration, 1)
    expectCmi5Rules(list, reg)
    expect(byTime(list).filter(isDefined).map(verbOf)).toEqual(['initialized', 'terminated'])
  })

  it('sends nothing but initialized and terminated in Browse mode', async () => {
    const reg = newRegistration('Sofía Ruiz')
    const { page } = await open(reg, { launchMode: 'Browse' })
    // Browse shows the course read-only: the learner pages through it, answering nothing.
    const learner = learnerOn(page, data)
    for (const p of pages()) {
      await learner.expectPage(p.title)
      await learner.press(names.next)
    }
    await learner.expectResults()
    await exit(page)
    await page.close()
    const list = await statementsUntilTerminated(reg.registration, 1)
    expectCmi5Rules(list, { ...reg, browse: true })
    expect(byTime(list).map(verbOf)).toEqual(['initialized', 'terminated'])
  })
})
