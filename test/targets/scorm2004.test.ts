import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { create } from 'xmlbuilder2'
import { zipName } from '../../src/build.js'
import { loadCourse } from '../../src/course/load.js'
import { targetNames, targets } from '../../src/targets/index.js'
import { buildScorm2004Manifest, normalizedPassingScore, scorm2004, SCORM2004_CONTROL_FILES } from '../../src/targets/scorm2004.js'
import type { PackageFile } from '../../src/targets/target.js'
import { examplePackage, type ExampleName } from '../helpers/examples.js'
import { coursesDir, repoRoot, sharedFile } from '../helpers/paths.js'
import { sampleCourse } from '../helpers/sample-course.js'
import { SCORM2004_SCHEMA, VALID, xsdBatch } from '../helpers/xsd.js'
import { readZip } from '../helpers/zip.js'

function payloadFor(paths: string[]): PackageFile[] {
  return paths.map((path) => ({ path, data: '' }))
}
const common = ['course.js', 'media/map.svg', 'player/player.js', 'player/theme.css']
const perModulePaths = ['module-definition.html', 'module-practice.html', ...common]

// A small DOM over the manifest: the checks below are about structure, not text.
type El = { tagName: string; childNodes: ArrayLike<any>; getAttribute(name: string): string | null; hasAttribute(name: string): boolean; getElementsByTagName(name: string): ArrayLike<El> }
function parse(xml: string): El {
  return create(xml).root().node as unknown as El
}
function children(el: El, tag?: string): El[] {
  return Array.from(el.childNodes).filter((n: any) => n.nodeType === 1 && (!tag || n.tagName === tag)) as El[]
}
function all(el: El, tag: string): El[] {
  return Array.from(el.getElementsByTagName(tag))
}

/**
 * The ADL 2004 CTS application-profile rules that the XSDs do not check (SPEC-NOTES §3.2); returns
 * each broken rule as a sentence, so a failure says what is wrong.
 */
function ctsProblems(xml: string): string[] {
  const problems: string[] = []
  const manifest = parse(xml)
  const metadata = children(manifest, 'metadata')
  if (metadata.length !== 1) problems.push('manifest needs exactly one metadata')
  else {
    const [schema, version] = children(metadata[0])
    if (schema?.tagName !== 'schema' || version?.tagName !== 'schemaversion') problems.push('metadata must start with schema, schemaversion')
  }
  const organizations = children(manifest, 'organizations')
  const resources = children(manifest, 'resources')
  if (organizations.length !== 1) problems.push('manifest needs exactly one organizations')
  if (resources.length !== 1) problems.push('manifest needs exactly one resources')
  const resourceEls = all(manifest, 'resource')
  const resourceIds = resourceEls.map((r) => r.getAttribute('identifier'))
  if (new Set(resourceIds).size !== resourceIds.length) problems.push('resource identifiers must be unique')
  const orgs = all(manifest, 'organization')
  if (!orgs.some((o) => o.getAttribute('identifier') === organizations[0]?.getAttribute('default'))) problems.push('organizations/@default does not resolve')
  const referenced = new Set<string>()
  for (const org of orgs) {
    if (children(org, 'title').length !== 1) problems.push(`organization ${org.getAttribute('identifier')} needs exactly one title`)
    if (children(org, 'item').length === 0) problems.push(`organization ${org.getAttribute('identifier')} needs an item`)
  }
  for (const item of all(manifest, 'item')) {
    const id = item.getAttribute('identifier')
    if (!id) problems.push('an item has no identifier')
    if (children(item, 'title').length !== 1) problems.push(`item ${id} needs exactly one title`)
    const leaf = children(item, 'item').length === 0
    const ref = item.getAttribute('identifierref')
    if (!leaf && ref !== null) problems.push(`item ${id} has children and an identifierref`)
    if (leaf && !ref) problems.push(`leaf item ${id} has no identifierref`)
    if (ref) {
      referenced.add(ref)
      const target = resourceEls.find((r) => r.getAttribute('identifier') === ref)
      if (!target) problems.push(`item ${id} identifierref ${ref} does not resolve`)
      else if (!target.getAttribute('href')) problems.push(`resource ${ref} is launched by an item but has no href`)
    }
  }
  for (const r of resourceEls) {
    const id = r.getAttribute('identifier')
    for (const a of ['identifier', 'type', 'adlcp:scormType']) if (!r.hasAttribute(a)) problems.push(`resource ${id} has no ${a}`)
    if (!['sco', 'asset'].includes(r.getAttribute('adlcp:scormType') ?? '')) problems.push(`resource ${id} scormType is not sco/asset`)
    for (const d of children(r, 'dependency')) {
      const ref = d.getAttribute('identifierref') ?? ''
      referenced.add(ref)
      if (!resourceIds.includes(ref)) problems.push(`dependency ${ref} of ${id} does not resolve`)
    }
  }
  for (const id of resourceIds) if (!referenced.has(id!)) problems.push(`resource ${id} is referenced by nothing`)
  for (const el of [...resourceEls, ...all(manifest, 'file')]) {
    const href = el.getAttribute('href')
    if (href !== null && (/^[/\\]/.test(href) || href.includes('\\'))) problems.push(`href ${href} has a backslash or a leading slash`)
  }
  return problems
}

