import { existsSync } from 'node:fs'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPackage, PackageError } from '../../src/check/package.js'
import { ZIP_LIMITS, ZipRefusedError } from '../../src/inspect/zip.js'
import { craftZip, overlapEntries, SCO_HTML, SCORM12_MANIFEST } from './hostile-zips.js'

const base = () => [{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST() }, { path: 'sco.html', data: SCO_HTML }]

/** Opens the zip into a fresh parent folder; returns what it threw and what the parent holds after. */
async function open(zip: string, limits = ZIP_LIMITS) {
  const parent = await mkdtemp(join(tmpdir(), 'coursepack-zip-test-'))
  try {
    const pkg = await openPackage(zip, parent, limits)
    await pkg.remove()
    return { error: undefined, left: await readdir(parent) }
  } catch (error) {
    return { error, left: await readdir(parent) }
  }
}

describe('check reads a zip from anyone without trusting it', () => {
  it('unpacks a plain package and removes it', async () => {
    const { error, left } = await open(await craftZip(base()))
    expect(error).toBeUndefined()
    expect(left).toEqual([])
  })

  it('refuses an entry that unpacks to more than 200 times its size, before writing anything', async () => {
    const zip = await craftZip([...base(), { path: 'zeros.txt', data: Buffer.alloc(3 * 1024 * 1024) }])
    const { error, left } = await open(zip)
    expect(error).toBeInstanceOf(ZipRefusedError)
    expect((error as Error).message).toMatch(/^entry zeros\.txt unpacks to 3\.0 MB from [\d,]+ bytes, more than 200 times its size \(a zip bomb\)$/)
    expect(left).toEqual([])
  })

  it('refuses a zip that unpacks past the total limit, and one with too many entries', async () => {
    const files = [...base(), ...Array.from({ length: 12 }, (_, i) => ({ path: `media/f${i}.txt`, data: `file ${i} `.repeat(50) }))]
    const zip = await craftZip(files)
    const big = await open(zip, { ...ZIP_LIMITS, totalBytes: 4000 })
    expect((big.error as Error).message).toMatch(/^it unpacks to .* MB; check unpacks at most .* MB/)
    expect(big.error).toBeInstanceOf(ZipRefusedError)
    const many = await open(zip, { ...ZIP_LIMITS, entries: 10 })
    expect(many.error).toBeInstanceOf(ZipRefusedError)
    expect((many.error as Error).message).toBe('it lists 14 entries; check unpacks at most 10 (a zip bomb or not a course)')
    expect([...big.left, ...many.left]).toEqual([])
  })

  it('refuses central-directory entries that share one body', async () => {
    const zip = await craftZip([...base(), ...['a', 'b', 'c'].map((n) => ({ path: `${n}.txt`, data: `${n} `.repeat(2000) }))])
    await overlapEntries(zip, 'a.txt', ['b.txt', 'c.txt'])
    const { error, left } = await open(zip)
    expect(error).toBeInstanceOf(ZipRefusedError)
    expect((error as Error).message).toMatch(/^entries [abc]\.txt and [abc]\.txt overlap in the zip/)
    expect(left).toEqual([])
  })

  it('reports zip-slip, absolute and duplicate entries as problems of the package, writing none of them', async () => {
    const zip = await craftZip([
      ...base(),
      { path: 'QQ/slip.html', data: 'x' }, { path: 'Qabs.html', data: 'x' },
      { path: 'dupA.html', data: 'one' }, { path: 'dupB.html', data: 'two' },
    ], { 'QQ/slip.html': '../slip.html', 'Qabs.html': '/abs.html', dupB: 'dupA' })
    const { error, left } = await open(zip)
    expect(error).toBeInstanceOf(PackageError)
    expect((error as PackageError).problems).toEqual([
      "entry ../slip.html climbs out of the package with '..' (zip slip): an LMS refuses it or writes it outside the package",
      'entry /abs.html has an absolute path: an LMS refuses it or writes it outside the package',
      'entry dupA.html is in the zip twice: which copy an LMS unpacks is anyone\'s guess',
    ])
    expect(left).toEqual([])
    expect(existsSync(join(tmpdir(), 'slip.html'))).toBe(false)
  })
})
