// Where course.yaml's description, organization and duration go in each package (README's table).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { create } from 'xmlbuilder2'
import { validateXML } from 'xmllint-wasm'
import { toPlayerData } from '../../src/package/payload.js'
import { buildCmi5CourseStructure } from '../../src/targets/cmi5.js'
import { NS_IMSMD, NS_LOM, organizationVCard } from '../../src/targets/lom.js'
import { buildScorm12Manifest } from '../../src/targets/scorm12.js'
import { buildScorm2004Manifest } from '../../src/targets/scorm2004.js'
import { buildTincanXml } from '../../src/targets/xapi.js'
import { sharedFile } from '../helpers/paths.js'
import { sampleCourse } from '../helpers/sample-course.js'
import { CMI5_SCHEMA, SCORM12_SCHEMA, SCORM2004_SCHEMA, validate, VALID } from '../helpers/xsd.js'

const payload = ['index.html', 'course.js', 'media/map.svg', 'player/player.js', 'player/theme.css'].map((path) => ({ path, data: '' }))
const course = sampleCourse({ organization: 'Fiscalía General; Unidad de Trata, Madrid', duration: 'PT1H30M' })

/** The text of the first element `name` in namespace `ns`, found by a namespace-aware DOM. */
function textOf(xml: string, ns: string, path: string[]): string | undefined {
  let nodes: Element[] = [create(xml).root().node as unknown as Element]
  for (const name of path) nodes = nodes.flatMap((n) => Array.from(n.getElementsByTagNameNS(ns, name)))
  return nodes[0]?.textContent?.trim()
}

/** The inline IEEE LOM block against the official lom.xsd (strict vocabulary and uniqueness) of the SCORM 2004 4th edition set. */
async function validateLom(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  // The block declares its namespace itself (xmlns on <lom>), so its text is a document of its own.
  const start = xml.indexOf(`<lom xmlns="${NS_LOM}">`)
  const end = xml.indexOf('</lom>')
  expect(start, 'the document carries a LOM block').toBeGreaterThan(0)
  const document = `<?xml version="1.0" encoding="UTF-8"?>\n${xml.slice(start, end + '</lom>'.length)}\n`
  // xmllint-wasm's in-memory file system has no folders: the LOM set's subfolders become name prefixes
  // (common/dataTypes.xsd → common_dataTypes.xsd), the one change made to the official files.
  const dir = sharedFile('schemas/scorm2004-4th')
  const flatten = (xsd: string) => xsd.replace(/schemaLocation="(common|extend|unique|vocab)\//g, 'schemaLocation="$1_')
  const preload = ['common', 'extend', 'unique', 'vocab'].flatMap((sub) => readdirSync(join(dir, sub))
    .filter((f) => f.endsWith('.xsd'))
    .map((f) => ({ fileName: `${sub}_${f}`, contents: flatten(readFileSync(join(dir, sub, f), 'utf8')) })))
  const result = await validateXML({
    xml: [{ fileName: 'lom.xml', contents: document }],
    schema: [{ fileName: 'lom.xsd', contents: flatten(readFileSync(join(dir, 'lom.xsd'), 'utf8')) }],
    preload: [...preload, { fileName: 'xml.xsd', contents: readFileSync(join(dir, 'xml.xsd'), 'utf8') }],
  })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}

describe('course metadata in the packages', () => {
  it('names the organization in a vCard 3.0, with RFC 2426 escapes', () => {
    expect(organizationVCard('A, B; C\\D')).toBe('BEGIN:VCARD\nVERSION:3.0\nFN:A\\, B\\; C\\\\D\nORG:A\\, B\\; C\\\\D\nEND:VCARD')
  })

  it('SCORM 1.2: LOM description, publisher and typical learning time, valid against the official schemas', async () => {
    const xml = buildScorm12Manifest(course, payload)
    expect(await validate(SCORM12_SCHEMA(), xml)).toEqual(VALID)
    expect(textOf(xml, NS_IMSMD, ['general', 'description', 'langstring'])).toBe(course.description)
    expect(textOf(xml, NS_IMSMD, ['lifecycle', 'contribute', 'role', 'value', 'langstring'])).toBe('Publisher')
    expect(textOf(xml, NS_IMSMD, ['lifecycle', 'contribute', 'centity', 'vcard'])).toBe(organizationVCard(course.organization!))
    expect(textOf(xml, NS_IMSMD, ['educational', 'typicallearningtime', 'datetime'])).toBe('PT1H30M')
  })

  it('SCORM 2004: inline IEEE LOM with description, publisher and typical learning time; the manifest and the LOM are valid against the official schemas', async () => {
    const xml = buildScorm2004Manifest(course, payload)
    expect(await validate(SCORM2004_SCHEMA(), xml)).toEqual(VALID)
    expect(await validateLom(xml)).toEqual({ valid: true, errors: [] })
    expect(textOf(xml, NS_LOM, ['general', 'description', 'string'])).toBe(course.description)
    expect(textOf(xml, NS_LOM, ['lifeCycle', 'contribute', 'role', 'value'])).toBe('publisher')
    expect(textOf(xml, NS_LOM, ['lifeCycle', 'contribute', 'entity'])).toBe(organizationVCard(course.organization!))
    expect(textOf(xml, NS_LOM, ['educational', 'typicalLearningTime', 'duration'])).toBe('PT1H30M')
    // No schema location for LOM: the package needs no lom.xsd and its subfolders at its root.
    expect(xml).not.toContain('lom.xsd')
  })

  it('the LOM check is really checking: a role outside LOM\'s vocabulary fails', async () => {
    const xml = buildScorm2004Manifest(course, payload).replace('<value>publisher</value>', '<value>boss</value>')
    expect((await validateLom(xml)).valid).toBe(false)
  })

  it('cmi5: the course description, and IEEE LOM in the course element for publisher and duration, valid against CourseStructure.xsd', async () => {
    const xml = buildCmi5CourseStructure(course)
    expect(await validate(CMI5_SCHEMA(), xml)).toEqual(VALID)
    expect(await validateLom(xml)).toEqual({ valid: true, errors: [] })
    expect(textOf(xml, NS_LOM, ['lifeCycle', 'contribute', 'entity'])).toBe(organizationVCard(course.organization!))
    expect(textOf(xml, NS_LOM, ['educational', 'typicalLearningTime', 'duration'])).toBe('PT1H30M')
  })

  it('cmi5 without organization or duration carries no LOM block', () => {
    expect(buildCmi5CourseStructure(sampleCourse())).not.toContain(NS_LOM)
  })

  it('xAPI: the course activity\'s description in tincan.xml', () => {
    expect(textOf(buildTincanXml(course), 'http://projecttincan.com/tincan.xsd', ['activity', 'description'])).toBe(course.description)
  })

  it('every package: the player\'s data carries description, organization and duration', () => {
    expect(toPlayerData(course).course).toMatchObject({ description: course.description, organization: course.organization, duration: 'PT1H30M' })
    expect(toPlayerData(sampleCourse()).course).not.toHaveProperty('organization')
  })
})
