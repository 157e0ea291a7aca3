import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { main } from '../../src/cli.js'
import { loadCourse } from '../../src/course/load.js'
import { verificationCode } from '../../src/player/certificate-code.js'
import { captureIo } from '../helpers/io.js'
import { coursesDir, repoRoot } from '../helpers/paths.js'

const course = join(coursesDir, 'trata-consulados')

async function codeFor(learner: string, date: string): Promise<string> {
  const { course: loaded } = await loadCourse(course)
  return verificationCode({ courseId: loaded!.id, version: loaded!.version, learner, date })
}

describe('coursepack verify', () => {
  it('accepts the code of this course, learner and date, however the code is typed', async () => {
    const code = await codeFor('Ana García', '2026-11-30')
    const io = captureIo(repoRoot)
    expect(await main(['verify', code.toLowerCase().replace('-', ''), '--course', course, '--learner', 'Ana García', '--date', '2026-11-30'], io)).toBe(0)
    expect(io.stdout).toMatch(/^Valid: .*trata-consulados 1\.0\.0.*Ana García, 2026-11-30/)
  })

  it('refuses it for another learner, date or course, in one line', async () => {
    const code = await codeFor('Ana García', '2026-11-30')
    for (const [learner, date, dir] of [['Ana Garcia', '2026-11-30', course], ['Ana García', '2026-12-01', course], ['Ana García', '2026-11-30', join(coursesDir, 'prosecuting-trafficking')]]) {
      const io = captureIo(repoRoot)
      expect(await main(['verify', code, '--course', dir!, '--learner', learner!, '--date', date!], io)).toBe(1)
      expect(io.stderr).toMatch(/^Not valid: /)
      expect(io.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('a date that is not YYYY-MM-DD, or does not exist, is a usage error saying the form', async () => {
    for (const date of ['30/11/2026', '2026-02-30']) {
      const io = captureIo(repoRoot)
      expect(await main(['verify', 'ABCDE-FGHJK', '--course', course, '--learner', 'Ana', '--date', date], io)).toBe(2)
      expect(io.stderr).toContain('YYYY-MM-DD')
    }
  })

  it('a missing course folder is a usage error naming it', async () => {
    const io = captureIo(repoRoot)
    expect(await main(['verify', 'ABCDE-FGHJK', '--course', 'no-such-course', '--learner', 'Ana', '--date', '2026-11-30'], io)).toBe(2)
    expect(io.stderr).toContain('no-such-course does not exist')
  })
})
