import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describePackage, PackageError } from '../../src/check/package.js'
import { NS_CMI5_COURSE_STRUCTURE } from '../../src/targets/cmi5.js'
import { SCO_HTML, SCORM12_MANIFEST } from '../inspect/hostile-zips.js'

/** An unpacked package with these files; what describePackage makes of it, or the problems it refuses it for. */
async function describe_(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'coursepack-describe-'))
  for (const [path, data] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), data)
  }
  try {
    const { target, launches } = await describePackage(dir, Object.keys(files))
    return { target, launches: launches.map((l) => l.href) }
  } catch (error) {
    if (error instanceof PackageError) return { problems: error.problems }
    throw error
  }
}

const SCORM2004_MANIFEST = SCORM12_MANIFEST().replace('<schemaversion>1.2</schemaversion>', '<schemaversion>2004 4th Edition</schemaversion>')
const NO_VERSION_MANIFEST = SCORM12_MANIFEST().replace('<schemaversion>1.2</schemaversion>', '').replace(/ xmlns:adlcp="[^"]+"/, '')
const cmi5 = (url: string) => `<courseStructure xmlns="${NS_CMI5_COURSE_STRUCTURE}"><course id="https://x.org/c"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">C</langstring></description></course>
  <au id="https://x.org/au"><title><langstring lang="en">AU</langstring></title><description><langstring lang="en">AU</langstring></description><url>${url}</url></au></courseStructure>`
const tincan = (launch: string) => `<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities><activity id="https://x.org/a" type="http://adlnet.gov/expapi/activities/course"><name>A</name>${launch}</activity></activities></tincan>`

describe('check tells what a package is from its control file, as an LMS does on import', () => {
  it('a manifest by the SCORM version it states, whatever else the zip holds', async () => {
    expect(await describe_({ 'imsmanifest.xml': SCORM12_MANIFEST(), 'sco.html': SCO_HTML, 'cmi5.xml': cmi5('sco.html') })).toEqual({ target: 'scorm12', launches: ['sco.html'] })
    expect(await describe_({ 'imsmanifest.xml': SCORM2004_MANIFEST, 'sco.html': SCO_HTML })).toEqual({ target: 'scorm2004', launches: ['sco.html'] })
    expect(await describe_({ 'imsmanifest.xml': NO_VERSION_MANIFEST, 'sco.html': SCO_HTML })).toEqual({
      problems: ['imsmanifest.xml names no SCORM version (schemaversion 1.2 or 2004): an LMS cannot tell how to run it'],
    })
    expect(await describe_({ 'imsmanifest.xml': SCORM12_MANIFEST().replace(/ href="sco.html"/, ''), 'sco.html': SCO_HTML })).toEqual({
      problems: ['imsmanifest.xml has no SCO with a launch href: an LMS has nothing to launch'],
    })
  })

  it('cmi5.xml before tincan.xml, with the cmi5 structure rules', async () => {
    expect(await describe_({ 'cmi5.xml': cmi5('au.html'), 'tincan.xml': tincan('<launch>au.html</launch>'), 'au.html': SCO_HTML })).toEqual({ target: 'cmi5', launches: ['au.html'] })
    expect(await describe_({ 'cmi5.xml': cmi5('gone.html'), 'au.html': SCO_HTML })).toEqual({
      problems: ['cmi5.xml: au "https://x.org/au" url "gone.html" names no file in the package'],
    })
  })

  it('tincan.xml by its activities, a bare index.html as a web package', async () => {
    expect(await describe_({ 'tincan.xml': tincan('<launch lang="en">index.html</launch>'), 'index.html': SCO_HTML })).toEqual({ target: 'xapi', launches: ['index.html'] })
    expect(await describe_({ 'tincan.xml': tincan(''), 'index.html': SCO_HTML })).toEqual({
      problems: ['tincan.xml has no activity with a launch element: an LMS has nothing to launch'],
    })
    expect(await describe_({ 'index.html': SCO_HTML })).toEqual({ target: 'web', launches: ['index.html'] })
  })

  it('names a control file one folder down, and says what is missing when there is none at the root', async () => {
    expect(await describe_({ 'course/cmi5.xml': cmi5('au.html'), 'course/au.html': SCO_HTML })).toEqual({
      problems: ['course/cmi5.xml is inside a folder: an LMS looks for it at the root of the zip and refuses the package'],
    })
    expect(await describe_({ 'a/b/tincan.xml': tincan(''), 'notes.txt': 'x' })).toEqual({
      problems: ['the zip has no imsmanifest.xml, cmi5.xml, tincan.xml or index.html at its root: an LMS would refuse it'],
    })
  })
})
