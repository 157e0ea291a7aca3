// Hostile and odd entries in a course folder (links out of it, broken links, folders, FIFOs, devices), made at
// test time: each is one diagnostic at the place that refers to it, and validate and build say exactly the same.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { cliPath } from '../helpers/paths.js'
import { readZip } from '../helpers/zip.js'

const made: string[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

const config = 'id: curso\ntitle: Curso\nlanguage: es\nversion: 1.0.0\n'
// Line 6 of the module holds the image, so its reference is at 6:3 (the alt text, after `![`).
const intro = '---\ntitle: Intro\n---\n# Página\n\n![Una foto](../media/pic.png)\n'
const pictureAt = 'modules/01-intro.md:6:3'

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
}

/** A work folder with `course/` (one module showing media/pic.png) and `outside/` beside it, holding a secret and a module. */
async function workspace(): Promise<{ work: string; course: string; outside: string }> {
  const work = await mkdtemp(join(tmpdir(), 'coursepack-files-'))
  made.push(work)
  const course = join(work, 'course')
  const outside = join(work, 'outside')
  await write(course, { 'course.yaml': config, 'modules/01-intro.md': intro })
  await write(outside, { 'secret.txt': 'TOKEN=hunter2\n', 'pic.png': 'not really a picture', 'module.md': '---\ntitle: Fuera\n---\n# Fuera\n\nSECRET-MODULE\n' })
  return { work, course, outside }
}

const mkfifo = (path: string): void => { execFileSync('mkfifo', [path]) }

interface Case { name: string; code: string; at: string; make: (course: string, outside: string) => Promise<void> }

const cases: Case[] = [
  { name: 'a media file that is a link to /etc/passwd', code: 'link-escapes-course', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); await symlink('/etc/passwd', join(c, 'media/pic.png')) } },
  { name: 'a media file that is a link to /proc/self/environ', code: 'link-escapes-course', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); await symlink('/proc/self/environ', join(c, 'media/pic.png')) } },
  { name: 'a media file that is a relative link to a file beside the course', code: 'link-escapes-course', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); await symlink('../../outside/secret.txt', join(c, 'media/pic.png')) } },
  { name: 'a media folder that is a link to a folder outside', code: 'link-escapes-course', at: pictureAt,
    make: async (c, o) => { await symlink(o, join(c, 'media')) } },
  { name: 'a module listed in course.yaml that is a link to a file outside', code: 'link-escapes-course', at: 'course.yaml:6:5',
    make: async (c, o) => {
      await write(c, { 'course.yaml': `${config}modules:\n  - modules/02-fuera.md\n`, 'media/pic.png': 'png' })
      await symlink(join(o, 'module.md'), join(c, 'modules/02-fuera.md'))
    } },
  { name: 'a module found in modules/ that is a link to a file outside', code: 'link-escapes-course', at: 'modules/02-fuera.md:1:1',
    make: async (c, o) => { await write(c, { 'media/pic.png': 'png' }); await symlink(join(o, 'module.md'), join(c, 'modules/02-fuera.md')) } },
  { name: 'an asset listed in course.yaml that is a link to a file outside', code: 'link-escapes-course', at: 'course.yaml:6:5',
    make: async (c, o) => {
      await write(c, { 'course.yaml': `${config}assets:\n  - media/handout.pdf\n`, 'media/pic.png': 'png' })
      await symlink(join(o, 'secret.txt'), join(c, 'media/handout.pdf'))
    } },
  { name: 'the captions of a video that are a link to a file outside', code: 'link-escapes-course', at: pictureAt,
    make: async (c, o) => {
      await write(c, { 'modules/01-intro.md': intro.replace('../media/pic.png', '../media/clip.mp4'), 'media/clip.mp4': 'mp4' })
      await symlink(join(o, 'secret.txt'), join(c, 'media/clip.vtt'))
    } },
  { name: 'a media file that is a link to /dev/zero', code: 'link-escapes-course', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); await symlink('/dev/zero', join(c, 'media/pic.png')) } },
  { name: 'a media file that is a link to a folder', code: 'path-is-folder', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); await symlink('../modules', join(c, 'media/pic.png')) } },
  { name: 'a link written to a folder, with a trailing slash', code: 'path-is-folder', at: pictureAt,
    make: async (c) => { await write(c, { 'modules/01-intro.md': intro.replace('../media/pic.png', '../media/'), 'media/pic.png': 'png' }) } },
  { name: 'a media file that is a FIFO', code: 'special-file', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); mkfifo(join(c, 'media/pic.png')) } },
  { name: 'a media file that is a link to a FIFO in the course', code: 'special-file', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); mkfifo(join(c, 'media/pipe')); await symlink('pipe', join(c, 'media/pic.png')) } },
  { name: 'a media file that is a broken link', code: 'link-broken', at: pictureAt,
    make: async (c) => { await mkdir(join(c, 'media')); await symlink('gone.png', join(c, 'media/pic.png')) } },
  { name: 'a module that is a link to a folder', code: 'path-is-folder', at: 'modules/02-mas.md:1:1',
    make: async (c) => { await write(c, { 'media/pic.png': 'png' }); await symlink('../media', join(c, 'modules/02-mas.md')) } },
  { name: 'a module that is a FIFO', code: 'special-file', at: 'modules/02-mas.md:1:1',
    make: async (c) => { await write(c, { 'media/pic.png': 'png' }); mkfifo(join(c, 'modules/02-mas.md')) } },
  { name: 'course.yaml that is a FIFO', code: 'special-file', at: 'course.yaml:1:1',
    make: async (c) => { await rm(join(c, 'course.yaml')); mkfifo(join(c, 'course.yaml')) } },
  { name: 'course.yaml that is a folder', code: 'path-is-folder', at: 'course.yaml:1:1',
    make: async (c) => { await rm(join(c, 'course.yaml')); await mkdir(join(c, 'course.yaml')) } },
  { name: 'course.yaml that is a link to a file outside', code: 'link-escapes-course', at: 'course.yaml:1:1',
    make: async (c, o) => { await write(o, { 'course.yaml': config }); await rm(join(c, 'course.yaml')); await symlink(join(o, 'course.yaml'), join(c, 'course.yaml')) } },
]

