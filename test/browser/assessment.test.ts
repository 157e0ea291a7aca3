// Issue 14 in the browser: a learner answers matching and ordering by keyboard, fails, retries and gets
// a new draw, leaves and resumes with the same draw and order, and reaches the attempt limit; on the way,
// issue 11's review marks, progress and retry of the missed questions only (or of all, with `retry: all`) are seen — in the
// offline web package (browser storage), in SCORM 1.2 and 2004 packages on the lab page (suspend data),
// and in the xAPI and cmi5 packages against Learning Locker's statement store (State API; cmi5 launched
// by the LMS side of test/helpers/cmi5-lms.ts).
import { randomUUID } from 'node:crypto'
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, FrameLocator, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import { readLaunch } from '../../src/lab/standards.js'
import { startLab, type Lab } from '../../src/lab/server.js'
import type { PlayerData, PlayerPage } from '../../src/player/data.js'
import { formatNumber, stringsFor } from '../../src/player/i18n.js'
import { wcagViolations } from '../helpers/axe.js'
import { launchBrowser } from '../helpers/browser.js'
import { course, openInLab, press } from '../helpers/lab-scorm.js'
import { description, learnerOn, packageData, questionsOf } from '../helpers/learner.js'
import { startLms, unpack, type LmsServer } from '../helpers/lms.js'
import { startLrs, statementWarnings, type Statement, type TestLrs } from '../helpers/lrs.js'
import { startCmi5Lms } from '../helpers/cmi5-lms.js'

const en = stringsFor('en')
const PAIRS = [['Passport held by the employer', 'Control of documents'], ['A debt that keeps growing', 'Debt bondage'], ['Never alone with visitors', 'Control by others']]
const STEPS = ['Detect the signs', 'Interview in private', 'Refer with consent', 'Follow up']

/** A course with a matching and an ordering question, a bank drawing 2 of 4, and two attempts; `more` adds course.yaml lines. */
async function writeCourse(more = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'coursepack-assess-'))
  await mkdir(join(dir, 'modules'))
  await writeFile(join(dir, 'course.yaml'), `id: assess\ntitle: Assessment\nlanguage: en\nversion: 1.0.0\npassing_score: 100\nattempts: 2\n${more}`)
  const matching = ['```quiz', 'id: match', 'type: matching', 'shuffle: true', 'question: Match each sign to what it shows.', 'pairs:',
    ...PAIRS.map(([l, r]) => `  - { left: ${l}, right: ${r} }`), 'distractors: [Regular work]', '```'].join('\n')
  const ordering = ['```quiz', 'id: order', 'type: ordering', 'question: Put the steps of a referral in order.', `items: [${STEPS.join(', ')}]`, '```'].join('\n')
  await writeFile(join(dir, 'modules', '01-skills.md'), `---\ntitle: Skills\n---\n\n# Skills\n\n${matching}\n\n${ordering}\n`)
  const bank = [1, 2, 3, 4].map((i) => `# Bank ${i}\n\n\`\`\`quiz\nid: b${i}\ntype: single\nquestion: Bank question ${i}?\nchoices:\n  - { text: Right ${i}, correct: true }\n  - { text: Wrong ${i} }\n\`\`\`\n`)
  await writeFile(join(dir, 'modules', '02-final.md'), `---\ntitle: Final\nbank: { draw: 2 }\n---\n\n${bank.join('\n')}`)
  return dir
}

type Root = Page | FrameLocator

