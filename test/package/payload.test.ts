import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { loadCourse } from '../../src/course/load.js'
import { toPlayerData } from '../../src/package/payload.js'
import { coursesDir } from '../helpers/paths.js'
import { sampleCourse } from '../helpers/sample-course.js'

describe('what the player is told about the course (course.js)', () => {
  it('carries each module\'s objectives and duration for the start page, and leaves out what the author did not write', () => {
    const course = sampleCourse()
    course.modules[0] = { ...course.modules[0]!, objectives: ['Name the three elements'], duration: 'PT45M', showAnswers: false }
    const data = toPlayerData(course)
    expect(data.modules[0]).toMatchObject({ objectives: ['Name the three elements'], duration: 'PT45M', showAnswers: false })
    expect(data.modules[1]).not.toHaveProperty('objectives')
    expect(data.modules[1]).not.toHaveProperty('duration')
    expect(data.course).not.toHaveProperty('showAnswers')
    expect(data.course).not.toHaveProperty('retry')
  })

  it('an example course carries its duration, objectives and certificate, and a graded course gets a certificate by default', async () => {
    const { course: trata } = await loadCourse(join(coursesDir, 'trata-consulados'))
    const data = toPlayerData(trata!)
    expect(data.course.duration).toBe('PT3H')
    expect(data.course.certificate).toEqual({ title: 'Certificado de aprovechamiento', signatory: { name: 'María Elena Castro', role: 'Coordinadora del Programa Regional de Capacitación Consular' } })
    expect(data.modules.filter((m) => (m.objectives ?? []).length > 0 && m.duration).length).toBeGreaterThan(0)
    const { course: prosecuting } = await loadCourse(join(coursesDir, 'prosecuting-trafficking'))
    expect(toPlayerData(prosecuting!).course.certificate).toEqual({})
  })

  it('a course without graded questions offers no certificate unless course.yaml enables it', async () => {
    const ungraded = sampleCourse({ modules: sampleCourse().modules.map((m) => ({ ...m, graded: false })) })
    expect(toPlayerData(ungraded).course).not.toHaveProperty('certificate')
  })
})
