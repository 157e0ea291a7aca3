import { cp, mkdir, mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises'
import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { targetNames } from '../../src/targets/index.js'
import { captureIo } from '../helpers/io.js'
import { coursesDir, fixturesDir } from '../helpers/paths.js'
import { sha256 } from '../helpers/zip.js'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'coursepack-build-'))
  await cp(join(coursesDir, 'trata-consulados'), join(work, 'trata'), { recursive: true })
})

describe('coursepack build', () => {
  it('builds a SCORM 1.2 zip named <id>-<version>-<target>.zip into dist/ by default', async () => {
    const io = captureIo(work)
    expect(await main(['build', 'trata'], io)).toBe(0)
    expect(await readdir(join(work, 'dist'))).toEqual(['trata-consulados-1.0.0-scorm12.zip'])
    expect(io.stdout).toMatch(/^Built trata-consulados 1\.0\.0: 4 modules, \d+ pages, \d+ questions/)
    expect(io.stdout).toContain('dist/trata-consulados-1.0.0-scorm12.zip')
    expect(io.stderr).toBe('')
  })

  it('builds every target with --target all', async () => {
    const io = captureIo(work)
    expect(await main(['build', 'trata', '--target', 'all', '--out', 'out'], io)).toBe(0)
    expect((await readdir(join(work, 'out'))).sort()).toEqual(targetNames.map((t) => `trata-consulados-1.0.0-${t}.zip`).sort())
  })

  it.each([
    ['repeated', ['--target', 'scorm12', '--target', 'xapi']],
    ['comma-separated', ['--target', 'scorm12,xapi']],
    ['short and mixed', ['-t', 'xapi', '-t', 'scorm12,xapi']],
  ])('builds every target named with --target, %s', async (_how, args) => {
    await cp(join(fixturesDir, 'good/minimal'), join(work, 'minimal'), { recursive: true })
    const io = captureIo(work)
    expect(await main(['build', 'minimal', ...args, '--out', 'out'], io)).toBe(0)
    expect((await readdir(join(work, 'out'))).sort()).toEqual(['minimal-course-1.0.0-scorm12.zip', 'minimal-course-1.0.0-xapi.zip'])
  })

  it.each([['aicc'], ['scorm12,scorm3'], ['']])('an unknown target name (%j) is a usage error listing the names, and nothing is built', async (name) => {
    const io = captureIo(work)
    expect(await main(['build', 'trata', '--target', name], io)).toBe(2)
    expect(io.stderr).toContain(`Targets: ${targetNames.join(', ')}, or all.`)
    expect(existsSync(join(work, 'dist'))).toBe(false)
  })

  it('a misspelt target name suggests the close one', async () => {
    const io = captureIo(work)
    expect(await main(['build', 'trata', '--target', 'scorm2004,xpai'], io)).toBe(2)
    expect(io.stderr).toContain('"xpai" is not a target. Did you mean "xapi"?')
  })

  it('prints a machine-readable report with --json and nothing else on stdout', async () => {
    const io = captureIo(work)
    expect(await main(['build', 'trata', '--target', 'web', '--json'], io)).toBe(0)
    const report = JSON.parse(io.stdout)
    expect(report).toMatchObject({ ok: true, course: { id: 'trata-consulados', version: '1.0.0' } })
    expect(report.outputs).toEqual([expect.objectContaining({ target: 'web', file: 'dist/trata-consulados-1.0.0-web.zip' })])
    expect(report.outputs[0].bytes).toBeGreaterThan(1000)
  })

  it('gives byte-identical zips for identical sources', async () => {
    await main(['build', 'trata', '--out', 'a'], captureIo(work))
    await main(['build', 'trata', '--out', 'b'], captureIo(work))
    const name = 'trata-consulados-1.0.0-scorm12.zip'
    expect(await sha256(join(work, 'a', name))).toBe(await sha256(join(work, 'b', name)))
  })

  it('reports a broken source at its file and line, exits 1 and keeps the previous zip', async () => {
    expect(await main(['build', 'trata'], captureIo(work))).toBe(0)
    const zip = join(work, 'dist', 'trata-consulados-1.0.0-scorm12.zip')
    const before = await sha256(zip)
    const moduleFile = join(work, 'trata', 'modules', '01-identificacion.md')
    const text = await readFile(moduleFile, 'utf8')
    // Take the only correct choice away from the module's single-choice question.
    const single = text.indexOf('type: single')
    await writeFile(moduleFile, text.slice(0, single) + text.slice(single).replace('correct: true', 'correct: false'))
    const io = captureIo(work)
    expect(await main(['build', 'trata'], io)).toBe(1)
    expect(io.stderr).toMatch(/^trata\/modules\/01-identificacion\.md:\d+:\d+: error: .+\[quiz-no-correct\]$/m)
    expect(io.stderr).toContain('Nothing was written; any earlier package is unchanged.')
    expect(io.stderr).not.toMatch(/\n\s+at /) // no stack trace for a user mistake
    expect(await sha256(zip)).toBe(before)
    expect(await readdir(join(work, 'dist'))).toEqual(['trata-consulados-1.0.0-scorm12.zip'])
  })

  it.each(readdirSync(join(fixturesDir, 'bad')).sort())('writes nothing for the bad course %s and keeps what was in the output folder', async (name) => {
    await mkdir(join(work, 'out'))
    const previous = join(work, 'out', `${name}-1.0.0-scorm12.zip`)
    await writeFile(previous, 'the previous good package')
    const io = captureIo(work)
    expect(await main(['build', join(fixturesDir, 'bad', name), '--target', 'all', '--out', 'out'], io)).toBe(1)
    expect(io.stderr).toMatch(/:\d+:\d+: error: /)
    expect(await readdir(join(work, 'out'))).toEqual([`${name}-1.0.0-scorm12.zip`])
    expect(await readFile(previous, 'utf8')).toBe('the previous good package')
  })

  it('treats an unknown target as a usage error (exit 2) and names the choices', async () => {
    const io = captureIo(work)
    expect(await main(['build', 'trata', '--target', 'scorm13'], io)).toBe(2)
    expect(io.stderr).toContain('scorm12')
    expect(existsSync(join(work, 'dist'))).toBe(false)
  })

  it('says the folder is not a course when course.yaml is missing', async () => {
    const io = captureIo(work)
    expect(await main(['build', '.'], io)).toBe(1)
    expect(io.stderr).toMatch(/^course\.yaml:1:1: error: /m)
  })

  it('with --target all, a second zip that cannot be written replaces nothing, names its path and --json says no output', async () => {
    await mkdir(join(work, 'out'))
    const first = join(work, 'out', `trata-consulados-1.0.0-${targetNames[0]}.zip`)
    await writeFile(first, 'the previous good package')
    const second = `out/trata-consulados-1.0.0-${targetNames[1]}.zip`
    await mkdir(join(work, second)) // a folder where the second zip goes: its write cannot succeed
    const io = captureIo(work)
    expect(await main(['build', 'trata', '--target', 'all', '--out', 'out'], io)).toBe(1)
    expect(io.stderr).toBe(`Build failed: cannot write ${second}: it is a folder. No package was written; any earlier package is unchanged.\n`)
    expect(await readFile(first, 'utf8')).toBe('the previous good package')
    expect((await readdir(join(work, 'out'))).filter((n) => n.includes('.tmp-'))).toEqual([])
    const json = captureIo(work)
    expect(await main(['build', 'trata', '--target', 'all', '--out', 'out', '--json'], json)).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: expect.stringContaining(second), outputs: [] })
    expect(await readFile(first, 'utf8')).toBe('the previous good package')
  })

  it('prints help with exit 0 and lists the targets', async () => {
    const io = captureIo(work)
    expect(await main(['build', '--help'], io)).toBe(0)
    for (const t of targetNames) expect(io.stdout).toContain(t)
  })
  it('warns, with the reason and what to use, when a per-module course is built for SCORM 2004 (Moodle does not run it), and still builds', async () => {
    await cp(join(coursesDir, 'prosecuting-trafficking'), join(work, 'pt'), { recursive: true })
    const io = captureIo(work)
    expect(await main(['build', 'pt', '--target', 'scorm2004', '--out', 'out'], io)).toBe(0)
    expect(await readdir(join(work, 'out'))).toEqual(['prosecuting-trafficking-1.0.0-scorm2004.zip'])
    const warning = /pt\/course\.yaml:\d+:\d+: warning: .*\[scorm2004-per-module-moodle\]/
    expect(io.stdout + io.stderr).toMatch(warning)
    expect(io.stdout + io.stderr).toContain('--target scorm12')
    const io12 = captureIo(work)
    expect(await main(['build', 'pt', '--target', 'scorm12', '--out', 'out12'], io12)).toBe(0)
    expect(io12.stdout + io12.stderr).not.toContain('scorm2004-per-module-moodle')
  })
})