/** Matching by keyboard: focus each select list and press the arrow keys to the right option. */
async function matchByKeyboard(page: Page, root: Root): Promise<void> {
  for (const [left, right] of PAIRS) {
    const select = root.getByRole('combobox', { name: left, exact: true })
    const options = await select.locator('option').allTextContents()
    await select.focus()
    for (let i = 0; i < options.indexOf(right); i++) await page.keyboard.press('ArrowDown')
    expect(await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe(right)
  }
}

/** Ordering by keyboard: focus an item's Move up button and press Enter until it is in place; each move is announced. */
async function orderByKeyboard(page: Page, root: Root): Promise<void> {
  const group = root.getByRole('group', { name: 'Put the steps of a referral in order.', exact: true })
  for (const [place, item] of STEPS.entries()) {
    const shown = await group.getByRole('listitem').allTextContents()
    const at = shown.findIndex((t) => t.startsWith(item))
    if (at === place) continue
    await group.getByRole('button', { name: en.moveUp(item), exact: true }).focus()
    for (let k = at; k > place; k--) await page.keyboard.press('Enter')
    await expect.poll(() => group.getByRole('status').textContent()).toBe(en.movedTo(item, place + 1, STEPS.length))
  }
  await group.getByRole('button', { name: en.submit, exact: true }).focus()
  await page.keyboard.press('Enter')
}

/** The titles of the bank pages the contents list now (the drawn ones; the list may be collapsed on a narrow screen). */
async function drawnPages(root: Root): Promise<string[]> {
  const links = root.getByRole('navigation', { name: en.contents, includeHidden: true }).getByRole('link', { includeHidden: true })
  const titles = await links.evaluateAll((as) => as.filter((a) => !a.closest('[hidden]')).map((a) => a.textContent ?? ''))
  return titles.filter((t) => t.startsWith('Bank')).sort()
}

/**
 * Goes through the drawn bank pages from the one shown, answering each wrong, to the results page. Each
 * wrong answer is marked as a review that teaches marks it (issue 11), in words a screen reader reads
 * with each choice: the learner's choice wrong, the right one shown.
 */
async function failBank(root: Root, data: PlayerData): Promise<void> {
  const learner = learnerOn(root, data)
  const bankPages = data.modules[1]!.pages
  for (;;) {
    const page = await learner.shownAmong(bankPages)
    if (!page) break
    for (const q of questionsOf(page)) {
      const group = root.getByRole('group', { name: q.prompt, exact: true })
      if (await group.getByRole('button', { name: en.submit }).getAttribute('aria-disabled') === 'true') continue
      await learner.answer(q, false)
      if (q.type !== 'single') continue
      await group.getByText(en.incorrect, { exact: true }).waitFor()
      expect(await description(group.getByRole('radio', { name: q.choices.find((c) => !c.correct)!.text, exact: true }))).toBe(en.yourChoiceWrong)
      expect(await description(group.getByRole('radio', { name: q.choices.find((c) => c.correct)!.text, exact: true }))).toBe(en.rightChoice)
    }
    await root.getByRole('button', { name: en.next, exact: true }).click()
  }
  await learner.expectResults()
}

const optionOrder = (root: Root) => root.getByRole('combobox', { name: PAIRS[0]![0], exact: true }).locator('option').allTextContents()

let browser: Browser
let lab: Lab
let lrs: TestLrs
let source: string
let retryAllSource: string
const servers: LmsServer[] = []
beforeAll(async () => {
  [browser, lab, lrs, source, retryAllSource] = await Promise.all([launchBrowser(), startLab(), startLrs(), writeCourse(), writeCourse('retry: all\n')])
})
afterAll(async () => { await browser?.close(); await lab?.close(); await lrs?.close(); for (const s of servers) await s.close() })

const TARGETS = ['web', 'scorm12', 'scorm2004', 'xapi', 'cmi5'] as const

async function build(target: typeof TARGETS[number], from = source): Promise<{ dir: string; data: PlayerData }> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-assess-out-'))
  const result = await buildCourse(from, { targets: [target], outDir })
  const dir = await unpack(result.outputs[0]!.path)
  return { dir, data: await packageData(dir) }
}

/** `registration`: the LRS registration the xAPI and cmi5 packages' statements carry. */
interface Harness { page: Page; root: Root; relaunch(): Promise<void>; registration?: string }

