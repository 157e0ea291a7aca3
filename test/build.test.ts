import { beforeAll, describe, expect, it } from 'vitest'
import { SCORM12_CONTROL_FILES } from '../src/targets/scorm12.js'
import { examplePackage, type ExampleName } from './helpers/examples.js'
import { SCORM12_SCHEMA, VALID, xsdBatch } from './helpers/xsd.js'
import { readZip, type ZipEntryInfo } from './helpers/zip.js'

// The example courses, built for real (once per run, by the global setup, which fails on any
// error) and read back from their zips.
const examples: { name: ExampleName; scos: number }[] = [
  { name: 'prosecuting-trafficking', scos: 8 },
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
