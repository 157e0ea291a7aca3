import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { parse } from 'yaml'
import { toolRoot } from '../../src/paths.js'
import { captureIo } from '../helpers/io.js'

describe('coursepack init', () => {
  it('creates a course that validates and builds, named after its folder', async () => {
    const work = await mkdtemp(join(tmpdir(), 'coursepack-init-'))
    const io = captureIo(work)
    expect(await main(['init', 'Formación Fiscal 2026'], io)).toBe(0)
    const dir = join(work, 'Formación Fiscal 2026')
    expect(await readFile(join(dir, 'course.yaml'), 'utf8')).toMatch(/^id: formacion-fiscal-2026$/m)
    expect(existsSync(join(dir, '.gitignore'))).toBe(true)
    expect(existsSync(join(dir, '_gitignore'))).toBe(false)
    expect(await main(['validate', 'Formación Fiscal 2026'], captureIo(work))).toBe(0)
    expect(await main(['build', 'Formación Fiscal 2026', '--target', 'all'], captureIo(work))).toBe(0)
  })

  it('refuses a folder that already has files and leaves them alone', async () => {
    const work = await mkdtemp(join(tmpdir(), 'coursepack-init-'))
    await mkdir(join(work, 'mine'))
    await writeFile(join(work, 'mine', 'notes.md'), 'keep me')
    const io = captureIo(work)
    expect(await main(['init', 'mine'], io)).toBe(1)
    expect(io.stderr).toContain('not empty')
    expect(await readdir(join(work, 'mine'))).toEqual(['notes.md'])
  })
})

describe('coursepack init --ci github', () => {
  it('writes the GitHub Actions workflow from templates/ci into .github/workflows/, pinned to this version, using only commands the CLI has', async () => {
    const work = await mkdtemp(join(tmpdir(), 'coursepack-init-'))
    const io = captureIo(work)
    expect(await main(['init', 'course', '--ci', 'github'], io)).toBe(0)
    expect(io.stdout).toContain('with a CI workflow in course/.github/workflows/coursepack.yml')
    const text = await readFile(join(work, 'course', '.github/workflows/coursepack.yml'), 'utf8')
    const version = JSON.parse(await readFile(join(toolRoot, 'package.json'), 'utf8')).version
    const workflow = parse(text)
    expect(workflow.env.COURSEPACK_VERSION).toBe(version)
    expect(Object.keys(workflow.jobs)).toEqual(['find', 'build', 'release'])
    expect(workflow.jobs.build.strategy.matrix.course).toBe('${{ fromJSON(needs.find.outputs.courses) }}')
    const commands = [...text.matchAll(/^\s+(?:run: )?coursepack (\w+)/gm)].map((m) => m[1])
    expect([...new Set(commands)].sort()).toEqual(['build', 'check', 'inspect', 'validate'])
    for (const command of commands) expect(await main([command, '--help'], captureIo(work))).toBe(0)
  })

  it('names the services it knows for any other', async () => {
    const io = captureIo(await mkdtemp(join(tmpdir(), 'coursepack-init-')))
    expect(await main(['init', 'course', '--ci', 'gitlab'], io)).toBe(2)
    expect(io.stderr).toContain('"gitlab" is not a CI service coursepack writes a workflow for: github.')
  })
})
