import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../src/course/load.js'
import type { Course } from '../../src/course/model.js'
import { buildPayload } from '../../src/package/payload.js'
import { auIri, buildCmi5CourseStructure, cmi5, masteryScoreOf } from '../../src/targets/cmi5.js'
import { checkCmi5CourseStructure } from '../../src/check/cmi5-structure.js'
import { courseIri } from '../../src/targets/target.js'
import { coursesDir, sharedDir } from '../helpers/paths.js'
import { sampleCourse } from '../helpers/sample-course.js'
import { validateCmi5CourseStructure } from '../helpers/xsd.js'
import { readZip } from '../helpers/zip.js'

function attrs(xml: string, element: string, attribute: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\s${attribute}="([^"]*)"`, 'g'))].map((m) => m[1])
}

/** Every path of the cmi5 package of a course, as the zip will hold them. */
function packagePaths(course: Course): string[] {
  const payload = buildPayload(course, { adapter: 'cmi5', launchPages: cmi5.launchPages(course) })
  return [...payload, ...cmi5.files(course, payload)].map((f) => f.path)
}

describe('cmi5.xml of the example courses', () => {
  const examples: Record<string, Course> = {}
  beforeAll(async () => {
    for (const name of ['prosecuting-trafficking', 'trata-consulados']) {
      const { course } = await loadCourse(join(coursesDir, name))
      examples[name] = course!
    }
  })

  for (const name of ['prosecuting-trafficking', 'trata-consulados']) {
    for (const sco of ['single', 'per-module'] as const) {
      it(`is valid against CourseStructure.xsd and passes our checks for ${name} with sco: ${sco}`, async () => {
        const course = { ...examples[name], sco }
        const xml = buildCmi5CourseStructure(course)
        expect(await validateCmi5CourseStructure(xml)).toEqual({ valid: true, errors: [] })
        expect(checkCmi5CourseStructure(xml, packagePaths(course))).toEqual([])
        const aus = attrs(xml, 'au', 'id')
        expect(aus).toHaveLength(sco === 'single' ? 1 : course.modules.length)
        const urls = [...xml.matchAll(/<url>([^<]*)<\/url>/g)].map((m) => m[1])
        expect(urls).toEqual(sco === 'single' ? ['index.html'] : course.modules.map((m) => `module-${m.id}.html`))
      })
    }
  }

  it('describes the course in its own language', () => {
    const course = examples['trata-consulados']
    const xml = buildCmi5CourseStructure(course)
    expect(xml).toContain(`<langstring lang="es">${course.title}</langstring>`)
    expect(attrs(xml, 'langstring', 'lang').every((l) => l === 'es')).toBe(true)
  })
})

describe('cmi5.xml', () => {
  it('escapes titles with &, < and quotes and keeps accented text', async () => {
    const xml = buildCmi5CourseStructure(sampleCourse())
    expect(xml).toContain('<langstring lang="es">Trata &amp; explotación: &lt;prueba&gt; "rápida"</langstring>')
    expect(xml).toContain('Un curso de prueba con acentos: ñ, ü, ¿?')
    expect((await validateCmi5CourseStructure(xml)).valid).toBe(true)
  })

  it('puts cmi5.xml, and only it, at the package root as the target\'s own file', () => {
    expect(cmi5.files(sampleCourse(), []).map((f) => f.path)).toEqual(['cmi5.xml'])
    expect(cmi5.adapter).toBe('cmi5')
  })

  it('takes the course IRI from xapi.activity_id, or derives the default one', () => {
    expect(courseIri(sampleCourse())).toBe('https://coursepack.dev/xapi/courses/sample-course')
    const custom = sampleCourse({ xapiActivityId: 'https://example.com/courses/fire-safety/' })
    expect(courseIri(custom)).toBe('https://example.com/courses/fire-safety/')
    expect(auIri(custom, 'intro')).toBe('https://example.com/courses/fire-safety/au/intro')
    const xml = buildCmi5CourseStructure(custom)
    expect(attrs(xml, 'course', 'id')).toEqual(['https://example.com/courses/fire-safety/'])
    expect(attrs(xml, 'au', 'id')).toEqual(['https://example.com/courses/fire-safety/au'])
  })

  it('gives a graded AU moveOn Passed with the passing score as masteryScore, an ungraded one moveOn Completed and none', async () => {
    const xml = buildCmi5CourseStructure(sampleCourse({ sco: 'per-module' }))
    expect(attrs(xml, 'au', 'moveOn')).toEqual(['Passed', 'Completed'])
    expect(attrs(xml, 'au', 'masteryScore')).toEqual(['0.75'])
    expect((await validateCmi5CourseStructure(xml)).valid).toBe(true)
    const single = buildCmi5CourseStructure(sampleCourse())
    expect(attrs(single, 'au', 'moveOn')).toEqual(['Passed'])
    const ungraded = sampleCourse()
    ungraded.modules = ungraded.modules.map((m) => ({ ...m, graded: false }))
    expect(attrs(buildCmi5CourseStructure(ungraded), 'au', 'moveOn')).toEqual(['Completed'])
    expect(attrs(buildCmi5CourseStructure(ungraded), 'au', 'masteryScore')).toEqual([])
  })

  it('writes the mastery score as a decimal 0–1 with at most 4 decimals', () => {
    expect(masteryScoreOf(80)).toBe('0.8')
    expect(masteryScoreOf(72.5)).toBe('0.725')
    expect(masteryScoreOf(66.666)).toBe('0.6667')
    expect(masteryScoreOf(100)).toBe('1')
    expect(masteryScoreOf(0)).toBe('0')
  })

  it('lists module objectives with absolute, unique ids that the AUs reference', async () => {
    const course = sampleCourse({ sco: 'per-module' })
    course.modules[0] = { ...course.modules[0], objectives: ['Define trafficking', 'Name the three elements'] }
    course.modules[1] = { ...course.modules[1], objectives: ['Apply the protocol'] }
    const xml = buildCmi5CourseStructure(course)
    expect(await validateCmi5CourseStructure(xml)).toEqual({ valid: true, errors: [] })
    expect(attrs(xml, 'objective', 'id')).toEqual([
      'https://coursepack.dev/xapi/courses/sample-course/objectives/definition/1',
      'https://coursepack.dev/xapi/courses/sample-course/objectives/definition/2',
      'https://coursepack.dev/xapi/courses/sample-course/objectives/practice/1',
    ])
    expect(attrs(xml, 'objective', 'idref')).toHaveLength(3)
    expect(checkCmi5CourseStructure(xml, ['module-definition.html', 'module-practice.html'])).toEqual([])
  })

  it('is the same text for the same course', () => {
    expect(buildCmi5CourseStructure(sampleCourse())).toBe(buildCmi5CourseStructure(sampleCourse()))
  })
})

