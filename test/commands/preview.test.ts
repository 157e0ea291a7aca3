import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { targetNames } from '../../src/targets/index.js'
import { captureIo } from '../helpers/io.js'
import { cliPath, fixturesDir, repoRoot } from '../helpers/paths.js'

const COURSE = join(fixturesDir, 'good/minimal')

/** Starts `coursepack preview` as a user does; resolves with the address it prints. */
function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cliPath, 'preview', ...args], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env },
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /at (http:\/\/\S+)/.exec(output)?.[1]
      if (url) resolve({ child, url, output: () => output })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (c: Buffer) => { output += c.toString() })
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${output}`)))
  })
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('coursepack preview', () => {
  it.each(['scorm12', 'scorm2004', 'xapi', 'cmi5', 'web'])('serves the %s target on a free loopback port, and Ctrl-C stops it with exit 0', async (target) => {
    const { child, url, output } = await startCli([COURSE, '--target', target])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('id="lab-content"')
    expect(await (await fetch(`${url}lab/state`)).json()).toMatchObject({ target, error: null })
    expect((await fetch(`${url}lab/lab.js`)).status).toBe(200)
    const exited = exitOf(child)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(output()).toContain('Preview stopped.')
  })

  it('a port that is not a number is a usage error', async () => {
    const io = captureIo(repoRoot)
    expect(await main(['preview', COURSE, '--port', 'eighty'], io)).toBe(2)
    expect(io.stderr).toMatch(/--port must be a number/)
  })

  it('an unknown target is a usage error listing the targets', async () => {
    const io = captureIo(repoRoot)
    expect(await main(['preview', COURSE, '--target', 'aicc'], io)).toBe(2)
    expect(io.stderr).toContain(`Targets: ${targetNames.join(', ')}, or all.`)
  })

  it.each([[['--target', 'scorm12,xapi']], [['-t', 'scorm12', '-t', 'cmi5']], [['--target', 'all']]])('several targets (%j) are a usage error saying preview shows one', async (args) => {
    const io = captureIo(repoRoot)
    expect(await main(['preview', COURSE, ...args], io)).toBe(2)
    expect(io.stderr).toMatch(/^preview shows one target at a time, and --target names \d+: .+\. Pick one/)
    expect(io.stdout).toBe('')
  })

  describe('leaves no temporary folder behind', () => {
    // Its own TMPDIR: the preview's temporary folder is the only thing that can appear there.
    const isolated = async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'coursepack-preview-cli-'))
      return { tmp, env: { TMPDIR: tmp } }
    }

    it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s stops it with exit 0, server closed and the folder removed', async (signal) => {
      const { tmp, env } = await isolated()
      const { child, url, output } = await startCli([COURSE], { env })
      expect(await readdir(tmp)).toHaveLength(1)
      const events = await fetch(`${url}lab/events`) // an open event stream must not hold the exit up
      const exited = exitOf(child)
      child.kill(signal)
      expect(await exited).toBe(0)
      expect(output()).toContain('Preview stopped.')
      expect(await readdir(tmp)).toEqual([])
      await events.body?.cancel().catch(() => undefined)
    })

    it('an error that escapes everything ends it, and the folder is still removed', async () => {
      const { tmp, env } = await isolated()
      // Stands in for any bug that throws past the server: an uncaught error on a signal of our own.
      const crash = `data:text/javascript,process.on('SIGUSR2', () => { throw new Error('simulated crash') })`
      const { child, output } = await startCli([COURSE], { env, nodeArgs: ['--import', crash] })
      expect(await readdir(tmp)).toHaveLength(1)
      const exited = exitOf(child)
      child.kill('SIGUSR2')
      expect(await exited).toBe(1)
      expect(output()).toContain('simulated crash')
      expect(await readdir(tmp)).toEqual([])
    })
  })
})
