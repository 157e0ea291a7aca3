import { readdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inspectPackage, type Inspection } from '../../src/inspect/index.js'
import { ZIP_LIMITS } from '../../src/inspect/zip.js'
import type { ProblemCode } from '../../src/inspect/problems.js'
import { targetNames, targets } from '../../src/targets/index.js'
import { EXAMPLES, examplePackage } from '../helpers/examples.js'
import { coursesDir, sharedFile } from '../helpers/paths.js'
import { loadCourse } from '../../src/course/load.js'
import { craftZip, markEncrypted, markSymlink, overlapEntries, SCO_HTML, SCORM12_MANIFEST } from './hostile-zips.js'

const inspect = (zip: string, limits = ZIP_LIMITS) => inspectPackage(zip, { displayName: 'package.zip', limits })
const codes = (i: Inspection) => i.problems.map((p) => p.code)
const base = (manifest = SCORM12_MANIFEST()) => [{ path: 'imsmanifest.xml', data: manifest }, { path: 'sco.html', data: SCO_HTML }]

/** Zips a folder of ../shared (the Tin Can example is stored unpacked). */
async function zipFolder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((e) => e.isFile()).map((e) => ({ path: relative(dir, join(e.parentPath, e.name)).split('\\').join('/'), from: join(e.parentPath, e.name) }))
  return craftZip(files)
}

describe('inspect identifies every third-party package in ../shared', () => {
  const cases: [string, Inspection['kind'], string, ProblemCode[]][] = [
    ['scorm12/singlesco_scorm12.zip', 'scorm12', 'SCORM 1.2', []],
    ['scorm12/RuntimeMinimumCalls_SCORM12.zip', 'scorm12', 'SCORM 1.2', []],
    ['scorm12/singlescobasic.zip', 'scorm12', 'SCORM 1.2', []],
    ['scorm2004-3rd/RuntimeBasicCalls_SCORM20043rdEdition.zip', 'scorm2004', 'SCORM 2004 3rd Edition', []],
    ['cmi5/single_au_basic_responsive.zip', 'cmi5', 'cmi5', []],
    ['moodle-import-negative/badscorm.zip', 'none', 'not a package', ['manifest-not-at-root']],
    ['moodle-import-negative/invalid.zip', 'none', 'not a package', ['not-a-package']],
    ['moodle-import-negative/validscorm.zip', 'scorm', 'SCORM (manifest unreadable)', ['not-well-formed']],
    ['moodle-import-negative/singlescobasic_missingorg.zip', 'scorm12', 'SCORM 1.2', ['unlisted-file']],
  ]
  for (const [file, kind, standard, expected] of cases) {
    it(`${file}: ${standard}${expected.length ? `, ${expected.join(', ')}` : ', no problems'}`, async () => {
      const i = await inspect(sharedFile(`third-party-packages/${file}`))
      expect({ kind: i.kind, standard: i.standard, codes: codes(i) }).toEqual({ kind, standard, codes: expected })
      expect(i.ok).toBe(!expected.some((c) => i.problems.find((p) => p.code === c)?.severity === 'error'))
    })
  }

  it('lists the multi-SCO Golf example\'s items with their launch pages and the 2004 sequencing', async () => {
    const multi = await inspect(sharedFile('third-party-packages/scorm12/RuntimeMinimumCalls_SCORM12.zip'))
    expect(multi.title).toBe('Golf Explained - Minimum Run-time Calls')
    expect(multi.launches).toHaveLength(18)
    expect(multi.organizations[0].items.find((i) => i.identifier === 'playing_quiz_item')).toMatchObject({ depth: 1, type: 'sco', launch: 'shared/assessmenttemplate.html?questions=Playing' })
    const seq = await inspect(sharedFile('third-party-packages/scorm2004-3rd/RuntimeBasicCalls_SCORM20043rdEdition.zip'))
    expect(seq.sequencing).toContain('control modes: choice=true, flow=true')
  })

  it('the Tin Can Golf example (stored unpacked) is xAPI with its launch page', async () => {
    const i = await inspect(await zipFolder(sharedFile('third-party-packages/tincan/GolfExample_TCAPI')))
    expect(i.kind).toBe('xapi')
    expect(i.launches).toEqual([expect.objectContaining({ href: 'index.html', type: 'activity' })])
    expect(i.ok).toBe(true)
  })

  it('a cmi5 LTS structure with an AU url that is not a URL fails on the structure', async () => {
    const xml = sharedFile('third-party-packages/cmi5/lts-course-structures/206-1-invalid-au-url.xml')
    const i = await inspect(await craftZip([{ path: 'cmi5.xml', from: xml }]))
    expect(i.kind).toBe('cmi5')
    expect(codes(i)).toContain('cmi5-structure')
    expect(i.ok).toBe(false)
  })
})

