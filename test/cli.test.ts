// User mistakes and system errors at the command line: each is one line naming the path, never a stack trace.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import { templatesDir } from '../src/paths.js'
import { captureIo, type CapturedIo } from './helpers/io.js'
import { cliPath } from './helpers/paths.js'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'coursepack-cli-'))
  await cp(join(templatesDir, 'course'), join(work, 'course'), { recursive: true })
  await writeFile(join(work, 'notes.txt'), 'not a course')
})

/** Runs the CLI in-process; expects exactly one line on stderr and no stack trace. */
async function oneLine(args: string[]): Promise<{ code: number; line: string; io: CapturedIo }> {
  const io = captureIo(work)
  const code = await main(args, io)
  expect(io.stderr).not.toMatch(/\n\s+at /)
  expect(io.stderr.endsWith('\n') && io.stderr.split('\n').length === 2, `one line, got:\n${io.stderr}`).toBe(true)
  return { code, line: io.stderr.trim(), io }
}

describe('mistakes at the command line', () => {
  it('init on an existing file says so in one line and leaves the file', async () => {
    const { code, line } = await oneLine(['init', 'notes.txt'])
    expect(code).toBe(1)
    expect(line).toBe('notes.txt already exists and is not a folder. Choose a new folder name; coursepack init never overwrites files.')
    expect(await readFile(join(work, 'notes.txt'), 'utf8')).toBe('not a course')
  })

  it('a count option (--jobs, --max-launches) takes decimal digits above 0, and says so the same way for each', async () => {
    for (const [command, input, option] of [['build', 'course', '--jobs'], ['check', 'notes.txt', '--max-launches']] as const) {
      for (const wrong of ['0', '2.5', '0x10', 'two', '-1']) {
        const { code, line } = await oneLine([command, input, `${option}=${wrong}`])
        expect(code).toBe(2)
        expect(line).toBe(`${option} takes a whole number above 0, not ${JSON.stringify(wrong)}`)
      }
    }
  })

  it('init under a file is a system error: one line naming the path', async () => {
    const { code, line } = await oneLine(['init', 'notes.txt/course'])
    expect(code).toBe(1)
    expect(line).toBe('coursepack: cannot read notes.txt/course: a part of the path is not a folder')
  })

  it.each([['build'], ['validate'], ['preview']])('%s of a course folder that does not exist is a usage error (exit 2)', async (command) => {
    const { code, line } = await oneLine([command, 'no-such-course'])
    expect(code).toBe(2)
    expect(line).toBe('no-such-course does not exist. Give the course folder (the one that holds course.yaml), or create one with `coursepack init no-such-course`.')
  })

  it('a course path that is some other file is a usage error (exit 2)', async () => {
    const { code, line } = await oneLine(['validate', 'notes.txt'])
    expect(code).toBe(2)
    expect(line).toBe('notes.txt is a file, not a course folder. Give the folder that holds course.yaml.')
  })

  it('validate and build take the path of course.yaml as its folder', async () => {
    const io = captureIo(work)
    expect(await main(['validate', 'course/course.yaml'], io)).toBe(0)
    expect(io.stdout).toBe('course: no problems found.\n')
    const built = captureIo(work)
    expect(await main(['build', 'course/course.yaml', '--out', 'out'], built)).toBe(0)
    expect(built.stdout).toContain('out/my-course-0.1.0-scorm12.zip')
  })

  it('build --out into /proc ends with one line naming the folder instead of spinning', async () => {
    const { code, line } = await oneLine(['build', 'course', '--out', '/proc/x'])
    expect(code).toBe(1)
    expect(line).toMatch(/^Build failed: cannot write \/proc\/x: .+\. No package was written; any earlier package is unchanged\.$/)
  })

  it('build --out at a file names it', async () => {
    const { code, line } = await oneLine(['build', 'course', '--out', 'notes.txt'])
    expect(code).toBe(1)
    expect(line).toBe('Build failed: cannot write notes.txt: a part of the path is not a folder. No package was written; any earlier package is unchanged.')
  })

  it('build --out under a file names it', async () => {
    const { code, line } = await oneLine(['build', 'course', '--out', 'notes.txt/dist'])
    expect(code).toBe(1)
    expect(line).toBe('Build failed: cannot write notes.txt/dist: a part of the path is not a folder. No package was written; any earlier package is unchanged.')
  })

  it('the installed command prints no stack trace for a mistake either', async () => {
    await mkdir(join(work, 'empty'))
    const run = promisify(execFile)
    const failure = await run(process.execPath, [cliPath, 'init', 'notes.txt'], { cwd: work }).catch((e: { code: number; stderr: string }) => e)
    expect(failure).toMatchObject({ code: 1, stderr: 'notes.txt already exists and is not a folder. Choose a new folder name; coursepack init never overwrites files.\n' })
  })
})