const STATE_PATH = '/activities/state'
const stateSavesReceived = () => lrs.log.filter((r) => r.method === 'PUT' && r.path.endsWith(STATE_PATH)).length

/** A learner's tab in a browser context of its own, and its closing as the learner closes it. */
interface Tab { page: Page; leave(): Promise<void> }

/** Opens `url` in a new browser context, counting the State API saves the page starts while it is open. */
async function openTab(url: string): Promise<Tab> {
  const page = await (await browser.newContext()).newPage()
  const before = stateSavesReceived()
  let started = 0
  page.on('request', (r) => { if (r.method() === 'PUT' && new URL(r.url()).pathname.endsWith(STATE_PATH)) started += 1 })
  await page.goto(url)
  const landed = () => stateSavesReceived() - before
  return {
    page,
    async leave() {
      const startedWhileOpen = started // pagehide's own save is not seen here: the page is going
      await page.close({ runBeforeUnload: true })
      // Every save the page started reaches the LRS: one the closing cut short goes again from pagehide, with keepalive.
      await expect.poll(landed, { timeout: 30_000 }).toBeGreaterThanOrEqual(startedWhileOpen)
      // pagehide also saves a change not sent yet, a request to this machine that lands in milliseconds. When the
      // delayed save had landed before the tab closed there is nothing more to send (a CI run met that), so this only
      // waits, briefly (5 s here cost 18 s of the file): what the relaunch shows checks what the LRS kept.
      await expect.poll(landed, { timeout: 1_500 }).toBeGreaterThan(startedWhileOpen).catch(() => undefined)
    },
  }
}

/** The xAPI package as an LMS launches it (Moodle's xAPI Launch Link); relaunching opens it in a new browser context, so only the LRS's State API remembers. */
async function xapiHarness(dir: string): Promise<() => Promise<Harness>> {
  const server = await startLms(dir)
  servers.push(server)
  const activityId = /<activity id="([^"]+)"/.exec(await readFile(join(dir, 'tincan.xml'), 'utf8'))![1]!
  const registration = randomUUID()
  const query = new URLSearchParams({
    endpoint: lrs.endpoint, auth: lrs.auth, registration, activity_id: activityId,
    actor: JSON.stringify({ name: 'Ana', mbox: `mailto:ana-${randomUUID()}@example.org`, objectType: 'Agent' }),
  })
  const url = `${server.url}/pkg/index.html?${query.toString()}`
  return async () => {
    let tab = await openTab(url)
    const harness: Harness = {
      page: tab.page, root: tab.page, registration,
      relaunch: async () => {
        await tab.leave()
        tab = await openTab(url)
        harness.page = tab.page
        harness.root = tab.page
      },
    }
    return harness
  }
}

/**
 * The cmi5 package as a cmi5 LMS launches its AU: LMS.LaunchData and a one-time fetch URL for every
 * launch of one registration; relaunching opens a new launch in a new browser context, so only the State API remembers.
 */
async function cmi5Harness(dir: string): Promise<() => Promise<Harness>> {
  const lms = await startCmi5Lms(dir, lrs)
  servers.push(lms)
  const au = /<au id="([^"]+)"[^>]*>[\s\S]*?<url>([^<]+)<\/url>/.exec(await readFile(join(dir, 'cmi5.xml'), 'utf8'))!
  const launchOptions = {
    auUrl: au[2]!, publisherId: au[1]!, registration: randomUUID(), activityId: `https://lms.example.com/activities/${randomUUID()}`,
    actor: { objectType: 'Agent' as const, name: 'Ana', account: { homePage: 'https://lms.example.com', name: randomUUID() } },
  }
  const launch = async (): Promise<Tab> => openTab((await lms.launch(launchOptions)).url)
  return async () => {
    let tab = await launch()
    const harness: Harness = {
      page: tab.page, root: tab.page, registration: launchOptions.registration,
      relaunch: async () => {
        await tab.leave()
        tab = await launch()
        harness.page = tab.page
        harness.root = tab.page
      },
    }
    return harness
  }
}

