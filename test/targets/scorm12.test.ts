import { describe, expect, it } from 'vitest'
import { buildScorm12Manifest, scorm12, SCORM12_CONTROL_FILES } from '../../src/targets/scorm12.js'
import { manifestIdentifier } from '../../src/targets/scorm-manifest.js'
import type { PackageFile } from '../../src/targets/target.js'
import { sampleCourse } from '../helpers/sample-course.js'
import { SCORM12_SCHEMA, VALID, xsdBatch } from '../helpers/xsd.js'

function payloadFor(paths: string[]): PackageFile[] {
  return paths.map((path) => ({ path, data: '' }))
}
const common = ['course.js', 'media/map.svg', 'player/player.js', 'player/theme.css']

function attrs(xml: string, element: string, attribute: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\s${attribute}="([^"]*)"`, 'g'))].map((m) => m[1])
}

// Every manifest this file validates, validated in one xmllint run.
const xsd = xsdBatch(SCORM12_SCHEMA)
const singleSco = () => buildScorm12Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
const perModule = () => buildScorm12Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(['module-definition.html', 'module-practice.html', ...common]))
const verdict = {
  singleSco: xsd.add(singleSco),
  perModule: xsd.add(perModule),
  digitId: xsd.add(() => buildScorm12Manifest(sampleCourse({ id: '2024-course' }), payloadFor(['index.html', ...common]))),
  broken: xsd.add(() => singleSco().replace('adlcp:scormtype="sco"', 'adlcp:scormtype="SCO"')),
}

describe('SCORM 1.2 manifest', () => {
  it('is valid against the official SCORM 1.2 schemas for a single-SCO course', async () => {
    expect(await verdict.singleSco()).toEqual(VALID)
  })

  it('is valid against the official SCORM 1.2 schemas with one SCO per module', async () => {
    const xml = perModule()
    expect(await verdict.perModule()).toEqual(VALID)
    expect(attrs(xml, 'item', 'identifier')).toEqual(['ITEM-MODULE-definition', 'ITEM-MODULE-practice'])
    expect(attrs(xml, 'resource', 'href')).toEqual(['module-definition.html', 'module-practice.html'])
  })

  it('escapes titles with &, < and quotes and keeps accented text', () => {
    const xml = buildScorm12Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(xml).toContain('<title>Trata &amp; explotación: &lt;prueba&gt; "rápida"</title>')
  })

  it('carries LOM metadata: title, description, language and version', () => {
    const xml = buildScorm12Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(xml).toContain('<imsmd:langstring xml:lang="es">Trata &amp; explotación: &lt;prueba&gt; "rápida"</imsmd:langstring>')
    expect(xml).toContain('<imsmd:language>es</imsmd:language>')
    expect(xml).toContain('Un curso de prueba con acentos: ñ, ü, ¿?')
    expect(xml).toMatch(/<imsmd:version>\s*<imsmd:langstring xml:lang="x-none">1\.2\.0<\/imsmd:langstring>/)
  })

  it('sets the mastery score from passing_score only on SCOs with graded questions', () => {
    const xml = buildScorm12Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(['module-definition.html', 'module-practice.html', ...common]))
    expect(xml.match(/<adlcp:masteryscore>75<\/adlcp:masteryscore>/g)).toHaveLength(1)
    const single = buildScorm12Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(single).toContain('<adlcp:masteryscore>75</adlcp:masteryscore>')
  })

  it('uses the spellings Moodle reads: the adlcp prefix and lower-case scormtype', () => {
    const xml = buildScorm12Manifest(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(xml).toContain('xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"')
    expect(attrs(xml, 'resource', 'adlcp:scormtype')).toEqual(['sco', 'asset'])
    expect(xml).not.toContain('scormType')
    expect(xml).toContain('<schemaversion>1.2</schemaversion>')
  })

  it('resolves every reference the schemas do not check: default organization, identifierrefs, dependencies', () => {
    const xml = buildScorm12Manifest(sampleCourse({ sco: 'per-module' }), payloadFor(['module-definition.html', 'module-practice.html', ...common]))
    const ids = new Set([...attrs(xml, 'organization', 'identifier'), ...attrs(xml, 'resource', 'identifier')])
    expect(ids.has(attrs(xml, 'organizations', 'default')[0])).toBe(true)
    for (const ref of [...attrs(xml, 'item', 'identifierref'), ...attrs(xml, 'dependency', 'identifierref')]) expect(ids).toContain(ref)
  })

  it('lists every packaged file once, with relative forward-slash paths', () => {
    const paths = ['index.html', ...common]
    const xml = buildScorm12Manifest(sampleCourse(), payloadFor(paths))
    const listed = attrs(xml, 'file', 'href')
    expect([...listed].sort()).toEqual([...paths].sort())
    for (const href of listed) expect(href).not.toMatch(/^\/|\\/)
  })

  it('gives course ids that start with a digit a valid XML identifier', async () => {
    expect(manifestIdentifier('2024-course')).toBe('course-2024-course')
    expect((await verdict.digitId()).valid).toBe(true)
  })

  it('carries the four control files at the package root', () => {
    const files = scorm12.files(sampleCourse(), payloadFor(['index.html', ...common]))
    expect(files.map((f) => f.path).sort()).toEqual(['imsmanifest.xml', ...SCORM12_CONTROL_FILES].sort())
  })

  it('fails schema validation for a broken manifest, so the validator is really checking', async () => {
    expect((await verdict.broken()).valid).toBe(false)
  })
})
