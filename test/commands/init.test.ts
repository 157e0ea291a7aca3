import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
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
