// What course.js hands the player: shuffle resolved per question, banks and the attempt limit passed on.
import { describe, expect, it } from 'vitest'
import type { Course, Question } from '../../src/course/model.js'
import { toPlayerData } from '../../src/package/payload.js'
import { sampleCourse } from '../helpers/sample-course.js'

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