describe('coursepack build with several course folders (a catalogue)', () => {
  it('builds them all at once; --json lists each zip with its path, target, bytes and sha256; progress is plain lines on stderr', async () => {
    await cp(join(fixturesDir, 'good/minimal'), join(work, 'minimal'), { recursive: true })
    const io = captureIo(work)
    expect(await main(['build', 'trata', 'minimal', '--target', 'scorm12,xapi', '--json', '--jobs', '2'], io)).toBe(0)
    const report = JSON.parse(io.stdout)
    expect(report.ok).toBe(true)
    expect(report.courses.map((c: { dir: string; ok: boolean }) => [c.dir, c.ok])).toEqual([['trata', true], ['minimal', true]])
    expect(report.outputs).toHaveLength(4)
    for (const o of report.outputs) {
      expect(o.sha256).toBe(await sha256(join(work, o.file)))
      expect(o.bytes).toBe((await readFile(join(work, o.file))).length)
    }
    expect(report.outputs.map((o: { target: string }) => o.target).sort()).toEqual(['scorm12', 'scorm12', 'xapi', 'xapi'])
    expect(io.stderr.split('\n').filter(Boolean).sort()).toEqual([expect.stringMatching(/^\[1\/2\] ✓ (trata|minimal) \(2 zips, [\d.]+ s\)$/), expect.stringMatching(/^\[2\/2\] ✓ (trata|minimal) \(2 zips, [\d.]+ s\)$/)])
  }, 120_000)

  it('one worker builds every course in turn (--jobs 1), a folder whose name holds a newline too, each reported under its own name', async () => {
    await cp(join(fixturesDir, 'good/minimal'), join(work, 'odd\nname'), { recursive: true })
    await cp(join(fixturesDir, 'good/minimal'), join(work, 'minimal'), { recursive: true })
    const io = captureIo(work)
    expect(await main(['build', 'minimal', 'odd\nname', 'trata', '--target', 'web', '--json', '--jobs', '1', '--out', 'out'], io)).toBe(0)
    const report = JSON.parse(io.stdout)
    expect(report.courses.map((c: { dir: string; ok: boolean; outputs: { file: string }[] }) => [c.dir, c.ok, c.outputs.length])).toEqual([['minimal', true, 1], ['odd\nname', true, 1], ['trata', true, 1]])
    expect(io.stderr.split('\n[').length).toBe(3)
  }, 120_000)

  it('a worker that dies mid-build fails only the course it was on; a new worker builds the rest', async () => {
    for (const dir of ['minimal', 'dies-here']) await cp(join(fixturesDir, 'good/minimal'), join(work, dir), { recursive: true })
    // Loaded into each worker: the worker is killed outright as soon as it touches the folder dies-here.
    const preload = join(work, 'kill-worker.mjs')
    await writeFile(preload, [
      "import fsp from 'node:fs/promises'",
      "import { syncBuiltinESMExports } from 'node:module'",
      "for (const name of ['lstat', 'stat', 'realpath', 'open', 'readdir', 'readFile']) {",
      '  const real = fsp[name]',
      "  fsp[name] = function (path, ...rest) { if (String(path).includes('dies-here')) process.kill(process.pid, 'SIGKILL'); return real.call(this, path, ...rest) }",
      '}',
      'syncBuiltinESMExports()',
    ].join('\n'))
    const io = captureIo(work, { NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` })
    expect(await main(['build', 'minimal', 'dies-here', 'trata', '--target', 'web', '--json', '--jobs', '1', '--out', 'out'], io)).toBe(1)
    const report = JSON.parse(io.stdout)
    expect(report.courses.map((c: { dir: string; ok: boolean }) => [c.dir, c.ok])).toEqual([['minimal', true], ['dies-here', false], ['trata', true]])
    expect(io.stderr).toMatch(/^\[2\/3\] ✗ dies-here/m)
    expect((await readdir(join(work, 'out'))).sort()).toEqual(['minimal-course-1.0.0-web.zip', 'trata-consulados-1.0.0-web.zip'])
  }, 120_000)

  it('a course with errors fails the run (exit 1) and names it; the others are built; a missing folder stops it before any build (exit 2)', async () => {
    await cp(join(fixturesDir, 'bad', readdirSync(join(fixturesDir, 'bad'))[0]!), join(work, 'broken'), { recursive: true })
    const io = captureIo(work)
    expect(await main(['build', 'broken', 'trata'], io)).toBe(1)
    expect(io.stderr).toMatch(/^broken: build failed$/m)
    expect(io.stdout).toMatch(/^Built 1 of 2 courses into 1 zip in [\d.]+ s \(2 builds at a time\); 1 failed\.$/m)
    expect(await readdir(join(work, 'dist'))).toEqual(['trata-consulados-1.0.0-scorm12.zip'])
    const missing = captureIo(work)
    expect(await main(['build', 'trata', 'nope'], missing)).toBe(2)
    expect(missing.stderr).toMatch(/^nope does not exist/)
  }, 120_000)
})