describe('our builds inspect clean in every target', () => {
  for (const name of EXAMPLES) {
    for (const target of targetNames) {
      it(`${name} ${target}`, async () => {
        const i = await inspect(examplePackage(name, target))
        // Clean, but for what the build itself warned of for this target: a SCO per module in SCORM 2004.
        const { course } = await loadCourse(join(coursesDir, name))
        const warned = (targets[target].warnings?.(course!) ?? []).map((d) => d.code)
        expect(codes(i)).toEqual(warned.includes('scorm2004-per-module-moodle') ? ['scorm2004-multi-sco-moodle'] : [])
        expect(i.kind).toBe(target)
        // Named as the targets table names the format; the web package also says it reports to no LMS.
        expect(i.standard).toBe(`${targets[target].title}${target === 'web' ? ' (no LMS tracking)' : ''}`)
        expect(i.madeBy).toBe('coursepack')
        expect(i.course?.id).toBe(name)
        expect(i.launches.length).toBeGreaterThan(0)
      })
    }
  }
})

describe('inspect flags broken packages with the right code', () => {
  it('a manifest that is not well-formed, with line and column', async () => {
    const i = await inspect(await craftZip(base(SCORM12_MANIFEST().replace('<title>T</title>', '<title>T</titel>'))))
    expect(i.problems).toEqual([expect.objectContaining({ code: 'not-well-formed', severity: 'error', at: { file: 'imsmanifest.xml', line: 4, col: expect.any(Number) } })])
  })

  it('a launch page missing from the zip, a listed file missing, a file no resource lists', async () => {
    const manifest = SCORM12_MANIFEST('start.html').replace('<file href="sco.html"/>', '<file href="sco.html"/><file href="gone.css"/>')
    const i = await inspect(await craftZip([...base(manifest), { path: 'extra.html', data: 'x' }]))
    expect(codes(i)).toEqual(['launch-missing', 'listed-file-missing', 'unlisted-file'])
    expect(i.ok).toBe(false)
  })

  it('a manifest naming no SCORM version, and a reference to a resource it lacks', async () => {
    const manifest = SCORM12_MANIFEST().replace('<schemaversion>1.2</schemaversion>', '').replace(' xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"', '').replace('identifierref="r"', 'identifierref="nope"')
    expect(codes(await inspect(await craftZip(base(manifest))))).toEqual(['no-scorm-version', 'reference-missing'])
  })

  it('hrefs outside the package and pages fetching from the internet', async () => {
    const manifest = SCORM12_MANIFEST().replace('<file href="sco.html"/>', '<file href="sco.html"/><file href="../up.css"/>')
    const page = SCO_HTML.replace('</head>', '<script src="https://cdn.example.com/lib.js"></script></head>')
    const i = await inspect(await craftZip([{ path: 'imsmanifest.xml', data: manifest }, { path: 'sco.html', data: page }]))
    expect(codes(i).sort()).toEqual(['href-outside', 'internet-reference'])
    expect(i.problems.find((p) => p.code === 'internet-reference')?.message).toContain('https://cdn.example.com/lib.js')
  })

  it('backslashes in entry names and names that differ only in case', async () => {
    const manifest = SCORM12_MANIFEST().replace('<file href="sco.html"/>', '<file href="sco.html"/><file href="a/b.css"/><file href="Sco.html"/>')
    const zip = await craftZip([...base(manifest), { path: 'aQb.css', data: 'x' }, { path: 'Sco.html', data: SCO_HTML }], { 'aQb.css': 'a\\b.css' })
    expect(codes(await inspect(zip))).toEqual(['entry-backslash', 'entry-case-clash'])
  })

  it('several SCOs in a SCORM 2004 package: a warning that Moodle records only the first of a visit', async () => {
    const manifest = (items: string) => `<?xml version="1.0"?>
<manifest identifier="m" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>${items}</organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="one.html"><file href="one.html"/></resource>
  <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="two.html"><file href="two.html"/></resource>
  <resource identifier="r3" type="webcontent" adlcp:scormType="asset" href="notes.html"><file href="notes.html"/></resource></resources>
</manifest>
`
    const pages = ['one.html', 'two.html', 'notes.html'].map((path) => ({ path, data: SCO_HTML }))
    const item = (n: number) => `<item identifier="i${n}" identifierref="r${n}"><title>${n}</title></item>`
    const two = await inspect(await craftZip([{ path: 'imsmanifest.xml', data: manifest(item(1) + item(2) + item(3)) }, ...pages]))
    expect(two.problems).toEqual([expect.objectContaining({ code: 'scorm2004-multi-sco-moodle', severity: 'warning', message: expect.stringMatching(/^2 SCOs in a SCORM 2004 package: Moodle/) })])
    expect(two.ok).toBe(true)
    // One SCO and an asset: nothing to warn of.
    expect(codes(await inspect(await craftZip([{ path: 'imsmanifest.xml', data: manifest(item(1) + item(3)) }, ...pages])))).toEqual([])
  })

  it('a file that is not a zip, and a zip that is not a package', async () => {
    const notZip = join(await craftZip([]), '..', 'notes.zip')
    await writeFile(notZip, 'just some text\n')
    expect(codes(await inspect(notZip))).toEqual(['not-a-zip'])
    expect(codes(await inspect(await craftZip([{ path: 'readme.txt', data: 'x' }])))).toEqual(['not-a-package'])
  })
})

