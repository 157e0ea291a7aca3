// Test packages for check: the bad SCOs under test/fixtures/packages zipped as an author's tool would
// (the example courses' zips come from test/helpers/examples.ts).
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { writeZip } from '../../src/package/zip.js'
import { fixturesDir } from '../helpers/paths.js'

/** Zips test/fixtures/packages/<name>/ into a temp folder; returns the zip's path. */
export async function zipFixture(name: string): Promise<string> {
  const dir = join(fixturesDir, 'packages', name)
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => {
      const from = join(e.parentPath, e.name)
      return { path: relative(dir, from).split('\\').join('/'), from }
    })
  const out = join(await mkdtemp(join(tmpdir(), 'coursepack-check-fixture-')), `${name}.zip`)
  await writeZip(files, out)
  return out
}
