import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { startPreview, type Preview } from '../../src/lab/preview.js'
import { launchBrowser } from '../helpers/browser.js'
import { coursesDir, fixturesDir } from '../helpers/paths.js'
import { course as content } from '../helpers/lab-scorm.js'
import { stringsFor } from '../../src/player/i18n.js'
import { wcagViolations } from '../helpers/axe.js'

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

const en = stringsFor('en')
/** How many headings of this name the course shows, past the start page every (re)launch opens on. */
async function heading(name: string): Promise<Locator> {
  const start = content(page).getByRole('button', { name: en.start, exact: true })
  if (await start.isVisible().catch(() => false)) await start.click({ timeout: 2_000 }).catch(() => undefined)
  return content(page).getByRole('heading', { name, exact: true })
}

describe('preview rebuilds as the author edits', () => {
  it('shows the course in the lab page', async () => {
    await expect.poll(async () => (await heading('Reading a map')).count(), { timeout: 15_000 }).toBe(1)
  })

  it('a source change rebuilds and reloads the course (a new attempt)', async () => {
    const attempt = preview.lab.log().attempt
    await writeFile(moduleFile(), (await readFile(moduleFile(), 'utf8')).replace('# Reading a map', '# Reading a city map'))
    await expect.poll(async () => (await heading('Reading a city map')).count(), { timeout: 15_000 }).toBe(1)
    // writeFile truncates, then writes: on a loaded machine the watcher may see the two apart and build twice.
    expect(preview.lab.log().attempt).toBeGreaterThan(attempt)
  })

  it('a broken source shows file:line:col instead of the course, and the server keeps running', async () => {
    const yaml = join(course, 'course.yaml')
    const good = await readFile(yaml, 'utf8')
    await writeFile(yaml, good.replace('passing_score: 75', 'passing_score: [75'))
    const error = page.getByRole('alert')
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/course\.yaml:\d+:\d+: error: /)
    await expect.poll(() => page.locator('#lab-content').getAttribute('src')).toBe('about:blank')

    await writeFile(yaml, good)
    await expect.poll(async () => (await heading('Reading a city map')).count(), { timeout: 15_000 }).toBe(1)
    expect(await error.isHidden()).toBe(true)
  })
})

describe('preview of a package with a SCO per module', () => {
  let multi: Preview
  let tab: Page
  let dir: string
  const src = () => tab.locator('#lab-content').getAttribute('src')

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'coursepack-preview-scos-')), 'course')
    await cp(join(coursesDir, 'trata-consulados'), dir, { recursive: true })
    const yaml = join(dir, 'course.yaml')
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('sco: single', 'sco: per-module'))
    multi = await startPreview(dir, { target: 'scorm12' })
    tab = await browser.newPage()
    await tab.goto(multi.url)
  })
  afterAll(async () => { await tab?.close(); await multi?.close() })

  it("offers every SCO to launch, each as a new attempt, as an LMS's table of contents does", async () => {
    const picker = tab.getByLabel('SCO', { exact: true })
    await expect.poll(() => picker.isEnabled(), { timeout: 15_000 }).toBe(true)
    const options = await picker.locator('option').allTextContents()
    expect(options).toHaveLength(4)
    expect(await picker.inputValue()).toBe(multi.lab.shownLaunch())
    const [first, , third] = await picker.locator('option').evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value))
    await expect.poll(src).toContain(`/pkg/${first}`)
    const attempt = multi.lab.log().attempt
    await picker.selectOption(third!)
    await expect.poll(src, { timeout: 15_000 }).toContain(`/pkg/${third}`)
    expect(multi.lab.shownLaunch()).toBe(third)
    expect(multi.lab.log().attempt).toBeGreaterThan(attempt)
    await expect.poll(() => multi.lab.log().sessions[0]?.initialized, { timeout: 15_000 }).toBe(true)
    // The list is a labelled control the keyboard reaches, on a page axe finds nothing against.
    expect(await wcagViolations(tab)).toEqual([])
  })

  it('keeps the chosen SCO shown when the author saves and the course is rebuilt', async () => {
    const chosen = multi.lab.shownLaunch()
    expect(chosen).toBe('module-asistencia.html') // the third SCO, chosen above: not the one a rebuild would launch by itself
    const file = join(dir, 'modules', '02-asistencia.md')
    const attempt = multi.lab.log().attempt
    await writeFile(file, (await readFile(file, 'utf8')).replace('# Principios de la asistencia consular', '# Principios revisados de la asistencia'))
    // The rebuild is a new attempt, launched on the SCO chosen before it.
    await expect.poll(() => multi.lab.log().attempt, { timeout: 15_000 }).toBeGreaterThan(attempt)
    expect(multi.lab.shownLaunch()).toBe(chosen)
    await expect.poll(() => multi.lab.log().sessions[0]?.initialized, { timeout: 15_000 }).toBe(true)
    expect(await src()).toContain(`/pkg/${chosen}`)
    expect(await tab.getByLabel('SCO', { exact: true }).inputValue()).toBe(chosen)
    await expect.poll(async () => (await fetch(`${multi.url}pkg/course.js`)).text()).toContain('Principios revisados de la asistencia')
  })
})

