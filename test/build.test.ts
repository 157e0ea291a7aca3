import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCourse, PackageWriteError } from '../src/build.js'
import { commitZip, stageZip } from '../src/package/zip.js'
import { targetNames } from '../src/targets/index.js'
import { templatesDir } from '../src/paths.js'
import { SCORM12_CONTROL_FILES } from '../src/targets/scorm12.js'
import { examplePackage, type ExampleName } from './helpers/examples.js'
import { SCORM12_SCHEMA, VALID, xsdBatch } from './helpers/xsd.js'
import { readZip, sha256, type ZipEntryInfo } from './helpers/zip.js'

// The example courses, built for real (once per run, by the global setup, which fails on any
// error) and read back from their zips.
const examples: { name: ExampleName; scos: number }[] = [
  { name: 'prosecuting-trafficking', scos: 9 },
  { name: 'trata-consulados', scos: 1 },
]

async function manifestOf(name: ExampleName): Promise<string> {
  return (await readZip(examplePackage(name, 'scorm12'))).find((e) => e.name === 'imsmanifest.xml')!.data.toString('utf8')
}
// Both manifests in one xmllint run.
const xsd = xsdBatch(SCORM12_SCHEMA)
const verdicts = Object.fromEntries(examples.map(({ name }) => [name, xsd.add(() => manifestOf(name))]))

describe.each(examples)('the example course $name', ({ name, scos }) => {
  let scorm: ZipEntryInfo[]
  let web: ZipEntryInfo[]
  let manifest: string
  beforeAll(async () => {
    scorm = await readZip(examplePackage(name, 'scorm12'))
    web = await readZip(examplePackage(name, 'web'))
    manifest = scorm.find((e) => e.name === 'imsmanifest.xml')!.data.toString('utf8')
  })

  it('has a SCORM 1.2 manifest valid against the official schemas', async () => {
    expect(await verdicts[name]()).toEqual(VALID)
  })

  it(`has ${scos} SCO${scos > 1 ? 's' : ''}, each launching a page that is in the zip`, () => {
    const hrefs = [...manifest.matchAll(/adlcp:scormtype="sco" href="([^"]+)"/g)].map((m) => m[1])
    expect(hrefs).toHaveLength(scos)
    for (const href of hrefs) expect(scorm.map((e) => e.name)).toContain(href)
  })

  it('lists exactly the files in the zip, apart from the manifest and its control files', () => {
    const listed = [...manifest.matchAll(/<file href="([^"]+)"/g)].map((m) => m[1]).sort()
    const packaged = scorm.map((e) => e.name).filter((n) => n !== 'imsmanifest.xml' && !SCORM12_CONTROL_FILES.includes(n)).sort()
    expect(listed).toEqual(packaged)
  })

  it('carries the control files at the root and the player, course data and media', () => {
    const names = scorm.map((e) => e.name)
    for (const f of [...SCORM12_CONTROL_FILES, 'course.js', 'player/player.js', 'player/theme.css']) expect(names).toContain(f)
    expect(names.some((n) => n.startsWith('media/'))).toBe(true)
  })

  it('packs only media the course references', () => {
    const html = scorm.find((e) => e.name === 'course.js')!.data.toString('utf8')
    for (const media of scorm.filter((e) => e.name.startsWith('media/'))) {
      expect(html, `${media.name} is packaged but never referenced`).toContain(media.name)
    }
  })

  it('has a web package with index.html, the local-storage player and no SCORM manifest', () => {
    const names = web.map((e) => e.name)
    expect(names).toContain('index.html')
    expect(names).not.toContain('imsmanifest.xml')
    const webPlayer = web.find((e) => e.name === 'player/player.js')!.data
    const scormPlayer = scorm.find((e) => e.name === 'player/player.js')!.data
    expect(webPlayer.equals(scormPlayer)).toBe(false)
  })
})

describe('a build of several targets that fails half-way', () => {
  /** The skeleton course built for every target into out/, then changed, so a rebuild would give different zips. */
  async function builtThenChanged() {
    const work = await mkdtemp(join(tmpdir(), 'coursepack-halfway-'))
    const dir = join(work, 'course')
    const outDir = join(work, 'out')
    await cp(join(templatesDir, 'course'), dir, { recursive: true })
    const first = await buildCourse(dir, { targets: targetNames, outDir })
    expect(first.outputs).toHaveLength(targetNames.length)
    const hashes = async () => Promise.all(first.outputs.map((o) => sha256(o.path)))
    const before = await hashes()
    const module = join(dir, 'modules', '01-welcome.md')
    await writeFile(module, (await readFile(module, 'utf8')).replace('Welcome!', 'Welcome back!'))
    return { dir, outDir, outputs: first.outputs, before, hashes }
  }
  const diskFull = (path: string) => Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', syscall: 'write', path })

  it('replaces no package when the second zip cannot be written, names that zip and leaves no temporary file', async () => {
    const { dir, outDir, outputs, before, hashes } = await builtThenChanged()
    let calls = 0
    const failSecond: typeof stageZip = async (files, outPath) => {
      if (++calls === 2) throw diskFull(outPath)
      return stageZip(files, outPath)
    }
    const error = await buildCourse(dir, { targets: targetNames, outDir }, { stageZip: failSecond, commitZip }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PackageWriteError)
    expect((error as PackageWriteError).path).toBe(outputs[1]!.path)
    expect((error as PackageWriteError).written).toEqual([])
    expect(await hashes()).toEqual(before)
    expect((await readdir(outDir)).sort()).toEqual(outputs.map((o) => o.path.slice(outDir.length + 1)).sort())
  })

  it('reports exactly the zips already in place when a rename fails after them', async () => {
    const { dir, outDir, outputs, before, hashes } = await builtThenChanged()
    let calls = 0
    const failSecond: typeof commitZip = async (staged) => {
      if (++calls === 2) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY', syscall: 'rename', path: staged.tmpPath, dest: staged.path })
      return commitZip(staged)
    }
    const error = await buildCourse(dir, { targets: targetNames, outDir }, { stageZip, commitZip: failSecond }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PackageWriteError)
    const { path, written } = error as PackageWriteError
    expect(path).toBe(outputs[1]!.path)
    expect(written.map((o) => o.path)).toEqual([outputs[0]!.path])
    const after = await hashes()
    expect(after[0]).not.toBe(before[0]) // the one reported as written was replaced…
    expect(after.slice(1)).toEqual(before.slice(1)) // …and no other
    expect((await readdir(outDir)).filter((n) => n.includes('.tmp-'))).toEqual([])
  })
})