describe('inspect refuses hostile zips unread', () => {
  const refused = async (zip: string, limits = ZIP_LIMITS) => {
    const i = await inspect(zip, limits)
    expect(i.refused).toBe(true)
    expect(i.ok).toBe(false)
    return codes(i)
  }

  it('a compression ratio over 200', async () => {
    expect(await refused(await craftZip([...base(), { path: 'zeros.txt', data: Buffer.alloc(3 * 1024 * 1024) }]))).toEqual(['zip-ratio'])
  })

  it('more entries, or more bytes, than the limits', async () => {
    const zip = await craftZip([...base(), ...Array.from({ length: 12 }, (_, i) => ({ path: `f${i}.txt`, data: `file ${i} `.repeat(50) }))])
    expect(await refused(zip, { ...ZIP_LIMITS, entries: 10 })).toEqual(['zip-too-many-entries'])
    expect(await refused(zip, { ...ZIP_LIMITS, totalBytes: 4000 })).toEqual(['zip-too-large'])
  })

  it('entries sharing one body', async () => {
    const zip = await craftZip([...base(), ...['a', 'b'].map((n) => ({ path: `${n}.txt`, data: `${n} `.repeat(2000) }))])
    await overlapEntries(zip, 'a.txt', ['b.txt'])
    expect(await refused(zip)).toEqual(['zip-overlap'])
  })

  it('an encrypted entry', async () => {
    const zip = await craftZip(base())
    await markEncrypted(zip, 'sco.html')
    expect(await refused(zip)).toEqual(['zip-encrypted'])
  })

  it('entries escaping the folder, absolute, duplicated, and a symbolic link', async () => {
    const zip = await craftZip([...base(),
      { path: 'QQ/slip.html', data: 'x' }, { path: 'Qabs.html', data: 'x' }, { path: 'dupA.html', data: 'one' }, { path: 'dupB.html', data: 'two' }, { path: 'link', data: '/etc/passwd' }],
    { 'QQ/slip.html': '../slip.html', 'Qabs.html': '/abs.html', dupB: 'dupA' })
    await markSymlink(zip, 'link')
    expect((await refused(zip)).slice(0, 4)).toEqual(['entry-escapes', 'entry-absolute', 'entry-duplicate', 'entry-symlink'])
  })
})