/** How a learner opens the package of one target, and relaunches it: as its LMS does, or from disk. */
async function harnessFor(target: typeof TARGETS[number], dir: string): Promise<() => Promise<Harness>> {
  if (target === 'xapi') return xapiHarness(dir)
  if (target === 'cmi5') return cmi5Harness(dir)
  if (target === 'web') {
    return async () => {
      const page = await browser.newPage()
      await page.goto(pathToFileURL(join(dir, 'index.html')).href)
      return { page, root: page, relaunch: async () => { await page.reload() } }
    }
  }
  return async () => {
    const page = await openInLab(browser, lab, { dir, target, launch: await readLaunch(dir, target) })
    return { page, root: course(page), relaunch: () => press(page, 'Leave and relaunch') }
  }
}

describe.each(TARGETS)('banks, matching, ordering and attempts in the %s package', (target) => {
  let data: PlayerData
  let open: () => Promise<Harness>
  beforeAll(async () => {
    const built = await build(target)
    data = built.data
    open = await harnessFor(target, built.dir)
  })

  it('keyboard answers, a failed attempt with its wrong answers marked and the progress shown, Retry keeping the right answers with a new draw, the same draw and order on resume, then the limit', async () => {
    const harness = await open()
    let { page, root } = harness
    let learner = learnerOn(root, data)
    const skills = data.modules[0]!.pages[0] as PlayerPage
    await learner.expectPage(skills.title)

    // Attempt 1: matching and ordering right by keyboard; the bank wrong.
    await matchByKeyboard(page, root)
    await root.getByRole('group', { name: 'Match each sign to what it shows.', exact: true }).getByRole('button', { name: en.submit }).focus()
    await page.keyboard.press('Enter')
    await orderByKeyboard(page, root)
    for (const q of questionsOf(skills)) await expect.poll(() => root.getByRole('group', { name: q.prompt, exact: true }).getByText(en.correct, { exact: true }).count()).toBe(1)
    const firstDraw = await drawnPages(root)
    expect(firstDraw).toHaveLength(2)
    await root.getByRole('button', { name: en.next, exact: true }).click()
    await failBank(root, data)
    await root.getByText(en.failed).waitFor()
    await root.getByText(en.attemptsLeft(1)).waitFor()
    // Progress in the header, in every target: the skills page and the two drawn bank pages seen, their four questions answered.
    expect(await root.locator('.cp-progress-text').textContent()).toBe(en.progressSummary(3, 3, 4, 4, formatNumber(100, 'en')))

    // Attempt 2: Retry keeps the right answers (matching and ordering) and draws two bank questions not seen yet.
    await root.getByRole('button', { name: en.retry, exact: true }).click()
    const secondDraw = await drawnPages(root)
    expect(secondDraw).toHaveLength(2)
    expect(secondDraw.filter((t) => firstDraw.includes(t))).toEqual([])
    const kept = async () => {
      for (const q of questionsOf(skills)) {
        expect(await root.getByRole('group', { name: q.prompt, exact: true }).getByRole('button', { name: en.submit }).getAttribute('aria-disabled')).toBe('true')
      }
    }
    // Back to the kept answers through the contents (folded away in the lab's narrow frame, so the link is clicked as it is)
    await root.getByRole('navigation', { name: en.contents, includeHidden: true }).getByRole('link', { name: skills.title, exact: true, includeHidden: true }).dispatchEvent('click')
    await learner.expectPage(skills.title)
    await kept()
    const order = await optionOrder(root)

    // Leave and come back: the same draw, the same shuffled options, the answers kept.
    await harness.relaunch()
    ;({ page, root } = harness)
    learner = learnerOn(root, data)
    await learner.expectPage(skills.title)
    expect(await drawnPages(root)).toEqual(secondDraw)
    expect(await optionOrder(root)).toEqual(order)
    await kept()

    // Failing the last allowed attempt: no Retry, and the page says why.
    await root.getByRole('button', { name: en.next, exact: true }).click()
    await failBank(root, data)
    await root.getByText(en.noAttemptsLeft).waitFor()
    expect(await root.getByRole('button', { name: en.retry, exact: true }).count()).toBe(0)
    {
      await harness.relaunch() // the count survives a relaunch: still no Retry
      ;({ page, root } = harness)
      learner = learnerOn(root, data)
      await learner.expectResults()
      await root.getByText(en.noAttemptsLeft).waitFor()
      expect(await root.getByRole('button', { name: en.retry, exact: true }).count()).toBe(0)
    }
    if (harness.registration) {
      // The answers reached the LRS as cmi.interaction statements valid under xapi-validation: matching with sources and targets, ordering as sequencing with choices.
      // The first session's statements may still be on their way (sent by pagehide): wait for both answers.
      const answered = async () => (await lrs.statements(harness.registration)).filter((s) => String(s.verb.id).endsWith('/answered'))
      const definition = (list: Statement[], id: string) => list.find((s) => String(s.object.id).endsWith(`/skills.${id}`))?.object.definition // question ids are module-qualified
      await expect.poll(async () => { const list = await answered(); return [definition(list, 'match')?.interactionType, definition(list, 'order')?.interactionType] }, { timeout: 30_000 })
        .toEqual(['matching', 'sequencing'])
      const list = await lrs.statements(harness.registration)
      for (const s of list) expect(statementWarnings(s), JSON.stringify(s)).toEqual([])
      expect(definition(list, 'match')).toMatchObject({ source: expect.any(Array), target: expect.any(Array) })
      expect(definition(list, 'order')).toMatchObject({ choices: expect.any(Array) })
    }
    await harness.page.close()
  }, 180_000)

  if (target === 'web') {
    it('matching and ordering have zero axe violations (WCAG 2.1 A and AA), answered or not', async () => {
      const { page } = await open()
      await learnerOn(page, data).expectPage('Skills')
      expect(await wcagViolations(page)).toEqual([])
      for (const q of questionsOf(data.modules[0]!.pages[0]!)) await learnerOn(page, data).answer(q, false)
      expect(await wcagViolations(page)).toEqual([])
      await page.close()
    }, 120_000)
  }
})