/** validate --json and build --json --target all on the same course: exit codes, diagnostics and what build wrote. */
async function validateAndBuild(work: string) {
  const v = captureIo(work)
  const b = captureIo(work)
  const validateExit = await main(['validate', 'course', '--json'], v)
  const buildExit = await main(['build', 'course', '--json', '--target', 'all', '--out', 'dist'], b)
  const texts = (stdout: string) => (JSON.parse(stdout) as { diagnostics: { text: string }[] }).diagnostics.map((d) => d.text)
  return {
    validateExit, buildExit, validate: texts(v.stdout), build: texts(b.stdout), stderr: v.stderr + b.stderr,
    written: await readdir(join(work, 'dist')).catch(() => [] as string[]),
  }
}

/** The same through the real CLI as the unprivileged user nobody. */
function validateAndBuildAsNobody(work: string) {
  const run = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: work, uid: 65534, gid: 65534, encoding: 'utf8' })
  const texts = (stdout: string) => (JSON.parse(stdout) as { diagnostics: { text: string }[] }).diagnostics.map((d) => d.text)
  return {
    validate: texts(run(['validate', 'course', '--json']).stdout),
    build: texts(run(['build', 'course', '--json', '--target', 'all', '--out', 'dist']).stdout),
  }
}

describe('entries a course may not read or package', () => {
  it.each(cases)('$name is one $code at $at, the same in validate and build, and nothing is written', async ({ code, at, make }) => {
    const { work, course, outside } = await workspace()
    await make(course, outside)
    const r = await validateAndBuild(work)
    expect(r.validateExit).toBe(1)
    expect(r.buildExit).toBe(1)
    expect(r.build).toEqual(r.validate)
    const errors = r.validate.filter((t) => t.includes(': error: '))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp(`^course/${at.replace(/\./g, '\\.')}: error: .+ \\[${code}\\]$`))
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.written).toEqual([])
  }, 30_000)

  it('a module that cannot be read is file-unreadable, not skipped without a word', async () => {
    const { work, course } = await workspace()
    await write(course, { 'media/pic.png': 'png', 'modules/02-mas.md': '---\ntitle: Más\n---\n# Más\n' })
    await chmod(join(course, 'modules/02-mas.md'), 0o000)
    // Root reads a file whatever its mode (CI runs as root): there the real CLI runs as nobody.
    const asRoot = process.getuid?.() === 0
    if (asRoot) await chmod(work, 0o777)
    const r = asRoot ? validateAndBuildAsNobody(work) : await validateAndBuild(work)
    expect(r.build).toEqual(r.validate)
    expect(r.validate).toEqual([expect.stringMatching(/^course\/modules\/02-mas\.md:1:1: error: .+\[file-unreadable\]$/)])
  })

  it('a link to a file inside the course is followed and packaged as the file', async () => {
    const { work, course } = await workspace()
    await write(course, { 'shared/pic.png': 'the real picture' })
    await mkdir(join(course, 'media'))
    await symlink('../shared/pic.png', join(course, 'media/pic.png'))
    const r = await validateAndBuild(work)
    expect(r.validate).toEqual([])
    expect(r.buildExit).toBe(0)
    const zip = await readZip(join(work, 'dist', 'curso-1.0.0-web.zip'))
    expect(zip.find((e) => e.name === 'media/pic.png')?.data.toString()).toBe('the real picture')
  })

  it('a media folder that is a link to a folder inside the course is followed', async () => {
    const { work, course } = await workspace()
    await write(course, { 'shared/media/pic.png': 'the real picture' })
    await symlink('shared/media', join(course, 'media'))
    const r = await validateAndBuild(work)
    expect(r.validate).toEqual([])
    expect(r.buildExit).toBe(0)
  })
})
