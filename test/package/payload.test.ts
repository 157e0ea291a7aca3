// What course.js hands the player: the start page's and certificate's facts, shuffle resolved per question, banks and the attempt limit.
import { describe, expect, it } from 'vitest'
import type { Course, Question } from '../../src/course/model.js'
import { join } from 'node:path'
import { loadCourse } from '../../src/course/load.js'
import { buildLaunchPage, toPlayerData } from '../../src/package/payload.js'
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

const questions = (course: Course) => toPlayerData(course).modules.flatMap((m) => m.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'question' ? [b.question] : []))))

describe('course.js', () => {
  it('the nearest shuffle decides: the question\'s, else the module\'s, else the course\'s; true-false never shuffles', () => {
    const course = sampleCourse({ shuffle: true })
    const single = (course.modules[0]!.pages[1]!.blocks[0] as { question: Question }).question
    expect(questions(course).map((q) => [q.id, q.shuffle ?? false])).toEqual([
      ['definition.q1', true], ['definition.q2', false], ['practice.q1', true], ['practice.q2', false],
    ])
    course.modules[1]!.shuffle = false
    single.shuffle = false
    expect(questions(course).map((q) => q.shuffle ?? false)).toEqual([false, false, false, false])
    expect(questions(sampleCourse()).some((q) => q.shuffle)).toBe(false)
  })

  it('a graded module\'s bank and the course\'s attempt limit reach the player; a practice module\'s bank does not', () => {
    const course = sampleCourse({ attempts: 3 })
    course.modules[0]!.bank = { draw: 1 }
    course.modules[1]!.bank = { draw: 1 }
    const data = toPlayerData(course)
    expect(data.course.attempts).toBe(3)
    expect(data.modules.map((m) => m.bank)).toEqual([{ draw: 1 }, undefined])
  })
})

describe('the course theme in the launch page and course.js', () => {
  const shell = '<link rel="stylesheet" href="player/theme.css">{{theme}}\n<body{{body_attrs}}>'
  const page = { path: 'index.html' }

  it('no theme: the launch page is the player\'s alone', () => {
    expect(buildLaunchPage(shell, sampleCourse(), page)).toBe('<link rel="stylesheet" href="player/theme.css">\n<body>')
  })

  it('primary colours the header everywhere, accent and its shades only outside the dark theme, then the course\'s theme.css last', () => {
    const course = sampleCourse({ theme: { primary: '#1d3a5f', accent: '#1a5599', logo: 'media/logo.png', css: 'theme.css' } })
    const html = buildLaunchPage(shell, course, page)
    expect(html).toBe('<link rel="stylesheet" href="player/theme.css">\n<style>:root{--cp-header:#1d3a5f}'
      + '@media not screen and (prefers-color-scheme: dark){:root{--cp-accent:#1a5599;--cp-accent-dark:#144073;--cp-accent-soft:#e4ebf3}}</style>'
      + '\n<link rel="stylesheet" href="theme.css">\n<body>')
    expect(toPlayerData(course).course.logo).toBe('media/logo.png')
    expect(toPlayerData(sampleCourse()).course).not.toHaveProperty('logo')
  })
})