describe('our cmi5.xml checks (what CourseStructure.xsd does not catch)', () => {
  const fixtures = join(sharedDir, 'third-party-packages', 'cmi5', 'lts-course-structures')
  /** A fixture's cmi5.xml and, for a package folder, its file list (a bare .xml stands alone). */
  function fixture(name: string): { xml: string; paths: string[] | null } {
    const path = join(fixtures, name)
    if (statSync(path).isDirectory()) {
      return { xml: readFileSync(join(path, 'cmi5.xml'), 'utf8'), paths: readdirSync(path) }
    }
    return { xml: readFileSync(path, 'utf8'), paths: null }
  }

  const bad: [string, RegExp][] = [
    ['201-1-iris-course-id.xml', /course id "w3id\.org\/.*" is not an absolute IRI/],
    ['201-2-iris-block-id.xml', /block id "w3id\.org\/.*" is not an absolute IRI/],
    ['201-3-iris-au-id.xml', /au id "w3id\.org\/.*" is not an absolute IRI/],
    ['201-4-iris-objective-id.xml', /objective id "w3id\.org\/.*" is not an absolute IRI/],
    ['203-1-relative-url-no-reference', /url "not-found\.html" names no file in the package/],
    ['204-query-string-conflict-endpoint.xml', /uses "endpoint" in its query string/],
    ['205-1-duplicated-block.xml', /block id ".*" is not unique/],
    ['205-2-duplicated-objective.xml', /objective id ".*" is not unique/],
    ['205-3-duplicated-au.xml', /au id ".*" is not unique/],
    ['206-1-invalid-au-url.xml', /url "http:\/\/example\.com index\.html" is not a valid URL/],
  ]
  for (const [name, expected] of bad) {
    it(`rejects the schema-valid CATAPULT fixture ${name}`, async () => {
      const { xml, paths } = fixture(name)
      expect((await validateCmi5CourseStructure(xml)).valid).toBe(true) // the schema lets it through
      const problems = checkCmi5CourseStructure(xml, paths)
      expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true)
    })
  }

  it('rejects relative urls in a cmi5.xml that is not in a zip (202-*)', () => {
    for (const name of readdirSync(fixtures).filter((n) => n.startsWith('202-'))) {
      const { xml } = fixture(name)
      expect(checkCmi5CourseStructure(xml, null).some((p) => /is relative, but a cmi5\.xml outside a zip/.test(p)), name).toBe(true)
    }
  })

  it('accepts the real CATAPULT package single_au_basic_responsive.zip with its file list', async () => {
    const entries = await readZip(join(sharedDir, 'third-party-packages', 'cmi5', 'single_au_basic_responsive.zip'))
    const xml = entries.find((e) => e.name === 'cmi5.xml')!.data.toString('utf8')
    expect(checkCmi5CourseStructure(xml, entries.map((e) => e.name))).toEqual([])
    expect(checkCmi5CourseStructure(xml, entries.map((e) => e.name).filter((n) => n !== 'index.html'))).toHaveLength(1)
  })

  it('accepts the good CATAPULT course structures', () => {
    for (const name of ['001-essentials', '002-allowed', '004-3-moveOn-Passed', '006-launchMode']) {
      const { xml } = fixture(name)
      // Their AU pages are built by CATAPULT, not copied here: check against the files the AU names.
      expect(checkCmi5CourseStructure(xml, ['index.html']), name).toEqual([])
    }
  })
})