/** How editors put new text in a file: each leaves the file under its name, not always on the same inode. */
const saves: Record<string, (file: string, text: string) => Promise<void>> = {
  // sed -i, vim's default, gedit: write a new file beside it, rename it over the old one.
  'rename over': async (file, text) => {
    const temp = join(dirname(file), `.sed${Math.random().toString(36).slice(2, 8)}`)
    await writeFile(temp, text)
    await rename(temp, file)
  },
  // JetBrains' safe write: new file, old one moved aside, new one renamed in, old one deleted.
  'safe write': async (file, text) => {
    await writeFile(`${file}___jb_tmp___`, text)
    await rename(file, `${file}___jb_old___`)
    await rename(`${file}___jb_tmp___`, file)
    await unlink(`${file}___jb_old___`)
  },
  // Most editors: open with O_TRUNC and write.
  'truncate and write': (file, text) => writeFile(file, text),
  // A good copy restored with cp.
  'cp over': async (file, text) => {
    const source = join(await mkdtemp(join(tmpdir(), 'coursepack-save-')), 'copy')
    await writeFile(source, text)
    await new Promise<void>((done, fail) => execFile('cp', [source, file], (error) => (error ? fail(error) : done())))
  },
}

describe('preview serves every save, whatever the editor', () => {
  let watched: Preview
  let dir: string
  const served = async (path: string) => (await fetch(`${watched.url}pkg/${path}`)).text()

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'coursepack-preview-saves-')), 'course')
    await cp(join(fixturesDir, 'good/minimal'), dir, { recursive: true })
    watched = await startPreview(dir, { target: 'web' })
  })
  afterAll(async () => { await watched?.close() })

  for (const [how, save] of Object.entries(saves)) {
    it(`a module saved by ${how}, three times, is rebuilt and served each time`, async () => {
      const file = join(dir, 'modules', '01-basics.md')
      for (let n = 1; n <= 3; n++) {
        const title = `Map ${how} ${n}`
        await save(file, (await readFile(file, 'utf8')).replace(/^# .*$/m, `# ${title}`))
        await expect.poll(() => served('course.js'), { timeout: 15_000 }).toContain(title)
      }
    })

    it(`course.yaml saved by ${how}, three times, is rebuilt and served each time`, async () => {
      const file = join(dir, 'course.yaml')
      for (let n = 1; n <= 3; n++) {
        const title = `Course ${how} ${n}`
        await save(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, `title: ${title}`))
        await expect.poll(() => served('course.js'), { timeout: 15_000 }).toContain(title)
      }
    })

    it(`an image saved by ${how}, three times, is served each time`, async () => {
      const file = join(dir, 'media', 'map.svg')
      for (let n = 1; n <= 3; n++) {
        const marker = `<!-- ${how} ${n} -->`
        await save(file, (await readFile(file, 'utf8')).replace(/<!-- .* -->\n?|$/, `${marker}\n`))
        await expect.poll(() => served('media/map.svg'), { timeout: 15_000 }).toContain(marker)
      }
    })
  }

  it('a folder made after the preview started is watched too', async () => {
    await mkdir(join(dir, 'media', 'new'))
    await writeFile(join(dir, 'media', 'new', 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><!-- first --></svg>\n')
    const file = join(dir, 'modules', '01-basics.md')
    await writeFile(file, (await readFile(file, 'utf8')) + '\n![A new picture](../media/new/pic.svg)\n')
    await expect.poll(() => served('media/new/pic.svg'), { timeout: 15_000 }).toContain('first')
    await saves['rename over']!(join(dir, 'media', 'new', 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><!-- second --></svg>\n')
    await expect.poll(() => served('media/new/pic.svg'), { timeout: 15_000 }).toContain('second')
  })
})

describe('preview leaves no temporary folder behind', () => {
  /** A preview with its own TMPDIR, so its temporary folder is the only thing there. */
  async function isolatedTmp(): Promise<{ tmp: string; restore: () => void }> {
    const tmp = await mkdtemp(join(tmpdir(), 'coursepack-preview-tmpdir-'))
    const before = process.env.TMPDIR
    process.env.TMPDIR = tmp
    return { tmp, restore: () => { if (before === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = before } }
  }

  it('close() removes it, and the server stops answering', async () => {
    const { tmp, restore } = await isolatedTmp()
    let p: Preview
    try { p = await startPreview(join(fixturesDir, 'good/minimal'), { target: 'scorm12' }) } finally { restore() }
    expect(await readdir(tmp)).toHaveLength(1)
    await p.close()
    expect(await readdir(tmp)).toEqual([])
    await expect(fetch(p.url)).rejects.toThrow()
  })

  it('a port already taken fails the start and removes it', async () => {
    const blocker = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const port = (blocker.address() as { port: number }).port
    const { tmp, restore } = await isolatedTmp()
    try {
      await expect(startPreview(join(fixturesDir, 'good/minimal'), { target: 'scorm12', port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      restore()
      blocker.close()
    }
    expect(await readdir(tmp)).toEqual([])
  })

  it('a course that fails to build still has its folder removed on close', async () => {
    const course = join(await mkdtemp(join(tmpdir(), 'coursepack-preview-bad-')), 'course')
    await mkdir(course)
    await writeFile(join(course, 'course.yaml'), 'id: [broken\n')
    const { tmp, restore } = await isolatedTmp()
    let p: Preview
    try { p = await startPreview(course, { target: 'scorm12' }) } finally { restore() }
    await p.close()
    expect(await readdir(tmp)).toEqual([])
    await rm(course, { recursive: true, force: true })
  })
})
