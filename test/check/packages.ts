// Test packages for check: the example courses built into a temp folder, and the bad SCOs under
// test/fixtures/packages zipped as an author's tool would.
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { buildCourse } from '../../src/build.js'
import { writeZip } from '../../src/package/zip.js'
import type { TargetName } from '../../src/targets/index.js'
import { coursesDir, fixturesDir } from '../helpers/paths.js'

export async function buildExample(course: 'trata-consulados' | 'prosecuting-trafficking', target: TargetName): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-check-build-'))
  const result = await buildCourse(join(coursesDir, course), { targets: [target], outDir })
  if (result.outputs.length !== 1) throw new Error(`building ${course} for ${target} failed: ${JSON.stringify(result.diagnostics)}`)
  return result.outputs[0].path
}

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
