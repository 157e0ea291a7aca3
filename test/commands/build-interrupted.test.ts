// A real `coursepack build` child process killed while it writes: what it leaves in the output folder.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { templatesDir } from '../../src/paths.js'
import { captureIo } from '../helpers/io.js'
import { cliPath } from '../helpers/paths.js'

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'coursepack-interrupted-'))
  // A big course: 5 targets each deflating 32 MB of random bytes keep the build busy long enough to be caught writing.
  const course = join(work, 'course')
  await cp(join(templatesDir, 'course'), course, { recursive: true })
  await writeFile(join(course, 'media', 'data.bin'), randomBytes(32 * 1024 * 1024))
  const module = join(course, 'modules', '01-welcome.md')
  await writeFile(module, (await readFile(module, 'utf8')) + '\n[The data](../media/data.bin)\n')
})
afterAll(async () => { await rm(work, { recursive: true, force: true }) })

const isTemp = (name: string) => /\.zip\.tmp-/.test(name)

/** Starts a build of every target into `out`, sends `signal` once a temporary zip shows up there, and resolves with how it ended. */
async function interruptedBuild(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, 'build', 'course', '--target', 'all', '--out', out], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })))
  let exited = false
  void ended.then(() => { exited = true })
  while (!exited) {
    if ((await readdir(join(work, out)).catch(() => [] as string[])).some(isTemp)) {
      child.kill(signal)
      break
    }
    await new Promise((r) => setTimeout(r, 5))
  }
  return { ...(await ended), stderr }
}

describe('a build interrupted while it writes', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('on %s removes its temporary zips, keeps the earlier package and exits %i', async (signal, exit) => {
    const out = `out-${signal}`
    await mkdir(join(work, out))
    const earlier = join(work, out, 'my-course-0.1.0-scorm12.zip')
    await writeFile(earlier, 'the previous good package')
    const result = await interruptedBuild(out, signal)
    expect(result).toMatchObject({ code: exit, signal: null })
    expect(result.stderr).toContain(`Build interrupted by ${signal}`)
    expect(await readdir(join(work, out))).toEqual(['my-course-0.1.0-scorm12.zip'])
    expect(await readFile(earlier, 'utf8')).toBe('the previous good package')
  }, 120_000)

  it('killed outright, leaves a temporary zip that the next build into the same folder removes, and only ours of a gone process', async () => {
    const out = 'out-SIGKILL'
    const killed = await interruptedBuild(out, 'SIGKILL')
    expect(killed.signal).toBe('SIGKILL')
    const left = (await readdir(join(work, out))).filter(isTemp)
    expect(left.length).toBeGreaterThan(0)
    // Not ours to remove: another name, and a temporary zip of a process that is still running (the test runner).
    const others = ['notes.tmp-1-abc', `.other.zip.tmp-${process.ppid}-abc`]
    for (const name of others) await writeFile(join(work, out, name), 'keep')
    expect(await main(['build', 'course', '--target', 'web', '--out', out], captureIo(work))).toBe(0)
    const after = await readdir(join(work, out))
    expect(after.filter((n) => left.includes(n))).toEqual([])
    expect(after.sort()).toEqual([...others, 'my-course-0.1.0-web.zip'].sort())
  }, 120_000)
})