async function exampleManifest(name: ExampleName): Promise<string> {
  return (await readZip(examplePackage(name, 'scorm2004'))).find((e) => e.name === 'imsmanifest.xml')!.data.toString('utf8')
}

// Every manifest this file validates, validated in one xmllint run.
const xsd = xsdBatch(SCORM2004_SCHEMA)
const singleSco = () => buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
const perModule = () => buildScorm2004Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(perModulePaths))
const longVersion = () => buildScorm2004Manifest(sampleCourse({ id: '2024-course', version: '1.0.0-rc.1+build.20260105' }), payloadFor(['index.html', ...common]))
const verdict = {
  singleSco: xsd.add(singleSco),
  perModule: xsd.add(perModule),
  lowerCaseScormType: xsd.add(() => perModule().replace(/adlcp:scormType=/g, 'adlcp:scormtype=')),
  longVersion: xsd.add(longVersion),
  broken: xsd.add(() => singleSco().replace('flow="true"', 'flow="yes"')),
  'prosecuting-trafficking': xsd.add(() => exampleManifest('prosecuting-trafficking')),
  'trata-consulados': xsd.add(() => exampleManifest('trata-consulados')),
}

describe('SCORM 2004 manifest', () => {
  it('is valid against the 4th edition schemas for a single-SCO course', async () => {
    expect(await verdict.singleSco()).toEqual(VALID)
  })

  it('is valid against the 4th edition schemas with one SCO per module, in module order', async () => {
    const xml = perModule()
    expect(await verdict.perModule()).toEqual(VALID)
    const items = all(parse(xml), 'item')
    expect(items.map((i) => i.getAttribute('identifier'))).toEqual(['ITEM-MODULE-definition', 'ITEM-MODULE-practice'])
    expect(all(parse(xml), 'resource').filter((r) => r.getAttribute('adlcp:scormType') === 'sco').map((r) => r.getAttribute('href')))
      .toEqual(['module-definition.html', 'module-practice.html'])
  })

  it('follows the CTS application profile rules the schemas do not check, in both SCO modes', () => {
    expect(ctsProblems(buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common])))).toEqual([])
    expect(ctsProblems(buildScorm2004Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(perModulePaths)))).toEqual([])
  })

  it('the rule checker finds a dangling identifierref and a leading slash, so it is really checking', () => {
    const xml = buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
      .replace('identifierref="RES-COURSE"', 'identifierref="RES-NOPE"').replace('href="course.js"', 'href="/course.js"')
    expect(ctsProblems(xml)).toEqual(expect.arrayContaining([
      'item ITEM-COURSE identifierref RES-NOPE does not resolve', 'href /course.js has a backslash or a leading slash',
    ]))
  })

  it('says schemaversion 2004 4th Edition, exactly', () => {
    const xml = buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(xml).toContain('<schema>ADL SCORM</schema>')
    expect(all(parse(xml), 'schemaversion').map((e: any) => e.textContent)).toEqual(['2004 4th Edition'])
  })

  it('spells adlcp:scormType with a capital T on every resource (the schemas let a lower-case one through)', async () => {
    const xml = buildScorm2004Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(perModulePaths))
    expect(xml).toContain('xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"')
    expect(all(parse(xml), 'resource').map((r) => r.getAttribute('adlcp:scormType'))).toEqual(['sco', 'sco', 'asset'])
    expect(xml).not.toMatch(/scormtype/)
    // Why this test exists: the 1.2 spelling validates against the 2004 schemas, and an LMS then sees no SCO.
    const wrong = xml.replace(/adlcp:scormType=/g, 'adlcp:scormtype=')
    expect((await verdict.lowerCaseScormType()).valid).toBe(true)
    expect(ctsProblems(wrong)).toContain('resource RES-MODULE-definition has no adlcp:scormType')
  })

  it('lets the learner choose and flow between SCOs, with objectives local to the package', () => {
    const xml = buildScorm2004Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(perModulePaths))
    const org = all(parse(xml), 'organization')[0]
    expect(org.getAttribute('adlseq:objectivesGlobalToSystem')).toBe('false')
    const [sequencing] = children(org, 'imsss:sequencing')
    expect(children(sequencing, 'imsss:controlMode').map((c) => [c.getAttribute('choice'), c.getAttribute('flow')])).toEqual([['true', 'true']])
  })

  it('lets each SCO set its own completion and success', () => {
    for (const [course, paths] of [[sampleCourse(), ['index.html', ...common]], [sampleCourse({ sco: 'per-module' }), perModulePaths]] as const) {
      const items = all(parse(buildScorm2004Manifest(course, payloadFor([...paths]))), 'item')
      for (const item of items) {
        const delivery = all(item, 'imsss:deliveryControls')
        expect(delivery.map((d) => [d.getAttribute('completionSetByContent'), d.getAttribute('objectiveSetByContent')])).toEqual([['true', 'true']])
      }
    }
  })

  it('gives only SCOs with graded questions a primary objective satisfied by passing_score as a measure', () => {
    const xml = buildScorm2004Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(perModulePaths))
    const [graded, practice] = all(parse(xml), 'item')
    const [primary] = all(graded, 'imsss:primaryObjective')
    expect(primary.getAttribute('satisfiedByMeasure')).toBe('true')
    expect(all(primary, 'imsss:minNormalizedMeasure').map((e: any) => e.textContent)).toEqual(['0.75'])
    expect(all(practice, 'imsss:objectives')).toEqual([])
    const single = buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(single).toContain('<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>')
  })

  it.each([[75, '0.75'], [80, '0.8'], [0, '0'], [100, '1'], [67.5, '0.675'], [33.33, '0.3333']])('passing_score %d is the measure %s', (score, measure) => {
    expect(normalizedPassingScore(score)).toBe(measure)
  })

  it('escapes titles with &, < and quotes and keeps accented text', () => {
    const xml = buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(xml).toContain('<title>Trata &amp; explotación: &lt;prueba&gt; "rápida"</title>')
  })

  it('lists every packaged file once, with relative forward-slash paths', () => {
    const paths = ['index.html', ...common]
    const listed = all(parse(buildScorm2004Manifest(sampleCourse(), payloadFor(paths))), 'file').map((f) => f.getAttribute('href'))
    expect([...listed].sort()).toEqual([...paths].sort())
  })

  it('leaves out a version longer than 20 characters and gives ids starting with a digit a valid identifier', async () => {
    const xml = longVersion()
    expect(parse(xml).getAttribute('identifier')).toBe('course-2024-course')
    expect(parse(xml).hasAttribute('version')).toBe(false)
    expect(await verdict.longVersion()).toEqual(VALID)
  })

  it('fails schema validation for a broken manifest, so the validator is really checking', async () => {
    expect((await verdict.broken()).valid).toBe(false)
  })
})

