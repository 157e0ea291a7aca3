import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { buildCourse, packageFiles } from '../../src/build.js'
import { buildTincanXml, xapiActivities, xapi } from '../../src/targets/xapi.js'
import { buildCourseScript } from '../../src/package/payload.js'
import { targets } from '../../src/targets/index.js'
import { sampleCourse } from '../helpers/sample-course.js'
import { coursesDir } from '../helpers/paths.js'
import { readZip } from '../helpers/zip.js'

// The official tincan.xsd is not in ../shared; this is the part of it the launch spec describes
// (LAUNCH, SPEC-NOTES §4.1): a flat list of activities with id and type, language-tagged name and
// description, and a launch element. xmllint checks well-formedness and this shape.
const TINCAN_SHAPE = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://projecttincan.com/tincan.xsd"
  xmlns="http://projecttincan.com/tincan.xsd" elementFormDefault="qualified">
  <xs:complexType name="langString"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="lang" type="xs:language"/></xs:extension></xs:simpleContent></xs:complexType>
  <xs:element name="tincan"><xs:complexType><xs:sequence>
    <xs:element name="activities"><xs:complexType><xs:sequence>
      <xs:element name="activity" maxOccurs="unbounded"><xs:complexType><xs:sequence>
        <xs:element name="name" type="langString" maxOccurs="unbounded"/>
        <xs:element name="description" type="langString" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element name="launch" type="langString" minOccurs="0"/>
      </xs:sequence>
        <xs:attribute name="id" type="xs:anyURI" use="required"/>
        <xs:attribute name="type" type="xs:anyURI" use="required"/>
      </xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`

async function validateTincan(xml: string) {
  const result = await validateXML({ xml: [{ fileName: 'tincan.xml', contents: xml }], schema: [{ fileName: 'tincan.xsd', contents: TINCAN_SHAPE }] })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}

function activities(xml: string): { id: string; type: string }[] {
  return [...xml.matchAll(/<activity id="([^"]*)" type="([^"]*)">/g)].map((m) => ({ id: m[1], type: m[2] }))
}

describe('tincan.xml', () => {
  it('is well-formed and has the shape of the launch spec', async () => {
    expect(await validateTincan(buildTincanXml(sampleCourse()))).toEqual({ valid: true, errors: [] })
    expect(buildTincanXml(sampleCourse())).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tincan xmlns="http:\/\/projecttincan.com\/tincan.xsd">\n {2}<activities>/)
  })

  it('names the course first, as the only launchable activity, then one activity per module', () => {
    const xml = buildTincanXml(sampleCourse())
    expect(activities(xml)).toEqual([
      { id: 'https://coursepack.dev/xapi/courses/sample-course', type: 'http://adlnet.gov/expapi/activities/course' },
      { id: 'https://coursepack.dev/xapi/courses/sample-course/modules/definition', type: 'http://adlnet.gov/expapi/activities/module' },
      { id: 'https://coursepack.dev/xapi/courses/sample-course/modules/practice', type: 'http://adlnet.gov/expapi/activities/module' },
    ])
    expect(xml.match(/<launch/g)).toHaveLength(1)
    expect(xml).toContain('<launch lang="es">index.html</launch>')
  })

  it('uses course.yaml xapi.activity_id as the course id and the base of module ids', () => {
    const course = sampleCourse({ xapiActivityId: 'https://lms.example.org/courses/trata?x=1&y=2' })
    const xml = buildTincanXml(course)
    expect(xapiActivities(course).course).toBe('https://lms.example.org/courses/trata?x=1&y=2')
    expect(xml).toContain('<activity id="https://lms.example.org/courses/trata?x=1&amp;y=2" type="http://adlnet.gov/expapi/activities/course">')
    const slashed = sampleCourse({ xapiActivityId: 'https://lms.example.org/courses/trata/' })
    expect(xapiActivities(slashed).modules.definition).toBe('https://lms.example.org/courses/trata/modules/definition')
  })

  it('course.js hands the player the activities tincan.xml lists, so statements point at them; other targets carry none', () => {
    const course = sampleCourse()
    const script = packageFiles(course, 'xapi').find((f) => f.path === 'course.js')!
    const data = JSON.parse(String('data' in script ? script.data : '').replace(/^window\.__COURSEPACK__=/, '').replace(/;\n$/, ''))
    const listed = activities(buildTincanXml(course)).map((a) => a.id)
    expect([data.activities.course, ...Object.values(data.activities.modules)]).toEqual(listed)
    expect(Object.keys(data.activities.modules)).toEqual(course.modules.map((m) => m.id))
    expect(buildCourseScript(course)).not.toContain('activities')
    for (const target of ['scorm12', 'scorm2004', 'cmi5', 'web'] as const) {
      const other = packageFiles(course, target).find((f) => f.path === 'course.js')!
      expect('data' in other && String(other.data)).toBe(buildCourseScript(course))
    }
  })

  it('escapes &, < and quotes and keeps accented text, tagged with the course language', () => {
    const xml = buildTincanXml(sampleCourse())
    expect(xml).toContain('<name lang="es">Trata &amp; explotación: &lt;prueba&gt; "rápida"</name>')
    expect(xml).toContain('<description lang="es">Un curso de prueba con acentos: ñ, ü, ¿?</description>')
    expect(xml).toContain('<name lang="es">Definición y Protocolo</name>')
  })

  it('is the same for the same course: no clock, no random ids', () => {
    expect(buildTincanXml(sampleCourse())).toBe(buildTincanXml(sampleCourse()))
  })

  it('is registered as --target xapi with its own player bundle and one launch page', () => {
    expect(targets.xapi).toBe(xapi)
    expect(xapi.adapter).toBe('xapi')
    expect(xapi.launchPages(sampleCourse({ sco: 'per-module' }))).toEqual([{ path: 'index.html' }])
    const paths = packageFiles(sampleCourse(), 'xapi').map((f) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['tincan.xml', 'index.html', 'course.js', 'player/player.js', 'player/theme.css']))
  })
})

describe('xAPI package', () => {
  it('a real course builds to a zip with tincan.xml at the root and the launch file it names', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'coursepack-xapi-'))
    const result = await buildCourse(join(coursesDir, 'prosecuting-trafficking'), { targets: ['xapi'], outDir })
    expect(result.outputs.map((o) => o.path)).toEqual([join(outDir, 'prosecuting-trafficking-1.0.0-xapi.zip')])
    const entries = await readZip(result.outputs[0].path)
    const names = entries.map((e) => e.name)
    const tincan = entries.find((e) => e.name === 'tincan.xml')!.data.toString('utf8')
    expect(await validateTincan(tincan)).toEqual({ valid: true, errors: [] })
    const launch = /<launch lang="en">([^<]+)<\/launch>/.exec(tincan)![1]
    expect(names).toContain(launch)
    expect(names.filter((n) => n.endsWith('tincan.xml'))).toEqual(['tincan.xml'])
    expect(names.some((n) => n.startsWith('module-'))).toBe(false) // one launch, even for a per-module SCORM course
    expect(activities(tincan)).toHaveLength(1 + 9)
    expect(entries.find((e) => e.name === 'player/player.js')!.data.toString('utf8')).toContain('X-Experience-API-Version')
  })
})