describe.each(TARGETS)('`retry: all` in the %s package', (target) => {
  it('Retry clears every graded answer, right ones too, and starts at the first graded question; a relaunch keeps them cleared', async () => {
    const built = await build(target, retryAllSource)
    const harness = await (await harnessFor(target, built.dir))()
    let { root } = harness
    const skills = built.data.modules[0]!.pages[0] as PlayerPage
    /** Whether every skills question is answered (its Submit locked) or open to be answered again. */
    const expectSkills = async (answered: boolean) => {
      for (const q of questionsOf(skills)) {
        const locked = await root.getByRole('group', { name: q.prompt, exact: true }).getByRole('button', { name: en.submit }).getAttribute('aria-disabled')
        expect(locked === 'true', q.id).toBe(answered)
      }
    }
    await learnerOn(root, built.data).expectPage(skills.title)
    await matchByKeyboard(harness.page, root)
    await root.getByRole('group', { name: 'Match each sign to what it shows.', exact: true }).getByRole('button', { name: en.submit }).click()
    await orderByKeyboard(harness.page, root)
    await expectSkills(true)
    await root.getByRole('button', { name: en.next, exact: true }).click()
    await failBank(root, built.data)
    await root.getByText(en.nextRetryAll).waitFor()
    await root.getByRole('button', { name: en.retry, exact: true }).click()
    await learnerOn(root, built.data).expectPage(skills.title) // the right answers are asked again too
    await expectSkills(false)
    await harness.relaunch()
    ;({ root } = harness)
    await learnerOn(root, built.data).expectPage(skills.title)
    await expectSkills(false)
    await harness.page.close()
  }, 180_000)
})