describe('SCORM 2004 control files', () => {
  const folder = join(repoRoot, 'templates', 'schemas', 'scorm2004-4th')

  it('are byte-identical copies of the official 4th edition files', () => {
    for (const name of SCORM2004_CONTROL_FILES) {
      expect(readFileSync(join(folder, name)).equals(readFileSync(sharedFile(join('schemas', 'scorm2004-4th', name)))), name).toBe(true)
    }
  })

  it('are every file reachable from the manifest schemaLocation, through imports, includes and DTDs', () => {
    const xml = buildScorm2004Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    const location = parse(xml).getAttribute('xsi:schemaLocation')!.split(/\s+/)
    const queue = location.filter((_, i) => i % 2 === 1)
    const reached = new Set<string>()
    while (queue.length > 0) {
      const name = queue.shift()!
      if (reached.has(name)) continue
      reached.add(name)
      const text = readFileSync(join(folder, name), 'utf8')
      for (const m of text.matchAll(/schemaLocation\s*=\s*"([^"]+)"/g)) if (!/^https?:/.test(m[1])) queue.push(m[1])
      for (const m of text.matchAll(/<!(?:DOCTYPE|ENTITY)[^>]*?(?:PUBLIC\s+(?:"[^"]*"|'[^']*')|SYSTEM)\s+(?:"([^"]+)"|'([^']+)')/g)) queue.push(m[1] ?? m[2])
    }
    expect([...reached].sort()).toEqual([...SCORM2004_CONTROL_FILES].sort())
  })

  it('go to the package root with the manifest', () => {
    const files = scorm2004.files(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(files.map((f) => f.path).sort()).toEqual(['imsmanifest.xml', ...SCORM2004_CONTROL_FILES].sort())
  })
})

describe('the scorm2004 target', () => {
  it('is in the targets table, so --target all builds it, named <id>-<version>-scorm2004.zip', () => {
    expect(targetNames).toContain('scorm2004')
    expect(targets.scorm2004).toMatchObject({ name: 'scorm2004', adapter: 'scorm2004' })
    expect(zipName(sampleCourse(), 'scorm2004')).toBe('sample-course-1.2.0-scorm2004.zip')
  })
})

describe.each<{ name: ExampleName; scos: number }>([
  { name: 'prosecuting-trafficking', scos: 9 },
  { name: 'trata-consulados', scos: 1 },
])('the example course $name as SCORM 2004', ({ name, scos }) => {
  let entries: { name: string; data: Buffer }[]
  let manifest: string
  beforeAll(async () => {
    // Built once per run, with no error, by the global setup.
    const zip = examplePackage(name, 'scorm2004')
    expect(basename(zip)).toBe(zipName((await loadCourse(join(coursesDir, name))).course!, 'scorm2004'))
    entries = await readZip(zip)
    manifest = entries.find((e) => e.name === 'imsmanifest.xml')!.data.toString('utf8')
  })

  it('has a manifest valid against the 4th edition schemas and the CTS rules', async () => {
    expect(await verdict[name]()).toEqual(VALID)
    expect(ctsProblems(manifest)).toEqual([])
  })

  it(`has ${scos} SCO${scos > 1 ? 's' : ''}, each launching a page that is in the zip`, () => {
    const hrefs = all(parse(manifest), 'resource').filter((r) => r.getAttribute('adlcp:scormType') === 'sco').map((r) => r.getAttribute('href')!)
    expect(hrefs).toHaveLength(scos)
    for (const href of hrefs) expect(entries.map((e) => e.name)).toContain(href)
  })

  it('lists exactly the files in the zip, apart from the manifest and its control files', () => {
    const listed = all(parse(manifest), 'file').map((f) => f.getAttribute('href')).sort()
    const packaged = entries.map((e) => e.name).filter((n) => n !== 'imsmanifest.xml' && !SCORM2004_CONTROL_FILES.includes(n)).sort()
    expect(listed).toEqual(packaged)
  })

  it('carries the control files at the root and the SCORM 2004 player', () => {
    const names = entries.map((e) => e.name)
    for (const f of SCORM2004_CONTROL_FILES) expect(names).toContain(f)
    const player = entries.find((e) => e.name === 'player/player.js')!.data.toString('utf8')
    expect(player).toContain('API_1484_11')
    expect(player).not.toContain('LMSInitialize')
  })
})
