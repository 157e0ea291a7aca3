import { mkdtemp, readdir, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { entryDate, isStored, writeZip } from '../../src/package/zip.js'
import type { PackageFile } from '../../src/targets/target.js'
import { readZip, sha256 } from '../helpers/zip.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coursepack-zip-'))
  await mkdir(join(dir, 'src'))
  await writeFile(join(dir, 'src', 'photo.jpg'), Buffer.alloc(20_000, 7))
  await writeFile(join(dir, 'src', 'notes.txt'), 'trafficking '.repeat(2_000))
})

const files = (): PackageFile[] => [
  { path: 'index.html', data: '<!doctype html><title>x</title>' },
  { path: 'media/photo.jpg', from: join(dir, 'src', 'photo.jpg') },
  { path: 'course.js', data: 'window.__COURSEPACK__={}' },
  { path: 'media/notes.txt', from: join(dir, 'src', 'notes.txt') },
]

describe('writeZip', () => {
  it('gives byte-identical zips for the same files', async () => {
    const a = await writeZip(files(), join(dir, 'a.zip'))
    const b = await writeZip([...files()].reverse(), join(dir, 'b.zip'))
    expect(await sha256(a.path)).toBe(await sha256(b.path))
  })

  it('gives byte-identical zips for many files of different sizes, in sorted order', async () => {
    // Enough files that reading them finishes in a different order from run to run.
    const many: PackageFile[] = []
    for (let i = 0; i < 60; i++) {
      const name = `m${String(59 - i).padStart(2, '0')}.${i % 3 ? 'jpg' : 'txt'}`
      await writeFile(join(dir, 'src', name), Buffer.alloc(((i * 7919) % 50) * 1000 + 1, i))
      many.push({ path: `media/${name}`, from: join(dir, 'src', name) }, { path: `page-${i}.html`, data: `<p>${i}</p>` })
    }
    const hashes = new Set<string>()
    for (let run = 0; run < 4; run++) hashes.add(await sha256((await writeZip(many, join(dir, `many-${run}.zip`))).path))
    expect(hashes.size).toBe(1)
    const names = (await readZip(join(dir, 'many-0.zip'))).map((e) => e.name)
    expect(names).toEqual([...names].sort())
  })

  it('sorts entries by path and stamps each with one fixed date', async () => {
    const zip = await writeZip(files(), join(dir, 'a.zip'))
    const entries = await readZip(zip.path)
    expect(entries.map((e) => e.name)).toEqual(['course.js', 'index.html', 'media/notes.txt', 'media/photo.jpg'])
    for (const e of entries) expect(e.date.toISOString()).toBe('1980-01-01T00:00:00.000Z')
  })

  it('uses SOURCE_DATE_EPOCH for entry dates when it is set', async () => {
    const date = entryDate({ SOURCE_DATE_EPOCH: '1700000000' })
    const zip = await writeZip(files(), join(dir, 'a.zip'), date)
    const entries = await readZip(zip.path)
    // DOS dates have a two-second resolution.
    expect(entries[0].date.toISOString()).toBe('2023-11-14T22:13:20.000Z')
  })

  it('stores already-compressed media and deflates text', async () => {
    const entries = await readZip((await writeZip(files(), join(dir, 'a.zip'))).path)
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]))
    expect(byName['media/photo.jpg'].method).toBe(0)
    expect(byName['media/notes.txt'].method).toBe(8)
    expect(byName['media/notes.txt'].compressedSize).toBeLessThan(byName['media/notes.txt'].size / 10)
    expect(byName['media/photo.jpg'].data.equals(Buffer.alloc(20_000, 7))).toBe(true)
    expect(['x.JPG', 'a.mp4', 'b.pdf', 'c.png', 'd.mp3'].every(isStored)).toBe(true)
    expect(['x.html', 'a.svg', 'b.vtt', 'c.js'].some(isStored)).toBe(false)
  })

  it('keeps the previous zip when a file to pack is missing', async () => {
    const good = await writeZip(files(), join(dir, 'course.zip'))
    const before = await sha256(good.path)
    const broken = [...files(), { path: 'media/missing.png', from: join(dir, 'src', 'missing.png') }]
    await expect(writeZip(broken, join(dir, 'course.zip'))).rejects.toThrow()
    expect(await sha256(good.path)).toBe(before)
    expect((await readdir(dir)).sort()).toEqual(['course.zip', 'src'])
  })

  it('leaves no temporary file when a write fails after the temporary zip was written', async () => {
    // A non-empty folder where the zip should go: the whole zip is written under its temporary
    // name, then renaming it over the folder fails.
    await mkdir(join(dir, 'course.zip'))
    await writeFile(join(dir, 'course.zip', 'notes.txt'), 'keep me')
    await expect(writeZip(files(), join(dir, 'course.zip'))).rejects.toThrow()
    expect((await readdir(dir)).sort()).toEqual(['course.zip', 'src'])
    expect(await readdir(join(dir, 'course.zip'))).toEqual(['notes.txt'])
  })

  it('refuses two files with the same path instead of writing an ambiguous zip', async () => {
    await expect(writeZip([...files(), { path: 'index.html', data: 'again' }], join(dir, 'x.zip'))).rejects.toThrow(/index\.html/)
  })
})
