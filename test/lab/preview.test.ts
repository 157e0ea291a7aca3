import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startPreview, type Preview } from '../../src/lab/preview.js'
import { launchBrowser } from '../helpers/browser.js'
import { fixturesDir } from '../helpers/paths.js'
import { content } from './helpers.js'

let browser: Browser
let preview: Preview
let page: Page
let course: string
const moduleFile = () => join(course, 'modules', '01-basics.md')

beforeAll(async () => {
  browser = await launchBrowser()
  course = join(await mkdtemp(join(tmpdir(), 'coursepack-preview-test-')), 'course')
  await cp(join(fixturesDir, 'good/minimal'), course, { recursive: true })
  preview = await startPreview(course, { target: 'scorm12' })
  page = await browser.newPage()
  await page.goto(preview.url)
})
afterAll(async () => {
  await browser?.close()
  await preview?.close()
})

const heading = (name: string) => content(page).getByRole('heading', { name, exact: true })

describe('preview rebuilds as the author edits', () => {
  it('shows the course in the lab page', async () => {
    await expect.poll(() => heading('Reading a map').count(), { timeout: 15_000 }).toBe(1)
  })

  it('a source change rebuilds and reloads the course (a new attempt)', async () => {
    const attempt = preview.lab.log().attempt
    await writeFile(moduleFile(), (await readFile(moduleFile(), 'utf8')).replace('# Reading a map', '# Reading a city map'))
    await expect.poll(() => heading('Reading a city map').count(), { timeout: 15_000 }).toBe(1)
    expect(preview.lab.log().attempt).toBe(attempt + 1)
  })

  it('a broken source shows file:line:col instead of the course, and the server keeps running', async () => {
    const yaml = join(course, 'course.yaml')
    const good = await readFile(yaml, 'utf8')
    await writeFile(yaml, good.replace('passing_score: 75', 'passing_score: [75'))
    const error = page.getByRole('alert')
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/course\.yaml:\d+:\d+: error: /)
    await expect.poll(() => page.locator('#lab-content').getAttribute('src')).toBe('about:blank')

    await writeFile(yaml, good)
    await expect.poll(() => heading('Reading a city map').count(), { timeout: 15_000 }).toBe(1)
    expect(await error.isHidden()).toBe(true)
  })
})
