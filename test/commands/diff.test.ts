import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { examplePackage } from '../helpers/examples.js'
import { TRATA_V2, writeTrataV2 } from '../helpers/course-v2.js'

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'coursepack-diff-'))
  await writeTrataV2(join(work, 'v2'))
})

async function diff(args: string[]) {
  const io = captureIo(work)
  const code = await main(['diff', ...args], io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('coursepack diff', () => {
  it('version 2 of a course (page added, question reworded, one removed, modules reordered) is safe over version 1', async () => {
    const { code, out } = await diff([examplePackage('trata-consulados', 'scorm12'), 'v2', '--json'])
    const report = JSON.parse(out)
    expect(report.reasons).toEqual([])
    expect(report.units).toEqual({ removed: [], added: [] })
    expect(report.pages.added).toHaveLength(1)
    expect(report.pages.moved.length).toBeGreaterThan(0)
    expect(report.questions).toEqual({ added: [], removed: [TRATA_V2.removedQuestion], reworded: [TRATA_V2.rewordedQuestion], changedAnswers: [] })
    expect(code).toBe(0)
    const text = await diff([examplePackage('trata-consulados', 'scorm12'), 'v2'])
    expect(text.out).toMatch(/^SAFE: upload it over the old package/m)
  })

  it('another standard, or other SCO identifiers and course id, is not safe (exit 1), with the reasons', async () => {
    const other = await diff([examplePackage('trata-consulados', 'scorm12'), examplePackage('trata-consulados', 'scorm2004')])
    expect(other.out).toContain('✗ the standard changes from SCORM 1.2 to SCORM 2004 4th Edition')
    expect(other.code).toBe(1)
    const { code, out } = await diff([examplePackage('trata-consulados', 'scorm12'), examplePackage('prosecuting-trafficking', 'scorm12'), '--json'])
    const report = JSON.parse(out)
    expect(report.safe).toBe(false)
    expect(report.reasons.join('\n')).toMatch(/SCO\/AU identifiers? (is|are) gone or changed/)
    expect(report.reasons.join('\n')).toContain('the course id changes from trata-consulados to prosecuting-trafficking')
    expect(code).toBe(1)
  })
})
