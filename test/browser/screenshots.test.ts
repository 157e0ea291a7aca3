// The README's pictures of the player (issue 12): a content page, a question page, the results page and
// a right-to-left page, at 360, 768 and 1280 CSS px. Every run takes and checks each picture (the page
// it shows, nothing sideways at that width); `UPDATE_SCREENSHOTS=1 npm test` also stores them in
// test/screenshots/, as the lab preview's picture is, so an ordinary run leaves the tree as it was.
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import type { PlayerData, PlayerPage } from '../../src/player/data.js'
import { stringsFor } from '../../src/player/i18n.js'
import { launchBrowser } from '../helpers/browser.js'
import { unpack } from '../helpers/lms.js'
import { learnerOn, packageData, questionsOf } from '../helpers/learner.js'
import { fixturesDir, repoRoot } from '../helpers/paths.js'
import { unpackedExample } from '../helpers/examples.js'

const SCREEN_WIDTHS = [360, 768, 1280] as const
const HEIGHT = 720
const stored = join(repoRoot, 'test', 'screenshots')

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

async function webPackage(folder: string): Promise<{ dir: string; data: PlayerData }> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-screens-'))
  const result = await buildCourse(folder, { targets: ['web'], outDir })
  const dir = await unpack(result.outputs[0]!.path)
  return { dir, data: await packageData(dir) }
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) })

interface View {
  name: string
  /** Opens the view on a fresh page; returns the page heading it must show. */
  open(page: Page): Promise<string>
}

describe('the player at 360, 768 and 1280 px (the README\'s pictures)', () => {
  const views: View[] = []
  let course: { dir: string; data: PlayerData }
  let rtl: { dir: string; data: PlayerData }

  beforeAll(async () => {
    const dir = await unpackedExample('prosecuting-trafficking', 'web')
    course = { dir, data: await packageData(dir) }
    const folder = await mkdtemp(join(tmpdir(), 'coursepack-screens-rtl-'))
    await cp(join(fixturesDir, 'good', 'devices'), folder, { recursive: true })
    const yaml = await readFile(join(folder, 'course.yaml'), 'utf8')
    await writeFile(join(folder, 'course.yaml'), yaml.replace('language: en', 'language: ar'))
    rtl = await webPackage(folder)
  })

  const goTo = async (page: Page, dir: string, data: PlayerData, target: PlayerPage | undefined): Promise<void> => {
    await page.goto(pathToFileURL(join(dir, 'index.html')).href + (target ? `#${target.id}` : ''))
    await learnerOn(page, data).expectPage(target ? target.title : data.modules[0]!.pages[0]!.title)
  }
  views.push(
    {
      name: 'content',
      open: async (page) => {
        const first = course.data.modules[0]!.pages[0]!
        await goTo(page, course.dir, course.data, first)
        return first.title
      },
    },
    {
      name: 'question',
      open: async (page) => {
        // A page with a single-choice question, answered: its marks and feedback in the picture.
        const at = course.data.modules.flatMap((m) => m.pages).find((p) => questionsOf(p).some((q) => q.type === 'single'))!
        await goTo(page, course.dir, course.data, at)
        const q = questionsOf(at).find((x) => x.type === 'single')!
        await learnerOn(page, course.data).answer(q, true)
        await page.getByRole('group', { name: q.prompt, exact: true }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
        return at.title
      },
    },
    {
      name: 'results',
      open: async (page) => {
        await page.goto(pathToFileURL(join(course.dir, 'index.html')).href + '#results')
        const t = stringsFor(course.data.course.language)
        await learnerOn(page, course.data).expectResults()
        return t.results
      },
    },
    {
      name: 'rtl',
      open: async (page) => {
        const first = rtl.data.modules[0]!.pages[0]!
        await goTo(page, rtl.dir, rtl.data, first)
        expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
        return first.title
      },
    },
  )

  for (const width of SCREEN_WIDTHS) {
    it(`at ${width} px: each view shows its page, nothing scrolls sideways, and the picture is of that size`, async () => {
      for (const view of views) {
        const context = await browser.newContext({ viewport: { width, height: HEIGHT } })
        const page = await context.newPage()
        const heading = await view.open(page)
        expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe(heading)
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
        const png = await page.screenshot()
        expect(pngSize(png)).toEqual({ width, height: HEIGHT })
        // Committed pictures, so stored with a palette (sharp's libimagequant): a third of the bytes, the same to the eye.
        if (process.env.UPDATE_SCREENSHOTS === '1') await sharp(png).png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 }).toFile(join(stored, `player-${view.name}-${width}.png`))
        await context.close()
      }
      // The README shows the stored pictures: one per view, at this width.
      const kept = (await readdir(stored)).filter((f) => f.endsWith(`-${width}.png`) && f.startsWith('player-')).sort()
      expect(kept).toEqual(views.map((v) => `player-${v.name}-${width}.png`).sort())
      for (const file of kept) {
        const png = await readFile(join(stored, file))
        expect(pngSize(png)).toEqual({ width, height: HEIGHT })
        expect(png.length).toBeLessThan(80_000) // kept small
      }
    }, 180_000)
  }
})
